package org.dsojava.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsojava.runtime.Rng;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleLinearKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-step cost of the CartPole-v1 kernels: one transition per invocation (and, where named, the fused
 * gradient g += wL·∇L + wP·∇ln P of Algorithm 1), resetting with {@code initialState} when the state is
 * terminal or the 500-step horizon is reached. The reset logic is the same in every benchmark.
 *
 * <ul>
 *   <li>{@code linearGeneratedSample}: generated {@code CartPoleLinearKernel.sample};</li>
 *   <li>{@code linearGeneratedSampleGradient}: generated {@code sample} + {@code accumulateGradient};</li>
 *   <li>{@code linearHandSampleGradient}: {@link HandWrittenCartPole#sample} +
 *       {@link HandWrittenCartPole#accumulateGradient}, the same two calls written by hand;</li>
 *   <li>{@code linearHandFused}: {@link HandWrittenCartPole#sampleAndAccumulate}, the two fused (one
 *       {@code exp} per step) — a bound for when the gradient weight is known at the step;</li>
 *   <li>{@code linearHipparchusSampleGradient}: generated {@code sample} + {@link HipparchusCartPole}'s
 *       forward-mode gradient, the usual JVM way to differentiate a model.</li>
 * </ul>
 * The MLP policy has its own class, {@link CartPoleMlpBenchmark}.
 *
 * <p>Run with {@code bash benchmarks/run.sh} (never in CI).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CartPoleBenchmark {
  static final int HORIZON = 500;

  /** A stabilizing linear policy, so episodes are long (mostly cut by the horizon). */
  static final double[] STABLE_THETA = {0.0, 0.0, 10.0, 2.0, 0.0};

  // Not final: the JIT must not constant-fold the weights.
  double wL = 1.0;
  /** Stands in for a rollout's (negative) return, the ln P weight of Algorithm 1. */
  double wP = -250.0;

  CartPoleLinearKernel linear;
  double[] linearTheta;
  double[] linearG;

  Rng rng;
  double[] x;
  double[] next;
  double[] draws;
  int t;

  @Setup(Level.Trial)
  public void setUp() {
    linear = CartPoleLinearDso.kernel();
    linearTheta = STABLE_THETA.clone();
    linearG = new double[linear.paramCount()];
    rng = new Rng(2025L, 0L);
    x = new double[4];
    next = new double[4];
    draws = new double[1];
    linear.initialState(linearTheta, 0, rng, x);
    t = 0;
  }

  /** x ← next; reset when terminal or at the horizon. */
  private void advanceGenerated(CartPoleLinearKernel k, double[] theta) {
    double[] tmp = x;
    x = next;
    next = tmp;
    if (++t >= HORIZON || k.terminal(x, t, 0)) {
      k.initialState(theta, 0, rng, x);
      t = 0;
    }
  }

  private void advanceHand() {
    double[] tmp = x;
    x = next;
    next = tmp;
    if (++t >= HORIZON || HandWrittenCartPole.terminal(x)) {
      HandWrittenCartPole.initialState(rng, x);
      t = 0;
    }
  }

  @Benchmark
  public double linearGeneratedSample() {
    linear.sample(linearTheta, x, t, 0, rng, draws, next);
    advanceGenerated(linear, linearTheta);
    return x[0];
  }

  @Benchmark
  public double linearGeneratedSampleGradient() {
    linear.sample(linearTheta, x, t, 0, rng, draws, next);
    linear.accumulateGradient(linearTheta, x, t, 0, draws, wL, wP, linearG);
    advanceGenerated(linear, linearTheta);
    return x[0];
  }

  @Benchmark
  public double linearHandSampleGradient() {
    HandWrittenCartPole.sample(linearTheta, x, rng, draws, next);
    HandWrittenCartPole.accumulateGradient(linearTheta, x, draws, wL, wP, linearG);
    advanceHand();
    return x[0];
  }

  @Benchmark
  public double linearHandFused() {
    HandWrittenCartPole.sampleAndAccumulate(linearTheta, x, rng, wP, draws, next, linearG);
    advanceHand();
    return x[0];
  }

  @Benchmark
  public double linearHipparchusSampleGradient() {
    linear.sample(linearTheta, x, t, 0, rng, draws, next);
    HipparchusCartPole.accumulateGradient(linearTheta, x, draws, wL, wP, linearG);
    advanceGenerated(linear, linearTheta);
    return x[0];
  }
}
