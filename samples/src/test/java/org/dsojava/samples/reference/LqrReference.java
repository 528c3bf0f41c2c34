package org.dsojava.samples.reference;

/**
 * Hand-written reference for {@code Lqr}: x' = A x + B u + w, A = [[1, dt], [0, 1]], B = [dt²/2, dt], dt = 0.1,
 * u ~ N(−Kx, σ_u²), w ~ N(0, σ_w² I), L(x, θ) = xᵀQx + R(μ² + σ_u²) with μ = −Kx (the S-MDP expected cost),
 * Q = diag(1, 0.1), R = 0.1, σ_u = 0.5, σ_w = 0.05, γ = 0.95, x_0 ~ U(−1, 1)².
 * θ = K = (k0, k1); draws = (u, x'_0, x'_1).
 *
 * <p>∇_K L = 2Rμ·∂μ/∂K = −2Rμ·x. ln P = ln N(u; μ, σ_u²) + Σ_i ln N(x'_i; (Ax + Bu)_i, σ_w²); only the first
 * term depends on θ: ∇_K ln P = ((u − μ)/σ_u²)·(−x).
 *
 * <p>Exact oracles: {@link #exactJ} (infinite horizon, from the discounted Lyapunov equation),
 * {@link #exactJTruncated} (the first n states charged) and {@link #riccatiGain} (the optimal K).
 */
public final class LqrReference {
  public static final double DT = 0.1;
  public static final double[] A = {1.0, DT, 0.0, 1.0};
  public static final double[] B = {0.5 * DT * DT, DT};
  public static final double Q0 = 1.0;
  public static final double Q1 = 0.1;
  public static final double R = 0.1;
  public static final double SIGMA_U = 0.5;
  public static final double SIGMA_W = 0.05;
  public static final double GAMMA = 0.95;
  /** E[x_0 x_0ᵀ] for x_0 ~ U(−1, 1)²: I/3. */
  public static final double INIT_VAR = 1.0 / 3.0;

  public static final int PARAM_COUNT = 2;
  public static final int STATE_DIM = 2;
  public static final int DRAW_COUNT = 3;

  private LqrReference() {}

  /** μ(x) = −Kx. */
  public static double mean(double[] theta, double[] x) {
    return -(theta[0] * x[0] + theta[1] * x[1]);
  }

  public static double cost(double[] theta, double[] x) {
    double mu = mean(theta, x);
    return Q0 * x[0] * x[0] + Q1 * x[1] * x[1] + R * (mu * mu + SIGMA_U * SIGMA_U);
  }

  /** The next state the recorded draws produce (the state noise is part of the draws). */
  public static void transition(double[] x, double[] draws, double[] next) {
    next[0] = draws[1];
    next[1] = draws[2];
  }

  /** The mean of x' given x and the drawn action u. */
  public static void nextMean(double[] x, double u, double[] m) {
    m[0] = A[0] * x[0] + A[1] * x[1] + B[0] * u;
    m[1] = A[2] * x[0] + A[3] * x[1] + B[1] * u;
  }

  public static double logDensity(double[] theta, double[] x, double[] draws) {
    double u = draws[0];
    double[] m = new double[2];
    nextMean(x, u, m);
    return RefMath.logGaussian(u, mean(theta, x), SIGMA_U)
        + RefMath.logGaussian(draws[1], m[0], SIGMA_W)
        + RefMath.logGaussian(draws[2], m[1], SIGMA_W);
  }

  /** g += wL·∇θ L + wP·∇θ ln P. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    double mu = mean(theta, x);
    double dMu = wL * 2 * R * mu + wP * (draws[0] - mu) / (SIGMA_U * SIGMA_U);
    g[0] -= dMu * x[0];
    g[1] -= dMu * x[1];
  }

  /** Closed-loop matrix A − BK, row-major 2×2. */
  public static double[] closedLoop(double[] theta) {
    return new double[] {
      A[0] - B[0] * theta[0], A[1] - B[0] * theta[1],
      A[2] - B[1] * theta[0], A[3] - B[1] * theta[1]
    };
  }

  /** Q + R KᵀK, the state-dependent part of L as a quadratic form (row-major 2×2). */
  public static double[] costMatrix(double[] theta) {
    return new double[] {
      Q0 + R * theta[0] * theta[0], R * theta[0] * theta[1],
      R * theta[1] * theta[0], Q1 + R * theta[1] * theta[1]
    };
  }

  /** Per-step noise covariance of x' given x: σ_u² BBᵀ + σ_w² I (row-major 2×2). */
  public static double[] noiseCov() {
    double su2 = SIGMA_U * SIGMA_U;
    double sw2 = SIGMA_W * SIGMA_W;
    return new double[] {
      su2 * B[0] * B[0] + sw2, su2 * B[0] * B[1],
      su2 * B[1] * B[0], su2 * B[1] * B[1] + sw2
    };
  }

