package org.dsojava.samples;

import org.dsojava.annotations.Part;

/**
 * Gymnasium's {@code Pendulum-v1} physics and cost ({@code gymnasium/envs/classic_control/pendulum.py},
 * {@code PendulumEnv}): max_speed 8, max_torque 2, dt 0.05, g 10, m 1, l 1;
 * <pre>
 *   u        = clip(a, −2, 2)
 *   cost     = angle_normalize(th)² + 0.1·thdot² + 0.001·u²            (on the pre-step state)
 *   newthdot = clip(thdot + (3g/(2l)·sin th + 3/(m l²)·u)·dt, −8, 8)
 *   newth    = th + newthdot·dt                                          (semi-implicit Euler)
 * </pre>
 * with angle_normalize(x) = ((x + π) mod 2π) − π, Python's floored modulo, written here as
 * y − 2π·floor(y/2π) (equal up to rounding). State x = (th, thdot).
 */
@Part
public final class PendulumPhysics {
  static final double MAX_SPEED = 8.0;
  static final double MAX_TORQUE = 2.0;
  static final double DT = 0.05;
  static final double G = 10.0;
  static final double M = 1.0;
  static final double L = 1.0;
  static final double PI = Math.PI;
  static final double TWO_PI = 2 * Math.PI;

  private PendulumPhysics() {}

  /** One step under action {@code a} (clipped to the torque limit); returns Gymnasium's cost of the step. */
  public static double step(double[] x, double a, double[] next) {
    double th = x[0];
    double thdot = x[1];
    double u = Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
    double an = angleNormalize(th);
    double newthdot = thdot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    next[0] = th + newthdot * DT;
    next[1] = newthdot;
    return an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
  }

  /** Gymnasium's angle_normalize: ((th + π) mod 2π) − π with a floored modulo. */
  public static double angleNormalize(double th) {
    double y = th + PI;
    return y - TWO_PI * Math.floor(y / TWO_PI) - PI;
  }
}
