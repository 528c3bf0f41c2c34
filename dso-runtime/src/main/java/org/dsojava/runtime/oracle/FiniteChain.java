package org.dsojava.runtime.oracle;

/**
 * A time-invariant finite Markov chain P(x'|x,θ) with step cost L(x,θ) (paper section 2), with exact
 * derivatives in θ: the input of the {@link ChainOracle} for the discounted, first-exit, truncated and
 * average-cost settings.
 *
 * <p>States are 0 … {@link #states()}−1 and θ has {@link #params()} entries. The oracle owns every
 * buffer and zero-fills it before each call, so an implementation only writes its non-zero entries.
 * A time-invariant chain is also a {@link TimeVaryingChain} whose step methods ignore t.
 *
 * <pre>{@code
 * FiniteChain chain = FiniteChains.softmax(logitBias, logitFeatures, costBias, costFeatures);
 * EpisodicSolution s = ChainOracle.discounted(chain, theta, p0, 0.9);
 * double J = s.objective();  double[] grad = s.gradient();  // Theorem 1, eq. 30
 * }</pre>
 */
public interface FiniteChain extends TimeVaryingChain {
  /** Writes {@code P[i][j]} = P(j | i, θ), an n × n row-stochastic matrix. */
  void transition(double[] theta, double[][] P);

  /** Writes {@code dP[k][i][j]} = ∂P(j | i, θ)/∂θ_k (p × n × n). */
  void transitionGradient(double[] theta, double[][][] dP);

  /** Writes {@code L[i]} = L(i, θ), the cost charged when the chain is in state i. */
  void cost(double[] theta, double[] L);

  /** Writes {@code dL[k][i]} = ∂L(i, θ)/∂θ_k (p × n). */
  void costGradient(double[] theta, double[][] dL);

  /** The time-invariant {@link #transition(double[], double[][])}. */
  @Override
  default void transition(int t, double[] theta, double[][] P) {
    transition(theta, P);
  }

  /** The time-invariant {@link #transitionGradient(double[], double[][][])}. */
  @Override
  default void transitionGradient(int t, double[] theta, double[][][] dP) {
    transitionGradient(theta, dP);
  }

  /** The time-invariant {@link #cost(double[], double[])}. */
  @Override
  default void cost(int t, double[] theta, double[] L) {
    cost(theta, L);
  }

  /** The time-invariant {@link #costGradient(double[], double[][])}. */
  @Override
  default void costGradient(int t, double[] theta, double[][] dL) {
    costGradient(theta, dL);
  }
}
