package org.dsojava.extension.example;

/**
 * softplus(z) = ln(1 + eᶻ), callable from model code as {@code Softplus.softplus(z)} once
 * {@link SoftplusFunction} is on the processor path; generated kernels call this method too.
 */
public final class Softplus {
  private Softplus() {}

  /** ln(1 + eᶻ), computed as max(z, 0) + ln(1 + e^(−|z|)): no overflow, full precision for z ≪ 0. */
  public static double softplus(double z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
