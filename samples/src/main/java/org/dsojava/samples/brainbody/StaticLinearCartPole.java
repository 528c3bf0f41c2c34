package org.dsojava.samples.brainbody;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.CategoricalHead;
import org.dsojava.samples.CartPolePhysics;

/**
 * The static baseline of {@link RecurrentCartPole}: CartPole-v1 with the velocities hidden under a linear
 * policy of the same observations, P(a = 1) = σ(w·o + b), o = {@link HiddenVelocities#observe}. This is the
 * recurrent model with no units (W_D and b_a alone). θ: {@code w[0..1], b}.
 */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class StaticLinearCartPole {
  /** The observations' count, {@link HiddenVelocities#OBS}. */
  static final int OBS = HiddenVelocities.OBS;
  final CartPolePhysics body = new CartPolePhysics();
  @Param(length = OBS)
  double[] w;
  @Param
  double b;

  /** η = w·o + b, the logit of P(push right). */
  @Bottleneck
  double logit(double[] x) {
    double[] o = new double[OBS];
    HiddenVelocities.observe(x, o);
    return w[0] * o[0] + w[1] * o[1] + b;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int a = CategoricalHead.bernoulli(noise, logit(x));
    double[] force = new double[1];
    force[0] = a == 1 ? CartPolePhysics.FORCE_MAG : -CartPolePhysics.FORCE_MAG;
    body.step(x, force, next);
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
