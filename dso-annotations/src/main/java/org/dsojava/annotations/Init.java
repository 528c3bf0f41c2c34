package org.dsojava.annotations;

import java.util.Arrays;

/**
 * Initial distributions of θ fields that depend on a part's sizes, for use in a part's constructor:
 * {@code w = Init.normal(in * out, 0.0, 1.0 / Math.sqrt(in));} gives {@code w} its length and starts each
 * entry at {@code mean + std · N(0,1)} (drawn from the seed given to {@code initialParams}, as
 * {@link Param#value()} and {@link Param#initStd()} do for a fixed size). Run as plain Java it returns
 * {@code n} entries equal to {@code mean}.
 */
public final class Init {
  private Init() {}

  /** A θ array of {@code n} entries starting at {@code mean + std · N(0,1)}. */
  public static double[] normal(int n, double mean, double std) {
    double[] a = new double[n];
    Arrays.fill(a, mean);
    return a;
  }
}
