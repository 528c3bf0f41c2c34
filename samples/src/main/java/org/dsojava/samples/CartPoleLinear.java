package org.dsojava.samples;

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
 * Gymnasium {@code CartPole-v1} under a stochastic linear policy, as a first-exit DSO chain.
 *
 * <p><b>Dynamics</b>: exactly Gymnasium's ({@link CartPolePhysics}, one explicit Euler step). Reset: each
 * component U(−0.05, 0.05). Episodes are truncated at 500 steps (the {@code TimeLimit} of {@code CartPole-v1}).
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
public class CartPoleLinear {
  final CartPolePhysics physics = new CartPolePhysics();

  @Param(length = 4)
  double[] w;

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
    double[] force = new double[1];
    force[0] = a == 1 ? CartPolePhysics.FORCE_MAG : -CartPolePhysics.FORCE_MAG;
    physics.step(x, force, next);
  }

  @Terminal
  boolean fallen(double[] x) {
    return CartPolePhysics.fallen(x);
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
