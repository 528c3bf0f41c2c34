package org.dsojava.runtime.mdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.dsojava.runtime.oracle.AverageCostSolution;
import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.oracle.EpisodicSolution;
import org.dsojava.runtime.oracle.FiniteChain;

/** Random finite MDPs, the three settings through the oracle, and finite differences. */
final class MdpTesting {
  private MdpTesting() {}

  /** Which objective: discounted (γ &lt; 1), first exit (γ = 1, terminal state 0) or average cost. */
  enum Setting {
    DISCOUNTED(0.9), FIRST_EXIT(1.0), AVERAGE(1.0);

    final double gamma;

    Setting(double gamma) {
      this.gamma = gamma;
    }

    /** The terminal states of the setting (state 0 for first exit). */
    int[] terminals() {
      return this == FIRST_EXIT ? new int[] {0} : new int[0];
    }

    boolean isTerminal(int x) {
      return this == FIRST_EXIT && x == 0;
    }
  }

  /** J and the DSO gradient from the oracle (Theorems 1–2), uniform p0 for the episodic settings. */
  static double[] objectiveAndGradient(FiniteChain chain, double[] theta, Setting s) {
    int n = chain.states();
    double[] out = new double[theta.length + 1];
    if (s == Setting.AVERAGE) {
      AverageCostSolution a = ChainOracle.averageCost(chain, theta);
      out[0] = a.objective();
      System.arraycopy(a.gradient(), 0, out, 1, theta.length);
    } else {
      EpisodicSolution e = s == Setting.DISCOUNTED
          ? ChainOracle.discounted(chain, theta, uniform(n), s.gamma)
          : ChainOracle.firstExit(chain, theta, uniform(n), s.gamma, s.terminals());
      out[0] = e.objective();
      System.arraycopy(e.gradient(), 0, out, 1, theta.length);
    }
    return out;
  }

  static double[] gradient(FiniteChain chain, double[] theta, Setting s) {
    return Arrays.copyOfRange(objectiveAndGradient(chain, theta, s), 1, theta.length + 1);
  }

  /** Central differences of the exact J, step h. */
  static double[] finiteDifference(FiniteChain chain, double[] theta, Setting s, double h) {
    double[] g = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double[] tp = theta.clone();
      double[] tm = theta.clone();
      tp[k] += h;
      tm[k] -= h;
      g[k] = (objectiveAndGradient(chain, tp, s)[0] - objectiveAndGradient(chain, tm, s)[0]) / (2 * h);
    }
    return g;
  }

  static double[] uniform(int n) {
    double[] p = new double[n];
    Arrays.fill(p, 1.0 / n);
    return p;
  }

  /** A random distribution over n outcomes with every entry ≥ 0.02 (so chains are dense). */
  static double[] randomRow(SplittableRandom rnd, int n) {
    double[] row = new double[n];
    double s = 0;
    for (int j = 0; j < n; j++) {
      row[j] = 0.05 + rnd.nextDouble();
      s += row[j];
    }
    for (int j = 0; j < n; j++) {
      row[j] /= s;
    }
    return row;
  }

  static FiniteMdp randomMdp(SplittableRandom rnd, int n, int m) {
    double[][][] p = new double[n][m][];
    for (int x = 0; x < n; x++) {
      for (int a = 0; a < m; a++) {
        p[x][a] = randomRow(rnd, n);
      }
    }
    return FiniteMdp.of(p);
  }

  static double[][] randomMatrix(SplittableRandom rnd, int rows, int cols, double lo, double hi) {
    double[][] r = new double[rows][cols];
    for (double[] row : r) {
      for (int j = 0; j < cols; j++) {
        row[j] = lo + (hi - lo) * rnd.nextDouble();
      }
    }
    return r;
  }

  static double[] randomVector(SplittableRandom rnd, int n, double lo, double hi) {
    return randomMatrix(rnd, 1, n, lo, hi)[0];
  }

  static double[][][] randomTensor(SplittableRandom rnd, int a, int b, int c) {
    double[][][] t = new double[a][][];
    for (int i = 0; i < a; i++) {
      t[i] = randomMatrix(rnd, b, c, -1, 1);
    }
    return t;
  }

  /**
   * A random passive chain with zeros: each row keeps x → x+1 (mod n) and x → x, and each other entry
   * with probability 1/2, so p̄ is irreducible (the cycle) and aperiodic (the self-loops).
   */
  static double[][] randomPassive(SplittableRandom rnd, int n) {
    double[][] p = new double[n][n];
    for (int x = 0; x < n; x++) {
      double s = 0;
      for (int y = 0; y < n; y++) {
        boolean keep = y == x || y == (x + 1) % n || rnd.nextBoolean();
        p[x][y] = keep ? 0.05 + rnd.nextDouble() : 0.0;
        s += p[x][y];
      }
      for (int y = 0; y < n; y++) {
        p[x][y] /= s;
      }
    }
    return p;
  }

  /** Solves a x = b (LU). */
  static double[] solve(double[][] a, double[] b) {
    return new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
        .solve(new ArrayRealVector(b)).toArray();
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int k = 0; k < expected.length; k++) {
      double scale = 1 + Math.abs(expected[k]);
      if (!(Math.abs(expected[k] - actual[k]) <= tol * scale)) {
        throw new AssertionError(what + ": entry " + k + " expected " + expected[k] + " but was "
            + actual[k] + " (|diff| = " + Math.abs(expected[k] - actual[k]) + ", tol " + tol * scale + ")\n"
            + "expected " + Arrays.toString(expected) + "\nactual   " + Arrays.toString(actual));
      }
    }
  }

  /** Max |a − b| over the P, ∂P, L and ∂L of two chains at θ. */
  static double chainDistance(FiniteChain a, FiniteChain b, double[] theta) {
    int n = a.states();
    int p = a.params();
    assertEquals(n, b.states());
    assertEquals(p, b.params());
    double[][] pa = new double[n][n];
    double[][] pb = new double[n][n];
    a.transition(theta, pa);
    b.transition(theta, pb);
    double[][][] dpa = new double[p][n][n];
    double[][][] dpb = new double[p][n][n];
    a.transitionGradient(theta, dpa);
    b.transitionGradient(theta, dpb);
    double[] la = new double[n];
    double[] lb = new double[n];
    a.cost(theta, la);
    b.cost(theta, lb);
    double[][] dla = new double[p][n];
    double[][] dlb = new double[p][n];
    a.costGradient(theta, dla);
    b.costGradient(theta, dlb);
    double d = 0;
    for (int x = 0; x < n; x++) {
      d = Math.max(d, Math.abs(la[x] - lb[x]));
      for (int y = 0; y < n; y++) {
        d = Math.max(d, Math.abs(pa[x][y] - pb[x][y]));
      }
      for (int k = 0; k < p; k++) {
        d = Math.max(d, Math.abs(dla[k][x] - dlb[k][x]));
        for (int y = 0; y < n; y++) {
          d = Math.max(d, Math.abs(dpa[k][x][y] - dpb[k][x][y]));
        }
      }
    }
    return d;
  }
}
