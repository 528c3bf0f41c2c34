package org.dsojava.samples;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Discounted linear-quadratic-Gaussian regulator of a double integrator under a noisy linear policy.
 *
 * <p><b>System</b> (state x = (position, velocity), scalar acceleration u, step dt = 0.1):
 * <pre>
 *   x' = A x + B u + w,   A = [[1, dt], [0, 1]],  B = [dt²/2, dt],  w ~ N(0, σ_w² I),  σ_w = 0.05
 *   u ~ N(μ(x), σ_u²),    μ(x) = −K x,  σ_u = 0.5,   θ = K = (k[0], k[1])
 *   ℓ(x, u) = xᵀQx + uᵀRu,  Q = diag(1, 0.1),  R = 0.1
 * </pre>
 * Reset x_0 ~ U(−1, 1)². θ reaches x' only through noise sites: the action is a Gaussian site with mean −Kx,
 * and the state noise is written as x'_i = noise.gaussian((A x + B u)_i, σ_w). draws = (u, x'_0, x'_1).
 *
 * <p><b>Cost</b>: ℓ depends on u, which a DSO cost cannot see. We use the S-MDP mapping of the paper
 * (eq. 17, a special case of the G-MDP mapping eq. 12): L(x, θ) = E_{u~π(·|x,θ)}[ℓ(x, u)]
 * = xᵀQx + R(μ(x)² + σ_u²), a closed form here, so L depends on θ (allowed: the cost may read
 * parameters) and the chain has exactly the MDP's value function (Lemma 1). This keeps the state 2-dimensional
 * and the cost timing unchanged (no one-step lag), and lowers variance compared with charging the sampled u.
 *
 * <p><b>Setting</b>: DISCOUNTED, γ = 0.95. The optimum is the discounted Riccati gain (certainty equivalence:
 * the action noise is additive and independent of K, so it only adds constant cost). The horizon 200 is a
 * safety cap (γ^200 ≈ 3.5e−5); compare with the exact oracle truncated alike or allow for that bias.
 * {@link #mean} is a natural bottleneck (η = −Kx) but is left unannotated so this sample exercises the
 * generator's non-bottleneck path.
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 200)
public class Lqr {
  static final double DT = 0.1;
  static final double A00 = 1.0;
  static final double A01 = DT;
  static final double A10 = 0.0;
  static final double A11 = 1.0;
  static final double B0 = 0.5 * DT * DT;
  static final double B1 = DT;
  static final double Q0 = 1.0;
  static final double Q1 = 0.1;
  static final double R = 0.1;
  static final double SIGMA_U = 0.5;
  static final double SIGMA_W = 0.05;

  /** Feedback gain: u = −(k[0]·position + k[1]·velocity) + noise. */
  @Param(length = 2)
  double[] k;

  /** Policy mean μ(x) = −K x. */
  double mean(double[] x) {
    return -(k[0] * x[0] + k[1] * x[1]);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(mean(x), SIGMA_U);
    next[0] = noise.gaussian(A00 * x[0] + A01 * x[1] + B0 * u, SIGMA_W);
    next[1] = noise.gaussian(A10 * x[0] + A11 * x[1] + B1 * u, SIGMA_W);
  }

  /** E_u[xᵀQx + R u²] under u ~ N(μ(x), σ_u²). */
  @Cost
  double cost(double[] x) {
    double mu = mean(x);
    return Q0 * x[0] * x[0] + Q1 * x[1] * x[1] + R * (mu * mu + SIGMA_U * SIGMA_U);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
