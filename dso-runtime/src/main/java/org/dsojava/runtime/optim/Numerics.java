package org.dsojava.runtime.optim;

import java.util.Objects;
import org.dsojava.runtime.ChainKernel;

/** The runtime's checks for non-finite values and bad arguments, with the messages they raise. */
final class Numerics {
  private Numerics() {}

  /** The index of the first non-finite entry of {@code a}, or −1. */
  static int firstNonFinite(double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /** "entry i (name) = v" for a vector over θ. */
  static String paramEntry(ChainKernel k, double[] a, int i) {
    return "entry " + i + " (" + k.paramName(i) + ") = " + a[i];
  }

  /**
   * Throws a {@link NumericalException} if {@code v}, a vector over θ, has a non-finite entry:
   * "{@code where}: {@code what} is not finite: entry i (name) = NaN. {@code advice}".
   */
  static void checkParamVector(ChainKernel k, String where, String what, double[] v, double[] theta) {
    int i = firstNonFinite(v);
    if (i >= 0) {
      throw new NumericalException(where + ": " + what + " is not finite: " + paramEntry(k, v, i) + ". "
          + NumericalException.ADVICE, theta);
    }
  }

  /** Throws a {@link NumericalException} if the scalar {@code value} is not finite. */
  static void checkScalar(String where, String what, double value, double[] theta) {
    if (!Double.isFinite(value)) {
      throw new NumericalException(where + ": " + what + " = " + value + " is not finite. "
          + NumericalException.ADVICE, theta);
    }
  }

  /** A caller's θ: non-null, the model's length, finite. */
  static void checkTheta(ChainKernel k, String name, double[] theta) {
    Objects.requireNonNull(theta, () -> name + " is null; pass the model's " + k.paramCount() + " parameters, e.g."
        + " from initialParams(seed, θ) or a Result's theta()");
    if (theta.length != k.paramCount()) {
      throw new IllegalArgumentException(name + " has length " + theta.length + " but " + k.modelName() + " has "
          + k.paramCount() + " parameters");
    }
    int i = firstNonFinite(theta);
    if (i >= 0) {
      throw new IllegalArgumentException(name + " is not finite: " + paramEntry(k, theta, i) + "; pass a finite θ"
          + " (a NumericalException's theta() is the last finite one)");
    }
  }

  /** Bounds for the batch methods: both null (none) or both of the same length with lower ≤ upper. */
  static void checkBounds(double[] lower, double[] upper) {
    checkBounds(null, lower, upper);
  }

  /** As {@link #checkBounds(double[], double[])}, naming entries by {@code k}'s parameters when it is given. */
  static void checkBounds(ChainKernel k, double[] lower, double[] upper) {
    if ((lower == null) != (upper == null)) {
      throw new IllegalArgumentException("bounds: lower is " + (lower == null ? "null" : "given") + " but upper is "
          + (upper == null ? "null" : "given") + "; pass both arrays (one entry per parameter) or both null for none");
    }
    if (lower == null) {
      return;
    }
    if (lower.length != upper.length) {
      throw new IllegalArgumentException("bounds: lower has " + lower.length + " entries but upper has " + upper.length
          + "; pass one entry per parameter in each");
    }
    for (int i = 0; i < lower.length; i++) {
      if (!(lower[i] <= upper[i])) {
        throw new IllegalArgumentException("bound " + (k == null ? i : i + " (" + k.paramName(i) + ")") + ": lower "
            + lower[i] + " > upper " + upper[i]
            + " (or NaN); pass lower[i] <= upper[i], ±infinity for no bound");
      }
    }
  }

  /** The bounds against the model, once its parameter count is known. */
  static void checkBoundsLength(ChainKernel k, double[] lower) {
    if (lower != null && lower.length != k.paramCount()) {
      throw new IllegalArgumentException("bounds have " + lower.length + " entries but " + k.modelName() + " has "
          + k.paramCount() + " parameters");
    }
  }

  static <T> T nonNull(T value, String message) {
    return Objects.requireNonNull(value, message);
  }

  static KernelFactory factory(KernelFactory factory) {
    return nonNull(factory, "factory is null; pass the model's kernel factory, e.g. MyModelDso.factory()");
  }

  static double[] theta0(double[] theta0) {
    return nonNull(theta0, "θ₀ is null; pass the starting parameters, e.g. from the kernel's initialParams(seed, θ)");
  }

  /** The sample standard deviation of {@code values} about {@code mean} (0 for fewer than 2 values). */
  static double sampleStd(double[] values, double mean) {
    if (values.length < 2) {
      return 0;
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (values.length - 1));
  }
}
