package org.dsojava.runtime.oracle;

import java.util.Arrays;

/**
 * The exact average-cost quantities of an ergodic finite chain at one θ (eqs. 5–8 and Theorem 2):
 * the stationary distribution d, the average cost J = d·L, the differential value V normalized by
 * d·V = 0, and ∇J. Immutable; every array accessor returns a fresh copy.
 */
public final class AverageCostSolution {
  private final double objective;
  private final double[] stationary;
  private final double[] value;
  private final double[] gradient;

  AverageCostSolution(double objective, double[] stationary, double[] value, double[] gradient) {
    this.objective = objective;
    this.stationary = stationary;
    this.value = value;
    this.gradient = gradient;
  }

  /** J(θ) = d·L, the average cost per step (eqs. 5, 7). */
  public double objective() {
    return objective;
  }

  /** The stationary distribution d(x, θ) (eq. 6): d = dP, Σ d = 1 (0 on transient states). */
  public double[] stationary() {
    return stationary.clone();
  }

  /** The differential value V(x, θ): J + V = L + PV (eq. 8), normalized so that d·V = 0. */
  public double[] value() {
    return value.clone();
  }

  /** ∇θ J = E_{x~d}[∇L(x) + Σ_x' ∇P(x'|x) V(x')] (Theorem 2, eq. 31). */
  public double[] gradient() {
    return gradient.clone();
  }

  @Override
  public String toString() {
    return "AverageCostSolution[J=" + objective + ", ∇J=" + Arrays.toString(gradient) + "]";
  }
}
