package org.dsojava.parts;

import org.dsojava.annotations.Part;

/**
 * The classical fourth-order Runge–Kutta step of ẋ = f(x, u) with u held over the step:
 * x' = x + dt/6 · (k₁ + 2k₂ + 2k₃ + k₄). A dynamics part extends it and supplies {@link #derivative}.
 */
@Part
public abstract class Rk4 {
  final int n;
  final double dt;

  protected Rk4(int n, double dt) {
    this.n = n;
    this.dt = dt;
  }

  /** dx = f(x, u). */
  protected abstract void derivative(double[] x, double[] u, double[] dx);

  public void step(double[] x, double[] u, double[] next) {
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] y = new double[n];
    derivative(x, u, k1);
    for (int i = 0; i < n; i++) {
      y[i] = x[i] + 0.5 * dt * k1[i];
    }
    derivative(y, u, k2);
    for (int i = 0; i < n; i++) {
      y[i] = x[i] + 0.5 * dt * k2[i];
    }
    derivative(y, u, k3);
    for (int i = 0; i < n; i++) {
      y[i] = x[i] + dt * k3[i];
    }
    derivative(y, u, k4);
    for (int i = 0; i < n; i++) {
      next[i] = x[i] + dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
  }
}
