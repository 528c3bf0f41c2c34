package org.dsojava.runtime.optim;

/** A step-size schedule: the rate used at iteration k (1-based). */
public interface Schedule {
  double rate(int k);

  static Schedule constant(double rate) {
    check(rate);
    return k -> rate;
  }

  /**
   * rate / (1 + k / halfLife): halves after {@code halfLife} iterations and keeps shrinking, so noisy
   * gradient steps settle at the optimum (Robbins–Monro) instead of hovering at a distance ~ rate.
   */
  static Schedule inverseTime(double rate, double halfLife) {
    check(rate);
    if (!(halfLife > 0)) {
      throw new IllegalArgumentException("halfLife = " + halfLife + " must be positive");
    }
    return k -> rate / (1 + k / halfLife);
  }

  private static void check(double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("step rate = " + rate + " must be positive and finite");
    }
  }
}
