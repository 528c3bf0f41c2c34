package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.reference.LqrReference;
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
    double[] exact = new double[2];
    double h = 1e-5;
    for (int i = 0; i < 2; i++) {
      double[] p = k.clone();
      p[i] += h;
      double[] m = k.clone();
      m[i] -= h;
      exact[i] = (LqrReference.exactJ(p) - LqrReference.exactJ(m)) / (2 * h);
    }
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
    for (int i = 0; i < 2; i++) {
      double mean = 0;
      for (double[] x : g) {
        mean += x[i] / reps;
      }
      double var = 0;
      for (double[] x : g) {
        var += (x[i] - mean) * (x[i] - mean) / (reps - 1);
      }
      double se = Math.sqrt(var / reps);
      System.out.printf("λ = %.1f: ∂J/∂K%d estimate %.4f ± %.4f, exact %.4f%n", lambda, i, mean, se, exact[i]);
      assertTrue(Math.abs(mean - exact[i]) <= 5 * se + 1e-3 * Math.abs(exact[i]),
          "component " + i + ": " + mean + " vs exact " + exact[i] + " (SE " + se + ")");
    }
  }
}
