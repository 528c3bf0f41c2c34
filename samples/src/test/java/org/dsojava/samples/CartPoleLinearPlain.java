package org.dsojava.samples;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;

/** CartPoleLinear without the {@code @Bottleneck} annotation: the same chain, differentiated the plain way. */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleLinearPlain {
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
