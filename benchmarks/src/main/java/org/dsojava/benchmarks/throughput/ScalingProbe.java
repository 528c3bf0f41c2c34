package org.dsojava.benchmarks.throughput;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.ValueBaseline;

/**
 * A check of 1- vs 2-thread scaling that holds up on a shared machine: for the same estimator
 * iterations as {@link EstimatorThroughputBenchmark#estimate}, it reports env steps per wall second and
 * per CPU second of this process, alternating 1 and 2 threads in rounds. If the CPU seconds per env step
 * are the same with 2 threads as with 1 (no false sharing, no contention, no extra work) and the serial
 * part is small, the wall-clock ratio on two free cores is ≈ 2; a lower wall ratio with equal CPU cost
 * per step means the cores were not free.
 *
 * <p>Arguments: {@code model baseline [rounds [seconds]]} (defaults 3 rounds of 2 s per thread count).
 */
public final class ScalingProbe {
  private ScalingProbe() {}

  public static void main(String[] args) {
    String model = args[0];
    String baselineName = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 2.0;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var k = EstimatorThroughputBenchmark.factory(model).create();
    double[] theta = EstimatorThroughputBenchmark.theta(model);
    GradientEstimator[] estimators = new GradientEstimator[3];
    ValueBaseline[] baselines = new ValueBaseline[3];
    for (int t = 1; t <= 2; t++) {
      EstimatorConfig config = EstimatorThroughputBenchmark.config(model, 64, t);
      estimators[t] = new GradientEstimator(EstimatorThroughputBenchmark.factory(model), config);
      baselines[t] = EstimatorThroughputBenchmark.baseline(baselineName, k.stateDim(), k.horizon(),
          k.setting() == org.dsojava.annotations.Setting.TIME_VARYING);
    }
    int[] iteration = new int[3];
    // Warm-up: both thread counts, so the JIT has compiled everything before anything is measured.
    for (int t = 1; t <= 2; t++) {
      measure(estimators[t], baselines[t], theta, iteration, t, seconds, os);
    }
    System.out.printf(Locale.ROOT, "%-9s %-9s %5s %7s %16s %16s%n", "model", "baseline", "round", "threads",
        "env steps/s", "steps/CPU-s");
    for (int r = 1; r <= rounds; r++) {
      for (int t = 1; t <= 2; t++) {
        double[] m = measure(estimators[t], baselines[t], theta, iteration, t, seconds, os);
        System.out.printf(Locale.ROOT, "%-9s %-9s %5d %7d %16.0f %16.0f%n", model, baselineName, r, t, m[0], m[1]);
      }
    }
    for (int t = 1; t <= 2; t++) {
      estimators[t].close();
    }
  }

  private static double[] measure(GradientEstimator e, ValueBaseline b, double[] theta, int[] iteration, int t,
      double seconds, OperatingSystemMXBean os) {
    long steps = 0;
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    long end = wall0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      steps += e.estimate(theta, iteration[t]++, b, 0.0).envSteps();
    }
    double wall = (System.nanoTime() - wall0) * 1e-9;
    double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9;
    return new double[] {steps / wall, steps / cpu};
  }
}
