package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StopRule;
import org.dsojava.samples.CartPoleLinearDso;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CartPole-v1 (Gymnasium's definition) is solved: the deterministic, most-likely-action policy's
 * mean undiscounted return over 100 episodes with the 500-step cap reaches at least 475. The
 * evaluation is re-run here on episodes the stop rule did not see.
 */
class CartPoleSolveTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void linearPolicyReaches475(long seed) {
    Result r = CartPoleLinearDso.optimizer().seed(seed).batch(10).adam(0.1).iterations(300).threads(2)
        .stopWhen(StopRule.meanCostAtMost(CartPoleLinearDso.factory(), 100, -475, 1000 + seed))
        .progress(null)
        .run();
    Evaluation e = Evaluation.run(CartPoleLinearDso.kernel(), r.theta(), 100, true, 7 * seed + 3, 0);
    System.out.printf("CartPole seed %d: %d env steps, %d iterations, %.3f s; evaluation %.1f%n",
        seed, r.envSteps(), r.curve().size(), r.seconds(), e.meanReturn());
    assertTrue(e.meanReturn() >= 475, "mean return " + e.meanReturn() + " < 475 after " + r.envSteps() + " steps");
  }
}
