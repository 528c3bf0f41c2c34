package org.dsojava.samples.randomization;

import org.dsojava.annotations.Part;
import org.dsojava.samples.PendulumPhysics;

/**
 * Gymnasium's {@code Pendulum-v1} ({@link PendulumPhysics}) with the pole mass m a state entry instead of the
 * constant 1: x = (th, thdot, m), and m is carried unchanged, so a rollout keeps the mass its initial state
 * drew. That makes the chain on (th, thdot, m) the mixture of the rollout-specific chains P_m (section 4.1):
 * each rollout runs the pendulum of its own mass. Everything else is Gymnasium's:
 * <pre>
 *   u        = clip(a, −2, 2)
 *   cost     = angle_normalize(th)² + 0.1·thdot² + 0.001·u²
 *   newthdot = clip(thdot + (3g/(2l)·sin th + 3/(m l²)·u)·dt, −8, 8),   g = 10, l = 1, dt = 0.05
 *   newth    = th + newthdot·dt
 * </pre>
 * m only scales the torque's effect (a heavier pole is a weaker motor): with m &gt; 1 the 2 N·m limit lifts the
 * pole less and the swing-up needs more pumping; with m &lt; 1 the same command accelerates more.
 */
@Part
public final class MassPendulum {
  static final double MAX_SPEED = 8.0;
  static final double MAX_TORQUE = 2.0;
  static final double DT = 0.05;
  static final double G = 10.0;
  static final double L = 1.0;
  /** Gymnasium's mass, the nominal design. */
  public static final double NOMINAL_MASS = 1.0;

  private MassPendulum() {}

  /** One step of the pendulum of mass x[2] under action {@code a}; returns Gymnasium's cost of the step. */
  public static double step(double[] x, double a, double[] next) {
    double th = x[0];
    double thdot = x[1];
    double m = x[2];
    double u = Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
    double an = PendulumPhysics.angleNormalize(th);
    double newthdot = thdot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (m * (L * L)) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    next[0] = th + newthdot * DT;
    next[1] = newthdot;
    next[2] = m;
    return an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
  }
}