  /**
   * P solving P = Q_K + γ A_clᵀ P A_cl (vectorized 4×4 solve); requires √γ·A_cl to be stable. Row-major 2×2.
   */
  public static double[] valueMatrix(double[] theta) {
    double[] f = closedLoop(theta);
    double[] qk = costMatrix(theta);
    // vec(P) − γ (A_clᵀ ⊗ A_clᵀ) vec(P) = vec(Q_K); entry P[a][b] -= γ Σ_{c,d} F[c][a] F[d][b] P[c][d].
    double[] m = new double[16];
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        int row = a * 2 + b;
        m[row * 4 + row] += 1.0;
        for (int c = 0; c < 2; c++) {
          for (int d = 0; d < 2; d++) {
            m[row * 4 + c * 2 + d] -= GAMMA * f[c * 2 + a] * f[d * 2 + b];
          }
        }
      }
    }
    return RefMath.solve(m, qk, 4);
  }

  /**
   * The exact infinite-horizon J(K) = E[x_0ᵀPx_0] + c with V(x) = xᵀPx + c,
   * c = (Rσ_u² + γ tr(P W)) / (1 − γ), W = {@link #noiseCov()}. Infinite when √γ·A_cl is unstable.
   */
  public static double exactJ(double[] theta) {
    double[] f = closedLoop(theta);
    double tr = f[0] + f[3];
    double det = f[0] * f[3] - f[1] * f[2];
    double disc = tr * tr - 4 * det;
    double rho = disc >= 0
        ? Math.max(Math.abs(tr + Math.sqrt(disc)), Math.abs(tr - Math.sqrt(disc))) / 2
        : Math.sqrt(det);
    if (GAMMA * rho * rho >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[] p = valueMatrix(theta);
    double[] w = noiseCov();
    double trPW = p[0] * w[0] + p[1] * w[2] + p[2] * w[1] + p[3] * w[3];
    double c = (R * SIGMA_U * SIGMA_U + GAMMA * trPW) / (1 - GAMMA);
    return INIT_VAR * (p[0] + p[3]) + c;
  }

  /** E[Σ_{t=0}^{n−1} γ^t L(x_t, θ)]: J with the first {@code n} states charged (moment recursion). */
  public static double exactJTruncated(double[] theta, int n) {
    double[] f = closedLoop(theta);
    double[] qk = costMatrix(theta);
    double[] w = noiseCov();
    double[] s = {INIT_VAR, 0, 0, INIT_VAR};
    double j = 0;
    double disc = 1;
    for (int t = 0; t < n; t++) {
      double stepCost = qk[0] * s[0] + qk[1] * s[2] + qk[2] * s[1] + qk[3] * s[3] + R * SIGMA_U * SIGMA_U;
      j += disc * stepCost;
      disc *= GAMMA;
      // S ← F S Fᵀ + W
      double[] fs = new double[4];
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          fs[a * 2 + b] = f[a * 2] * s[b] + f[a * 2 + 1] * s[2 + b];
        }
      }
      double[] ns = new double[4];
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          ns[a * 2 + b] = fs[a * 2] * f[b * 2] + fs[a * 2 + 1] * f[b * 2 + 1] + w[a * 2 + b];
        }
      }
      s = ns;
    }
    return j;
  }

  /**
   * The optimal gain of the discounted LQR, K = γ(R + γBᵀPB)⁻¹BᵀPA with P the fixed point of
   * P = Q + γAᵀPA − γ²AᵀPB(R + γBᵀPB)⁻¹BᵀPA (iterated to convergence).
   */
  public static double[] riccatiGain() {
    double[] p = {Q0, 0, 0, Q1};
    double[] k = new double[2];
    for (int it = 0; it < 100_000; it++) {
      // PB, PA
      double pb0 = p[0] * B[0] + p[1] * B[1];
      double pb1 = p[2] * B[0] + p[3] * B[1];
      double s = R + GAMMA * (B[0] * pb0 + B[1] * pb1);
      // BᵀPA (row vector): (Bᵀ P) A
      double bp0 = B[0] * p[0] + B[1] * p[2];
      double bp1 = B[0] * p[1] + B[1] * p[3];
      double bpa0 = bp0 * A[0] + bp1 * A[2];
      double bpa1 = bp0 * A[1] + bp1 * A[3];
      double k0 = GAMMA * bpa0 / s;
      double k1 = GAMMA * bpa1 / s;
      // P ← Q + KᵀRK + γ (A − BK)ᵀ P (A − BK)  (Joseph form of the same fixed point)
      double[] np = costMatrix(new double[] {k0, k1});
      double[] f = closedLoop(new double[] {k0, k1});
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          double v = 0;
          for (int c = 0; c < 2; c++) {
            for (int d = 0; d < 2; d++) {
              v += f[c * 2 + a] * p[c * 2 + d] * f[d * 2 + b];
            }
          }
          np[a * 2 + b] += GAMMA * v;
        }
      }
      double delta = Math.abs(k0 - k[0]) + Math.abs(k1 - k[1]);
      p = np;
      k[0] = k0;
      k[1] = k1;
      if (it > 10 && delta < 1e-15) {
        break;
      }
    }
    return k;
  }
}
