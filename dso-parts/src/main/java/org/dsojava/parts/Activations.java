package org.dsojava.parts;

import org.dsojava.annotations.Part;

/** Elementwise activations, in place on the first {@code n} entries of an array, and their scalar forms. */
@Part
public final class Activations {
  private Activations() {}

  public static void tanh(double[] v, int n) {
    for (int i = 0; i < n; i++) {
      v[i] = Math.tanh(v[i]);
    }
  }

  public static void relu(double[] v, int n) {
    for (int i = 0; i < n; i++) {
      v[i] = Math.max(v[i], 0.0);
    }
  }

  public static void softplus(double[] v, int n) {
    for (int i = 0; i < n; i++) {
      v[i] = softplus(v[i]);
    }
  }

  /** ln(1 + eᶻ) = max(z, 0) + ln(1 + e^(−|z|)): exact for large |z| where the direct form overflows. */
  public static double softplus(double z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** σ(z) = 1 / (1 + e^(−z)). */
  public static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
