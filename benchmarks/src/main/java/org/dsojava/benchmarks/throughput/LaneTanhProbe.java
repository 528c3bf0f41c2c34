package org.dsojava.benchmarks.throughput;

import java.util.Locale;
import java.util.SplittableRandom;
import org.dsojava.runtime.Fdlibm;
import org.dsojava.runtime.LaneMath;

/**
 * A quick probe (not JMH): nanoseconds per element of {@link LaneMath#tanh} against a scalar loop of
 * {@link Fdlibm#tanh}, for lane counts n (default 8 16 32 64) and arguments drawn from N(0, 1.5²), 1024
 * different rows cycled so the branch predictor cannot learn one row. Run it with and without
 * {@code --add-modules jdk.incubator.vector} to see the vector path and the fallback:
 * {@code java [--add-modules jdk.incubator.vector] -cp benchmarks/target/benchmarks.jar
 * org.dsojava.benchmarks.throughput.LaneTanhProbe [n...]} ({@code -Dprobe.seconds=2} per measurement).
 */
public final class LaneTanhProbe {
  private LaneTanhProbe() {}

  private static final int ROWS = 1024;
  static volatile double sink;

  public static void main(String[] args) {
    double seconds = Double.parseDouble(System.getProperty("probe.seconds", "2"));
    int[] lanes = args.length == 0 ? new int[] {8, 16, 32, 64} : new int[args.length];
    for (int a = 0; a < args.length; a++) {
      lanes[a] = Integer.parseInt(args[a]);
    }
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    System.out.printf(Locale.ROOT, "jdk.incubator.vector %s; ns per element%n",
        vector ? "present" : "absent");
    for (int n : lanes) {
      double[][] in = new double[ROWS][n];
      SplittableRandom random = new SplittableRandom(n);
      for (double[] row : in) {
        for (int k = 0; k < n; k++) {
          row[k] = 1.5 * random.nextGaussian();
        }
      }
      double[] out = new double[n];
      time(in, out, n, true, seconds / 2); // warm-up
      time(in, out, n, false, seconds / 2);
      double laneMath = time(in, out, n, true, seconds);
      double scalar = time(in, out, n, false, seconds);
      System.out.printf(Locale.ROOT,
          "n=%3d  LaneMath.tanh %6.2f   scalar Fdlibm.tanh loop %6.2f   ratio %.2f%n",
          n, laneMath, scalar, scalar / laneMath);
    }
  }

  private static double time(double[][] in, double[] out, int n, boolean laneMath, double seconds) {
    long calls = 0;
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long now;
    double acc = 0;
    do {
      for (int r = 0; r < ROWS; r++) {
        double[] row = in[r];
        if (laneMath) {
          LaneMath.tanh(row, out, n);
        } else {
          for (int k = 0; k < n; k++) {
            out[k] = Fdlibm.tanh(row[k]);
          }
        }
        acc += out[r % n];
      }
      calls += ROWS;
      now = System.nanoTime();
    } while (now < deadline);
    sink = acc;
    return (now - start) / (double) (calls * n);
  }
}
