package org.dsojava.runtime.mdp;

import java.util.ArrayDeque;

/** Input validation shared by the package: messages name the state and the row. */
final class Checks {
  /** How far a transition row may sum from 1 (the oracle's tolerance). */
  static final double ROW_SUM_TOLERANCE = 1e-9;

  private Checks() {}

  /** A probability row: finite, non-negative, summing to 1 within 1e-9. */
  static void row(double[] row, int n, String name, String state) {
    if (row.length != n) {
      throw new IllegalArgumentException("row " + name + " (" + state + ") has length " + row.length
          + ", expected " + n);
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double x = row[j];
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(name + "[" + j + "] = " + x + " is not finite (" + state
            + ", next state " + j + ")");
      }
      if (x < 0) {
        throw new IllegalArgumentException(name + "[" + j + "] = " + x + " is negative (" + state
            + ", next state " + j + "); transition probabilities must be ≥ 0");
      }
      sum += x;
    }
    if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
      throw new IllegalArgumentException("row " + name + " (" + state + ") sums to " + sum
          + "; it must sum to 1 within " + ROW_SUM_TOLERANCE);
    }
  }

  static void finite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + v[i] + " is not finite");
      }
    }
  }

  /** The states reachable from {@code from} along positive entries of P (including itself). */
  static boolean[] reach(double[][] P, int from) {
    int n = P.length;
    boolean[] seen = new boolean[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    seen[from] = true;
    queue.add(from);
    while (!queue.isEmpty()) {
      int i = queue.poll();
      for (int j = 0; j < n; j++) {
        if (P[i][j] > 0 && !seen[j]) {
          seen[j] = true;
          queue.add(j);
        }
      }
    }
    return seen;
  }

  static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
