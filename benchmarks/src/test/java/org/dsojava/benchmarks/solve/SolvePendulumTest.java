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

  @Test
  void unknownSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SolvePendulum(Map.of("epoch", "3")));
  }
}
