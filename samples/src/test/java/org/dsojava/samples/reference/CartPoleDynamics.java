package org.dsojava.samples.reference;

/**
 * Gymnasium {@code CartPole-v1} ({@code gymnasium/envs/classic_control/cartpole.py}, Euler integrator),
 * transcribed independently of the sample models. State (x, x_dot, theta, theta_dot).
 */
public final class CartPoleDynamics {
  public static final double GRAVITY = 9.8;
  public static final double MASSCART = 1.0;
  public static final double MASSPOLE = 0.1;
  public static final double TOTAL_MASS = MASSPOLE + MASSCART;
  public static final double LENGTH = 0.5;
  public static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
  public static final double FORCE_MAG = 10.0;
  public static final double TAU = 0.02;
  public static final double X_THRESHOLD = 2.4;
  public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
  public static final int HORIZON = 500;

  private CartPoleDynamics() {}

  /** One Gymnasium step under action {@code action} ∈ {0, 1}. */
  public static void step(double[] s, int action, double[] next) {
    double x = s[0];
    double xDot = s[1];
    double theta = s[2];
    double thetaDot = s[3];
    double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
    double costheta = StrictMath.cos(theta);
    double sintheta = StrictMath.sin(theta);
    double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    double thetaacc = (GRAVITY * sintheta - costheta * temp)
        / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
    double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;
    next[0] = x + TAU * xDot;
    next[1] = xDot + TAU * xacc;
    next[2] = theta + TAU * thetaDot;
    next[3] = thetaDot + TAU * thetaacc;
  }

  /** Gymnasium's {@code terminated}. */
  public static boolean terminal(double[] s) {
    return s[0] < -X_THRESHOLD || s[0] > X_THRESHOLD
        || s[2] < -THETA_THRESHOLD_RADIANS || s[2] > THETA_THRESHOLD_RADIANS;
  }

  /** The DSO step cost of the CartPole samples: −1 at live states, 0 at terminal states. */
  public static double cost(double[] s) {
    return terminal(s) ? 0.0 : -1.0;
  }
}
