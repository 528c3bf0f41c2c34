package org.dsojava.samples.oracle;

import org.dsojava.runtime.oracle.FiniteChain;

/**
 * The exact expectation of Algorithm 1's average-cost estimate for a finite chain with rollouts of
 * fixed length T, burn-in B and differential returns shifted by Ĵ (the runtime's AVERAGE setting):
 *
 * <pre>
 *   E[G] = 1/(T−B) Σ_{s=B}^{T−1} ( μ_s·∇L + Σ_x μ_s(x) Σ_x' ∇P(x'|x) W_{T−1−s}(x') ),
 *   μ_s = p0 Pˢ,  W_0 = 0,  W_m = (L − Ĵ) + P W_{m−1}
 * </pre>
 *
 * (W_m(x') = E[Σ_{u&lt;m} (L(x_u) − Ĵ) | x_0 = x'] is the expected truncated differential return;
 * the baseline term has expectation 0). As T → ∞ it tends to Theorem 2's ∇J; the difference is the
 * estimator's truncation and burn-in bias, which this computes exactly.
 */
final class AverageCostExpectation {
  private AverageCostExpectation() {}

  static double[] expectedEstimate(FiniteChain chain, double[] theta, double[] p0, double averageCost,
      int horizon, int burnIn) {
    int n = chain.states();
    int p = chain.params();
    double[][] P = new double[n][n];
    double[][][] dP = new double[p][n][n];
    double[] L = new double[n];
    double[][] dL = new double[p][n];
    chain.transition(theta, P);
    chain.transitionGradient(theta, dP);
    chain.cost(theta, L);
    chain.costGradient(theta, dL);
    // W_m for m = 0 … T−1−B, indexed by m.
    int maxM = horizon - 1 - burnIn;
    double[][] W = new double[maxM + 1][n];
    for (int m = 1; m <= maxM; m++) {
      for (int i = 0; i < n; i++) {
        double v = L[i] - averageCost;
        for (int j = 0; j < n; j++) {
          v += P[i][j] * W[m - 1][j];
        }
        W[m][i] = v;
      }
    }
    double[] mu = p0.clone();
    double[] g = new double[p];
    for (int s = 0; s < horizon; s++) {
      if (s >= burnIn) {
        double[] w = W[horizon - 1 - s];
        for (int k = 0; k < p; k++) {
          double term = 0;
          for (int i = 0; i < n; i++) {
            double inner = dL[k][i];
            for (int j = 0; j < n; j++) {
              inner += dP[k][i][j] * w[j];
            }
            term += mu[i] * inner;
          }
          g[k] += term / (horizon - burnIn);
        }
      }
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          next[j] += mu[i] * P[i][j];
        }
      }
      mu = next;
    }
    return g;
  }
}
