package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Batch;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.SampleCurvature;
import org.dsojava.runtime.optim.ValueBaseline;
import org.junit.jupiter.api.Test;

/**
 * The generated η-space Fisher block (eq. 73) is E_{x'}[∇η ln P̃ ∇η ln P̃ᵀ]: checked against exact
 * enumeration over CartPole's two actions, against eq. 74's closed form for Pendulum's Gaussian
 * action, and against a Monte Carlo average of the kernel's own η-space scores.
 */
class BottleneckFisherTest {
  @Test
  void cartPoleFisherEqualsTheExpectedSquaredScoreOverBothActions() {
    CartPoleLinearKernel k = CartPoleLinearDso.kernel();
    Rng rng = new Rng(5L);
    double[] x = new double[4];
    double[] draws = new double[k.drawCount()];
    double[] fisher = new double[1];
    for (int trial = 0; trial < 50; trial++) {
      for (int i = 0; i < 4; i++) {
        x[i] = rng.uniform(-0.2, 0.2);
      }
      double[] eta = {rng.uniform(-6, 6)};
      k.bottleneckFisher(eta, x, 0, 0, draws, fisher);
      double p1 = 1 / (1 + Math.exp(-eta[0]));
      double exact = 0;
      for (int a = 0; a <= 1; a++) {
        draws[0] = a;
        double[] g = new double[1];
        k.accumulateBottleneckGradient(eta, x, 0, 0, draws, 0.0, 1.0, g);
        exact += (a == 1 ? p1 : 1 - p1) * g[0] * g[0];
      }
      assertEquals(exact, fisher[0], 1e-12 * Math.max(exact, 1e-300), "η = " + eta[0]);
      assertEquals(p1 * (1 - p1), fisher[0], 1e-12 * fisher[0]);
    }
  }

  @Test
  void pendulumFisherMatchesEq74AndTheScoreOuterProduct() {
    PendulumMlpKernel k = PendulumMlpDso.kernel();
    assertEquals(2, k.bottleneckDim());
    double[] x = {0.4, -1.2, 0.0};
    double[] eta = {0.3, -0.7};
    double[] fisher = new double[4];
    double[] draws = new double[k.drawCount()];
    k.bottleneckFisher(eta, x, 0, 0, draws, fisher);
    double s = Math.exp(eta[1]);
    // η = (mean, log std): F = diag(1/σ², 2) (eq. 74 for the mean; the log-std block is 2).
    assertEquals(1 / (s * s), fisher[0], 1e-12 / (s * s));
    assertEquals(0.0, fisher[1], 1e-12);
    assertEquals(0.0, fisher[2], 1e-12);
    assertEquals(2.0, fisher[3], 1e-12);

    int samples = 200_000;
    Rng rng = new Rng(9L);
    double[] sum = new double[4];
    double[] g = new double[2];
    for (int i = 0; i < samples; i++) {
      draws[0] = eta[0] + s * rng.gaussian();
      g[0] = 0;
      g[1] = 0;
      k.accumulateBottleneckGradient(eta, x, 0, 0, draws, 0.0, 1.0, g);
      sum[0] += g[0] * g[0];
      sum[1] += g[0] * g[1];
      sum[3] += g[1] * g[1];
    }
    // Standard errors: (z²)/σ² has variance 2/σ⁴; z(z²−1)/σ has variance 6/σ²; (z²−1)² has variance 96.
    double n = samples;
    assertEquals(fisher[0], sum[0] / n, 5 * Math.sqrt(2 / n) / (s * s));
    assertEquals(fisher[1], sum[1] / n, 5 * Math.sqrt(6 / n) / s);
    assertEquals(fisher[3], sum[3] / n, 5 * Math.sqrt(96 / n));
  }

  @Test
  void modelsWithoutBottleneckSayWhy() {
    ChainKernel lqr = LqrDso.kernel();
    assertFalse(lqr instanceof BottleneckKernel, "Lqr declares no @Bottleneck");
    Batch batch;
    try (GradientEstimator e = new GradientEstimator(LqrDso.factory(), LqrDso.optimizer().batch(2).threads(1)
        .config())) {
      batch = e.sample(LqrDso.initialParams(1), 0, ValueBaseline.none(), 0);
    }
    double[] v = new double[lqr.paramCount()];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleCurvature.bottleneckFisherVector(batch, lqr, v, new double[v.length]));
    assertTrue(e.getMessage().contains("Lqr declares no @Bottleneck") && e.getMessage().contains("Corollary 2")
        && e.getMessage().contains("fisherVector"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SampleCurvature.BottleneckFisher(batch, lqr));
    assertTrue(e.getMessage().contains("Lqr declares no @Bottleneck"), e.getMessage());
  }
}
