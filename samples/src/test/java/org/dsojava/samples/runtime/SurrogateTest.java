package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Batch;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.Surrogate;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.PendulumMlpDso;
import org.dsojava.samples.SoftmaxChainDso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample surrogate S̃(θ, α) (eq. 66): its α-gradient at α = 0 is Algorithm 1's estimate on the same
 * batch (eq. 67, to 1e-12), and its gradient (eq. 68) and Hessian–vector product (eq. 76) at α ≠ 0
 * agree with central finite differences of S̃ itself (4-point stencil, h = 1e-4; relative 1e-6 of the
 * vector's scale).
 */
class SurrogateTest {
  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("CartPoleLinear", CartPoleLinearDso.optimizer().batch(20).threads(2)),
        Arguments.of("Lqr", LqrDso.optimizer().batch(20).threads(2).randomTermination(true)),
        Arguments.of("SoftmaxChain", SoftmaxChainDso.optimizer().batch(20).threads(2).randomTermination(true)),
        Arguments.of("PendulumMlp", PendulumMlpDso.optimizer().batch(3).threads(2)));
  }

  private static Batch batch(DsoOptimizer o, org.dsojava.runtime.optim.KernelFactory f, double[] theta) {
    LinearBaseline b = new LinearBaseline(Features.quadratic(f.create().stateDim(), 0), 1e-6);
    try (GradientEstimator e = new GradientEstimator(f, o.config())) {
      e.estimate(theta, 0, b, 0); // fit the baseline so R̂ uses a non-trivial V̂
      return e.sample(theta, 1, b, 0);
    }
  }

  private static org.dsojava.runtime.optim.KernelFactory factory(String model) {
    switch (model) {
      case "CartPoleLinear":
        return CartPoleLinearDso.factory();
      case "Lqr":
        return LqrDso.factory();
      case "SoftmaxChain":
        return SoftmaxChainDso.factory();
      default:
        return PendulumMlpDso.factory();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void gradientAtZeroIsAlgorithmOne(String model, DsoOptimizer o) {
    var f = factory(model);
    double[] theta = new double[f.create().paramCount()];
    f.create().initialParams(3, theta);
    Batch b = batch(o, f, theta);
    Surrogate s = new Surrogate(b, f.create());
    double[] g = new double[theta.length];
    s.gradient(new double[theta.length], g);
    double[] alg1 = b.estimate().gradient();
    double scale = 0;
    for (double v : alg1) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0);
    for (int i = 0; i < g.length; i++) {
      assertEquals(alg1[i], g[i], 1e-12 * scale, model + " component " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void gradientAndHessianVectorProductMatchFiniteDifferences(String model, DsoOptimizer o) {
    var f = factory(model);
    int p = f.create().paramCount();
    double[] theta = new double[p];
    f.create().initialParams(3, theta);
    Batch b = batch(o, f, theta);
    Rng rng = new Rng(17);
    double[] alpha = new double[p];
    double[] v = new double[p];
    for (int i = 0; i < p; i++) {
      alpha[i] = 0.05 * rng.gaussian();
      v[i] = rng.gaussian();
    }
    // The clipped S̃ is only piecewise smooth: with Pendulum's hundreds of ratio terms some term sits
    // within the stencil of its clip kink, where finite differences are no reference; the smaller
    // models' batches have none there, and the clipped branch's formula is the same for all models.
    double[] clips = model.equals("PendulumMlp") ? new double[] {Double.POSITIVE_INFINITY}
        : new double[] {Double.POSITIVE_INFINITY, 0.2};
    for (double clip : clips) {
      Surrogate s = new Surrogate(b, f.create(), clip);
      double[] g = new double[p];
      s.gradient(alpha, g);
      double h = 1e-4;
      // Directional derivative of S̃ along v vs g·v, and of ∇S̃ along v vs the HVP.
      double fd = (-value(s, alpha, v, 2 * h) + 8 * value(s, alpha, v, h) - 8 * value(s, alpha, v, -h)
          + value(s, alpha, v, -2 * h)) / (12 * h);
      double gv = 0;
      for (int i = 0; i < p; i++) {
        gv += g[i] * v[i];
      }
      assertEquals(fd, gv, 1e-6 * Math.max(1, Math.abs(fd)), model + " clip " + clip + ": ∇S̃·v");
      double[] hv = new double[p];
      s.hessianVector(alpha, v, hv);
      double[] gp = gradientAt(s, alpha, v, h);
      double[] gm = gradientAt(s, alpha, v, -h);
      double[] gp2 = gradientAt(s, alpha, v, 2 * h);
      double[] gm2 = gradientAt(s, alpha, v, -2 * h);
      double scale = 0;
      for (double x : hv) {
        scale = Math.max(scale, Math.abs(x));
      }
      for (int i = 0; i < p; i++) {
        double fdh = (-gp2[i] + 8 * gp[i] - 8 * gm[i] + gm2[i]) / (12 * h);
        assertEquals(fdh, hv[i], 1e-6 * Math.max(scale, 1e-12) + 1e-8, model + " clip " + clip + ": HVP component " + i);
      }
    }
  }

  private static double value(Surrogate s, double[] alpha, double[] v, double h) {
    double[] a = alpha.clone();
    for (int i = 0; i < a.length; i++) {
      a[i] += h * v[i];
    }
    return s.value(a);
  }

  private static double[] gradientAt(Surrogate s, double[] alpha, double[] v, double h) {
    double[] a = alpha.clone();
    for (int i = 0; i < a.length; i++) {
      a[i] += h * v[i];
    }
    double[] g = new double[a.length];
    s.gradient(a, g);
    return g;
  }

  @Test
  void klIsZeroAtZeroAndClipMustBePositive() {
    double[] theta = LqrDso.initialParams(1);
    Batch b;
    try (GradientEstimator e = new GradientEstimator(LqrDso.factory(), LqrDso.optimizer().batch(5).randomTermination(true).config())) {
      b = e.sample(theta, 0, ValueBaseline.none(), 0);
    }
    Surrogate s = new Surrogate(b, LqrDso.kernel());
    assertEquals(0.0, s.meanKl(new double[2]), 0.0);
    assertTrue(s.meanKl(new double[] {0.3, -0.2}) > 0, "KL must be positive for a change of θ");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Surrogate(b, LqrDso.kernel(), 0));
    assertEquals("clip ε = 0.0 must be positive (PPO-style clipping of ratios to [1−ε, 1+ε])", e.getMessage());
  }
}
