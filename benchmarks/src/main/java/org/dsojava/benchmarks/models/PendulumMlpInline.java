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
 * The sample {@code PendulumMlp} as it was written before parts existed, everything inline; kept as the
 * reference the composed model must match bit for bit ({@code CompositionTest}).
 *
 * <p>Gymnasium {@code Pendulum-v1} under a Gaussian MLP policy, as a finite-horizon DSO chain.
 *
 * <p><b>Dynamics</b>: exactly {@code gymnasium/envs/classic_control/pendulum.py} ({@code PendulumEnv}):
 * max_speed 8, max_torque 2, dt 0.05, g 10, m 1, l 1;
 * <pre>
 *   u       = clip(a, −2, 2)
 *   cost    = angle_normalize(th)² + 0.1·thdot² + 0.001·u²            (on the pre-step state)
 *   newthdot = clip(thdot + (3g/(2l)·sin th + 3/(m l²)·u)·dt, −8, 8)
 *   newth    = th + newthdot·dt                                          (semi-implicit Euler)
 * </pre>
 * with angle_normalize(x) = ((x + π) mod 2π) − π, Python's floored modulo, written here as
 * y − 2π·floor(y/2π) (equal up to rounding). Reset: th ~ U[−π, π], thdot ~ U[−1, 1]. Episodes last 200
 * steps ({@code TimeLimit} of {@code Pendulum-v1}); there are no terminal states.
 *
 * <p><b>Policy</b>: a ~ N(μ, σ²), μ = MLP(cos th, sin th, thdot) (Gymnasium's observation; 3 → 64 tanh →
 * 64 tanh → 1), σ = exp(logStd). The bottleneck is η = (μ, logStd) (Corollary 2, array form, dim 2).
 * The unclipped draw a is the action, as in Gymnasium (the environment clips it). Weights are flat row-major:
 * {@code w1[i*3 + j]}, {@code w2[i*64 + j]} (j = input index). θ layout (4482 entries):
 * {@code w1[192], b1[64], w2[4096], b2[64], w3[64], b3, logStd}. Initialization: weights N(0, 1/fan_in),
 * output layer initStd 0.01, biases 0, logStd 0 (σ = 1). One noise site: draws = (a).
 *
 * <p><b>State and cost timing</b>: x = (th, thdot, c) where c is the Gymnasium cost of the step that led
 * to x. The MDP cost ℓ(x, a) depends on the action, while a DSO cost may depend only on (x, θ). The
 * G-/S-MDP mapping (paper eqs. 12, 17) would use L(x,θ) = E_a[ℓ(x,a)], but E[clip(a,−2,2)²] under a
 * Gaussian needs the normal CDF, which the model subset cannot express. Instead the transition writes
 * ℓ(x_t, a_t) into next[2], a deterministic function of x_t and the draw a_t, so θ still reaches next[] only
 * through the noise site, and L(x) = x[2]. Reset sets c = 0, so L(x_0) = 0 and L(x_{t+1}) = ℓ(x_t, a_t).
 * Precisely: take the augmented MDP with state z = (th, thdot, c), transition z' = (dynamics(th, thdot, a),
 * ℓ(th, thdot, a)) and action-free cost r(z) = c; its S-MDP mapping (eq. 17) is P_S = P_G of eq. 12 and
 * L_S(z) = E_a[c] = c, i.e. this chain. It pays each Gymnasium cost one step later and nothing else.
 *
 * <p><b>Setting</b>: TIME_VARYING with T = horizon = 200 (eq. 9: L is charged at x_0..x_T, T transitions) and
 * γ = 1. Then J = E[Σ_{t=0..200} L(x_t)] = E[Σ_{t=0..199} ℓ(x_t, a_t)] = −E[Gymnasium return] exactly, the
 * number the published results report. A discounted setting (γ = 0.99 cut at 200 steps) would optimize a
 * truncated surrogate that is neither the infinite-horizon discounted J nor the episode return, and with
 * the one-step cost lag it would be scaled by γ as well. Nothing here depends on t, so the model declares
 * no {@code @Step}.
 */
@Chain(stateDim = 3, setting = Setting.TIME_VARYING, discount = 1.0, horizon = 200)
public class PendulumMlpInline {
  static final double MAX_SPEED = 8.0;
  static final double MAX_TORQUE = 2.0;
  static final double DT = 0.05;
  static final double G = 10.0;
  static final double M = 1.0;
  static final double L = 1.0;
  static final double PI = Math.PI;
  static final double TWO_PI = 2 * Math.PI;

  /** Observation size: (cos th, sin th, thdot). */
  static final int OBS = 3;
  /** Hidden width. */
  static final int H = 64;

  @Param(length = H * OBS, initStd = 0.5773502691896258)
  double[] w1;

  @Param(length = H)
  double[] b1;

  @Param(length = H * H, initStd = 0.125)
  double[] w2;

  @Param(length = H)
  double[] b2;

  @Param(length = H, initStd = 0.01)
  double[] w3;

  @Param
  double b3;

  /** Log of the policy's standard deviation. */
  @Param(value = 0.0)
  double logStd;

  /** η = (policy mean, policy log-std). */
  @Bottleneck(dim = 2)
  void policy(double[] x, double[] eta) {
    eta[0] = mean(x);
    eta[1] = logStd;
  }

  /** The MLP policy mean on Gymnasium's observation (cos th, sin th, thdot). */
  private double mean(double[] x) {
    double[] obs = new double[OBS];
    obs[0] = Math.cos(x[0]);
    obs[1] = Math.sin(x[0]);
    obs[2] = x[1];
    double[] h1 = new double[H];
    for (int i = 0; i < H; i++) {
      double z1 = b1[i];
      for (int j = 0; j < OBS; j++) {
        z1 += w1[i * OBS + j] * obs[j];
      }
      h1[i] = Math.tanh(z1);
    }
    double[] h2 = new double[H];
    for (int i = 0; i < H; i++) {
      double z2 = b2[i];
      for (int j = 0; j < H; j++) {
        z2 += w2[i * H + j] * h1[j];
      }
      h2[i] = Math.tanh(z2);
    }
    double out = b3;
    for (int i = 0; i < H; i++) {
      out += w3[i] * h2[i];
    }
    return out;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double th = x[0];
    double thdot = x[1];
    double[] eta = new double[2];
    policy(x, eta);
    double a = noise.gaussian(eta[0], Math.exp(eta[1]));
    double u = Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
    double an = angleNormalize(th);
    double newthdot = thdot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    next[0] = th + newthdot * DT;
    next[1] = newthdot;
    next[2] = an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
  }

  /** Gymnasium's angle_normalize: ((th + π) mod 2π) − π with a floored modulo. */
  private double angleNormalize(double th) {
    double y = th + PI;
    return y - TWO_PI * Math.floor(y / TWO_PI) - PI;
  }

  /** The cost of the step that led here (0 at x_0). */
  @Cost
  double cost(double[] x) {
    return x[2];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-PI, PI);
    x[1] = noise.uniform(-1.0, 1.0);
    x[2] = 0.0;
  }
}
