package org.dsojava.benchmarks;

import org.dsojava.benchmarks.models.Lqr10Dso;
import org.dsojava.samples.runtime.LockstepRuns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LQR-10: θ after 20 Adam (and PCO) iterations is the same bit for bit with lockstep rollouts (issue 19). */
class LockstepLqr10EstimatorTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void adamAndPco(int threads) {
    LockstepRuns.assertSame(Lqr10Dso.factory(),
        () -> Lqr10Dso.optimizer().seed(3).batch(13).horizon(100).iterations(20).threads(threads).adam(0.01), 8);
    LockstepRuns.assertSame(Lqr10Dso.factory(),
        () -> Lqr10Dso.optimizer().seed(4).batch(13).horizon(100).iterations(20).threads(threads).pco(), 3);
  }
}
