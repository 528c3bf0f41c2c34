package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.api.Test;

/**
 * A state that leaves ±blowupThreshold (or turns non-finite) ends its rollout as if terminal; the
 * blow-up is counted and reported, and θ stays finite.
 */
class BlowupTest {
  @Test
  void blowUpsAreCountedAndNeverReachTheta() {
    Result r = ExplodingDso.optimizer().batch(16).iterations(5).threads(2).blowupThreshold(1e6)
        .clipGradientNorm(1).adam(0.05).progress(null).run();
    assertTrue(r.blowups() > 0, "expected blown-up rollouts to be counted");
    assertTrue(r.curve().get(0).blowups() > 0);
    assertTrue(Double.isFinite(r.theta()[0]), "θ must stay finite");
    for (var record : r.curve()) {
      assertTrue(Double.isFinite(record.gradientNorm()), "iteration " + record.iteration() + " let a non-finite gradient through");
    }
  }
}
