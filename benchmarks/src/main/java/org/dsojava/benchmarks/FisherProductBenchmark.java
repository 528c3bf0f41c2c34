package org.dsojava.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Batch;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.SampleCurvature;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.PendulumMlpDso;
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
 * One bottleneck Fisher–vector product JᵀF_ηJv (eq. 73) over a Pendulum-MLP batch of 8 rollouts × 200 steps,
 * as the natural gradient's CG steps need it: re-evaluating μ and F_η every time ({@code perProduct}, the
 * old way) against F_η assembled once per batch ({@code assembledProduct}), and the assembly itself
 * ({@code assemble}, once per batch). Run: {@code java -jar benchmarks/target/benchmarks.jar FisherProductBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FisherProductBenchmark {
  ChainKernel kernel;
  Batch batch;
  SampleCurvature.BottleneckFisher assembled;
  double[] v;
  double[] out;

  @Setup(Level.Trial)
  public void setUp() {
    kernel = PendulumMlpDso.kernel();
    double[] theta = PendulumMlpDso.initialParams(42);
    try (GradientEstimator e = new GradientEstimator(PendulumMlpDso.factory(),
        PendulumMlpDso.optimizer().batch(8).threads(1).config())) {
      batch = e.sample(theta, 0, ValueBaseline.none(), 0);
    }
    assembled = new SampleCurvature.BottleneckFisher(batch, kernel);
    Rng rng = new Rng(3);
    v = new double[theta.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.gaussian();
    }
    out = new double[theta.length];
  }

  @Benchmark
  public double[] perProduct() {
    SampleCurvature.bottleneckFisherVector(batch, kernel, v, out);
    return out;
  }

  @Benchmark
  public double[] assembledProduct() {
    assembled.apply(kernel, v, out);
    return out;
  }

  @Benchmark
  public Object assemble() {
    return new SampleCurvature.BottleneckFisher(batch, kernel);
  }
}
