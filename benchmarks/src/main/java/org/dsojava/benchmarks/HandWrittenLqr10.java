package org.dsojava.benchmarks;

import org.dsojava.runtime.Rng;

/**
 * A hand-written, allocation-free kernel of {@link org.dsojava.benchmarks.models.Lqr10} (5 coupled damped
 * masses, 10-D state, 3 controls, u ~ N(−Kx, σ_u²I), θ = K row-major): the "practical limit" the generated
 * {@code Lqr10Kernel} is measured against.
 *
 * <p>{@link #sample} makes the same 13 {@link Rng} calls in the same order with the same arguments as the
 * generated kernel, so draws and next state are bitwise equal. {@link #accumulateGradient} uses that only
 * the three action sites and the cost depend on θ, both through μ = −Kx:
 * ∂F/∂μ_c = wL·2R·μ_c + wP·(u_c − μ_c)/σ_u², and g[c·10 + j] −= (∂F/∂μ_c)·x_j. The ten state-noise sites
 * have no θ, so their log-densities (constants for the gradient) are never evaluated.
 * Everything lives in locals: no work arrays, no tape.
 */
public final class HandWrittenLqr10 {
  public static final int N = 10;
  public static final int M = 3;
  public static final int PARAM_COUNT = M * N;
  public static final int DRAW_COUNT = M + N;
  public static final int HORIZON = 200;

  private static final double DT = 0.1;
  private static final double DAMPING = 0.5;
  private static final double R = 0.1;
  private static final double SIGMA_U = 0.5;
  private static final double INV_VAR_U = 1.0 / (SIGMA_U * SIGMA_U);
  private static final double SIGMA_W = 0.05;

  private HandWrittenLqr10() {}

  /** x₀ ~ U(−1, 1)¹⁰, the generated {@code initialState}'s draws. */
  public static void initialState(Rng rng, double[] x) {
    for (int i = 0; i < N; i++) {
      x[i] = rng.uniform(-1.0, 1.0);
    }
  }

  /** μ_c = −Σ_j K_cj x_j, summed from 0.0 in the model's order (so −0.0 cases match too). */
  private static double mean(double[] theta, int row, double[] x) {
    int r = row * N;
    double s = 0.0;
    s += theta[r] * x[0];
    s += theta[r + 1] * x[1];
    s += theta[r + 2] * x[2];
    s += theta[r + 3] * x[3];
    s += theta[r + 4] * x[4];
    s += theta[r + 5] * x[5];
    s += theta[r + 6] * x[6];
    s += theta[r + 7] * x[7];
    s += theta[r + 8] * x[8];
    s += theta[r + 9] * x[9];
    return -s;
  }

  /** x' ~ P(·|x,θ); draws = (u₀, u₁, u₂, x'₀, …, x'₉). */
  public static void sample(double[] theta, double[] x, Rng rng, double[] draws, double[] next) {
    double u0 = rng.gaussian(mean(theta, 0, x), SIGMA_U);
    draws[0] = u0;
    double u1 = rng.gaussian(mean(theta, 1, x), SIGMA_U);
    draws[1] = u1;
    double u2 = rng.gaussian(mean(theta, 2, x), SIGMA_U);
    draws[2] = u2;
    double p0 = x[0];
    double p1 = x[2];
    double p2 = x[4];
    double p3 = x[6];
    double p4 = x[8];
    mass(rng, 0, p0, x[1], 0.0, p1, u0, draws, next);
    mass(rng, 1, p1, x[3], p0, p2, 0.0, draws, next);
    mass(rng, 2, p2, x[5], p1, p3, u1, draws, next);
    mass(rng, 3, p3, x[7], p2, p4, 0.0, draws, next);
    mass(rng, 4, p4, x[9], p3, 0.0, u2, draws, next);
  }

  /** Mass i's noisy Euler step, in the model's operation order (its ×1.0 stiffness is exact, so dropped). */
  private static void mass(Rng rng, int i, double p, double v, double left, double right, double force,
      double[] draws, double[] next) {
    double acc = (left - 2.0 * p + right) - DAMPING * v + force;
    double np = rng.gaussian(p + DT * v, SIGMA_W);
    draws[M + 2 * i] = np;
    next[2 * i] = np;
    double nv = rng.gaussian(v + DT * acc, SIGMA_W);
    draws[M + 2 * i + 1] = nv;
    next[2 * i + 1] = nv;
  }

  /** g += wL·∇L + wP·∇ln P. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    double cL = wL * (2.0 * R);
    double cP = wP * INV_VAR_U;
    for (int c = 0; c < M; c++) {
      double mu = mean(theta, c, x);
      double gMinus = -(cL * mu + cP * (draws[c] - mu));
      int r = c * N;
      for (int j = 0; j < N; j++) {
        g[r + j] += gMinus * x[j];
      }
    }
  }
}
