package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.samples.reference.CartPoleLinearReference;
import org.dsojava.samples.reference.CartPoleMlpReference;
import org.dsojava.samples.reference.LqrReference;
import org.dsojava.samples.reference.PendulumMlpReference;
import org.dsojava.samples.reference.SoftmaxChainReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated kernels agree with hand-derived, hand-written implementations of the same models
 * (reference package): next state, cost, ln P and the weighted gradient wL·∇L + wP·∇ln P along
 * sampled rollouts. Both compute the same formulas in different orders, so they agree to rounding:
 * 1e-10 relative to the gradient's scale.
 */
class GeneratedMatchesHandWrittenTest {
  /** The hand-written side of one model. */
  interface Reference {
    double cost(double[] theta, double[] x);

    double logDensity(double[] theta, double[] x, double[] draws);

    void transition(double[] x, double[] draws, double[] next);

    void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP, double[] g);
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(CartPoleLinearDso.kernel(), new Reference() {
          public double cost(double[] th, double[] x) { return CartPoleLinearReference.cost(th, x); }
          public double logDensity(double[] th, double[] x, double[] d) { return CartPoleLinearReference.logDensity(th, x, d); }
          public void transition(double[] x, double[] d, double[] n) { CartPoleLinearReference.transition(x, d, n); }
          public void accumulateGradient(double[] th, double[] x, double[] d, double wL, double wP, double[] g) {
            CartPoleLinearReference.accumulateGradient(th, x, d, wL, wP, g);
          }
        }),
        Arguments.of(CartPoleMlpDso.kernel(), new Reference() {
          public double cost(double[] th, double[] x) { return CartPoleMlpReference.cost(th, x); }
          public double logDensity(double[] th, double[] x, double[] d) { return CartPoleMlpReference.logDensity(th, x, d); }
          public void transition(double[] x, double[] d, double[] n) { CartPoleMlpReference.transition(x, d, n); }
          public void accumulateGradient(double[] th, double[] x, double[] d, double wL, double wP, double[] g) {
            CartPoleMlpReference.accumulateGradient(th, x, d, wL, wP, g);
          }
        }),
        Arguments.of(PendulumMlpDso.kernel(), new Reference() {
          public double cost(double[] th, double[] x) { return PendulumMlpReference.cost(th, x); }
          public double logDensity(double[] th, double[] x, double[] d) { return PendulumMlpReference.logDensity(th, x, d); }
          public void transition(double[] x, double[] d, double[] n) { PendulumMlpReference.transition(x, d, n); }
          public void accumulateGradient(double[] th, double[] x, double[] d, double wL, double wP, double[] g) {
            PendulumMlpReference.accumulateGradient(th, x, d, wL, wP, g);
          }
        }),
        Arguments.of(LqrDso.kernel(), new Reference() {
          public double cost(double[] th, double[] x) { return LqrReference.cost(th, x); }
          public double logDensity(double[] th, double[] x, double[] d) { return LqrReference.logDensity(th, x, d); }
          public void transition(double[] x, double[] d, double[] n) { LqrReference.transition(x, d, n); }
          public void accumulateGradient(double[] th, double[] x, double[] d, double wL, double wP, double[] g) {
            LqrReference.accumulateGradient(th, x, d, wL, wP, g);
          }
        }),
        Arguments.of(SoftmaxChainDso.kernel(), new Reference() {
          public double cost(double[] th, double[] x) { return SoftmaxChainReference.cost(th, x); }
          public double logDensity(double[] th, double[] x, double[] d) { return SoftmaxChainReference.logDensity(th, x, d); }
          public void transition(double[] x, double[] d, double[] n) { SoftmaxChainReference.transition(x, d, n); }
          public void accumulateGradient(double[] th, double[] x, double[] d, double wL, double wP, double[] g) {
            SoftmaxChainReference.accumulateGradient(th, x, d, wL, wP, g);
          }
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void generatedAgreesWithHandWritten(ChainKernel k, Reference ref) {
    double[] theta = new double[k.paramCount()];
    k.initialParams(2L, theta);
    Rng rng = new Rng(13L);
    for (int i = 0; i < theta.length; i++) {
      theta[i] += 0.2 * rng.gaussian();
    }
    double[] x = new double[k.stateDim()];
    double[] next = new double[x.length];
    double[] refNext = new double[x.length];
    double[] draws = new double[k.drawCount()];
    int compared = 0;
    for (int n = 0; n < 4; n++) {
      k.initialState(theta, n, rng, x);
      for (int t = 0; t < 30 && !k.terminal(x, t, n); t++, compared++) {
        k.sample(theta, x, t, n, rng, draws, next);
        ref.transition(x, draws, refNext);
        assertArrayEquals(refNext, next, 1e-12, "next state at t = " + t);
        assertEquals(ref.cost(theta, x), k.cost(theta, x, t, n), 1e-12);
        double lp = ref.logDensity(theta, x, draws);
        assertEquals(lp, k.logDensity(theta, x, t, n, draws), 1e-12 * Math.max(1, Math.abs(lp)));
        double wL = rng.uniform(-2, 2);
        double wP = rng.uniform(-2, 2);
        double[] g = new double[theta.length];
        double[] gRef = new double[theta.length];
        k.accumulateGradient(theta, x, t, n, draws, wL, wP, g);
        ref.accumulateGradient(theta, x, draws, wL, wP, gRef);
        double scale = 0;
        for (double v : gRef) {
          scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(gRef, g, 1e-10 * Math.max(scale, 1e-300), "gradient at t = " + t);
        System.arraycopy(next, 0, x, 0, x.length);
      }
    }
    assertTrue(compared >= 20, "too few steps compared: " + compared);
  }
}
