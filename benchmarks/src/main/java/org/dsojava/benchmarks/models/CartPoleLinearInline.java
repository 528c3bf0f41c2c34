package org.dsojava.benchmarks.models;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;

/**
 * The sample {@code CartPoleLinear} as it was written before parts existed, everything inline; kept as the
 * reference the composed model must match bit for bit ({@code CompositionTest}).
 *
 * <p>Gymnasium {@code CartPole-v1} under a stochastic linear policy, as a first-exit DSO chain.
 *
 * <p><b>Dynamics</b>: exactly {@code gymnasium/envs/classic_control/cartpole.py} ({@code CartPoleEnv},
 * {@code kinematics_integrator = "euler"}): gravity 9.8, masscart 1.0, masspole 0.1,
 * total_mass = masspole + masscart, length 0.5 (half the pole length), polemass_length = masspole · length,
 * force_mag 10, tau 0.02;
 * <pre>
 *   temp      = (force + polemass_length · θ̇² · sin θ) / total_mass
 *   thetaacc  = (g · sin θ − cos θ · temp) / (length · (4/3 − masspole · cos² θ / total_mass))
 *   xacc      = temp − polemass_length · thetaacc · cos θ / total_mass
 *   x ← x + tau·ẋ;  ẋ ← ẋ + tau·xacc;  θ ← θ + tau·θ̇;  θ̇ ← θ̇ + tau·thetaacc   (positions from the old velocities)
 * </pre>
 * sin and cos are {@code StrictMath}'s (fdlibm: the same bits on every JDK and platform, within 1 ulp of
 * numpy's; the kernel computes them inline for |θ| ≤ π/4). State {@code x = (x, x_dot, theta, theta_dot)}
 * (Gymnasium's order). Terminated when
 * {@code x < -2.4 || x > 2.4 || theta < -12·2π/360 || theta > 12·2π/360}. Reset: each component
 * U(−0.05, 0.05). Episodes are truncated at 500 steps (the {@code TimeLimit} of {@code CartPole-v1}).
 *
 * <p><b>Policy</b>: action a ∈ {0,1} with P(a = 1) = σ(w·x + b), force = a == 1 ? +10 : −10. The bottleneck
 * η = logit(x) = w·x + b (Corollary 2): θ enters P only through η and not at all through L.
 * θ layout: {@code w[0..3], b} (5 entries). One noise site: draws = (a).
 *
 * <p><b>Cost and its timing</b>: Gymnasium pays reward 1 for <em>every step taken</em>, including the step
 * that reaches a terminal state, and nothing after it. In the G-MDP mapping (paper eq. 12, S-MDP eq. 17) the
 * DSO cost of a state is the expected cost of the action taken there, so L(x) = −1 at non-terminal states
 * and L(x) = 0 at terminal states (no action is taken there; the DSO rollout still charges L at the terminal
 * state, paper eq. 2). An episode terminating at x_T then has Σ L = −T = −(Gymnasium return). With the
 * horizon of 500, a rollout takes at most 500 transitions and charges the 500 states x_0..x_499 at which a
 * transition was taken, so a full-length episode has return 500. (This relies on the runtime not charging the
 * state at which the horizon cuts a rollout: that state is truncated, not terminal, and no step is taken from
 * it. A runtime that charges it too would need {@code horizon = 499} for the same returns.)
 */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleLinearInline {
  static final double GRAVITY = 9.8;
  static final double MASSCART = 1.0;
  static final double MASSPOLE = 0.1;
  static final double TOTAL_MASS = MASSPOLE + MASSCART;
  static final double LENGTH = 0.5;
  static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
  static final double FORCE_MAG = 10.0;
  static final double TAU = 0.02;
  static final double X_THRESHOLD = 2.4;
  static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;

  /** Policy weights on (x, x_dot, theta, theta_dot). */
  @Param(length = 4)
  double[] w;

  /** Policy bias. */
  @Param
  double b;

  /** η = w·x + b, the logit of P(push right). */
  @Bottleneck
  double logit(double[] x) {
    return w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] + b;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int a = noise.bernoulliLogit(logit(x));
    double force = a == 1 ? FORCE_MAG : -FORCE_MAG;
    euler(x, force, next);
  }

  /** One Euler step of Gymnasium's CartPole equations of motion under {@code force}. */
  private void euler(double[] x, double force, double[] next) {
    double xDot = x[1];
    double theta = x[2];
    double thetaDot = x[3];
    double costheta = StrictMath.cos(theta);
    double sintheta = StrictMath.sin(theta);
    double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    double thetaacc = (GRAVITY * sintheta - costheta * temp)
        / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
    double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;
    next[0] = x[0] + TAU * xDot;
    next[1] = xDot + TAU * xacc;
    next[2] = theta + TAU * thetaDot;
    next[3] = thetaDot + TAU * thetaacc;
  }

  @Terminal
  boolean fallen(double[] x) {
    return x[0] < -X_THRESHOLD || x[0] > X_THRESHOLD
        || x[2] < -THETA_THRESHOLD_RADIANS || x[2] > THETA_THRESHOLD_RADIANS;
  }

  /** −1 (reward 1) for each step taken from a live state; 0 at a terminal state. */
  @Cost
  double cost(double[] x) {
    return fallen(x) ? 0.0 : -1.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < 4; i++) {
      x[i] = noise.uniform(-0.05, 0.05);
    }
  }
}
