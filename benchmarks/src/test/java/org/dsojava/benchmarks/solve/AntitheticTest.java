package org.dsojava.benchmarks.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.CartPoleLinearDso;
import org.junit.jupiter.api.Test;

/**
 * Antithetic rollout pairs ({@link EstimatorConfig#antithetic()}) on CartPole-linear. CartPole is
 * mirror-symmetric and its reset is U(−0.05, 0.05)⁴, so with b = 0 the twin of a rollout (uniforms
 * reflected, u → 1 − u) is its exact mirror image: the same length and return, and a gradient whose
 * w-part is the same and whose b-part is the negative, so the pair's mean has b-component 0.
 */
class AntitheticTest {
  private static Estimate[] run(boolean antithetic, int threads, double[] theta) {
    EstimatorConfig c = CartPoleLinearDso.optimizer().seed(11).batch(4).threads(threads).antithetic(antithetic).config();
    Estimate[] out = new Estimate[3];
    try (GradientEstimator e = new GradientEstimator(CartPoleLinearDso.factory(), c)) {
      for (int i = 0; i < out.length; i++) {
        out[i] = e.estimate(theta, i, ValueBaseline.none(), 0.0);
      }
    }
    return out;
  }

  @Test
  void twinsAreMirrorImagesWhenTheBiasIsZero() {
    double[] theta = {0.1, 0.5, 3.0, 1.0, 0.0};
    for (Estimate e : run(true, 1, theta)) {
      int[] len = e.rolloutSteps();
      double[] cost = e.rolloutCosts();
      assertEquals(len[0], len[1]);
      assertEquals(len[2], len[3]);
      assertEquals(cost[0], cost[1], 0.0);
      assertEquals(cost[2], cost[3], 0.0);
      assertEquals(0.0, e.gradient()[4], 1e-9 * (1 + Math.abs(e.gradient()[3])));
    }
    // Independent rollouts: no such pairing.
    Estimate[] plain = run(false, 1, theta);
    boolean differ = false;
    for (Estimate e : plain) {
      differ |= e.rolloutSteps()[0] != e.rolloutSteps()[1] || Math.abs(e.gradient()[4]) > 1e-6;
    }
    assertTrue(differ);
  }

  @Test
  void evenRolloutsAreTheIndependentOnesAndThreadsDoNotMatter() {
    double[] theta = {0.0, 0.2, 1.0, 0.5, 0.3};
    Estimate[] a = run(true, 1, theta);
    Estimate[] b = run(true, 2, theta);
    Estimate[] plain = run(false, 1, theta);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i].gradient(), b[i].gradient(), 0.0);
      assertArrayEquals(a[i].rolloutCosts(), b[i].rolloutCosts(), 0.0);
      // Rollouts 0 and 2 draw the same streams as without pairing; 1 and 3 are the twins.
      assertEquals(plain[i].rolloutCosts()[0], a[i].rolloutCosts()[0], 0.0);
      assertEquals(plain[i].rolloutCosts()[2], a[i].rolloutCosts()[2], 0.0);
    }
    boolean twinDiffers = false;
    for (int i = 0; i < a.length; i++) {
      twinDiffers |= plain[i].rolloutCosts()[1] != a[i].rolloutCosts()[1];
    }
    assertTrue(twinDiffers);
  }
}
