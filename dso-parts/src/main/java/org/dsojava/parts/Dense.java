package org.dsojava.parts;

import org.dsojava.annotations.Init;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Part;

/**
 * A dense layer y = W x + b with {@code in} inputs and {@code out} outputs, optionally followed by an
 * activation. θ: {@code w} (out × in, row-major: {@code w[o * in + i]} connects input i to output o), then
 * {@code b} (out). Initialization: weights N(0, std²) with std = 1/√in unless given, biases 0.
 */
@Part
public class Dense {
  final int in;
  final int out;
  @Param double[] w;
  @Param double[] b;

  public Dense(int in, int out) {
    this(in, out, 1.0 / Math.sqrt(in));
  }

  /** A layer whose weights start at N(0, std²) (a policy's output layer: a small std). */
  public Dense(int in, int out, double std) {
    this.in = in;
    this.out = out;
    w = Init.normal(in * out, 0.0, std);
    b = new double[out];
  }

  /** y = W x + b. */
  public void apply(double[] x, double[] y) {
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      y[o] = s;
    }
  }

  /** y = tanh(W x + b). */
  public void applyTanh(double[] x, double[] y) {
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      y[o] = Math.tanh(s);
    }
  }

  /** y = max(W x + b, 0). */
  public void applyRelu(double[] x, double[] y) {
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      y[o] = Math.max(s, 0.0);
    }
  }

  /** y = softplus(W x + b) = ln(1 + e^(W x + b)), computed without overflow. */
  public void applySoftplus(double[] x, double[] y) {
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      y[o] = Activations.softplus(s);
    }
  }

  /** The single output of a layer with {@code out = 1}: W x + b. */
  public double value(double[] x) {
    double s = b[0];
    for (int i = 0; i < in; i++) {
      s += w[i] * x[i];
    }
    return s;
  }
}
