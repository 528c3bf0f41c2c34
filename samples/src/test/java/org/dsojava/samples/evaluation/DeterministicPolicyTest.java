package org.dsojava.samples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.Evaluation;
import org.junit.jupiter.api.Test;

/**
 * Evaluating "the deterministic policy" (issue 16, item 4) keeps the environment's noise random: on a
 * finite inventory, the mean cost of fresh episodes under the most likely order and random demand agrees
 * with the exact expectation Σₜ p₀ Pᵗ L (t = 0 … H−1, the cut state uncharged) within 5 standard errors,
 * whereas fixing the demand at its most likely value too (the old mean step) is more than 5 standard errors
 * off (8 here).
 */
class DeterministicPolicyTest {
  static final double[] THETA = {0, 2, 1, 1, 0, 2, 3, 1, 0, 0, 1, 0};

  /** The exact expected episode cost of the argmax policy under the random demand. */
  static double exact() {
    int[] order = new int[4];
    for (int s = 0; s < 4; s++) {
      int best = 0;
      for (int a = 1; a < 3; a++) {
        if (THETA[3 * s + a] > THETA[3 * s + best]) {
          best = a;
        }
      }
      order[s] = best;
    }
    double[][] p = new double[4][4];
    for (int s = 0; s < 4; s++) {
      for (int d = 0; d < 3; d++) {
        p[s][Math.min(Math.max(s + order[s] - d, 0), 3)] += FiniteInventory.DEMAND[d];
      }
    }
    double[] dist = FiniteInventory.P0.clone();
    double total = 0;
    for (int t = 0; t < 10; t++) {
      double[] nextDist = new double[4];
      for (int s = 0; s < 4; s++) {
        total += dist[s] * FiniteInventory.COST[s];
        for (int j = 0; j < 4; j++) {
          nextDist[j] += dist[s] * p[s][j];
        }
      }
      dist = nextDist;
    }
    return total;
  }

  @Test
  void deterministicPolicyIsEvaluatedUnderTheRandomEnvironment() {
    ChainKernel k = FiniteInventoryDso.kernel();
    Evaluation e = Evaluation.run(k, THETA, 20_000, true, 11, 0);
    double se = e.costStd() / Math.sqrt(e.episodes());
    double expected = exact();
    assertTrue(e.costStd() > 0, "the demand must stay random: " + e);
    assertEquals(expected, e.meanCost(), 5 * se, e.toString());
    assertEquals(1.959963984540054 * se, e.confidence95(), 1e-12);
    // The mean step fixes the demand at 1 (its most likely value): one deterministic path per start.
    double[] x = new double[1];
    double[] next = new double[1];
    double fixed = 0;
    for (int s0 = 0; s0 < 4; s0++) {
      x[0] = s0;
      double c = 0;
      for (int t = 0; t < 10; t++) {
        c += k.cost(THETA, x, t, 0);
        k.meanStep(THETA, x, t, 0, next);
        x[0] = next[0];
      }
      fixed += FiniteInventory.P0[s0] * c;
    }
    assertTrue(Math.abs(fixed - expected) > 5 * se, "fixed demand " + fixed + ", exact " + expected + ", SE " + se);
  }
}
