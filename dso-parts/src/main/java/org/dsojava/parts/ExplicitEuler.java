package org.dsojava.parts;

import org.dsojava.annotations.Part;

/**
 * Explicit Euler integration of ẋ = f(x, u): x' = x + dt · f(x, u). A dynamics part extends it and
 * supplies {@link #derivative}; the model calls {@link #step}. {@code n} is the state size.
 */
@Part
public abstract class ExplicitEuler {
  final int n;
  final double dt;

  protected ExplicitEuler(int n, double dt) {
    this.n = n;
    this.dt = dt;
  }

  /** dx = f(x, u). */
  protected abstract void derivative(double[] x, double[] u, double[] dx);

  public void step(double[] x, double[] u, double[] next) {
    double[] dx = new double[n];
    derivative(x, u, dx);
    for (int i = 0; i < n; i++) {
      next[i] = x[i] + dt * dx[i];
    }
  }
}
