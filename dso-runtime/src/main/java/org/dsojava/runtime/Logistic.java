package org.dsojava.runtime;

/**
 * The logistic pair behind a Bernoulli noise site with logits: ln P(a | η) = −softplus((1 − 2a)η). Generated
 * kernels call these so that the derivative is one {@code exp} and one division, with no branch on
 * the sign of z as the stable form of softplus itself needs; models may call them too (both are
 * registered primitives with derivative rules).
 */
public final class Logistic {
  private Logistic() {}

  /** ln(1 + e^z), without overflow for large z and without loss for very negative z. */
  public static double softplus(double z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /**
   * σ(z) = 1/(1 + e^(−z)) = softplus′(z). Finite and in [0, 1] for every non-NaN z: e^(−z) overflows to
   * +∞ only where σ(z) rounds to 0 anyway.
   */
  public static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
