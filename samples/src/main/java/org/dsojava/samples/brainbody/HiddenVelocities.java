package org.dsojava.samples.brainbody;

import org.dsojava.annotations.Part;

/**
 * The sensor of the partially observed CartPole-v1: of the physics state x_f = (x, ẋ, θ, θ̇) the policy sees
 * only the cart position and the pole angle, each divided by its termination threshold (2.4 m, 12°), so
 * both lie in [−1, 1] while the episode runs. The velocities are hidden: a policy must infer them from
 * the history of observations, which a static policy o ↦ P(a | o) cannot. A {@code @Part}, so that its
 * source travels in the samples jar and the three brainbody models also compile at run time.
 */
@Part
public final class HiddenVelocities {
  /** The number of observations: position and angle. */
  public static final int OBS = 2;
  static final double X_SCALE = 2.4;
  static final double THETA_SCALE = 12 * 2 * Math.PI / 360;

  private HiddenVelocities() {}

  /** o = (x / 2.4, θ / 12°) from the physics state x_f (the first four entries of x). */
  public static void observe(double[] x, double[] o) {
    o[0] = x[0] / X_SCALE;
    o[1] = x[2] / THETA_SCALE;
  }
}
