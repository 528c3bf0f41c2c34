package org.dsojava.benchmarks.throughput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.ValueBaseline;
import org.junit.jupiter.api.Test;

/**
 * The throughput benchmark's estimator: the same batches give bit-identical gradients, costs and
 * baseline fits with 1 and 2 threads (threads take rollouts dynamically, and the linear baseline is
 * fitted from per-rollout statistics summed in rollout order); and the linear baseline's parallel
 * statistics path fits what the generic {@link ValueBaseline#fit} path fits.
 */
class EstimatorThreadsTest {
  private static Estimate[] run(String model, String baseline, int threads, int iterations) {
    EstimatorConfig config = EstimatorThroughputBenchmark.config(model, 24, threads);
    var k = EstimatorThroughputBenchmark.factory(model).create();
    ValueBaseline v = EstimatorThroughputBenchmark.baseline(baseline, k.stateDim(), k.horizon(),
        k.setting() == org.dsojava.annotations.Setting.TIME_VARYING);
    double[] theta = EstimatorThroughputBenchmark.theta(model);
    Estimate[] out = new Estimate[iterations];
    try (GradientEstimator e = new GradientEstimator(EstimatorThroughputBenchmark.factory(model), config)) {
      for (int i = 0; i < iterations; i++) {
        out[i] = e.estimate(theta, i, v, 0.0);
      }
    }
    return out;
  }

  @Test
  void oneAndTwoThreadsGiveTheSameEstimates() {
    for (String model : new String[] {"linear", "hand", "pendulum"}) {
      for (String baseline : new String[] {"quadratic", "none"}) {
        int iterations = model.equals("pendulum") ? 2 : 4;
        Estimate[] one = run(model, baseline, 1, iterations);
        Estimate[] two = run(model, baseline, 2, iterations);
        for (int i = 0; i < iterations; i++) {
          String what = model + "/" + baseline + " iteration " + i;
          assertArrayEquals(one[i].gradient(), two[i].gradient(), 0.0, what);
          assertEquals(one[i].meanCost(), two[i].meanCost(), 0.0, what);
          assertEquals(one[i].envSteps(), two[i].envSteps(), what);
          assertArrayEquals(one[i].rolloutCosts(), two[i].rolloutCosts(), 0.0, what);
          assertArrayEquals(one[i].rolloutSteps(), two[i].rolloutSteps(), what);
        }
      }
    }
  }

  /**
   * A thread steps two rollouts in turn: with batch 2 both rollouts of an iteration share a thread and
   * interleave; with batch 1 each runs alone (iteration 2k + j of batch 1 draws stream 2k + j, as rollout
   * j of iteration k of batch 2 does). The per-rollout returns, lengths and gradients must be the same.
   */
  @Test
  void interleavedRolloutsComputeWhatEachComputesAlone() {
    for (String model : new String[] {"linear", "mlp"}) {
      var factory = EstimatorThroughputBenchmark.factory(model);
      var k = factory.create();
      EstimatorConfig pairs = new EstimatorConfig(k.setting(), k.discount(), k.horizon(), false, 2, 1, 7L, 0, 1e8, 1.0);
      EstimatorConfig single = new EstimatorConfig(k.setting(), k.discount(), k.horizon(), false, 1, 1, 7L, 0, 1e8, 1.0);
      double[] theta = EstimatorThroughputBenchmark.theta(model);
      try (GradientEstimator a = new GradientEstimator(factory, pairs);
          GradientEstimator b = new GradientEstimator(factory, single)) {
        for (int it = 0; it < 5; it++) {
          Estimate both = a.estimate(theta, it, ValueBaseline.none(), 0.0);
          Estimate first = b.estimate(theta, 2 * it, ValueBaseline.none(), 0.0);
          Estimate second = b.estimate(theta, 2 * it + 1, ValueBaseline.none(), 0.0);
          String what = model + " iteration " + it;
          assertEquals(first.rolloutSteps()[0], both.rolloutSteps()[0], what);
          assertEquals(second.rolloutSteps()[0], both.rolloutSteps()[1], what);
          assertEquals(first.rolloutCosts()[0], both.rolloutCosts()[0], 0.0, what);
          assertEquals(second.rolloutCosts()[0], both.rolloutCosts()[1], 0.0, what);
          double[] mean = new double[theta.length];
          for (int i = 0; i < mean.length; i++) {
            mean[i] = (first.gradient()[i] + second.gradient()[i]) / 2;
          }
          assertArrayEquals(mean, both.gradient(), 0.0, what);
        }
      }
    }
  }

  @Test
  void parallelBaselineStatisticsFitWhatTheGenericPathFits() {
    var k = EstimatorThroughputBenchmark.factory("linear").create();
    ValueBaseline fast = EstimatorThroughputBenchmark.baseline("quadratic", k.stateDim(), 0, false);
    ValueBaseline inner = EstimatorThroughputBenchmark.baseline("quadratic", k.stateDim(), 0, false);
    // Not a LinearBaseline, so the estimator hands it the batch's samples in one fit call.
    ValueBaseline generic = new ValueBaseline() {
      @Override
      public double value(double[] x, int t) {
        return inner.value(x, t);
      }

      @Override
      public void fit(double[][] states, int[] steps, double[] targets, int count) {
        inner.fit(states, steps, targets, count);
      }
    };
    EstimatorConfig config = EstimatorThroughputBenchmark.config("linear", 24, 2);
    double[] theta = EstimatorThroughputBenchmark.theta("linear");
    try (GradientEstimator a = new GradientEstimator(EstimatorThroughputBenchmark.factory("linear"), config);
        GradientEstimator b = new GradientEstimator(EstimatorThroughputBenchmark.factory("linear"), config)) {
      for (int i = 0; i < 4; i++) {
        Estimate ea = a.estimate(theta, i, fast, 0.0);
        Estimate eb = b.estimate(theta, i, generic, 0.0);
        double scale = 0;
        for (double g : eb.gradient()) {
          scale = Math.max(scale, Math.abs(g));
        }
        assertTrue(scale > 0);
        // Same samples, same normal equations; only the summation order differs.
        assertArrayEquals(eb.gradient(), ea.gradient(), 1e-9 * scale, "iteration " + i);
        double[] x = {0.1, -0.2, 0.03, 0.4};
        assertEquals(inner.value(x, 0), fast.value(x, 0), 1e-9 * Math.max(1, Math.abs(inner.value(x, 0))));
      }
    }
  }
}
