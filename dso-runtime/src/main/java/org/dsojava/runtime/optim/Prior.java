package org.dsojava.runtime.optim;

/** L_prior(θ) = −ln p(θ) of section 5.1, added to J; its gradient is exact (no sampling). */
public interface Prior {
  double value(double[] theta);

  /** g += ∇θ L_prior. */
  void addGradient(double[] theta, double[] g);

  /** Independent Gaussians N(mean, std²) on every entry (up to a constant). */
  static Prior gaussian(double mean, double std) {
    if (!(std > 0)) {
      throw new IllegalArgumentException("prior std = " + std + " must be positive");
    }
    double w = 1 / (std * std);
    return new Prior() {
      @Override
      public double value(double[] theta) {
        double s = 0;
        for (double t : theta) {
          s += (t - mean) * (t - mean);
        }
        return 0.5 * w * s;
      }

      @Override
      public void addGradient(double[] theta, double[] g) {
        for (int i = 0; i < theta.length; i++) {
          g[i] += w * (theta[i] - mean);
        }
      }

      @Override
      public String toString() {
        return "gaussian(mean " + mean + ", std " + std + ")";
      }
    };
  }
}
