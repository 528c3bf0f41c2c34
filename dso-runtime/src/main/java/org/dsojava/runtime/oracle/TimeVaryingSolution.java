package org.dsojava.runtime.oracle;

import java.util.Arrays;

/**
 * The exact time-varying quantities of a finite chain at one θ (eqs. 9–11 and Theorem 3): the values
 * V_t and state distributions μ_t for t = 0 … T, the objective J = p0·V_0, and ∇J. Immutable; every
 * array accessor returns a fresh copy.
 */
public final class TimeVaryingSolution {
  private final int horizon;
  private final double objective;
  private final double[][] values;
  private final double[][] distributions;
  private final double[] gradient;

  TimeVaryingSolution(int horizon, double objective, double[][] values, double[][] distributions,
      double[] gradient) {
    this.horizon = horizon;
    this.objective = objective;
    this.values = values;
    this.distributions = distributions;
    this.gradient = gradient;
  }

  /** T: costs are charged at t = 0 … T, transitions happen at t = 0 … T−1. */
  public int horizon() {
    return horizon;
  }

  /** J(θ) = p0·V_0 (eq. 10). */
  public double objective() {
    return objective;
  }

  /** V_t(x, θ) for every state x (eq. 9): V_T = L_T, V_t = L_t + P_t V_{t+1} (eq. 11). */
  public double[] value(int t) {
    return values[checkStep(t)].clone();
  }

  /** μ_t(x) = Pr(x_t = x): μ_0 = p0, μ_{t+1} = μ_t P_t. */
  public double[] distribution(int t) {
    return distributions[checkStep(t)].clone();
  }

  /**
   * ∇θ J by Theorem 3 (eq. 35), evaluated exactly with the distributions μ_t:
   * Σ_{t≤T} μ_t·∇L_t + Σ_{t&lt;T} Σ_x μ_t(x) Σ_x' ∇P_t(x'|x) V_{t+1}(x').
   */
  public double[] gradient() {
    return gradient.clone();
  }

  private int checkStep(int t) {
    if (t < 0 || t > horizon) {
      throw new IndexOutOfBoundsException("step t = " + t + " is outside 0 … T = " + horizon);
    }
    return t;
  }

  @Override
  public String toString() {
    return "TimeVaryingSolution[T=" + horizon + ", J=" + objective + ", ∇J=" + Arrays.toString(gradient)
        + "]";
  }
}
