package org.dsojava.samples.design;

/**
 * One step of the discounted Lyapunov recursion P ← Q + γ FᵀPF for 2×2 matrices (row-major), the exact
 * evaluation of a linear policy's quadratic cost used by the design and randomization checks.
 */
public final class Lyapunov2 {
  private Lyapunov2() {}

  /** Q + γ FᵀPF, with the sums in a fixed order so every caller gets the same bits. */
  public static double[] step(double[] f, double[] p, double[] q, double gamma) {
    double[] np = q.clone();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double v = 0;
        for (int c = 0; c < 2; c++) {
          for (int d = 0; d < 2; d++) {
            v += f[c * 2 + i] * p[c * 2 + d] * f[d * 2 + j];
          }
        }
        np[i * 2 + j] += gamma * v;
      }
    }
    return np;
  }
}
