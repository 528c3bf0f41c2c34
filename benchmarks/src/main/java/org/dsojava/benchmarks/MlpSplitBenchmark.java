package org.dsojava.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsojava.benchmarks.models.MlpFlatDso;
import org.dsojava.benchmarks.models.MlpLoopsDso;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
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
 * Issue 12 (size cliffs): the 4 → 64 → 64 → 1 tanh MLP written out statement by statement
 * ({@code models/MlpFlat}, whose generated methods the processor splits into private parts of at most
 * ~7000 bytes, locals crossing parts held in fields) against the same model written with loops
 * ({@code models/MlpLoops}, unsplit). Both compute bit-identical results. One transition per invocation
 * ({@code sample}), or a transition plus the gradient of Algorithm 1 ({@code sampleGradient}), or a
 * transition plus an HVP ({@code sampleHvp}); reset every 200 steps.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * MlpSplitBenchmark -f 1} (about 2 minutes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MlpSplitBenchmark {
  static final int HORIZON = 200;

  @Param({"flat", "loops"})
  public String form;

  double wL = 1.0;
  double wP = -50.0;

  ChainKernel kernel;
  double[] theta;
  double[] g;
  double[] v;
  double[] out;
  Rng rng;
  double[] x;
  double[] next;
  double[] draws;
  int t;

  @Setup(Level.Trial)
  public void setUp() {
    kernel = form.equals("flat") ? MlpFlatDso.kernel() : MlpLoopsDso.kernel();
    theta = form.equals("flat") ? MlpFlatDso.initialParams(42L) : MlpLoopsDso.initialParams(42L);
    g = new double[kernel.paramCount()];
    out = new double[kernel.paramCount()];
    v = new double[kernel.paramCount()];
    Rng r = new Rng(7L, 0L);
    for (int i = 0; i < v.length; i++) {
      v[i] = r.gaussian();
    }
    rng = new Rng(2025L, 0L);
    x = new double[4];
    next = new double[4];
    draws = new double[kernel.drawCount()];
    kernel.initialState(theta, 0, rng, x);
    t = 0;
  }

  private void advance() {
    double[] tmp = x;
    x = next;
    next = tmp;
    if (++t == HORIZON) {
      kernel.initialState(theta, 0, rng, x);
      t = 0;
    }
  }

  @Benchmark
  public double sample() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    advance();
    return x[0];
  }

  @Benchmark
  public double sampleGradient() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    kernel.accumulateGradient(theta, x, t, 0, draws, wL, wP, g);
    advance();
    return g[0];
  }

  @Benchmark
  public double sampleHvp() {
    kernel.sample(theta, x, t, 0, rng, draws, next);
    kernel.hvp(theta, x, t, 0, draws, wL, wP, v, out);
    advance();
    return out[0];
  }
}
