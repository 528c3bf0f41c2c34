package org.dsojava.samples.randomization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;
import org.dsojava.samples.PendulumPhysics;
import org.junit.jupiter.api.Test;

/**
 * Domain randomization as rollout-specific chains P_m (issue 14, item 6): the models are what they say, and at
 * a CI budget the policy trained on randomized masses beats the nominal one at a held-out heavy mass.
 */
class DomainRandomizationTest {
  /** 100 PCO iterations × 8 episodes × 200 steps = 160 000 env steps per policy. */
  static final int ITERATIONS = 100;
  static final int EPISODES = 50;
  static final double HELD_OUT_MASS = 2.5;

  @Test
  void massPendulumAtTheNominalMassIsGymnasiumsPendulum() {
    Rng rng = new Rng(7, 0);
    double[] next = new double[3];
    double[] expected = new double[2];
    for (int i = 0; i < 1000; i++) {
      double[] x = {rng.uniform(-10, 10), rng.uniform(-8, 8), MassPendulum.NOMINAL_MASS};
      double a = rng.uniform(-3, 3);
      double c = MassPendulum.step(x, a, next);
      assertEquals(PendulumPhysics.step(new double[] {x[0], x[1]}, a, expected), c, 0.0);
      assertEquals(expected[0], next[0], 0.0);
      assertEquals(expected[1], next[1], 0.0);
      assertEquals(MassPendulum.NOMINAL_MASS, next[2], 0.0);
    }
  }

  /** Each rollout keeps the mass its initial state drew; the nominal model's is 1; AtMass fixes it. */
  @Test
  void everyRolloutRunsThePendulumOfItsOwnMass() {
    ChainKernel randomized = RandomizedPendulumDso.kernel();
    ChainKernel nominal = NominalPendulumDso.kernel();
    double[] theta = RandomizedPendulumDso.initialParams(3);
    double[] x = new double[randomized.stateDim()];
    double[] next = new double[randomized.stateDim()];
    double[] draws = new double[randomized.drawCount()];
    Rng rng = new Rng(11, 0);
    double sum = 0;
    int n = 400;
    for (int e = 0; e < n; e++) {
      rng.reseed(11, e);
      randomized.initialState(theta, e, rng, x);
      double m = x[2];
      assertTrue(m >= RandomizedPendulum.MASS_LOW && m <= RandomizedPendulum.MASS_HIGH, "m = " + m);
      sum += m;
      for (int t = 0; t < 5; t++) {
        randomized.sample(theta, x, t, e, rng, draws, next);
        assertEquals(m, next[2], 0.0);
        System.arraycopy(next, 0, x, 0, x.length);
      }
      nominal.initialState(theta, e, rng, x);
      assertEquals(MassPendulum.NOMINAL_MASS, x[2], 0.0);
      new AtMass(randomized, 2.25).initialState(theta, e, rng, x);
      assertEquals(2.25, x[2], 0.0);
    }
    // U[0.5, 3]: mean 1.75, sd 2.5/√12 = 0.72; 400 draws give a mean within 4 SE = 0.144.
    assertEquals(0.5 * (RandomizedPendulum.MASS_LOW + RandomizedPendulum.MASS_HIGH), sum / n, 0.144);
    assertThrows(IllegalArgumentException.class, () -> new AtMass(randomized, -1));
  }

  /**
   * Same method, budget, seed and θ₀; evaluated on the same 50 fresh episodes at m = 2.5 (no training
   * rollout has exactly this mass; the nominal policy never saw a mass other than 1). The paired difference of
   * returns must exceed 3 standard errors of its own sample (an evaluation fluke of that size has probability
   * about 0.1%) and 100 (a gap of the size of the nominal policy's whole return at m = 1).
   */
  @Test
  void randomizedPolicyHoldsUpAtAHeldOutMassWhereTheNominalFails() {
    long seed = 1;
    Result nominal = DomainRandomization.train(NominalPendulumDso.optimizer(), ITERATIONS, seed, 2);
    Result randomized = DomainRandomization.train(RandomizedPendulumDso.optimizer(), ITERATIONS, seed, 2);
    Evaluation a = DomainRandomization.evaluate(nominal.theta(), HELD_OUT_MASS, EPISODES, seed + 9000);
    Evaluation b = DomainRandomization.evaluate(randomized.theta(), HELD_OUT_MASS, EPISODES, seed + 9000);
    double[] d = DomainRandomization.pairedDifference(a, b);
    double se = d[1] / 1.959963984540054;
    System.out.printf(Locale.ROOT, "m = %.2f: nominal %.1f ± %.1f, randomized %.1f ± %.1f, paired difference"
        + " %.1f (SE %.1f)%n", HELD_OUT_MASS, a.meanReturn(), a.confidence95(), b.meanReturn(), b.confidence95(),
        d[0], se);
    assertTrue(d[0] > 3 * se && d[0] > 100, "randomized − nominal return at m = " + HELD_OUT_MASS + ": " + d[0]
        + " (SE " + se + ")");
  }
}
