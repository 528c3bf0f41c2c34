package org.dsojava.runtime.oracle;

/**
 * A finite Markov chain whose transition matrix P_t(θ) and step costs L_t(θ) may depend on the step
 * index t (the time-varying setting of eqs. 9–11), with exact derivatives in θ.
 *
 * <p>States are 0 … {@link #states()}−1 and θ has {@link #params()} entries. The oracle owns every
 * buffer and zero-fills it before each call, so an implementation only writes its non-zero entries.
 * For a horizon T the oracle calls the transition methods for t = 0 … T−1 and the cost methods for
 * t = 0 … T (eq. 11: V_T = L_T).
 *
 * <p>Derivatives are the implementation's responsibility and are taken at face value: the oracle
 * checks that every row of ∂P/∂θ_k sums to 0 (rows of P sum to 1 for all θ), not that they are the
 * derivatives of P. {@link FiniteChains} builds chains whose derivatives are exact by construction.
 *
 * @see FiniteChain for time-invariant chains
 * @see ChainOracle#timeVarying
 */
public interface TimeVaryingChain {
  /** The number n of states; at least 1. */
  int states();

  /** The number p of parameters θ; at least 0. */
  int params();

  /** Writes {@code P[i][j]} = P_t(j | i, θ), an n × n row-stochastic matrix. */
  void transition(int t, double[] theta, double[][] P);

  /** Writes {@code dP[k][i][j]} = ∂P_t(j | i, θ)/∂θ_k (p × n × n). */
  void transitionGradient(int t, double[] theta, double[][][] dP);

  /** Writes {@code L[i]} = L_t(i, θ), the cost charged when the chain is in state i at step t. */
  void cost(int t, double[] theta, double[] L);

  /** Writes {@code dL[k][i]} = ∂L_t(i, θ)/∂θ_k (p × n). */
  void costGradient(int t, double[] theta, double[][] dL);
}
