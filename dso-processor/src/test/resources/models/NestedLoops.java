package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A one-hidden-layer tanh network policy (IN inputs, H hidden units) written with nested loops:
 * loop bounds are a literal-free arithmetic of constants (<= H - 1), x.length and hidden.length; a flat
 * H x IN weight matrix indexed h * IN + j; compound assignments += -= *= /=. draws = (a, x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.95)
public class NestedLoops {
  static final int IN = 2;
  static final int H = 3;

  @Param(length = H * IN, initStd = 0.5)
  double[] w1;

  @Param(length = H)
  double[] b1;

  @Param(length = H, initStd = 0.5)
  double[] w2;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] hidden = new double[H];
    for (int h = 0; h <= H - 1; h++) {
      double z = b1[h];
      for (int j = 0; j < x.length; j++) {
        z += w1[h * IN + j] * x[j];
      }
      hidden[h] = Math.tanh(z);
    }
    double u = 0.0;
    for (int h = 0; h < hidden.length; h++) {
      u += w2[h] * hidden[h];
    }
    u *= 2.0;
    u /= 4.0;
    u -= 0.1;
    double a = noise.gaussian(u, 0.5);
    next[0] = noise.gaussian(x[0] + 0.1 * x[1], 0.01);
    next[1] = noise.gaussian(x[1] + 0.1 * a, 0.01);
  }

  @Cost
  double cost(double[] x) {
    double[] gram = new double[IN * IN];
    for (int i = 0; i < IN; i++) {
      for (int j = 0; j < IN; j++) {
        gram[i * IN + j] = x[i] * x[j];
      }
    }
    double c = 0.0;
    for (int i = 0; i < IN; i++) {
      c += gram[i * IN + i];
    }
    return c + 0.1 * gram[1];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
