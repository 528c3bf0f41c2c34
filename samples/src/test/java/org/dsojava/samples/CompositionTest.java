package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The samples built from parts (CartPole's physics as {@link CartPolePhysics}, a part extending the
 * library's {@code ExplicitEuler}; the MLPs as the library's {@code Mlp}; Pendulum's σ from a
 * {@code GaussianHead}; the library compiled as its own jar, dso-parts) generate kernels that agree bit for
 * bit with the same models written inline ({@code *Inline}, the samples as they were): every kernel
 * method at random θ, x and draws, the initial θ, and θ after optimizer iterations. Their derivatives
 * are checked against finite differences in {@link GeneratedKernelDerivativesTest}.
 */
class CompositionTest {
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("CartPoleLinear", CartPoleLinearDso.kernel(), CartPoleLinearInlineDso.kernel()),
        Arguments.of("CartPoleMlp", CartPoleMlpDso.kernel(), CartPoleMlpInlineDso.kernel()),
        Arguments.of("PendulumMlp", PendulumMlpDso.kernel(), PendulumMlpInlineDso.kernel()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void composedKernelsAgreeBitForBitWithInline(String name, ChainKernel composed, ChainKernel inline) {
    assertEquals(inline.paramCount(), composed.paramCount());
    assertEquals(inline.stateDim(), composed.stateDim());
    assertEquals(inline.drawCount(), composed.drawCount());
    assertEquals(inline.bottleneckDim(), composed.bottleneckDim());
    int p = inline.paramCount();
    int s = inline.stateDim();
    int d = inline.drawCount();
    int e = inline.bottleneckDim();
    for (long seed = 1; seed <= 3; seed++) {
      same(init(inline, seed), init(composed, seed), "initialParams(" + seed + ")");
    }
    SplittableRandom random = new SplittableRandom(name.hashCode());
    for (int trial = 0; trial < 50; trial++) {
      double[] theta = new double[p];
      for (int i = 0; i < p; i++) {
        theta[i] = 0.5 * (2 * random.nextDouble() - 1);
      }
      double[] x = new double[s];
      Rng start = new Rng(trial, 1);
      inline.initialState(theta, 0, start, x);
      double[] x2 = new double[s];
      composed.initialState(theta, 0, new Rng(trial, 1), x2);
      same(x, x2, "initialState");
      for (int i = 0; i < s; i++) {
        x[i] += 0.1 * random.nextGaussian();
      }
      int t = trial % 7;
      double[] draws = new double[d];
      double[] next = new double[s];
      inline.sample(theta, x, t, 0, new Rng(99, trial), draws, next);
      double[] draws2 = new double[d];
      double[] next2 = new double[s];
      composed.sample(theta, x, t, 0, new Rng(99, trial), draws2, next2);
      same(draws, draws2, "sample: draws");
      same(next, next2, "sample: next");
      double[] mean = new double[s];
      double[] mean2 = new double[s];
      inline.meanStep(theta, x, t, 0, mean);
      composed.meanStep(theta, x, t, 0, mean2);
      same(mean, mean2, "meanStep");
      assertEquals(inline.terminal(x, t, 0), composed.terminal(x, t, 0));
      same(new double[] {inline.cost(theta, x, t, 0)}, new double[] {composed.cost(theta, x, t, 0)}, "cost");
      same(new double[] {inline.logDensity(theta, x, t, 0, draws)},
          new double[] {composed.logDensity(theta, x, t, 0, draws)}, "logDensity");
      double wL = random.nextGaussian();
      double wP = random.nextGaussian();
      double[] g = new double[p];
      double[] g2 = new double[p];
      inline.accumulateGradient(theta, x, t, 0, draws, wL, wP, g);
      composed.accumulateGradient(theta, x, t, 0, draws, wL, wP, g2);
      same(g, g2, "accumulateGradient");
      double[] v = new double[p];
      for (int i = 0; i < p; i++) {
        v[i] = random.nextGaussian();
      }
      same(new double[] {inline.jvp(theta, x, t, 0, draws, wL, wP, v)},
          new double[] {composed.jvp(theta, x, t, 0, draws, wL, wP, v)}, "jvp");
      double[] h = new double[p];
      double[] h2 = new double[p];
      inline.hvp(theta, x, t, 0, draws, wL, wP, v, h);
      composed.hvp(theta, x, t, 0, draws, wL, wP, v, h2);
      same(h, h2, "hvp");
      if (e > 0) {
        BottleneckKernel bi = (BottleneckKernel) inline;
        BottleneckKernel bc = (BottleneckKernel) composed;
        double[] eta = new double[e];
        double[] eta2 = new double[e];
        bi.bottleneck(theta, x, t, 0, eta);
        bc.bottleneck(theta, x, t, 0, eta2);
        same(eta, eta2, "bottleneck");
        double[] gEta = new double[e];
        double[] gEta2 = new double[e];
        bi.accumulateBottleneckGradient(eta, x, t, 0, draws, wL, wP, gEta);
        bc.accumulateBottleneckGradient(eta, x, t, 0, draws, wL, wP, gEta2);
        same(gEta, gEta2, "accumulateBottleneckGradient");
        double[] pb = new double[p];
        double[] pb2 = new double[p];
        bi.pullBack(theta, x, t, 0, gEta, pb);
        bc.pullBack(theta, x, t, 0, gEta, pb2);
        same(pb, pb2, "pullBack");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void optimizingTheComposedModelGivesTheSameTheta(String name, ChainKernel composed, ChainKernel inline) {
    Result a = run(name, false);
    Result b = run(name, true);
    same(a.theta(), b.theta(), "θ after 3 Adam iterations");
    assertTrue(a.theta().length == composed.paramCount());
  }

  private static Result run(String name, boolean inline) {
    return switch (name) {
      case "CartPoleLinear" -> (inline ? CartPoleLinearInlineDso.optimizer() : CartPoleLinearDso.optimizer())
          .batch(8).threads(2).seed(5).adam(0.05).iterations(3).run();
      case "CartPoleMlp" -> (inline ? CartPoleMlpInlineDso.optimizer() : CartPoleMlpDso.optimizer())
          .batch(4).threads(2).seed(5).adam(0.01).iterations(3).run();
      default -> (inline ? PendulumMlpInlineDso.optimizer() : PendulumMlpDso.optimizer())
          .batch(4).threads(2).seed(5).adam(0.01).iterations(3).run();
    };
  }

  private static double[] init(ChainKernel k, long seed) {
    double[] theta = new double[k.paramCount()];
    k.initialParams(seed, theta);
    return theta;
  }

  private static void same(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
        throw new AssertionError(what + "[" + i + "]: inline " + expected[i] + ", composed " + actual[i]);
      }
    }
  }
}
