package org.dsojava.samples.reference;

/** Numerically careful scalar helpers shared by the hand-written references. */
final class RefMath {
  static final double LOG_2PI = Math.log(2 * Math.PI);

  private RefMath() {}

  /** ln(1 + e^z) without overflow. */
  static double softplus(double z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** σ(z) = 1/(1 + e^(−z)) without overflow. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  /** ln of the Bernoulli(σ(logit)) probability of {@code a} ∈ {0, 1}. */
  static double logBernoulliLogit(double a, double logit) {
    return a == 1.0 ? -softplus(-logit) : -softplus(logit);
  }

  /** ln N(v; mean, std²). */
  static double logGaussian(double v, double mean, double std) {
    double z = (v - mean) / std;
    return -0.5 * z * z - Math.log(std) - 0.5 * LOG_2PI;
  }

  /** ln Σ_k e^(v[off + k]) over {@code n} entries. */
  static double logSumExp(double[] v, int off, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      m = Math.max(m, v[off + k]);
    }
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += Math.exp(v[off + k] - m);
    }
    return m + Math.log(s);
  }

  /** Solves a·x = b (n×n, row-major, copied) by Gaussian elimination with partial pivoting. */
  static double[] solve(double[] a, double[] b, int n) {
    double[] m = a.clone();
    double[] x = b.clone();
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) {
          p = r;
        }
      }
      if (p != c) {
        for (int k = 0; k < n; k++) {
          double t = m[c * n + k];
          m[c * n + k] = m[p * n + k];
          m[p * n + k] = t;
        }
        double t = x[c];
        x[c] = x[p];
        x[p] = t;
      }
      double piv = m[c * n + c];
      if (piv == 0.0) {
        throw new ArithmeticException("singular matrix");
      }
      for (int r = c + 1; r < n; r++) {
        double f = m[r * n + c] / piv;
        if (f != 0.0) {
          for (int k = c; k < n; k++) {
            m[r * n + k] -= f * m[c * n + k];
          }
          x[r] -= f * x[c];
        }
      }
    }
    for (int r = n - 1; r >= 0; r--) {
      double s = x[r];
      for (int k = r + 1; k < n; k++) {
        s -= m[r * n + k] * x[k];
      }
      x[r] = s / m[r * n + r];
    }
    return x;
  }
}
