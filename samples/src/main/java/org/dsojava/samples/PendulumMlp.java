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
 * <p><b>Dynamics and cost</b>: exactly Gymnasium's ({@link PendulumPhysics}). Reset: th ~ U[−π, π],
 * thdot ~ U[−1, 1]. Episodes last 200 steps ({@code TimeLimit} of {@code Pendulum-v1}); there are no
 * terminal states.
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
  static final double PI = Math.PI;

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

  /** One step; returns Gymnasium's cost of it, ℓ(x, a) (on the pre-step state). */
  @Transition
  double step(double[] x, Noise noise, double[] next) {
    double[] eta = new double[2];
    policy(x, eta);
    return PendulumPhysics.step(x, GaussianHead.draw(noise, eta[0], eta[1]), next);
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
