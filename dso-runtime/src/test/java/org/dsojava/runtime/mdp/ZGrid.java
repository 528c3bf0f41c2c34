package org.dsojava.runtime.mdp;

/**
 * The Z-learning benchmark: a first-exit LMDP on a w × w grid. p̄ moves to each of the 4 neighbours with
 * probability 1/4 (a move into a wall stays put), the goal (w−1, w−1) is terminal with r = 0, every
 * other cell costs r = 0.1 per step and the cells of the "hazard" column x = w/2, rows 1 … w−2, cost 1.
 */
final class ZGrid {
  private ZGrid() {}

  static Lmdp lmdp(int w) {
    int n = w * w;
    double[][] pbar = new double[n][n];
    double[] r = new double[n];
    int[][] moves = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < w; j++) {
        int x = i * w + j;
        for (int[] m : moves) {
          int a = i + m[0];
          int b = j + m[1];
          int y = a < 0 || a >= w || b < 0 || b >= w ? x : a * w + b;
          pbar[x][y] += 0.25;
        }
        r[x] = (j == w / 2 && i >= 1 && i <= w - 2) ? 1.0 : 0.1;
      }
    }
    int goal = n - 1;
    r[goal] = 0;
    return Lmdp.firstExit(pbar, r, goal);
  }

  /** max over states of |ln Ẑ − ln Z| = max |V̂ − V*|. */
  static double error(double[] zHat, double[] z) {
    double e = 0;
    for (int x = 0; x < z.length; x++) {
      e = Math.max(e, Math.abs(Math.log(zHat[x]) - Math.log(z[x])));
    }
    return e;
  }
}
