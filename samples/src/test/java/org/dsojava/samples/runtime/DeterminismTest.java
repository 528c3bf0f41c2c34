package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Result;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.PendulumMlpDso;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical θ after 20 iterations with 1 and with 2 threads. */
class DeterminismTest {
  private static double[] run(DsoOptimizer o, int threads) {
    Result r = o.threads(threads).seed(42).batch(8).iterations(20).progress(null).run();
    return r.theta();
  }

  @Test
  void cartPoleMlpIsBitIdenticalAcrossThreadCounts() {
    double[] one = run(CartPoleMlpDso.optimizer(), 1);
    double[] two = run(CartPoleMlpDso.optimizer(), 2);
    assertArrayEquals(one, two);
    assertEquals(4545, one.length);
  }

  @Test
  void pendulumMlpIsBitIdenticalAcrossThreadCounts() {
    assertArrayEquals(run(PendulumMlpDso.optimizer(), 1), run(PendulumMlpDso.optimizer(), 2));
  }
}
