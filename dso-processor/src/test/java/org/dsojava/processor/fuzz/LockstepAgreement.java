package org.dsojava.processor.fuzz;

import java.util.Arrays;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.Rng;

/**
 * A fuzz model's lockstep kernel (issue 19) against its scalar kernel, lane by lane, bit for bit: cost,
 * terminal, meanStep, sample (draws, next state, the Rng's position after), logDensity and
 * accumulateGradient at random θ and states, lanes at different t and n, every lane active and then a
 * random subset masked with NaN states. A round in which the scalar kernel throws on some lane is skipped
 * (the semantic check covers throwing models); the lockstep kernel throwing where the scalar one did not
 * is a failure.
 */
final class LockstepAgreement {
  private LockstepAgreement() {}

  /** Null when the lanes agree (or the model has no lockstep kernel), else what differs. */
  static String check(ChainKernel scalar, long seed) {
    int lanes = 5;
    LockstepKernel lock;
    try {
      lock = LockstepKernel.of(scalar, lanes);
    } catch (RuntimeException e) {
      return "creating the lockstep kernel threw " + e;
    }
    if (lock == null) {
      return null;
    }
    Rng meta = new Rng(seed, 11);
    int dim = scalar.stateDim();
    int draws = Math.max(1, scalar.drawCount());
    int params = scalar.paramCount();
    double[] theta = new double[params];
    scalar.initialParams(seed, theta);
    for (int i = 0; i < params; i++) {
      theta[i] += 0.3 * meta.gaussian();
    }
    for (int round = 0; round < 4; round++) {
      boolean masked = round % 2 == 1;
      double[][] x = new double[dim][lanes];
      double[][] xs = new double[lanes][dim];
      int[] t = new int[lanes];
      int[] n = new int[lanes];
      boolean[] active = new boolean[lanes];
      for (int l = 0; l < lanes; l++) {
        active[l] = !masked || meta.uniform() < 0.6;
        t[l] = (int) (meta.uniform() * 5);
        n[l] = (int) (meta.uniform() * 7);
        for (int i = 0; i < dim; i++) {
          xs[l][i] = meta.uniform(-1.5, 1.5);
          x[i][l] = active[l] ? xs[l][i] : Double.NaN;
        }
      }
      double[] wL = new double[lanes];
      double[] wP = new double[lanes];
      for (int l = 0; l < lanes; l++) {
        wL[l] = meta.uniform() < 0.25 ? 0.0 : meta.gaussian();
        wP[l] = meta.uniform() < 0.25 ? 0.0 : meta.gaussian();
      }
      // the scalar kernel first: a round where it throws is skipped
      double[] cost = new double[lanes];
      boolean[] term = new boolean[lanes];
      double[][] mean = new double[lanes][dim];
      double[][] d = new double[lanes][draws];
      double[][] next = new double[lanes][dim];
      long[] after = new long[lanes];
      double[] lp = new double[lanes];
      double[][] g = new double[lanes][params];
      try {
        for (int l = 0; l < lanes; l++) {
          if (!active[l]) {
            continue;
          }
          cost[l] = scalar.cost(theta, xs[l], t[l], n[l]);
          term[l] = scalar.terminal(xs[l], t[l], n[l]);
          scalar.meanStep(theta, xs[l], t[l], n[l], mean[l]);
          Rng rng = new Rng(seed + round, l);
          scalar.sample(theta, xs[l], t[l], n[l], rng, d[l], next[l]);
          after[l] = rng.nextLong();
          lp[l] = scalar.logDensity(theta, xs[l], t[l], n[l], d[l]);
          scalar.accumulateGradient(theta, xs[l], t[l], n[l], d[l], wL[l], wP[l], g[l]);
        }
      } catch (RuntimeException e) {
        continue;
      }
      String where = "round " + round + " active " + Arrays.toString(active) + ": ";
      try {
        double[] c = new double[lanes];
        lock.cost(theta, x, t, n, active, c);
        boolean[] tm = new boolean[lanes];
        lock.terminal(x, t, n, active, tm);
        double[][] m = new double[dim][lanes];
        lock.meanStep(theta, x, t, n, active, m);
        Rng[] rngs = new Rng[lanes];
        for (int l = 0; l < lanes; l++) {
          rngs[l] = active[l] ? new Rng(seed + round, l) : null;
        }
        double[][] ld = new double[draws][lanes];
        double[][] nx = new double[dim][lanes];
        lock.sample(theta, x, t, n, active, rngs, ld, nx);
        double[] lps = new double[lanes];
        lock.logDensity(theta, x, t, n, active, ld, lps);
        double[][] lg = new double[params][lanes];
        lock.accumulateGradient(theta, x, t, n, active, ld, wL, wP, lg);
        for (int l = 0; l < lanes; l++) {
          if (!active[l]) {
            continue;
          }
          String lane = where + "lane " + l + " ";
          if (!same(cost[l], c[l])) {
            return lane + "cost " + cost[l] + " vs lockstep " + c[l];
          }
          if (term[l] != tm[l]) {
            return lane + "terminal " + term[l] + " vs lockstep " + tm[l];
          }
          for (int i = 0; i < dim; i++) {
            if (!same(mean[l][i], m[i][l])) {
              return lane + "meanStep[" + i + "] " + mean[l][i] + " vs lockstep " + m[i][l];
            }
            if (!same(next[l][i], nx[i][l])) {
              return lane + "next[" + i + "] " + next[l][i] + " vs lockstep " + nx[i][l];
            }
          }
          for (int j = 0; j < draws; j++) {
            if (!same(d[l][j], ld[j][l])) {
              return lane + "draw " + j + " " + d[l][j] + " vs lockstep " + ld[j][l];
            }
          }
          if (after[l] != rngs[l].nextLong()) {
            return lane + "the Rng's position after sample differs";
          }
          if (!same(lp[l], lps[l])) {
            return lane + "logDensity " + lp[l] + " vs lockstep " + lps[l];
          }
          for (int p = 0; p < params; p++) {
            if (!same(g[l][p], lg[p][l])) {
              return lane + "gradient[" + p + "] " + g[l][p] + " vs lockstep " + lg[p][l];
            }
          }
        }
      } catch (RuntimeException e) {
        return where + "the lockstep kernel threw " + e;
      }
    }
    return null;
  }

  private static boolean same(double a, double b) {
    return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
  }
}
