package org.dsojava.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsojava.runtime.Rng;
import org.dsojava.samples.PendulumMlpDso;
import org.dsojava.samples.PendulumMlpKernel;
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
 * Per-step cost of Pendulum-v1 under the Gaussian 3 → 64 tanh → 64 tanh → 1 policy ({@code PendulumMlp},
 * 4482 parameters, θ = initialParams(42)): one transition per invocation (and, where named, the gradient
 * g += wL·∇L + wP·∇ln P of Algorithm 1), resetting with {@code initialState} at the 200-step horizon
 * (Pendulum has no terminal states).
 *
 * <ul>
 *   <li>{@code generatedSample}: generated {@code PendulumMlpKernel.sample};</li>
 *   <li>{@code generatedSampleGradient}: generated {@code sample} + {@code accumulateGradient};</li>
 *   <li>{@code handSample}: the hand-written {@code sample} alone (splits the gap between sampling and
 *       gradient);</li>
 *   <li>{@code handSampleGradient}: {@link HandWrittenPendulumMlp}, the same two calls written by hand;</li>
 *   <li>{@code hipparchusSampleGradient}: generated {@code sample} + {@link HipparchusPendulumMlp}
 *       (forward mode over all 4482 θ entries: milliseconds per step, hence longer, fewer iterations).</li>
 * </ul>
 *
 * <p>Run with {@code bash benchmarks/run.sh} (never in CI).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PendulumMlpBenchmark {
  static final int HORIZON = 200;

  // Not final: the JIT must not constant-fold the weights.
  double wL = 1.0;
  /** Stands in for a rollout's (negative) return, the ln P weight of Algorithm 1. */
  double wP = -800.0;

  PendulumMlpKernel kernel;
  HandWrittenPendulumMlp hand;
  double[] theta;
  double[] g;

  Rng rng;
  double[] x;
  double[] next;
  double[] draws;
  int t;

  @Setup(Level.Trial)
  public void setUp() {
    kernel = PendulumMlpDso.kernel();
    hand = new HandWrittenPendulumMlp();
    theta = PendulumMlpDso.initialParams(42L);
    g = new double[kernel.paramCount()];
    rng = new Rng(2025L, 0L);
    x = new double[3];
    next = new double[3];
    draws = new double[1];
    kernel.initialState(theta, 0, rng, x);
    t = 0;
  }

  /** x ← next; reset at the horizon. */
  private void advanceGenerated() {
    double[] tmp = x;
    x = next;
    next = tmp;
    if (++t >= HORIZON) {
      kernel.initialState(theta, 0, rng, x);
      t = 0;
    }
  }

  private void advanceHand() {
    double[] tmp = x;
    x = next;
    next = tmp;
    if (++t >= HORIZON) {
      HandWrittenPendulumMlp.initialState(rng, x);
      t = 0;
    }
  }

  @Benchmark
  public double generatedSample() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    advanceGenerated();
    return x[0];
  }

  @Benchmark
  public double generatedSampleGradient() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    kernel.accumulateGradient(theta, x, t, 0, draws, wL, wP, g);
    advanceGenerated();
    return x[0];
  }

  @Benchmark
  public double handSample() {
    hand.sample(theta, x, rng, draws, next);
    advanceHand();
    return x[0];
  }

  @Benchmark
  public double handSampleGradient() {
    hand.sample(theta, x, rng, draws, next);
    hand.accumulateGradient(theta, x, draws, wL, wP, g);
    advanceHand();
    return x[0];
  }

  @Benchmark
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 3, time = 3)
  public double hipparchusSampleGradient() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    HipparchusPendulumMlp.accumulateGradient(theta, x, draws, wL, wP, g);
    advanceGenerated();
    return x[0];
  }
}
