package org.dsojava.parts;

import org.dsojava.annotations.Part;

/**
 * A multilayer perceptron with two tanh hidden layers and a linear output: in → h1 → h2 → out. θ: the
 * three {@link Dense} layers in order ({@code hidden1}, {@code hidden2}, {@code output}). Hidden weights
 * start at N(0, 1/fan_in); the output layer at N(0, outputStd²) (0.01 by default, so that a policy starts
 * near its mean action: the usual policy-head initialization).
 */
@Part
public class Mlp {
  final int out;
  final Dense hidden1;
  final Dense hidden2;
  final Dense output;

  public Mlp(int in, int h1, int h2, int out) {
    this(in, h1, h2, out, 0.01);
  }

  public Mlp(int in, int h1, int h2, int out, double outputStd) {
    this.out = out;
    hidden1 = new Dense(in, h1);
    hidden2 = new Dense(h1, h2);
    output = new Dense(h2, out, outputStd);
  }

  /** y = W₃ tanh(W₂ tanh(W₁ x + b₁) + b₂) + b₃. */
  public void apply(double[] x, double[] y) {
    double[] a1 = new double[hidden1.out];
    hidden1.applyTanh(x, a1);
    double[] a2 = new double[hidden2.out];
    hidden2.applyTanh(a1, a2);
    output.apply(a2, y);
  }

  /** The single output of an MLP with {@code out = 1}. */
  public double value(double[] x) {
    double[] a1 = new double[hidden1.out];
    hidden1.applyTanh(x, a1);
    double[] a2 = new double[hidden2.out];
    hidden2.applyTanh(a1, a2);
    return output.value(a2);
  }
}
