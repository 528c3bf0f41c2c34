package org.dsojava.samples.runtime;

import org.dsojava.annotations.Setting;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.PendulumMlpDso;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Algorithm 1 with K rollouts per thread in lockstep gives the per-rollout θ after 20 iterations bit for
 * bit, and the same records, for 1 and 2 threads, with Adam (default linear baseline) and PCO (which
 * records batches: ln P, the weights of eq. 66), on CartPole-linear, CartPole-MLP and Pendulum-MLP, and
 * LQR (random termination) — issue 19. K = 3 and 8, batch 13, so lanes refill unevenly and the batch's
 * tail runs with masked lanes.
 */
class LockstepEstimatorTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void cartPoleLinearAdamAndPco(int threads) {
    LockstepRuns.assertSame(CartPoleLinearDso.factory(),
        () -> CartPoleLinearDso.optimizer().seed(3).batch(13).iterations(20).threads(threads).adam(0.05), 8);
    LockstepRuns.assertSame(CartPoleLinearDso.factory(),
        () -> CartPoleLinearDso.optimizer().seed(4).batch(13).iterations(20).threads(threads).pco(), 3);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void cartPoleMlpAdamAndPco(int threads) {
    LockstepRuns.assertSame(CartPoleMlpDso.factory(),
        () -> CartPoleMlpDso.optimizer().seed(5).batch(13).horizon(60).iterations(20).threads(threads).adam(0.01), 8);
    LockstepRuns.assertSame(CartPoleMlpDso.factory(),
        () -> CartPoleMlpDso.optimizer().seed(6).batch(13).horizon(60).iterations(20).threads(threads).pco(), 3);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void pendulumMlpAdamAndPco(int threads) {
    LockstepRuns.assertSame(PendulumMlpDso.factory(),
        () -> PendulumMlpDso.optimizer().seed(7).batch(13).horizon(30).iterations(20).threads(threads).adam(0.01), 8);
    LockstepRuns.assertSame(PendulumMlpDso.factory(),
        () -> PendulumMlpDso.optimizer().seed(8).batch(13).horizon(30).iterations(20).threads(threads).pco(), 3);
  }

  /**
   * The average-cost setting with a burn-in, where rollouts that leave ±blowupThreshold end early: lanes
   * fall out of step, so some are below their burn-in (masked, their G₀ kept aside) while others take
   * gradient steps in the same call.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void averageCostWithBurnInAndEarlyEnds(int threads) {
    LockstepRuns.assertSame(ExplodingDso.factory(),
        () -> ExplodingDso.optimizer().setting(Setting.AVERAGE).discount(1).horizon(60).burnIn(20).seed(11).batch(13)
            .iterations(8).threads(threads).blowupThreshold(6).initialTheta(new double[] {0.9})
            .clipGradientNorm(1).adam(0.01).progress(null), 5);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void lqrRandomTermination(int threads) {
    LockstepRuns.assertSame(LqrDso.factory(),
        () -> LqrDso.optimizer().seed(9).batch(13).iterations(20).threads(threads).randomTermination(true).adam(0.05), 5);
  }
}
