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
 * The sample {@code CartPoleMlp} as it was written before parts existed, everything inline; kept as the
 * reference the composed model must match bit for bit ({@code CompositionTest}).
 *
 * <p>Gymnasium {@code CartPole-v1} under a stochastic MLP policy (4 → 64 tanh → 64 tanh → 1 logit), as a
 * first-exit DSO chain.
 *
 * <p>Dynamics, termination, reset, horizon and cost are those of {@code CartPoleLinear} (Gymnasium
 * {@code cartpole.py}, Euler integrator; L = −1 at live states, 0 at terminal states, so Σ L = −Gymnasium
 * return; see there for the cost timing). The code is duplicated on purpose: the processor reads one class.
 *
 * <p><b>Policy</b>: P(a = 1) = σ(η), force = a == 1 ? +10 : −10, with the bottleneck
 * η = w3·tanh(W2·tanh(W1·x + b1) + b2) + b3. Weights are flat row-major arrays: {@code w1[i*4 + j]} connects
 * input j to hidden unit i, {@code w2[i*64 + j]} connects layer-1 unit j to layer-2 unit i.
 * θ layout (4545 entries): {@code w1[256], b1[64], w2[4096], b2[64], w3[64], b3}. Initialization:
 * weights N(0, 1/fan_in) (initStd = 1/√fan_in: 0.5 and 0.125), biases 0, and the output layer scaled down
 * to initStd 0.01 so the initial policy is close to uniform (the usual policy-head initialization).
 * One noise site: draws = (a).
 */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleMlpInline {
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

  /** Input (observation) size. */
  static final int IN = 4;
  /** Hidden width. */
  static final int H = 64;

  @Param(length = H * IN, initStd = 0.5)
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

  /** η = MLP(x), the logit of P(push right). */
  @Bottleneck
  double logit(double[] x) {
    double[] h1 = new double[H];
    for (int i = 0; i < H; i++) {
      double z1 = b1[i];
      for (int j = 0; j < IN; j++) {
        z1 += w1[i * IN + j] * x[j];
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
