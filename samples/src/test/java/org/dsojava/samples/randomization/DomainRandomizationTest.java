package org.dsojava.samples.randomization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.samples.PendulumPhysics;
import org.junit.jupiter.api.Test;

/**
 * The domain-randomization sample's models are what they say: Gymnasium's pendulum at m = 1, and rollouts that
 * keep the mass their initial state drew (rollout-specific chains P_m, section 4.1). Training the MLP policies
 * takes minutes (the documented run of {@link DomainRandomization}); {@link RandomizedLqrTest} checks the
 * robustness claim at CI size against exact values.
 */
class DomainRandomizationTest {
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
   * Evaluating at a held-out mass runs the chain P_m: at m = 1 it is the nominal model's own evaluation, episode
   * for episode (both draw th and thdot first, and the deterministic policy draws nothing else).
   */
  @Test
  void evaluationAtTheNominalMassIsTheNominalModelsEvaluation() {
    double[] theta = NominalPendulumDso.initialParams(5);
    Evaluation a = DomainRandomization.evaluate(theta, MassPendulum.NOMINAL_MASS, 20, 42);
    Evaluation b = Evaluation.run(NominalPendulumDso.kernel(), theta, 20, true, 42, 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(b.episodeCosts(), a.episodeCosts(), 0.0);
    double[] same = DomainRandomization.pairedDifference(a, b);
    assertEquals(0.0, same[0], 0.0);
    assertEquals(0.0, same[1], 0.0);
    Evaluation heavy = DomainRandomization.evaluate(theta, 3.0, 20, 42);
    assertTrue(heavy.meanCost() != a.meanCost(), "the mass must change the episodes");
  }
}
