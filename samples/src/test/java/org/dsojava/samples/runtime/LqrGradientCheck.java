package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.samples.reference.LqrReference;

/** The exact LQR gradient, and the check of independent gradient estimates against it. */
final class LqrGradientCheck {
  private LqrGradientCheck() {}

  /** ∇J(K) by central differences (h = 1e-5) of the exact J(K). */
  static double[] exactGradient(double[] k) {
    double[] exact = new double[k.length];
    double h = 1e-5;
    for (int i = 0; i < k.length; i++) {
      double[] p = k.clone();
      p[i] += h;
      double[] m = k.clone();
      m[i] -= h;
      exact[i] = (LqrReference.exactJ(p) - LqrReference.exactJ(m)) / (2 * h);
    }
    return exact;
  }

  /**
   * Every component of the mean of the estimates {@code g} is within 5 standard errors (taken from their
   * spread) plus {@code relTol}·|exact| of the exact gradient.
   */
  static void assertMeanNear(String label, double[][] g, double[] exact, double relTol) {
    int reps = g.length;
    for (int i = 0; i < exact.length; i++) {
      double mean = 0;
      for (double[] x : g) {
        mean += x[i] / reps;
      }
      double var = 0;
      for (double[] x : g) {
        var += (x[i] - mean) * (x[i] - mean) / (reps - 1);
      }
      double se = Math.sqrt(var / reps);
      System.out.printf("%s: ∂J/∂K%d estimate %.4f ± %.4f, exact %.4f%n", label, i, mean, se, exact[i]);
      assertTrue(Math.abs(mean - exact[i]) <= 5 * se + relTol * Math.abs(exact[i]),
          "component " + i + ": " + mean + " vs exact " + exact[i] + " (SE " + se + ")");
    }
  }
}
