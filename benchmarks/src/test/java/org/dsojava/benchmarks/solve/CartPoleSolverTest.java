package org.dsojava.benchmarks.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time-to-solve runs are deterministic for a seed, whatever the thread count. */
class CartPoleSolverTest {
  private static CartPoleSolver.Outcome run(String method, int threads, long seed) {
    Map<String, String> c = Map.of("method", method, "batch", "5", "threads", Integer.toString(threads), "budget",
        "30000");
    return new CartPoleSolver(c).run(seed);
  }

  private static void assertSame(CartPoleSolver.Outcome a, CartPoleSolver.Outcome b) {
    assertEquals(a.solved(), b.solved());
    assertEquals(a.envSteps(), b.envSteps());
    assertEquals(a.iterations(), b.iterations());
    assertEquals(a.evalReturn(), b.evalReturn(), 0.0);
    assertEquals(a.freshReturn(), b.freshReturn(), 0.0);
    assertEquals(a.trainSteps(), b.trainSteps());
    assertEquals(a.trainEpisodes(), b.trainEpisodes());
  }

  @Test
  void chainIterationRunIsTheSameWithOneAndTwoThreads() {
    CartPoleSolver.Outcome one = run("ci", 1, 3);
    CartPoleSolver.Outcome two = run("ci", 2, 3);
    assertSame(one, two);
    assertSame(two, run("ci", 2, 3));
    assertTrue(one.envSteps() > 0 && one.trainEpisodes() >= 5);
  }

  @Test
  void evaluationConfigurationIsTheSameWithOneAndTwoThreadsAndSolves() {
    java.util.Map<String, String> c = new java.util.LinkedHashMap<>(CartPoleSolver.parse(SolveCartPole.EVALUATION_CONFIG, 0));
    c.put("threads", "1");
    CartPoleSolver.Outcome one = new CartPoleSolver(c).run(3);
    c.put("threads", "2");
    CartPoleSolver.Outcome two = new CartPoleSolver(c).run(3);
    assertSame(one, two);
    assertTrue(one.solved() && one.freshReturn() >= 475, one.toString());
  }

  @Test
  void adamRunIsTheSameWithOneAndTwoThreads() {
    assertSame(run("adam", 1, 4), run("adam", 2, 4));
  }
}
