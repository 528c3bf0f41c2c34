package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.reference.LqrReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chain Iteration (eq. 63, truncated Newton on the surrogate Hessian of eq. 76) reaches 0.1% of the
 * Riccati optimum on LQR in fewer iterations than Adam (the same Algorithm 1 gradients, the settings
 * of {@link LqrRiccatiTest}). J(K) is exact (Lyapunov), J* from the Riccati recursion.
 */
class ChainIterationLqrTest {
  private static final double[] LOWER = {0, 0};
  private static final double[] UPPER = {20, 20};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void chainIterationNeedsFewerIterationsThanAdam(long seed) {
    double jStar = LqrReference.exactJ(LqrReference.riccatiGain());
    long[] ci = {-1, 0};
    EstimatorConfig config = LqrDso.optimizer().batch(5000).seed(seed).threads(2).randomTermination(true).config();
    new ChainIteration(LqrDso.factory(), config, 1.0, 0.5, 2, 30, new LinearBaseline(Features.quadratic(2, 0), 1e-6),
        LOWER, UPPER, null)
        .onIteration((k, theta, record) -> {
          if (ci[0] < 0 && LqrReference.exactJ(theta) <= 1.001 * jStar) {
            ci[0] = k;
            ci[1] = record.envSteps();
          }
        })
        .run(LqrDso.initialParams(seed), 30);
    long[] adam = {-1, 0};
    LqrDso.optimizer().seed(seed).batch(200).iterations(800).threads(2).randomTermination(true)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.1, 100), 0.9, 0.999, 1e-8)).clipGradientNorm(10)
        .bounds(LOWER, UPPER).progress(null)
        .onIteration((k, theta, record) -> {
          if (adam[0] < 0 && LqrReference.exactJ(theta) <= 1.001 * jStar) {
            adam[0] = k;
            adam[1] = record.envSteps();
          }
        })
        .run();
    System.out.printf("LQR seed %d: Chain Iteration within 0.1%% at iteration %d (%d env steps); Adam at %d (%d env steps)%n",
        seed, ci[0], ci[1], adam[0], adam[1]);
    assertTrue(ci[0] > 0, "Chain Iteration never came within 0.1% of J* in 30 iterations");
    assertTrue(adam[0] < 0 || ci[0] < adam[0], "Chain Iteration took " + ci[0] + " iterations, Adam " + adam[0]);
  }

  @Test
  void badSettingsFailFast() {
    EstimatorConfig config = LqrDso.optimizer().config();
    LinearBaseline b = new LinearBaseline(Features.quadratic(2, 0), 1e-6);
    IllegalArgumentException kappa = assertThrows(IllegalArgumentException.class,
        () -> new ChainIteration(LqrDso.factory(), config, 1.5, 0.5, 1, 10, b, null, null, null));
    assertEquals("κ = 1.5 is outside (0, 1]; κ = 1 is the full Chain Iteration step, smaller values damp it",
        kappa.getMessage());
    IllegalArgumentException radius = assertThrows(IllegalArgumentException.class,
        () -> new ChainIteration(LqrDso.factory(), config, 1, 0, 1, 10, b, null, null, null));
    assertEquals("trust-region radius Δ = 0.0 must be positive", radius.getMessage());
  }
}
