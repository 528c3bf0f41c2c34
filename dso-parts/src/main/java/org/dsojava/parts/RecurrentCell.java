package org.dsojava.parts;

import org.dsojava.annotations.Init;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Part;

/**
 * A recurrent (Elman) cell h' = tanh(W h + U x + b) with {@code units} units and {@code in} inputs: the
 * "brain" of eq. 100, whose units are part of the DSO state. θ: {@code wh} (units × units), {@code wx}
 * (units × in), {@code b} (units); weights start at N(0, 1/fan_in) unless the recurrent std is given.
 */
@Part
public class RecurrentCell {
  final int in;
  final int units;
  @Param double[] wh;
  @Param double[] wx;
  @Param double[] b;

  public RecurrentCell(int in, int units) {
    this(in, units, 1.0 / Math.sqrt(units));
  }

  /**
   * A cell whose recurrent weights start at N(0, recurrentStd²): a small std starts the units as a short
   * memory of the last inputs (spectral radius about recurrentStd·√units) rather than at the edge of chaos.
   */
  public RecurrentCell(int in, int units, double recurrentStd) {
    this.in = in;
    this.units = units;
    wh = Init.normal(units * units, 0.0, recurrentStd);
    wx = Init.normal(units * in, 0.0, 1.0 / Math.sqrt(in));
    b = new double[units];
  }

  /**
   * z = W h + U x + b, the units' input before the nonlinearity: eq. 100's W_R x_g + W_I x_f. A DSO chain
   * draws the units' next state through a noise site, next = tanh(z + ε_g) (θ must reach the next state
   * through a draw), and a model with a {@code @Bottleneck} puts z into η.
   */
  public void preActivation(double[] h, double[] x, double[] z) {
    for (int u = 0; u < units; u++) {
      double s = b[u];
      for (int k = 0; k < units; k++) {
        s += wh[u * units + k] * h[k];
      }
      for (int i = 0; i < in; i++) {
        s += wx[u * in + i] * x[i];
      }
      z[u] = s;
    }
  }

  /** next = tanh(W h + U x + b + ε), ε ~ N(0, std²) per unit: eq. 100's g with its noise ε_g, one site per unit. */
  public void sample(Noise noise, double[] h, double[] x, double std, double[] next) {
    double[] z = new double[units];
    preActivation(h, x, z);
    for (int u = 0; u < units; u++) {
      next[u] = Math.tanh(noise.gaussian(z[u], std));
    }
  }

  /** next = tanh(W h + U x + b). */
  public void step(double[] h, double[] x, double[] next) {
    for (int u = 0; u < units; u++) {
      double s = b[u];
      for (int k = 0; k < units; k++) {
        s += wh[u * units + k] * h[k];
      }
      for (int i = 0; i < in; i++) {
        s += wx[u * in + i] * x[i];
      }
      next[u] = Math.tanh(s);
    }
  }
}
