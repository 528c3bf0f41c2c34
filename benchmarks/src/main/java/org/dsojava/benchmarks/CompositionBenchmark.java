package org.dsojava.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleLinearInlineDso;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.CartPoleMlpInlineDso;
import org.dsojava.samples.PendulumMlpDso;
import org.dsojava.samples.PendulumMlpInlineDso;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Composed samples (built from parts: {@code CartPolePhysics}, the library's {@code Mlp} and
 * {@code GaussianHead}) against the same models written inline (the samples before parts, kept as the
 * samples' test fixtures {@code *Inline}, from its test jar): one step of Algorithm 1's per-step work, {@code sample} + {@code accumulateGradient}, per
 * invocation, resetting at terminal states and at the horizon. Same θ (initialParams(42)), same random
 * stream. Run: {@code java -jar benchmarks/target/benchmarks.jar CompositionBenchmark -f 2}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CompositionBenchmark {
  @Param({"CartPoleLinear", "CartPoleMlp", "PendulumMlp"})
  String model;

  double wL = 1.0;
  double wP = -100.0;

  ChainKernel composed;
  ChainKernel inline;
  double[] theta;
  double[] g;
  Rng rng;
  double[] x;
  double[] next;
  double[] draws;
  int t;

  @Setup(Level.Trial)
  public void setUp() {
    switch (model) {
      case "CartPoleLinear" -> {
        composed = CartPoleLinearDso.kernel();
        inline = CartPoleLinearInlineDso.kernel();
      }
      case "CartPoleMlp" -> {
        composed = CartPoleMlpDso.kernel();
        inline = CartPoleMlpInlineDso.kernel();
      }
      default -> {
        composed = PendulumMlpDso.kernel();
        inline = PendulumMlpInlineDso.kernel();
      }
    }
    theta = new double[composed.paramCount()];
    composed.initialParams(42L, theta);
    g = new double[composed.paramCount()];
    rng = new Rng(2025L, 0L);
    x = new double[composed.stateDim()];
    next = new double[composed.stateDim()];
    draws = new double[composed.drawCount()];
    composed.initialState(theta, 0, rng, x);
    t = 0;
  }

  private void advance(ChainKernel k) {
    double[] tmp = x;
    x = next;
    next = tmp;
    if (++t >= k.horizon() || k.terminal(x, t, 0)) {
      k.initialState(theta, 0, rng, x);
      t = 0;
    }
  }

  @Benchmark
  public double composedSampleGradient() {
    composed.sample(theta, x, t, 0, rng, draws, next);
    composed.accumulateGradient(theta, x, t, 0, draws, wL, wP, g);
    advance(composed);
    return x[0];
  }

  @Benchmark
  public double inlineSampleGradient() {
    inline.sample(theta, x, t, 0, rng, draws, next);
    inline.accumulateGradient(theta, x, t, 0, draws, wL, wP, g);
    advance(inline);
    return x[0];
  }
}
