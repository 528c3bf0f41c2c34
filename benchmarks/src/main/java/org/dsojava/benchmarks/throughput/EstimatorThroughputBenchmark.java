package org.dsojava.benchmarks.throughput;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dsojava.benchmarks.HandWrittenCartPole;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Estimate;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.PendulumMlpDso;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Batch throughput of one whole Algorithm 1 iteration ({@link GradientEstimator#estimate}: rollouts,
 * the backward gradient recursion with the baseline at the mean next state, and the baseline fit) with 1
 * and 2 sampling threads. The {@code envSteps} counter is the rate that matters: env steps per second.
 *
 * <ul>
 *   <li>{@code model}: {@code linear} (generated CartPole-linear kernel, θ = (0, 0, 10, 2, 0), which
 *       balances for hundreds of steps), {@code hand} (the same chain through {@link HandCartPoleKernel},
 *       the hand-written kernel), {@code mlp} (generated CartPole-MLP, θ₀ = initialParams(42), short
 *       episodes), {@code pendulum} (generated Pendulum-v1 MLP, θ₀ = initialParams(42), 200 steps).</li>
 *   <li>{@code baseline}: {@code quadratic} (the default linear baseline on quadratic features: the full
 *       iteration) or {@code none} (V̂ ≡ 0: rollouts + gradient only).</li>
 *   <li>{@link #bareLoop}: the reference — a bare loop of {@code sample} + {@code accumulateGradient} per
 *       step over the same rollouts and threads, no trajectory storage, no backward pass, no baseline.
 *       Only for {@code linear} and {@code hand}.</li>
 * </ul>
 *
 * <p>Run through {@code bash benchmarks/throughput.sh} (never in CI).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EstimatorThroughputBenchmark {
  /** A linear policy that balances the pole for hundreds of steps under sampling. */
  public static final double[] STABLE_THETA = {0.0, 0.0, 10.0, 2.0, 0.0};

  @Param({"linear", "hand", "mlp", "pendulum"})
  public String model;

  @Param({"quadratic", "none"})
  public String baseline;

  @Param({"1", "2"})
  public int threads;

  /** Rollouts per iteration. */
  @Param({"64"})
  public int batch;

  GradientEstimator estimator;
  ValueBaseline valueBaseline;
  double[] theta;
  int iteration;
  EstimatorConfig config;
  ExecutorService pool;
  double[][] bareGradients;

  /** Env steps, reported by JMH as a rate (env steps per second, in the envSteps row). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long envSteps;

    @Setup(Level.Iteration)
    public void reset() {
      envSteps = 0;
    }
  }

  /** The kernel factory and θ of a {@code model} name. */
  public static KernelFactory factory(String model) {
    return switch (model) {
      case "linear" -> CartPoleLinearDso.factory();
      case "hand" -> HandCartPoleKernel::new;
      case "mlp" -> CartPoleMlpDso.factory();
      case "pendulum" -> PendulumMlpDso.factory();
      default -> throw new IllegalArgumentException("unknown model " + model);
    };
  }

  public static double[] theta(String model) {
    return switch (model) {
      case "linear", "hand" -> STABLE_THETA.clone();
      case "mlp" -> CartPoleMlpDso.initialParams(42L);
      case "pendulum" -> PendulumMlpDso.initialParams(42L);
      default -> throw new IllegalArgumentException("unknown model " + model);
    };
  }

  /** The estimator configuration: the model's own setting, γ and horizon. */
  public static EstimatorConfig config(String model, int batch, int threads) {
    var k = factory(model).create();
    return new EstimatorConfig(k.setting(), k.discount(), k.horizon(), false, batch, threads, 7L, 0, 1e8, 1.0);
  }

  public static ValueBaseline baseline(String name, int stateDim, int horizon, boolean timeVarying) {
    return switch (name) {
      case "quadratic" -> new LinearBaseline(Features.quadratic(stateDim, timeVarying ? horizon : 0), 1e-6);
      case "none" -> ValueBaseline.none();
      default -> throw new IllegalArgumentException("unknown baseline " + name);
    };
  }

  @Setup(Level.Trial)
  public void setUp() {
    config = config(model, batch, threads);
    var k = factory(model).create();
    valueBaseline = baseline(baseline, k.stateDim(), k.horizon(),
        k.setting() == org.dsojava.annotations.Setting.TIME_VARYING);
    estimator = new GradientEstimator(factory(model), config);
    theta = theta(model);
    pool = Executors.newFixedThreadPool(threads);
    bareGradients = new double[threads][];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    estimator.close();
    pool.shutdownNow();
  }

  /** One Algorithm 1 iteration: batch {@code iteration} at θ, then the baseline refit. */
  @Benchmark
  public Estimate estimate(Counters counters) {
    Estimate e = estimator.estimate(theta, iteration++, valueBaseline, 0.0);
    counters.envSteps += e.envSteps();
    return e;
  }

  /**
   * The same rollouts (same streams) as a bare loop: sample + accumulateGradient (constant weight) per
   * step, the kernel's cost and nothing else. Rollouts are split among threads as contiguous ranges.
   */
  @Benchmark
  public double bareLoop(Counters counters) throws Exception {
    if (!model.equals("linear") && !model.equals("hand")) {
      throw new IllegalStateException("bareLoop is for the CartPole-linear kernels only");
    }
    int it = iteration++;
    @SuppressWarnings("unchecked")
    Future<Long>[] futures = new Future[threads];
    for (int w = 0; w < threads; w++) {
      int from = w * batch / threads;
      int to = (w + 1) * batch / threads;
      futures[w] = pool.submit(() -> bare(it, from, to));
    }
    long steps = 0;
    for (Future<Long> f : futures) {
      steps += f.get();
    }
    counters.envSteps += steps;
    return steps;
  }

  private long bare(int it, int from, int to) {
    var k = factory(model).create();
    Rng rng = new Rng(0L);
    double[] x = new double[4];
    double[] next = new double[4];
    double[] draws = new double[1];
    double[] g = new double[5];
    long steps = 0;
    for (int n = from; n < to; n++) {
      rng.reseed(config.seed(), (long) it * batch + n);
      k.initialState(theta, n, rng, x);
      int t = 0;
      while (t < HandWrittenCartPole.HORIZON && !k.terminal(x, t, n)) {
        k.sample(theta, x, t, n, rng, draws, next);
        k.accumulateGradient(theta, x, t, n, draws, 1.0, -250.0, g);
        double[] tmp = x;
        x = next;
        next = tmp;
        t++;
      }
      steps += t;
    }
    return steps + (long) (g[0] * 0); // keep g alive
  }
}
