package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.NumericalException;
import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.api.Test;

/**
 * A state that leaves ±blowupThreshold (or turns non-finite) ends its rollout as if terminal; a minority
 * of such blow-ups is counted and reported, and θ stays finite. A batch in which more than half blow up
 * fails with a {@link NumericalException} that names the model and the count.
 */
class BlowupTest {
  /** a = 1: a random walk of 400 unit steps, of which some (not most) leave ±30. */
  @Test
  void minorityOfBlowUpsIsCountedAndNeverReachesTheta() {
    Result r = ExplodingDso.optimizer().batch(16).iterations(5).threads(2).blowupThreshold(30)
        .initialTheta(new double[] {1.0}).clipGradientNorm(1).adam(0.01).progress(null).run();
    assertTrue(r.blowups() > 0, "expected blown-up rollouts to be counted");
    assertTrue(Double.isFinite(r.theta()[0]), "θ must stay finite");
    for (var record : r.curve()) {
      assertTrue(2 * record.blowups() <= 16, "iteration " + record.iteration() + ": " + record.blowups());
      assertTrue(Double.isFinite(record.gradientNorm()), "iteration " + record.iteration() + " let a non-finite gradient through");
    }
  }

  /** a = 3: every rollout leaves ±1e6 within about 13 steps, so the batch fails. */
  @Test
  void batchWhereEveryRolloutBlowsUpFails() {
    NumericalException e = assertThrows(NumericalException.class, () -> ExplodingDso.optimizer().batch(16)
        .iterations(5).threads(2).blowupThreshold(1e6).clipGradientNorm(1).adam(0.05).progress(null).run());
    assertTrue(e.getMessage().startsWith("Exploding, iteration 1 (batch 0): 16 of 16 rollouts blew up (0 left out with"
        + " non-finite values, 16 ended early at a blown-up state)"), e.getMessage());
    assertTrue(e.getMessage().contains("beyond ±blowupThreshold = 1000000.0"), e.getMessage());
    assertArrayEquals(new double[] {3.0}, e.theta());
  }
}
