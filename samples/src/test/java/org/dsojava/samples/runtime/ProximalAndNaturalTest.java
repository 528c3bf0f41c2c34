package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.reference.LqrReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PCO and natural gradient optimize the samples; their bad settings fail fast. */
class ProximalAndNaturalTest {
  @ParameterizedTest
  @ValueSource(longs = {2, 3})
  void pcoSolvesCartPole(long seed) {
    long[] solvedAt = {-1};
    EstimatorConfig config = CartPoleLinearDso.optimizer().batch(10).seed(seed).threads(2).config();
    Result r = new ProximalChainOptimization(CartPoleLinearDso.factory(), config, 0.2, 4, 2, 0.05, StepRule.adam(0.05),
        new LinearBaseline(Features.quadratic(4, 0), 1e-6), null)
        .onIteration((k, theta, record) -> {
          if (solvedAt[0] < 0
              && Evaluation.run(CartPoleLinearDso.kernel(), theta, 100, true, 1000 + seed, 0).meanReturn() >= 475) {
            solvedAt[0] = record.envSteps();
          }
        })
        .run(CartPoleLinearDso.initialParams(seed), 80);
    System.out.printf("PCO CartPole seed %d: solved at %d env steps%n", seed, solvedAt[0]);
    assertTrue(solvedAt[0] > 0, "PCO did not reach 475 in 80 iterations");
  }

  @Test
  void naturalGradientApproachesTheLqrOptimum() {
    double jStar = LqrReference.exactJ(LqrReference.riccatiGain());
    double j0 = LqrReference.exactJ(LqrDso.initialParams(1));
    EstimatorConfig config = LqrDso.optimizer().batch(500).seed(1).threads(2).randomTermination(true).config();
    Result r = new NaturalGradient(LqrDso.factory(), config, 0.01, 1e-3, 20,
        new LinearBaseline(Features.quadratic(2, 0), 1e-6), new double[] {0, 0}, new double[] {20, 20}, null)
        .run(LqrDso.initialParams(1), 100);
    double j = LqrReference.exactJ(r.theta());
    System.out.printf("natural gradient LQR: J = %.5f (J* = %.5f, J₀ = %.3f)%n", j, jStar, j0);
    assertTrue(j <= 1.01 * jStar, "natural gradient ended at J = " + j + ", more than 1% above J* = " + jStar);
  }

  @Test
  void badSettingsFailFast() {
    EstimatorConfig config = CartPoleLinearDso.optimizer().batch(10).config();
    LinearBaseline b = new LinearBaseline(Features.quadratic(4, 0), 1e-6);
    IllegalArgumentException clip = assertThrows(IllegalArgumentException.class, () -> new ProximalChainOptimization(
        CartPoleLinearDso.factory(), config, 0, 4, 2, 0.05, StepRule.adam(0.05), b, null));
    assertEquals("clip ε = 0.0 must be positive; PPO's usual value is 0.2", clip.getMessage());
    IllegalArgumentException mb = assertThrows(IllegalArgumentException.class, () -> new ProximalChainOptimization(
        CartPoleLinearDso.factory(), config, 0.2, 4, 20, 0.05, StepRule.adam(0.05), b, null));
    assertEquals("20 minibatches need at least that many rollouts; batch is 10", mb.getMessage());
    IllegalArgumentException kl = assertThrows(IllegalArgumentException.class, () -> new NaturalGradient(
        CartPoleLinearDso.factory(), config, 0, 1e-3, 10, b, null, null, null));
    assertEquals("KL step δ = 0.0 must be positive", kl.getMessage());
    IllegalArgumentException damping = assertThrows(IllegalArgumentException.class, () -> new NaturalGradient(
        CartPoleLinearDso.factory(), config, 0.01, -1, 10, b, null, null, null));
    assertEquals("damping λ = -1.0 must be >= 0", damping.getMessage());
  }
}
