package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * StrictMath calls, θ-dependent, beside one Math call: the kernel must compute fdlibm's bits for the
 * first and Math's for the second. draws = (x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class StrictTrig {
  @Param(length = 3, value = 0.2)
  double[] c;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double a = StrictMath.sin(c[0] * x[0] + 0.3) * StrictMath.cos(x[1] + c[1]);
    double b = StrictMath.tanh(c[2] * x[1]) + StrictMath.exp(-c[0] * c[0]) + Math.sin(x[0]);
    next[0] = noise.gaussian(0.5 * x[0] + 0.3 * a, 0.4);
    next[1] = noise.gaussian(0.5 * x[1] + 0.2 * b, 0.3);
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + x[1] * x[1] + 0.1 * StrictMath.cos(c[1] * x[0]);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
