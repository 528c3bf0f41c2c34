package org.dsojava.samples;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.GaussianHead;
import org.dsojava.parts.Mlp;

/**
 * Gymnasium {@code Pendulum-v1} under a Gaussian MLP policy, as a finite-horizon DSO chain.
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
 * <p><b>Policy</b> (library parts): a ~ N(μ, σ²), μ = {@link Mlp}(cos th, sin th, thdot) (Gymnasium's
 * observation; 3 → 64 tanh → 64 tanh → 1), σ = exp(logStd) from a {@link GaussianHead}. The bottleneck is
 * η = (μ, logStd) (Corollary 2, array form, dim 2). The unclipped draw a is the action, as in Gymnasium (the
 * environment clips it). θ layout (4482 entries): {@code policy.hidden1.w[192], policy.hidden1.b[64],
 * policy.hidden2.w[4096], policy.hidden2.b[64], policy.output.w[64], policy.output.b[1], head.logStd[1]}
 * (row-major weights, {@code w[i*in + j]}). Initialization: weights N(0, 1/fan_in), output layer N(0, 0.01²),
 * biases 0, logStd 0 (σ = 1). One noise site: draws = (a).
 *
 * <p><b>Cost</b>: Gymnasium's cost ℓ(x, a) depends on the action, so the transition returns it (an
 * action-dependent step cost): the kernel's state is (th, thdot, c), c the cost of the step that led to it
 * (0 at x_0), and it charges L(x) + c with L ≡ 0 — the augmented chain of eq. 12 with the same J
 * ({@code StepCostTest} proves the gradients equal on a finite MDP). E_a[ℓ(x, a)] itself would need the
 * normal CDF of the clipped action, which the subset cannot express.
 *
 * <p><b>Setting</b>: TIME_VARYING with T = horizon = 200 (eq. 9: L is charged at x_0..x_T, T transitions) and
 * γ = 1. Then J = E[Σ_{t=0..200} L(x_t)] = E[Σ_{t=0..199} ℓ(x_t, a_t)] = −E[Gymnasium return] exactly, the
 * number the published results report. A discounted setting (γ = 0.99 cut at 200 steps) would optimize a
 * truncated surrogate that is neither the infinite-horizon discounted J nor the episode return, and with
 * the one-step cost lag it would be scaled by γ as well. Nothing here depends on t, so the model declares
 * no {@code @Step}.
 */
@Chain(stateDim = 2, setting = Setting.TIME_VARYING, discount = 1.0, horizon = 200)
public class PendulumMlp {
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

  final Mlp policy = new Mlp(OBS, 64, 64, 1);
  final GaussianHead head = new GaussianHead(1);

  /** η = (policy mean, policy log-std). */
  @Bottleneck(dim = 2)
  void policy(double[] x, double[] eta) {
    double[] obs = new double[OBS];
    obs[0] = Math.cos(x[0]);
    obs[1] = Math.sin(x[0]);
    obs[2] = x[1];
    eta[0] = policy.value(obs);
    eta[1] = head.logStd(0);
  }

  /** One step; returns Gymnasium's cost of it, ℓ(x, a) = angle² + 0.1·thdot² + 0.001·u² (pre-step state). */
  @Transition
  double step(double[] x, Noise noise, double[] next) {
    double th = x[0];
    double thdot = x[1];
    double[] eta = new double[2];
    policy(x, eta);
    double a = GaussianHead.draw(noise, eta[0], eta[1]);
    double u = Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
    double an = angleNormalize(th);
    double newthdot = thdot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    next[0] = th + newthdot * DT;
    next[1] = newthdot;
    return an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
  }

  /** Gymnasium's angle_normalize: ((th + π) mod 2π) − π with a floored modulo. */
  private double angleNormalize(double th) {
    double y = th + PI;
    return y - TWO_PI * Math.floor(y / TWO_PI) - PI;
  }

  /** No state cost: every cost of Pendulum-v1 is a step cost (returned by the transition). */
  @Cost
  double cost(double[] x) {
    return 0.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-PI, PI);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
