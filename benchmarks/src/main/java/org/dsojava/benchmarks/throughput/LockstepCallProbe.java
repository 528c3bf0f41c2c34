package org.dsojava.benchmarks.throughput;

import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.Rng;

/**
 * A quick probe (not JMH): nanoseconds per lane of one {@code sample} and one {@code accumulateGradient}
 * call, scalar kernel versus lockstep kernel with all K lanes active at the same states, in one JVM.
 * Arguments: {@code model K...} ({@code -Dprobe.seconds}, default 3 per K: the best of 10 alternating slices). A tool for working on the lockstep writer; the figures that
 * count come from {@link LockstepThroughputBenchmark}.
 */
public final class LockstepCallProbe {
  private LockstepCallProbe() {}

  public static void main(String[] args) {
    String model = args[0];
    double seconds = Double.parseDouble(System.getProperty("probe.seconds", "3"));
    for (int a = 1; a < args.length; a++) {
      probe(model, Integer.parseInt(args[a]), seconds);
    }
  }

  static volatile double sink;

  static void probe(String model, int lanes, double seconds) {
    ChainKernel k = LockstepThroughputBenchmark.factory(model).create();
    double[] theta = model.equals("lqr10") ? org.dsojava.benchmarks.models.Lqr10Dso.initialParams(42L)
        : EstimatorThroughputBenchmark.theta(model);
    LockstepKernel ls = LockstepKernel.of(k, lanes);
    int d = k.stateDim();
    int nd = k.drawCount();
    int p = k.paramCount();
    double[][] xs = new double[lanes][d];
    double[][] ds = new double[lanes][nd];
    double[][] nx = new double[lanes][d];
    double[] gs = new double[p];
    double[][] dt = new double[lanes][nd];
    double[][] drawsTmp = new double[nd][lanes];
    Rng[] rng = new Rng[lanes];
    double[][] x = new double[d][lanes];
    double[][] draws = new double[nd][lanes];
    double[][] next = new double[d][lanes];
    double[][] g = new double[p][lanes];
    int[] t = new int[lanes];
    int[] n = new int[lanes];
    boolean[] active = new boolean[lanes];
    double[] w = new double[lanes];
    for (int i = 0; i < lanes; i++) {
      rng[i] = new Rng(7L, i);
      k.initialState(theta, i, rng[i], xs[i]);
      k.sample(theta, xs[i], 0, i, rng[i], ds[i], nx[i]);
      for (int j = 0; j < d; j++) {
        x[j][i] = xs[i][j];
      }
      for (int j = 0; j < nd; j++) {
        draws[j][i] = ds[i][j];
      }
      n[i] = i;
      active[i] = true;
      w[i] = 1.0;
    }
    long slice = (long) (seconds * 1e9 / 40);
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    for (int round = 0; round < 10; round++) {
      for (int which = 0; which < 4; which++) {
        long c = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < slice) {
          switch (which) {
            case 0 -> {
              for (int i = 0; i < lanes; i++) {
                k.sample(theta, xs[i], 0, i, rng[i], dt[i], nx[i]);
              }
            }
            case 1 -> ls.sample(theta, x, t, n, active, rng, drawsTmp, next);
            case 2 -> {
              for (int i = 0; i < lanes; i++) {
                k.accumulateGradient(theta, xs[i], 0, i, ds[i], 1.0, 1.0, gs);
              }
            }
            default -> ls.accumulateGradient(theta, x, t, n, active, draws, w, w, g);
          }
          c++;
        }
        best[which] = Math.min(best[which], (System.nanoTime() - t0) / (double) (c * lanes));
      }
    }
    sink += gs[0] + g[0][0];
    System.out.printf(Locale.ROOT,
        "%-9s K=%3d  sample %8.1f / %8.1f ns (x%.2f)   gradient %8.1f / %8.1f ns (x%.2f)   step x%.2f%n", model,
        lanes, best[0], best[1], best[0] / best[1], best[2], best[3], best[2] / best[3],
        (best[0] + best[2]) / (best[1] + best[3]));
  }
}
