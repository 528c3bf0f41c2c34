package org.dsojava.extension.example;

import org.dsojava.runtime.Rng;

/**
 * Runtime helper for the {@code "laplace"} noise site: the code {@link Laplace#sampleCode} emits calls
 * {@link #sample}. Kept apart from {@link Laplace} so that generated kernels do not load SPI types.
 */
public final class LaplaceSampler {
  private LaplaceSampler() {}

  /**
   * A draw from Laplace(mu, b), density exp(−|v − mu| / b) / (2b), by inversion of its CDF.
   *
   * <p>With u uniform on the grid {k·2⁻⁵³ : 0 &lt; k &lt; 2⁵³} (the grid of {@link Rng#uniform()} without 0,
   * which is redrawn) and w = u − ½ (exact), the inverse CDF is mu + b·ln(1 + 2w) for w &lt; 0 and
   * mu − b·ln(1 − 2w) for w ≥ 0. The grid is symmetric about ½, so the draws are exactly symmetric
   * about mu, and always finite (|v − mu| ≤ 52·ln 2·b ≈ 36b).
   *
   * @param rng the kernel's random stream
   * @param mu location
   * @param b scale, &gt; 0
   */
  public static double sample(Rng rng, double mu, double b) {
    double u;
    do {
      u = rng.uniform();
    } while (u == 0.0);
    double w = u - 0.5;
    return w < 0 ? mu + b * Math.log1p(2 * w) : mu - b * Math.log1p(-2 * w);
  }
}
