package org.dsojava.samples.randomization;

import org.dsojava.parts.ExplicitEuler;

/**
 * Gymnasium's CartPole-v1 physics ({@code CartPolePhysics}) with the pole's half-length l a state entry,
 * x = (x, x_dot, theta, theta_dot, l), carried unchanged (dl/dt = 0), so each rollout keeps the length its
 * initial state drew.
 */
public class PoleLengthCartPole extends ExplicitEuler {
  static final double GRAVITY = 9.8;
  static final double MASSCART = 1.0;
  static final double MASSPOLE = 0.1;
  static final double TOTAL_MASS = MASSPOLE + MASSCART;
  static final double TAU = 0.02;
  static final double X_THRESHOLD = 2.4;
  static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
  static final double FORCE_MAG = 10.0;
  /** Gymnasium's half-length. */
  static final double NOMINAL_LENGTH = 0.5;

  public PoleLengthCartPole() {
    super(5, TAU);
  }

  @Override
  protected void derivative(double[] x, double[] u, double[] dx) {
    double length = x[4];
    double polemassLength = MASSPOLE * length;
    double costheta = StrictMath.cos(x[2]);
    double sintheta = StrictMath.sin(x[2]);
    double temp = (u[0] + polemassLength * (x[3] * x[3]) * sintheta) / TOTAL_MASS;
    double thetaacc = (GRAVITY * sintheta - costheta * temp)
        / (length * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
    double xacc = temp - polemassLength * thetaacc * costheta / TOTAL_MASS;
    dx[0] = x[1];
    dx[1] = xacc;
    dx[2] = x[3];
    dx[3] = thetaacc;
    dx[4] = 0.0;
  }

  static boolean fallen(double[] x) {
    return x[0] < -X_THRESHOLD || x[0] > X_THRESHOLD
        || x[2] < -THETA_THRESHOLD_RADIANS || x[2] > THETA_THRESHOLD_RADIANS;
  }
}
