package org.dsojava.parts;

import org.dsojava.annotations.Init;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Part;

/**
 * A linear measurement model y = C x + ξ, ξ ~ N(0, diag σ²) (the h and p_ξ of eq. 95 with θ_h = C and
 * θ_ξ = logStd): {@code n} states, {@code m} measurements. θ: {@code c} (m × n, row-major, starting at 0
 * unless given), then {@code logStd} (m, starting at 0: σ = 1).
 */
@Part
public class LinearMeasurement {
  static final double HALF_LOG_TWO_PI = 0.9189385332046727;
  final int n;
  final int m;
  @Param double[] c;
  @Param double[] logStd;

  public LinearMeasurement(int n, int m) {
    this(n, m, 0.0);
  }

  /** A model whose entries of C start at N(0, std²). */
  public LinearMeasurement(int n, int m, double std) {
    this.n = n;
    this.m = m;
    c = Init.normal(m * n, 0.0, std);
    logStd = new double[m];
  }

  /** y = C x (the noise-free measurement). */
  public void apply(double[] x, double[] y) {
    for (int i = 0; i < m; i++) {
      double s = 0.0;
      for (int j = 0; j < n; j++) {
        s += c[i * n + j] * x[j];
      }
      y[i] = s;
    }
  }

  /** ln p_ξ(y − C x): the log-likelihood of a measurement (the negative of L_calib's and L_estim's terms). */
  public double logLikelihood(double[] y, double[] x) {
    double lp = 0.0;
    for (int i = 0; i < m; i++) {
      double s = 0.0;
      for (int j = 0; j < n; j++) {
        s += c[i * n + j] * x[j];
      }
      double z = (y[i] - s) * Math.exp(-logStd[i]);
      lp += -0.5 * z * z - logStd[i] - HALF_LOG_TWO_PI;
    }
    return lp;
  }
}
