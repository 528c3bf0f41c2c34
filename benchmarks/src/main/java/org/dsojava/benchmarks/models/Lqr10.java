package org.dsojava.benchmarks.models;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Discounted linear-quadratic-Gaussian regulator with a 10-dimensional state and 3 controls under a noisy
 * linear policy: the benchmarks' LQR (the sample {@code Lqr} is 2-D, too small to measure anything).
 * Conventions are those of {@code org.dsojava.samples.Lqr}.
 *
 * <p><b>System</b>: a chain of 5 unit masses joined by springs (stiffness 1, fixed walls at both ends), each
 * with damping 0.5; state x = (p₀, v₀, p₁, v₁, …, p₄, v₄), controls u_c pushing on masses 0, 2 and 4;
 * explicit Euler with dt = 0.1:
 * <pre>
 *   p_i' = p_i + dt·v_i + w,   v_i' = v_i + dt·(p_{i−1} − 2p_i + p_{i+1} − 0.5·v_i + f_i) + w,   w ~ N(0, σ_w²)
 *   f_{2c} = u_c,  f_odd = 0,   u ~ N(μ(x), σ_u² I),  μ(x) = −K x,  σ_u = 0.5,  σ_w = 0.05
 *   θ = K (3 × 10, row-major: k[c·10 + j]);   ℓ(x, u) = xᵀx + R·uᵀu,  R = 0.1
 * </pre>
 * This x' = A x + B u + w is stable at K = 0 (dt·ω² ≤ 0.1·3.73 &lt; damping 0.5 for every mode, so every
 * eigenvalue of A has modulus below 1) and well-conditioned. Reset x₀ ~ U(−1, 1)¹⁰.
 * draws = (u₀, u₁, u₂, x'₀, …, x'₉).
 *
 * <p><b>Cost</b>: as in {@code Lqr}, the S-MDP mapping (paper eq. 17):
 * L(x, θ) = E_u[ℓ(x, u)] = xᵀx + R·Σ_c (μ_c² + σ_u²), which depends on θ.
 *
 * <p><b>Setting</b>: DISCOUNTED, γ = 0.95, horizon 200 (a safety cap, γ²⁰⁰ ≈ 3.5e−5), as {@code Lqr}.
 * μ = −Kx is declared the {@code @Bottleneck} (dim 3), as a user who knows Corollary 2 would write it.
 */
@Chain(stateDim = 10, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 200)
public class Lqr10 {
  /** State dimension. */
  static final int N = 10;
  /** Number of controls. */
  static final int M = 3;
  /** Number of masses (N / 2). */
  static final int MASSES = 5;
  static final double DT = 0.1;
  static final double SPRING = 1.0;
  static final double DAMPING = 0.5;
  static final double R = 0.1;
  static final double SIGMA_U = 0.5;
  static final double SIGMA_W = 0.05;

  /** Feedback gain K (3 × 10, row-major): u = −K x + noise. */
  @Param(length = M * N)
  double[] k;

  /** Policy mean μ(x) = −K x. */
  @Bottleneck(dim = M)
  void mean(double[] x, double[] mu) {
    for (int c = 0; c < M; c++) {
      double s = 0.0;
      for (int j = 0; j < N; j++) {
        s += k[c * N + j] * x[j];
      }
      mu[c] = -s;
    }
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] mu = new double[M];
    mean(x, mu);
    double[] u = new double[M];
    for (int c = 0; c < M; c++) {
      u[c] = noise.gaussian(mu[c], SIGMA_U);
    }
    for (int i = 0; i < MASSES; i++) {
      double p = x[2 * i];
      double v = x[2 * i + 1];
      double left = i > 0 ? x[2 * i - 2] : 0.0;
      double right = i < MASSES - 1 ? x[2 * i + 2] : 0.0;
      double force = i % 2 == 0 ? u[i / 2] : 0.0;
      double acc = SPRING * (left - 2.0 * p + right) - DAMPING * v + force;
      next[2 * i] = noise.gaussian(p + DT * v, SIGMA_W);
      next[2 * i + 1] = noise.gaussian(v + DT * acc, SIGMA_W);
    }
  }

  /** E_u[xᵀx + R uᵀu] under u ~ N(μ(x), σ_u² I). */
  @Cost
  double cost(double[] x) {
    double[] mu = new double[M];
    mean(x, mu);
    double c = 0.0;
    for (int j = 0; j < N; j++) {
      c += x[j] * x[j];
    }
    for (int i = 0; i < M; i++) {
      c += R * (mu[i] * mu[i] + SIGMA_U * SIGMA_U);
    }
    return c;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < N; i++) {
      x[i] = noise.uniform(-1.0, 1.0);
    }
  }
}
