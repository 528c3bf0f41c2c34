package org.dsojava.parts;

import org.dsojava.annotations.Part;

/**
 * Gaussian log-densities for the negative log-likelihood cost blocks of section 5.1 (L_clone, L_calib,
 * L_estim): ln N(x; mean, σ²) with σ = e^logStd, and its diagonal multivariate form. Written as model code,
 * so the compiler differentiates them in the mean and the log standard deviation.
 */
@Part
public final class Gaussians {
  static final double HALF_LOG_TWO_PI = 0.9189385332046727;

  private Gaussians() {}

  /** ln N(x; mean, e^(2 logStd)) = −½ z² − logStd − ½ ln 2π, z = (x − mean) e^(−logStd). */
  public static double logDensity(double x, double mean, double logStd) {
    double z = (x - mean) * Math.exp(-logStd);
    return -0.5 * z * z - logStd - HALF_LOG_TWO_PI;
  }

  /** Σᵢ ln N(x[i]; mean[i], e^(2 logStd[i])) over the first {@code n} entries. */
  public static double logDensitySum(double[] x, double[] mean, double[] logStd, int n) {
    double lp = 0.0;
    for (int i = 0; i < n; i++) {
      double z = (x[i] - mean[i]) * Math.exp(-logStd[i]);
      lp += -0.5 * z * z - logStd[i] - HALF_LOG_TWO_PI;
    }
    return lp;
  }

  /** ‖a − b‖² over the first {@code n} entries (L_sysid, L_hybrid, L_track). */
  public static double squaredDistance(double[] a, double[] b, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  /**
   * KL(N(m₁, e^(2 ls₁)) ‖ N(m₂, e^(2 ls₂))) = ls₂ − ls₁ + (e^(2 ls₁) + (m₁ − m₂)²) / (2 e^(2 ls₂)) − ½: the per-site
   * KL of L_Lmdp (section 5.1) between a Gaussian noise site of the controlled chain and the same site of
   * the passive chain (eq. 97), exact when the rest of the transition is the same map of the draw.
   */
  public static double kl(double mean1, double logStd1, double mean2, double logStd2) {
    double d = mean1 - mean2;
    return logStd2 - logStd1 + (Math.exp(2.0 * logStd1) + d * d) * (0.5 * Math.exp(-2.0 * logStd2)) - 0.5;
  }
}
