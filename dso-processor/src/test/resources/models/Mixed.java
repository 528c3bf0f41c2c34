package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Combinations that stress inlining and hoisting: a helper with returns in an if / else-if / else chain
 * called in a ternary branch, a boolean helper on the right of &&, a helper with the Noise parameter
 * called in a loop, a local array with a θ-dependent initializer declared inside a loop, a local that
 * shadows a @Param field (read through this.m), a local named like a generated temporary (drawArg),
 * noise.categorical of an initializer array and noise.categoricalLogits of a whole @Param array, and a
 * cost that branches on θ. draws = (e_0, e_1, c, mode, x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class Mixed {
  static final int K = 2;

  @Param(length = 2, value = 0.3)
  double[] w;

  @Param(value = 0.5)
  double m;

  @Param(length = 3)
  double[] modes;

  double mag(double v) {
    if (v > 0) {
      return v;
    } else if (v < -1) {
      return -v - 0.5;
    } else {
      return 0.5 * v * v - 0.0;
    }
  }

  boolean check(double[] x) {
    return x[1] > 0.2;
  }

  double jitter(Noise noise, double s) {
    double e = noise.gaussian(0.0, s);
    return e * e;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double m = 2.0 * this.m;
    double h = x[0] > 0 ? mag(w[0] * x[0]) : 0.0;
    boolean both = x[0] > 0 && check(x);
    double acc = 0.0;
    for (int i = 0; i < K; i++) {
      double[] tmp = {w[i] * x[i], m * x[i]};
      acc += tmp[0] * tmp[1] + jitter(noise, 0.1 + 0.05 * i);
    }
    double pr = 1.0 / (1.0 + Math.exp(-w[1]));
    double[] p = {pr, 1.0 - pr};
    int c = noise.categorical(p);
    int mode = noise.categoricalLogits(modes);
    double drawArg = h + acc + (both ? 1.0 : 0.0) + 0.1 * mode;
    next[0] = noise.gaussian(Math.tanh(drawArg), 0.3);
    next[1] = noise.gaussian(c + 0.5 * x[1], 0.2);
  }

  @Cost
  double cost(double[] x) {
    double c = x[0] * x[0];
    if (w[0] > 0) {
      c += w[0];
    } else {
      c -= 0.5 * w[0];
    }
    for (int i = 0; i < K; i++) {
      if (w[i] * x[i] > 0.1) {
        c += mag(w[i] - x[i]);
      }
    }
    return c;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
