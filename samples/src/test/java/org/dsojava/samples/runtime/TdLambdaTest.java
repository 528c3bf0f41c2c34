package org.dsojava.samples.runtime;

import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fitting V̂ to TD(λ) targets changes the baseline, never the expectation: Algorithm 1 with a
 * TD(λ)-fitted baseline still estimates the exact LQR gradient (finite differences of the exact J(K)).
 * Tolerance: 5 standard errors of the mean of 6 independent batches, the SE taken from their spread.
 */
class TdLambdaTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.7})
  void tdLambdaBaselineLeavesTheGradientUnbiased(double lambda) {
    double[] k = {0.8, 0.9};
    double[] exact = LqrGradientCheck.exactGradient(k);
    EstimatorConfig config = LqrDso.optimizer().batch(5000).threads(2).randomTermination(true).tdLambda(lambda).config();
    LinearBaseline baseline = new LinearBaseline(Features.quadratic(2, 0), 1e-6);
    int reps = 6;
    double[][] g = new double[reps][];
    try (GradientEstimator estimator = new GradientEstimator(LqrDso.factory(), config)) {
      estimator.estimate(k, 0, baseline, 0); // fits V̂ for the measured batches
      for (int r = 0; r < reps; r++) {
        Estimate e = estimator.estimate(k, r + 1, baseline, 0);
        g[r] = e.gradient();
      }
    }
    LqrGradientCheck.assertMeanNear(String.format("λ = %.1f", lambda), g, exact, 1e-3);
  }
}
