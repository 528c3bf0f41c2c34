package org.dsojava.samples.reference;

/**
 * Hand-written reference for {@code SoftmaxChain}: S = 4 states, P(s'|s, θ) = softmax(θ[s*4 .. s*4+3])[s'],
 * c = (1, 0.5, 2, 0), p₀ uniform, γ = 0.9. θ = logits[16]; x = (s); draws = (s').
 *
 * <p>L does not depend on θ. ln P = θ[s*4 + s'] − logsumexp(θ_s), so
 * ∂ ln P/∂θ[s*4 + k] = [k = s'] − P(k|s) and 0 for the other rows.
 *
 * <p>Exact oracles: V = (I − γP)⁻¹c, J = p₀ᵀV and, with dᵀ = p₀ᵀ(I − γP)⁻¹ (the discounted visitation
 * Σ_t γ^t Pr(x_t = s)), ∂J/∂θ[s*4 + k] = γ·d_s·P(k|s)·(V_k − Σ_{s'} P(s'|s)V_{s'}).
 */
public final class SoftmaxChainReference {
  public static final int S = 4;
  public static final double[] COST = {1.0, 0.5, 2.0, 0.0};
  public static final double GAMMA = 0.9;

  public static final int PARAM_COUNT = S * S;
  public static final int STATE_DIM = 1;
  public static final int DRAW_COUNT = 1;

  private SoftmaxChainReference() {}

  public static double cost(double[] theta, double[] x) {
    return COST[(int) x[0]];
  }

  /** The next state the recorded draws produce. */
  public static void transition(double[] x, double[] draws, double[] next) {
    next[0] = draws[0];
  }

  public static double logDensity(double[] theta, double[] x, double[] draws) {
    int s = (int) x[0];
    int next = (int) draws[0];
    return theta[s * S + next] - RefMath.logSumExp(theta, s * S, S);
  }

  /** g += wL·∇θ L + wP·∇θ ln P (∇θ L = 0). */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    int s = (int) x[0];
    int next = (int) draws[0];
    double lse = RefMath.logSumExp(theta, s * S, S);
    for (int k = 0; k < S; k++) {
      double p = Math.exp(theta[s * S + k] - lse);
      g[s * S + k] += wP * ((k == next ? 1.0 : 0.0) - p);
    }
  }

  /** The transition matrix, row-major S×S. */
  public static double[] transitionMatrix(double[] theta) {
    double[] p = new double[S * S];
    for (int s = 0; s < S; s++) {
      double lse = RefMath.logSumExp(theta, s * S, S);
      for (int k = 0; k < S; k++) {
        p[s * S + k] = Math.exp(theta[s * S + k] - lse);
      }
    }
    return p;
  }

  private static double[] iMinusGammaP(double[] p, boolean transpose) {
    double[] m = new double[S * S];
    for (int a = 0; a < S; a++) {
      for (int b = 0; b < S; b++) {
        m[a * S + b] = (a == b ? 1.0 : 0.0) - GAMMA * (transpose ? p[b * S + a] : p[a * S + b]);
      }
    }
    return m;
  }

  /** V = (I − γP)⁻¹c. */
  public static double[] exactV(double[] theta) {
    return RefMath.solve(iMinusGammaP(transitionMatrix(theta), false), COST, S);
  }

  /** dᵀ = p₀ᵀ(I − γP)⁻¹, the discounted visitation of each state. */
  public static double[] discountedVisitation(double[] theta) {
    double[] p0 = new double[S];
    java.util.Arrays.fill(p0, 1.0 / S);
    return RefMath.solve(iMinusGammaP(transitionMatrix(theta), true), p0, S);
  }

  /** J = p₀ᵀV (infinite horizon). */
  public static double exactJ(double[] theta) {
    double[] v = exactV(theta);
    double j = 0;
    for (int s = 0; s < S; s++) {
      j += v[s] / S;
    }
    return j;
  }

  /** ∇J, exactly. */
  public static double[] exactGradient(double[] theta) {
    double[] p = transitionMatrix(theta);
    double[] v = exactV(theta);
    double[] d = discountedVisitation(theta);
    double[] g = new double[S * S];
    for (int s = 0; s < S; s++) {
      double ev = 0;
      for (int k = 0; k < S; k++) {
        ev += p[s * S + k] * v[k];
      }
      for (int k = 0; k < S; k++) {
        g[s * S + k] = GAMMA * d[s] * p[s * S + k] * (v[k] - ev);
      }
    }
    return g;
  }
}
