package org.dsojava.parts;

import org.dsojava.annotations.Init;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Part;

/**
 * A recurrent (Elman) cell h' = tanh(W h + U x + b) with {@code units} units and {@code in} inputs: the
 * "brain" of eq. 100, whose units are part of the DSO state. θ: {@code wh} (units × units), {@code wx}
 * (units × in), {@code b} (units); weights start at N(0, 1/fan_in).
 */
@Part
public class RecurrentCell {
  final int in;
  final int units;
  @Param double[] wh;
  @Param double[] wx;
  @Param double[] b;

  public RecurrentCell(int in, int units) {
    this.in = in;
    this.units = units;
    wh = Init.normal(units * units, 0.0, 1.0 / Math.sqrt(units));
    wx = Init.normal(units * in, 0.0, 1.0 / Math.sqrt(in));
    b = new double[units];
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
