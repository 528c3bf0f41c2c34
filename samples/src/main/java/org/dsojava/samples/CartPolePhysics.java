package org.dsojava.samples;

import org.dsojava.annotations.Part;
import org.dsojava.parts.ExplicitEuler;

/**
 * Gymnasium's {@code CartPole-v1} physics ({@code gymnasium/envs/classic_control/cartpole.py},
 * {@code kinematics_integrator = "euler"}), as a part used by {@link CartPoleLinear} and {@link CartPoleMlp}:
 * gravity 9.8, masscart 1.0, masspole 0.1, total_mass = masspole + masscart, length 0.5 (half the pole
 * length), polemass_length = masspole · length, force_mag 10, tau 0.02;
 * <pre>
 *   temp      = (force + polemass_length · θ̇² · sin θ) / total_mass
 *   thetaacc  = (g · sin θ − cos θ · temp) / (length · (4/3 − masspole · cos² θ / total_mass))
 *   xacc      = temp − polemass_length · thetaacc · cos θ / total_mass
 *   x ← x + tau·ẋ;  ẋ ← ẋ + tau·xacc;  θ ← θ + tau·θ̇;  θ̇ ← θ̇ + tau·thetaacc   (positions from the old velocities)
 * </pre>
 * i.e. one {@link ExplicitEuler} step of (ẋ, xacc, θ̇, thetaacc). sin and cos are {@code StrictMath}'s
 * (fdlibm: the same bits on every JDK and platform, within 1 ulp of numpy's). State
 * {@code x = (x, x_dot, theta, theta_dot)} (Gymnasium's order); the input u = (force). Terminated when
 * {@code x < -2.4 || x > 2.4 || theta < -12·2π/360 || theta > 12·2π/360}.
 */
@Part
public class CartPolePhysics extends ExplicitEuler {
  static final double GRAVITY = 9.8;
  static final double MASSCART = 1.0;
  static final double MASSPOLE = 0.1;
  static final double TOTAL_MASS = MASSPOLE + MASSCART;
  static final double LENGTH = 0.5;
  static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
  static final double TAU = 0.02;
  static final double X_THRESHOLD = 2.4;
  static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
  /** The force of either action, in newtons. */
  public static final double FORCE_MAG = 10.0;

  public CartPolePhysics() {
    super(4, TAU);
  }

  @Override
  protected void derivative(double[] x, double[] u, double[] dx) {
    double xDot = x[1];
    double theta = x[2];
    double thetaDot = x[3];
    double costheta = StrictMath.cos(theta);
    double sintheta = StrictMath.sin(theta);
    double temp = (u[0] + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    double thetaacc = (GRAVITY * sintheta - costheta * temp)
        / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
    double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;
    dx[0] = xDot;
    dx[1] = xacc;
    dx[2] = thetaDot;
    dx[3] = thetaacc;
  }

  /** Gymnasium's termination: the cart left [−2.4, 2.4] or the pole tilted past 12°. */
  public static boolean fallen(double[] x) {
    return x[0] < -X_THRESHOLD || x[0] > X_THRESHOLD
        || x[2] < -THETA_THRESHOLD_RADIANS || x[2] > THETA_THRESHOLD_RADIANS;
  }
}
