package org.dsojava.benchmarks.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A short Pendulum run of the default (chosen) configuration is repeatable and thread-count independent. */
class SolvePendulumTest {
  private static SolvePendulum.Outcome run(int threads) {
    return new SolvePendulum(Map.of("threads", Integer.toString(threads), "budget", "4800", "every", "1")).run(7);
  }

  @Test
  void defaultRunIsTheSameWithOneAndTwoThreads() {
    SolvePendulum.Outcome one = run(1);
    SolvePendulum.Outcome two = run(2);
    assertEquals(one.envSteps(), two.envSteps());
    assertEquals(one.bestReturn(), two.bestReturn(), 0.0);
    assertEquals(one.finalReturn(), two.finalReturn(), 0.0);
    assertEquals(one.freshReturn(), two.freshReturn(), 0.0);
    assertEquals(one.bestReturn(), run(2).bestReturn(), 0.0);
    assertTrue(one.envSteps() > 0 && one.iterations() >= 1);
  }

  /** Issue 19: 4 rollouts per thread in lockstep end at the same θ, bit for bit, as one at a time. */
  @Test
  void lockstepEndsAtTheSameTheta() {
    SolvePendulum.Outcome off = new SolvePendulum(Map.of("budget", "3200", "every", "2")).run(3);
    SolvePendulum.Outcome on = new SolvePendulum(Map.of("budget", "3200", "every", "2", "lockstep", "4")).run(3);
    assertEquals(off.thetaDigest(), on.thetaDigest());
    assertEquals(off.finalReturn(), on.finalReturn(), 0.0);
    assertEquals(16, off.thetaDigest().length());
    assertTrue(off.rolloutSeconds() > 0 && off.fitSeconds() > 0 && off.updateSeconds() > 0,
        off.rolloutSeconds() + " " + off.fitSeconds() + " " + off.updateSeconds());
    assertTrue(off.rolloutSeconds() + off.fitSeconds() + off.updateSeconds() <= off.optSeconds() + 0.2, off.toString());
    assertTrue(off.rolloutSeconds() + off.fitSeconds() + off.updateSeconds() >= 0.5 * off.optSeconds(), off.toString());
  }

  @Test
  void lockstepIsRefusedWhereItCannotRun() {
    assertThrows(IllegalArgumentException.class,
        () -> new SolvePendulum(Map.of("method", "ng", "lockstep", "4", "budget", "1600")).run(3));
  }

  @Test
  void unknownSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SolvePendulum(Map.of("epoch", "3")));
  }
}
