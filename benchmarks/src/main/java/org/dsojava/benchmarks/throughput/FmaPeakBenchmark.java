package org.dsojava.benchmarks.throughput;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The multiply-add peak one thread reaches from Java on this JVM, the yardstick for the kernels' achieved
 * GFLOP/s (issue 19, docs/FLOPS.md). The score is flops per nanosecond, i.e. GFLOP/s, a multiply-add
 * counting as 2 flops; the {@code fmas} row is the same rate in G multiply-adds/s (half the score).
 *
 * <ul>
 *   <li>{@code scalarFma}, {@code scalarMulAdd}: 12 independent scalar chains {@code a = fma(a, b, c)}
 *       (one fused instruction) and {@code a = a * b + c} (a multiply and an add: Java never contracts them
 *       into an FMA), enough chains to cover the FMA latency with the two FMA pipes;
 *   <li>{@code vectorFma}, {@code vectorMulAdd}: {@code y[i] = fma(y[i], b, x[i])} (resp. {@code y[i] * b +
 *       x[i]}) over 4 accumulator arrays of 1024 doubles (L1-resident), a loop C2's SuperWord vectorizes:
 *       one multiply-add per load of x and y and store of y, the shape of a kernel's layer loop;
 *   <li>{@code vectorFma8}: {@code y[i] = fma(…fma(y[i], b, c)…, b, c)} with 8 dependent FMAs per
 *       element and independent elements: vectorized and compute-bound, the SIMD peak reachable from Java;
 *   <li>{@code tanhCalls}: not flops but {@code Fdlibm.tanh} calls per nanosecond over 1024 arguments in
 *       [−3, 0.2] (the MLP kernels' activation, 128 calls per {@code sample}), to weigh the transcendental
 *       calls of docs/FLOPS.md against the flops.
 * </ul>
 *
 * <p>Per core; the machine's peak is this times the cores left free. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar FmaPeakBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBenchmark {
  /** Iterations of the scalar loop per invocation. */
  static final int STEPS = 4096;
  /** Independent scalar chains. */
  static final int CHAINS = 12;
  /** Length of each array (4 arrays of y, one of x: 40 KiB, L1 on Zen 4/5 is 32–48 KiB). */
  static final int N = 1024;
  /** Accumulator arrays in the vector loops. */
  static final int ARRAYS = 4;
  /** Dependent FMAs per element in {@link #vectorFma8}. */
  static final int DEPTH = 8;

  static final int SCALAR_FLOPS = 2 * STEPS * CHAINS;
  static final int VECTOR_FLOPS = 2 * N * ARRAYS;
  static final int VECTOR8_FLOPS = 2 * N * ARRAYS * DEPTH;

  // Fields, not constants, so C2 cannot fold them; |b| < 1 keeps every chain bounded (a → c / (1 − b)).
  double b = 0.999_999;
  double c = 1e-3;
  double[] x = new double[N];
  double[] y0 = new double[N];
  double[] y1 = new double[N];
  double[] y2 = new double[N];
  double[] y3 = new double[N];

  @Setup(Level.Trial)
  public void setUp() {
    for (int i = 0; i < N; i++) {
      x[i] = 1e-3 * (i % 7);
      y0[i] = 0.1 * (i % 3);
      y1[i] = 0.2 * (i % 5);
      y2[i] = 0.3 * (i % 11);
      y3[i] = 0.4 * (i % 13);
    }
  }

  /** Multiply-adds done, reported by JMH per nanosecond: G FMA/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long fmas;

    @Setup(Level.Iteration)
    public void reset() {
      fmas = 0;
    }
  }

  @Benchmark
  @OperationsPerInvocation(SCALAR_FLOPS)
  public double scalarFma(Counters k) {
    double b = this.b;
    double c = this.c;
    double a0 = 0.1;
    double a1 = 0.2;
    double a2 = 0.3;
    double a3 = 0.4;
    double a4 = 0.5;
    double a5 = 0.6;
    double a6 = 0.7;
    double a7 = 0.8;
    double a8 = 0.9;
    double a9 = 1.0;
    double a10 = 1.1;
    double a11 = 1.2;
    for (int s = 0; s < STEPS; s++) {
      a0 = Math.fma(a0, b, c);
      a1 = Math.fma(a1, b, c);
      a2 = Math.fma(a2, b, c);
      a3 = Math.fma(a3, b, c);
      a4 = Math.fma(a4, b, c);
      a5 = Math.fma(a5, b, c);
      a6 = Math.fma(a6, b, c);
      a7 = Math.fma(a7, b, c);
      a8 = Math.fma(a8, b, c);
      a9 = Math.fma(a9, b, c);
      a10 = Math.fma(a10, b, c);
      a11 = Math.fma(a11, b, c);
    }
    k.fmas += SCALAR_FLOPS / 2;
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  }

  @Benchmark
  @OperationsPerInvocation(SCALAR_FLOPS)
  public double scalarMulAdd(Counters k) {
    double b = this.b;
    double c = this.c;
    double a0 = 0.1;
    double a1 = 0.2;
    double a2 = 0.3;
    double a3 = 0.4;
    double a4 = 0.5;
    double a5 = 0.6;
    double a6 = 0.7;
    double a7 = 0.8;
    double a8 = 0.9;
    double a9 = 1.0;
    double a10 = 1.1;
    double a11 = 1.2;
    for (int s = 0; s < STEPS; s++) {
      a0 = a0 * b + c;
      a1 = a1 * b + c;
      a2 = a2 * b + c;
      a3 = a3 * b + c;
      a4 = a4 * b + c;
      a5 = a5 * b + c;
      a6 = a6 * b + c;
      a7 = a7 * b + c;
      a8 = a8 * b + c;
      a9 = a9 * b + c;
      a10 = a10 * b + c;
      a11 = a11 * b + c;
    }
    k.fmas += SCALAR_FLOPS / 2;
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  }

  static void fma(double[] y, double b, double[] x) {
    for (int i = 0; i < N; i++) {
      y[i] = Math.fma(y[i], b, x[i]);
    }
  }

  static void mulAdd(double[] y, double b, double[] x) {
    for (int i = 0; i < N; i++) {
      y[i] = y[i] * b + x[i];
    }
  }

  static void fma8(double[] y, double b, double c) {
    for (int i = 0; i < N; i++) {
      double v = y[i];
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      v = Math.fma(v, b, c);
      y[i] = v;
    }
  }

  @Benchmark
  @OperationsPerInvocation(VECTOR_FLOPS)
  public double vectorFma(Counters k) {
    fma(y0, b, x);
    fma(y1, b, x);
    fma(y2, b, x);
    fma(y3, b, x);
    k.fmas += VECTOR_FLOPS / 2;
    return y0[7] + y3[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(VECTOR_FLOPS)
  public double vectorMulAdd(Counters k) {
    mulAdd(y0, b, x);
    mulAdd(y1, b, x);
    mulAdd(y2, b, x);
    mulAdd(y3, b, x);
    k.fmas += VECTOR_FLOPS / 2;
    return y0[7] + y3[N - 1];
  }

  /** Calls of {@code Fdlibm.tanh} per nanosecond (not flops). */
  @Benchmark
  @OperationsPerInvocation(N)
  public double tanhCalls() {
    double[] x = this.y0;
    double s = 0;
    for (int i = 0; i < N; i++) {
      s += org.dsojava.runtime.Fdlibm.tanh(x[i] - 3.0 * c * i);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(VECTOR8_FLOPS)
  public double vectorFma8(Counters k) {
    fma8(y0, b, c);
    fma8(y1, b, c);
    fma8(y2, b, c);
    fma8(y3, b, c);
    k.fmas += VECTOR8_FLOPS / 2;
    return y0[7] + y3[N - 1];
  }
}
