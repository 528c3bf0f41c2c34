package org.dsojava.benchmarks.models;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.samples.CartPolePhysics;

/**
 * CartPole-v1 with the samples' linear policy and a tracking term from state-only demonstrations (L_track,
 * section 5.1; "if we only have example trajectories … we can use the tracking cost instead", section 5.2):
 * rollout n starts at demonstration n's first state and runs as long as it (the rollout-specific chains and
 * costs Pⁿ, Lⁿ of section 4.1); while upright it pays CartPole's −1 and earns a tracking bonus
 * −{@link #TRACK}·exp(−‖x̄ₜⁿ − xₜ‖²/{@link #WIDTH}). The demonstrations hold states only, no actions.
 *
 * <p>Why a bounded bonus and not the paper's ‖x̄ − x‖²: with terminal states a positive per-step cost makes
 * falling early pay (it ends the charges) — measured: the squared form with weight 10 drove the policy to
 * fall at once (return 21 on fresh episodes, worse than random). A cost that is ≤ 0 at every upright step
 * keeps survival preferred; this one is the squared error through a Gaussian kernel.
 *
 * <p>θ is laid out as in {@link CartPoleCloning}, so a θ of one runs in the other. Used by
 * {@code solve.DataAugmentedCartPole}, variant (d).
 */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleTracking {
  /** The bonus for being on the demonstration (one upright step is worth 1), fixed in advance. */
  static final double TRACK = 1.0;

  /** The squared state distance at which the bonus has fallen to 1/e, fixed in advance. */
  static final double WIDTH = 0.1;

  final CartPolePhysics physics = new CartPolePhysics();

  @Param(length = 4)
  double[] w;

  @Param
  double b;

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

  @Cost
  double cost(double[] x, @Recorded(value = "x", length = 4) double[] demo) {
    double e = 0.0;
    for (int i = 0; i < 4; i++) {
      e += (demo[i] - x[i]) * (demo[i] - x[i]);
    }
    return fallen(x) ? 0.0 : -1.0 - TRACK * Math.exp(-e / WIDTH);
  }

  @Initial
  void reset(Noise noise, double[] x, @Recorded(value = "x", length = 4) double[] demo) {
    for (int i = 0; i < 4; i++) {
      x[i] = demo[i];
    }
  }
}
