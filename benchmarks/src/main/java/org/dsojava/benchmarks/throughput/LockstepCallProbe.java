package org.dsojava.benchmarks.throughput;

import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.Rng;

/**
 * A quick probe (not JMH): nanoseconds per lane of one {@code sample} and one {@code accumulateGradient}
 * call, scalar kernel versus lockstep kernel with all K lanes active at the same states, in one JVM.
 * Arguments: {@code model K... [seconds]}. A tool for working on the lockstep writer; the figures that
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
    long budget = (long) (seconds * 1e9);
    double[] r = new double[4];
    for (int round = 0; round < 3; round++) {
      long c = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < budget / 4) {
        for (int i = 0; i < lanes; i++) {
          k.sample(theta, xs[i], 0, i, rng[i], dt[i], nx[i]);
        }
        c++;
      }
      r[0] = (System.nanoTime() - t0) / (double) (c * lanes);
      c = 0;
      t0 = System.nanoTime();
      while (System.nanoTime() - t0 < budget / 4) {
        ls.sample(theta, x, t, n, active, rng, drawsTmp, next);
        c++;
      }
      r[1] = (System.nanoTime() - t0) / (double) (c * lanes);
      c = 0;
      t0 = System.nanoTime();
      while (System.nanoTime() - t0 < budget / 4) {
        for (int i = 0; i < lanes; i++) {
          k.accumulateGradient(theta, xs[i], 0, i, ds[i], 1.0, 1.0, gs);
        }
        c++;
      }
      r[2] = (System.nanoTime() - t0) / (double) (c * lanes);
      c = 0;
      t0 = System.nanoTime();
      while (System.nanoTime() - t0 < budget / 4) {
        ls.accumulateGradient(theta, x, t, n, active, draws, w, w, g);
        c++;
      }
      r[3] = (System.nanoTime() - t0) / (double) (c * lanes);
      sink += gs[0] + g[0][0];
      System.out.printf(Locale.ROOT, "%-9s K=%3d  sample %8.1f / %8.1f ns (x%.2f)   gradient %8.1f / %8.1f ns (x%.2f)%n",
          model, lanes, r[0], r[1], r[0] / r[1], r[2], r[3], r[2] / r[3]);
    }
  }
}
