package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.ValueBaseline;
import org.junit.jupiter.api.Test;

/**
 * The rollout index n reaches the model (domain randomization, rollout-specific Pⁿ): the estimator's J
 * and ∇J match the exact values of the n-averaged objective, which differ from any single chain's.
 * N = 60 000 rollouts (n = 0..59 999, so every residue class is equally represented). Without a
 * baseline the per-rollout gradient γ·(x₁ − a x₀)x₀/σₙ²·x₁² has variance ≈ γ²a⁴/σₙ² on odd n, about
 * 4.4 averaged over n: SE ≈ 2.1/√N ≈ 0.009, and 0.05 is about 6 SE. J's per-rollout std is below 1.
 */
class DomainRandomizationTest {
  @Test
  void estimatorAveragesOverRolloutSpecificChains() {
    double a = 0.7;
    double gamma = 0.9;
    // mean over n of x₀² = 1/2 (x₀ = n mod 2); mean of σₙ² = 0.01·(1 + 4 + 9)/3.
    double meanSigma2 = 0.01 * (1 + 4 + 9) / 3.0;
    double exactJ = 0.5 + gamma * (a * a * 0.5 + meanSigma2);
    double exactGrad = gamma * 2 * a * 0.5;
    EstimatorConfig config = RandomizedDso.optimizer().batch(60_000).threads(2).config();
    try (GradientEstimator estimator = new GradientEstimator(RandomizedDso.factory(), config)) {
      Estimate e = estimator.estimate(new double[] {a}, 0, ValueBaseline.none(), 0);
      assertEquals(exactJ, e.meanCost(), 0.02, "J");
      assertEquals(exactGrad, e.gradient()[0], 0.05, "∂J/∂a");
      assertEquals(120_000, e.envSteps(), "horizon 2: two transitions per rollout");
    }
  }
}
