package org.dsojava.runtime.oracle;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The exact episodic quantities of a finite chain at one θ (eqs. 1–4 and Theorem 1): the objective
 * J, the value function V, the discounted density ρ and the gradient ∇J. Immutable; every array
 * accessor returns a fresh copy.
 *
 * <p>Conventions (see {@link ChainOracle} for the definitions):
 *
 * <ul>
 *   <li>V(x) is the expected discounted cost of a rollout started at x, counting L(x) itself; a
 *       terminal state charges its cost once on arrival and stops the rollout.
 *   <li>ρ(x) = Σ_{t≥0} γ^t Pr(x_t = x, the rollout has not stopped before t) — the initial state
 *       counts with weight 1, so J = ρ·L and Σ_x ρ(x) is the expected discounted number of states
 *       visited (1/(1−γ) without terminal states). It equals the expected number of visits to x of a
 *       rollout that, after each step, stops with probability 1−γ and sums undiscounted costs.
 *   <li>For a truncated rollout ({@link #horizon()} present) V, ρ and J are the same sums cut after
 *       H transitions (states x_0 … x_H); ∇J is then exact for the truncated J, but it is no longer
 *       E_ρ of eq. 30.
 * </ul>
 */
public final class EpisodicSolution {
  private final double gamma;
  private final int[] terminals;
  private final int horizon; // -1: infinite
  private final double objective;
  private final double[] value;
  private final double[] density;
  private final double[] gradient;

  EpisodicSolution(double gamma, int[] terminals, int horizon, double objective, double[] value,
      double[] density, double[] gradient) {
    this.gamma = gamma;
    this.terminals = terminals;
    this.horizon = horizon;
    this.objective = objective;
    this.value = value;
    this.density = density;
    this.gradient = gradient;
  }

  /** γ. */
  public double gamma() {
    return gamma;
  }

  /** The terminal states 𝒯, ascending (empty for a purely discounted chain). */
  public int[] terminals() {
    return terminals.clone();
  }

  /** H, the number of transitions after which rollouts are cut; empty for the untruncated objective. */
  public OptionalInt horizon() {
    return horizon < 0 ? OptionalInt.empty() : OptionalInt.of(horizon);
  }

  /** J(θ) = p0·V (eq. 1). */
  public double objective() {
    return objective;
  }

  /** V(x, θ) for every state x (eq. 2; solves eq. 3 when untruncated). */
  public double[] value() {
    return value.clone();
  }

  /** The discounted density ρ(x, θ) of eq. 4, in the normalization described above. */
  public double[] density() {
    return density.clone();
  }

  /** ∇θ J (Theorem 1, eq. 30; the exact derivative of the truncated sum when truncated). */
  public double[] gradient() {
    return gradient.clone();
  }

  @Override
  public String toString() {
    return "EpisodicSolution[γ=" + gamma + ", terminals=" + Arrays.toString(terminals)
        + (horizon < 0 ? "" : ", horizon=" + horizon) + ", J=" + objective + ", ∇J="
        + Arrays.toString(gradient) + "]";
  }
}
