package org.dsojava.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsojava.benchmarks.models.Lqr10Dso;
import org.dsojava.benchmarks.models.Lqr10Kernel;
import org.dsojava.runtime.Rng;
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
 * Per-step cost of the 10-state, 3-control LQR ({@link org.dsojava.benchmarks.models.Lqr10}, 30 gain
 * parameters, θ = {@link #gain()}): one transition per invocation (and, where named, the gradient
 * g += wL·∇L + wP·∇ln P of Algorithm 1), resetting with {@code initialState} at the 200-step horizon (no
 * terminal states).
 *
 * <ul>
 *   <li>{@code generatedSample}: generated {@code Lqr10Kernel.sample};</li>
 *   <li>{@code generatedSampleGradient}: generated {@code sample} + {@code accumulateGradient};</li>
 *   <li>{@code handSample}: the hand-written {@code sample} alone (splits the gap between sampling and
 *       gradient);</li>
 *   <li>{@code handSampleGradient}: {@link HandWrittenLqr10}, the same two calls written by hand;</li>
 *   <li>{@code hipparchusSampleGradient}: generated {@code sample} + {@link HipparchusLqr10} (forward mode
 *       over the 30 gains).</li>
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
public class Lqr10Benchmark {
  static final int HORIZON = 200;

  // Not final: the JIT must not constant-fold the weights.
  double wL = 1.0;
  /** Stands in for a rollout's (negative) return, the ln P weight of Algorithm 1. */
  double wP = -50.0;

  Lqr10Kernel kernel;
  double[] theta;
  double[] g;

  Rng rng;
  double[] x;
  double[] next;
  double[] draws;
  int t;

  /** A PD gain: control c pushes mass 2c back with position gain 1 and velocity gain 0.5. */
  static double[] gain() {
    double[] k = new double[30];
    for (int c = 0; c < 3; c++) {
      k[c * 10 + 4 * c] = 1.0;
      k[c * 10 + 4 * c + 1] = 0.5;
    }
    return k;
  }

  @Setup(Level.Trial)
  public void setUp() {
    kernel = Lqr10Dso.kernel();
    theta = gain();
    g = new double[kernel.paramCount()];
    rng = new Rng(2025L, 0L);
    x = new double[10];
    next = new double[10];
    draws = new double[kernel.drawCount()];
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
      HandWrittenLqr10.initialState(rng, x);
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
    HandWrittenLqr10.sample(theta, x, rng, draws, next);
    advanceHand();
    return x[0];
  }

  @Benchmark
  public double handSampleGradient() {
    HandWrittenLqr10.sample(theta, x, rng, draws, next);
    HandWrittenLqr10.accumulateGradient(theta, x, draws, wL, wP, g);
    advanceHand();
    return x[0];
  }

  @Benchmark
  public double hipparchusSampleGradient() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    HipparchusLqr10.accumulateGradient(theta, x, draws, wL, wP, g);
    advanceGenerated();
    return x[0];
  }
}
