package org.dsojava.parts;

import org.dsojava.annotations.Part;

/**
 * Semi-implicit (symplectic) Euler for a mechanical system with state x = (q, v), {@code dofs} positions
 * then {@code dofs} velocities: v' = v + dt · a(x, u), q' = q + dt · v'. A dynamics part extends it and
 * supplies {@link #acceleration}.
 */
@Part
public abstract class SemiImplicitEuler {
  final int dofs;
  final double dt;

  protected SemiImplicitEuler(int dofs, double dt) {
    this.dofs = dofs;
    this.dt = dt;
  }

  /** acc = a(x, u), the accelerations of the {@code dofs} velocities. */
  protected abstract void acceleration(double[] x, double[] u, double[] acc);

  public void step(double[] x, double[] u, double[] next) {
    double[] acc = new double[dofs];
    acceleration(x, u, acc);
    for (int i = 0; i < dofs; i++) {
      double v = x[dofs + i] + dt * acc[i];
      next[dofs + i] = v;
      next[i] = x[i] + dt * v;
    }
  }
}
