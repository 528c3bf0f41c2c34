package org.dsojava.parts;

import org.dsojava.annotations.Part;

/** A perceptron with one tanh hidden layer and a linear output, in → h → out; initialized as {@link Mlp}. */
@Part
public class ShallowMlp {
  final Dense hidden;
  final Dense output;

  public ShallowMlp(int in, int h, int out) {
    this(in, h, out, 0.01);
  }

  public ShallowMlp(int in, int h, int out, double outputStd) {
    hidden = new Dense(in, h);
    output = new Dense(h, out, outputStd);
  }

  /** y = W₂ tanh(W₁ x + b₁) + b₂. */
  public void apply(double[] x, double[] y) {
    double[] a = new double[hidden.out];
    hidden.applyTanh(x, a);
    output.apply(a, y);
  }

  /** The single output of a network with {@code out = 1}. */
  public double value(double[] x) {
    double[] a = new double[hidden.out];
    hidden.applyTanh(x, a);
    return output.value(a);
  }
}
