package org.dsojava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Assertions shared by the kernel agreement tests. */
final class Agreement {
  private Agreement() {}

  static void assertBitwise(double[] expected, double[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          () -> what + ": generated " + Arrays.toString(expected) + " vs other " + Arrays.toString(actual));
    }
  }

  /**
   * max_i |expected_i − actual_i| ≤ rel · max_i |expected_i|: relative to the vector's size, so that tiny
   * entries of a large gradient are judged by their absolute error. Also requires a non-zero gradient, so
   * the check cannot pass vacuously.
   */
  static void assertRelClose(double[] expected, double[] actual, double rel, String what) {
    double scale = 0.0;
    double worst = 0.0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      double d = Math.abs(expected[i] - actual[i]);
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    assertTrue(scale > 0.0, () -> what + ": the generated gradient is zero, nothing was compared");
    double tol = rel * scale;
    int i = at;
    double w = worst;
    assertTrue(w <= tol, () -> what + ": entry " + i + " generated " + expected[i] + " vs other " + actual[i]
        + " (|diff| " + w + " > " + tol + " = " + rel + " · ‖g‖∞)");
  }

  /** A copy of θ with {@code length} entries from {@code from} multiplied by {@code factor}. */
  static double[] scaled(double[] theta, int from, int length, double factor) {
    double[] t = theta.clone();
    for (int i = from; i < from + length; i++) {
      t[i] *= factor;
    }
    return t;
  }
}
