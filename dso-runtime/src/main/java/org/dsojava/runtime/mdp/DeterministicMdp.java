package org.dsojava.runtime.mdp;

import java.util.Objects;
import org.dsojava.runtime.oracle.FiniteChain;

/**
 * A D-MDP on a finite state space (eq. 18): dynamics p(x'|x,a) and cost r(x,a) in a continuous action
 * a, and a deterministic policy a = μ(x,θ). What the section 2.2 conversions of {@link Mdps} return.
 *
 * @param dynamics p(x'|x,a)
 * @param cost r(x,a)
 * @param policy μ(x,θ), whose action dimension must match the dynamics'
 */
public record DeterministicMdp(ActionDynamics dynamics, ActionCost cost, DeterministicPolicy policy) {
  /** Checks that the action dimensions agree. */
  public DeterministicMdp {
    Objects.requireNonNull(dynamics, "dynamics");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(policy, "policy");
    if (dynamics.actionDim() != policy.actionDim()) {
      throw new IllegalArgumentException("the dynamics take actions of dimension " + dynamics.actionDim()
          + " but the policy μ(x,θ) returns dimension " + policy.actionDim());
    }
  }

  /** The DSO chain P_D, L_D of eq. 18 ({@link Mdps#deterministic}). */
  public FiniteChain chain() {
    return Mdps.deterministic(dynamics, cost, policy);
  }
}
