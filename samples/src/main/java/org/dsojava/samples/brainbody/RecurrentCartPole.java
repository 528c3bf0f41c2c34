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
import org.dsojava.parts.RecurrentCell;
import org.dsojava.samples.CartPolePhysics;

/**
 * Brain-body dynamics (paper eq. 100) on CartPole-v1 with the velocities hidden: a recurrent network whose
 * units are part of the DSO state, x = (x_f, x_g), x_f the cart-pole's (x, ẋ, θ, θ̇), x_g the
 * {@value #UNITS} units. Physics and network are updated synchronously:
 * <pre>
 *   x_f' = f(x_f, a),  a ∈ {0, 1} with P(a = 1) = σ(W_D o + W_O x_g + b_a)
 *   x_g' = tanh(W_I o + W_R x_g + b + ε_g),  ε_g ~ N(0, {@value #UNIT_STD}²) per unit
 * </pre>
 * where o = {@link HiddenVelocities#observe} (position and angle only) is what the network and the direct
 * weights see of x_f. W_I, W_R, b are the {@link RecurrentCell}'s {@code brain.wx}, {@code brain.wh},
 * {@code brain.b}; W_O is {@code output}, W_D is {@code direct}, b_a is {@code bias}: all in θ.
 * The network noise ε_g is eq. 100's: it is how θ_g reaches the next state through a draw, so ln P has a
 * term for each unit and the gradient of the recurrent weights is a score like the policy's. The
 * deterministic policy (evaluation) sets ε_g = 0 and takes the most likely action.
 *
 * <p>Bottleneck (Corollary 2): η = (W_I o + W_R x_g + b, W_D o + W_O x_g + b_a), {@value #UNITS} + 1 entries.
 * Physics, termination, reset of x_f, the 500-step cap and the cost are those of
 * {@link org.dsojava.samples.CartPoleLinear}; the units start at 0.
 */
@Chain(stateDim = 4 + RecurrentCartPole.UNITS, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class RecurrentCartPole {
  /** The number of recurrent units, the size of x_g (4 and 8 did alike on the tuning seeds). */
  public static final int UNITS = 4;
  /**
   * The observations' count, {@link HiddenVelocities#OBS}: a part's constructor takes the model's own constants
   * only, not another class's.
   */
  static final int OBS = HiddenVelocities.OBS;
  /**
   * The standard deviation of the units' noise ε_g. It must be small next to the change of an observation
   * in one step (about 0.01–0.05), or the units' memory of the last observation, hence the velocity, is
   * lost in the noise; 0.1–0.003 were tried on the tuning seeds.
   */
  public static final double UNIT_STD = 0.003;

  /**
   * The initial recurrent weights' standard deviation: small, so the units start as a memory of the last
   * observations (1/√UNITS, the cell's default, starts them near the edge of chaos and learned worse).
   */
  public static final double RECURRENT_STD = 0.05;

  final CartPolePhysics body = new CartPolePhysics();
  /** W_I (brain.wx), W_R (brain.wh) and the units' bias. */
  final RecurrentCell brain = new RecurrentCell(OBS, UNITS, RECURRENT_STD);
  /** W_O: units to the action's logit. */
  @Param(length = UNITS)
  double[] output;
  /** W_D: observations straight to the logit, a linear feedback law that bypasses the network. */
  @Param(length = OBS)
  double[] direct;
  @Param
  double bias;

  /** η = (the units' input W_I o + W_R x_g + b, the action's logit W_D o + W_O x_g + b_a). */
  @Bottleneck(dim = UNITS + 1)
  void eta(double[] x, double[] eta) {
    double[] o = new double[OBS];
    HiddenVelocities.observe(x, o);
    double[] h = new double[UNITS];
    for (int u = 0; u < UNITS; u++) {
      h[u] = x[4 + u];
    }
    double[] z = new double[UNITS];
    brain.preActivation(h, o, z);
    double logit = bias;
    for (int i = 0; i < OBS; i++) {
      logit += direct[i] * o[i];
    }
    for (int u = 0; u < UNITS; u++) {
      logit += output[u] * h[u];
      eta[u] = z[u];
    }
    eta[UNITS] = logit;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] eta = new double[UNITS + 1];
    eta(x, eta);
    int a = CategoricalHead.bernoulli(noise, eta[UNITS]);
    double[] force = new double[1];
    force[0] = a == 1 ? CartPolePhysics.FORCE_MAG : -CartPolePhysics.FORCE_MAG;
    body.step(x, force, next);
    for (int u = 0; u < UNITS; u++) {
      next[4 + u] = Math.tanh(noise.gaussian(eta[u], UNIT_STD));
    }
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
    for (int u = 0; u < UNITS; u++) {
      x[4 + u] = 0.0;
    }
  }
}
