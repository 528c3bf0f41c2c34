package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.Rng;

/**
 * Lane-by-lane bit equality of a lockstep kernel with its scalar kernel (issue 19): sample (draws, next
 * state and the Rng's position after), meanStep, cost, terminal, logDensity and accumulateGradient, on
 * random θ (the initial θ plus N(0, 0.3²) per entry) and states reached by 0–30 scalar steps from x₀,
 * lanes at different t and n, with every lane active and with a random subset masked (masked lanes hold
 * stale values and their Rng stays untouched). Shared with the benchmarks' Lqr10 test.
 */
public final class LockstepCheck {
  private LockstepCheck() {}

  /** Runs {@code rounds} random rounds on {@code lanes} lanes; fails at the first differing bit. */
  public static void check(ChainKernel scalar, int lanes, int rounds, long seed) {
    LockstepKernel lock = LockstepKernel.of(scalar, lanes);
    assertNotNull(lock, scalar.modelName() + " has no lockstep kernel");
    assertEquals(lanes, lock.lanes());
    SplittableRandom random = new SplittableRandom(seed);
    int dim = scalar.stateDim();
    int draws = Math.max(1, scalar.drawCount());
    int params = scalar.paramCount();
    int k = lanes;
    double[] theta = new double[params];
    for (int round = 0; round < rounds; round++) {
      scalar.initialParams(seed + round, theta);
      for (int i = 0; i < params; i++) {
        theta[i] += 0.3 * random.nextGaussian();
      }
      double[][] x = new double[dim][k];
      int[] t = new int[k];
      int[] n = new int[k];
      double[][] xs = new double[k][dim];
      double[] buffer = new double[dim];
      double[] scratchDraws = new double[draws];
      for (int l = 0; l < k; l++) {
        n[l] = random.nextInt(1000);
        Rng rng = new Rng(seed * 31 + round, l);
        scalar.initialState(theta, n[l], rng, xs[l]);
        int steps = random.nextInt(31);
        for (int s = 0; s < steps && !scalar.terminal(xs[l], s, n[l]); s++) {
          scalar.sample(theta, xs[l], s, n[l], rng, scratchDraws, buffer);
          boolean finite = true;
          for (double v : buffer) {
            finite &= Math.abs(v) < 1e6;
          }
          if (!finite) {
            break;
          }
          System.arraycopy(buffer, 0, xs[l], 0, dim);
          t[l] = s + 1;
        }
        for (int i = 0; i < dim; i++) {
          x[i][l] = xs[l][i];
        }
      }
      boolean[] active = new boolean[k];
      boolean masked = round % 2 == 1;
      for (int l = 0; l < k; l++) {
        active[l] = !masked || random.nextInt(3) != 0;
      }
      for (int l = 0; l < k; l++) {
        if (!active[l]) {
          // a masked lane's slots hold anything: active lanes must not notice, and nothing may throw
          for (int i = 0; i < dim; i++) {
            x[i][l] = round % 4 == 1 ? Double.NaN : 1e300;
          }
          t[l] = -3;
          n[l] = -1;
        }
      }
      String where = scalar.modelName() + " round " + round + (masked ? " (masked " + Arrays.toString(active) + ")" : "");

      double[] cost = new double[k];
      lock.cost(theta, x, t, n, active, cost);
      boolean[] terminal = new boolean[k];
      lock.terminal(x, t, n, active, terminal);
      double[][] mean = new double[dim][k];
      lock.meanStep(theta, x, t, n, active, mean);
      Rng[] laneRngs = new Rng[k];
      for (int l = 0; l < k; l++) {
        laneRngs[l] = new Rng(seed + 7 * round, 100 + l);
      }
      double[][] laneDraws = new double[draws][k];
      double[][] next = new double[dim][k];
      lock.sample(theta, x, t, n, active, laneRngs, laneDraws, next);
      double[] lp = new double[k];
      lock.logDensity(theta, x, t, n, active, laneDraws, lp);
      double[] wL = new double[k];
      double[] wP = new double[k];
      double[][] g = new double[params][k];
      for (int l = 0; l < k; l++) {
        // zero weights in some lanes: the kernels skip a branch there, so lanes disagree on it
        wL[l] = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian();
        wP[l] = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian();
      }
      double[][] g0 = new double[params][k];
      for (int i = 0; i < params; i++) {
        for (int l = 0; l < k; l++) {
          g[i][l] = random.nextGaussian();
          g0[i][l] = g[i][l];
        }
      }
      lock.accumulateGradient(theta, x, t, n, active, laneDraws, wL, wP, g);

      for (int l = 0; l < k; l++) {
        String lane = where + " lane " + l + " (t " + t[l] + ", n " + n[l] + ")";
        if (!active[l]) {
          Rng untouched = new Rng(seed + 7 * round, 100 + l);
          assertEquals(untouched.nextLong(), laneRngs[l].nextLong(), lane + ": a masked lane's Rng was used");
          continue;
        }
        double[] xl = xs[l];
        same(scalar.cost(theta, xl, t[l], n[l]), cost[l], lane + ": cost");
        assertEquals(scalar.terminal(xl, t[l], n[l]), terminal[l], lane + ": terminal");
        double[] m = new double[dim];
        scalar.meanStep(theta, xl, t[l], n[l], m);
        for (int i = 0; i < dim; i++) {
          same(m[i], mean[i][l], lane + ": meanStep[" + i + "]");
        }
        Rng rng = new Rng(seed + 7 * round, 100 + l);
        double[] d = new double[draws];
        double[] nx = new double[dim];
        scalar.sample(theta, xl, t[l], n[l], rng, d, nx);
        for (int j = 0; j < draws; j++) {
          same(d[j], laneDraws[j][l], lane + ": draw " + j);
        }
        for (int i = 0; i < dim; i++) {
          same(nx[i], next[i][l], lane + ": next[" + i + "]");
        }
        assertEquals(rng.nextLong(), laneRngs[l].nextLong(), lane + ": the Rng's position after sample");
        same(scalar.logDensity(theta, xl, t[l], n[l], d), lp[l], lane + ": logDensity");
        double[] gl = new double[params];
        for (int i = 0; i < params; i++) {
          gl[i] = g0[i][l];
        }
        scalar.accumulateGradient(theta, xl, t[l], n[l], d, wL[l], wP[l], gl);
        for (int i = 0; i < params; i++) {
          if (Double.doubleToRawLongBits(gl[i]) != Double.doubleToRawLongBits(g[i][l])) {
            fail(lane + ": accumulateGradient g[" + i + "] (" + scalar.paramName(i) + ") " + gl[i] + " vs lockstep "
                + g[i][l] + " (wL " + wL[l] + ", wP " + wP[l] + ")");
          }
        }
      }
    }
  }

  private static void same(double expected, double actual, String what) {
    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
      fail(what + ": scalar " + expected + " vs lockstep " + actual);
    }
  }
}
