package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.api.Test;

/**
 * The optional GAE-style gradient ({@code gae}): off by default; with λ = 1 it is Algorithm 1 bit for
 * bit; with λ &lt; 1 it changes the estimate, and where V̂ can be exact (LQR, quadratic features, V̂
 * refitted on 40 batches first, so the fitted TD(λ) iteration has converged) it still estimates the
 * exact gradient closely. The LQR runs are cut at its horizon of 200 (γ^200 ≈ 3.5e−5), not randomly
 * terminated: with random termination the TD(λ) targets bootstrap V̂(x_{t+1}) after x_{t+1} is known
 * to have survived its coin flip, which V̂ (fitted to all states) underestimates, so there the fitted
 * V̂ drifts low (harmless for Algorithm 1's unbiased baseline, a bias for GAE).
 */
class GaeTest {
  private static double[][] gradients(double lambda, boolean gae, int warmUp, int reps, int batch) {
    double[] k = {0.8, 0.9};
    EstimatorConfig config = LqrDso.optimizer().batch(batch).threads(2).tdLambda(lambda)
        .gae(gae).config();
    LinearBaseline baseline = new LinearBaseline(Features.quadratic(2, 0), 1e-6);
    double[][] g = new double[reps][];
    try (GradientEstimator estimator = new GradientEstimator(LqrDso.factory(), config)) {
      for (int w = 0; w < warmUp; w++) {
        estimator.estimate(k, w, baseline, 0);
      }
      for (int r = 0; r < reps; r++) {
        g[r] = estimator.estimate(k, warmUp + r, baseline, 0).gradient();
      }
    }
    return g;
  }

  @Test
  void offByDefault() {
    assertFalse(LqrDso.optimizer().config().gae());
  }

  @Test
  void withLambdaOneItIsAlgorithmOne() {
    double[][] on = gradients(1.0, true, 1, 2, 200);
    double[][] off = gradients(1.0, false, 1, 2, 200);
    for (int r = 0; r < on.length; r++) {
      assertArrayEquals(off[r], on[r], 0.0);
    }
  }

  @Test
  void withLambdaBelowOneItChangesTheEstimate() {
    double[][] on = gradients(0.5, true, 1, 1, 200);
    double[][] off = gradients(0.5, false, 1, 1, 200);
    assertFalse(Arrays.equals(on[0], off[0]));
  }

  @Test
  void withAnAccurateBaselineItIsCloseToTheExactGradient() {
    double[] k = {0.8, 0.9};
    double[] exact = LqrGradientCheck.exactGradient(k);
    int reps = 6;
    double[][] g = gradients(0.7, true, 40, reps, 5000);
    LqrGradientCheck.assertMeanNear("GAE λ = 0.7", g, exact, 0.05);
  }
}
