package org.dsojava.runtime.mdp;

/**
 * A stochastic policy π(a|x,θ) over the m actions of a finite MDP, with its exact derivative in θ
 * (the π of eq. 12). Implementations write every entry of the output arrays.
 */
public interface StochasticPolicy {
  /** m, the number of actions. */
  int actions();

  /** The number of parameters θ. */
  int params();

  /** Writes {@code out[a]} = π(a|x,θ). */
  void probabilities(int x, double[] theta, double[] out);

  /** Writes {@code out[k][a]} = ∂π(a|x,θ)/∂θ_k. */
  void gradient(int x, double[] theta, double[][] out);
}
