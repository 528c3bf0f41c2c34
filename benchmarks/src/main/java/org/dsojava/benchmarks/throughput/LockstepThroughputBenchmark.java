package org.dsojava.benchmarks.throughput;

import java.util.concurrent.TimeUnit;
import org.dsojava.benchmarks.models.Lqr10Dso;
import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.ValueBaseline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Env steps per second of a whole Algorithm 1 iteration ({@link GradientEstimator#estimate}, the default
 * quadratic linear baseline) with rollouts one at a time ({@code lanes = 0}, the scheduler's two
 * interleaved rollouts per thread) and K rollouts per thread in lockstep through the generated lockstep
 * kernel ({@code lanes = K}), 1 and 2 threads, for CartPole-linear, CartPole-MLP, Pendulum-MLP and LQR-10
 * (issue 19). Both compute the same estimate bit for bit ({@code LockstepEstimatorTest}). The
 * {@code envSteps} row is the rate. The forks have {@code jdk.incubator.vector}, so the lockstep kernels'
 * tanh lanes run through the Vector API ({@code LaneMath}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LockstepThroughputBenchmark {
  @Param({"linear", "mlp", "pendulum", "lqr10"})
  public String model;

  @Param({"0", "16", "32"})
  public int lanes;

  @Param({"1", "2"})
  public int threads;

  @Param({"64"})
  public int batch;

  GradientEstimator estimator;
  ValueBaseline baseline;
  double[] theta;
  int iteration;

  static KernelFactory factory(String model) {
    return model.equals("lqr10") ? Lqr10Dso.factory() : EstimatorThroughputBenchmark.factory(model);
  }

  @Setup(Level.Trial)
  public void setUp() {
    var k = factory(model).create();
    EstimatorConfig config = new EstimatorConfig(k.setting(), k.discount(), k.horizon(), false, batch, threads, 7L, 0,
        1e8, 1.0);
    baseline = EstimatorThroughputBenchmark.baseline("quadratic", k.stateDim(), k.horizon(),
        k.setting() == org.dsojava.annotations.Setting.TIME_VARYING);
    estimator = new GradientEstimator(factory(model), config, lanes);
    theta = model.equals("lqr10") ? Lqr10Dso.initialParams(42L) : EstimatorThroughputBenchmark.theta(model);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    estimator.close();
  }

  /** One Algorithm 1 iteration: batch {@code iteration} at θ, then the baseline refit. */
  @Benchmark
  public Estimate estimate(EstimatorThroughputBenchmark.Counters counters) {
    Estimate e = estimator.estimate(theta, iteration++, baseline, 0.0);
    counters.envSteps += e.envSteps();
    return e;
  }
}
