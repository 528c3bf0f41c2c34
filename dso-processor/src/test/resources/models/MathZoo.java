package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Every Math function of the subset in the mean of a Gaussian site and in the cost, with θ in every
 * argument position of the two-argument functions (floor and ceil are piecewise-constant features of x,
 * and ceil also of θ in the cost).
 * Arguments are kept inside the functions' domains for all θ. draws = (x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class MathZoo {
  @Param(length = 6, value = 0.2)
  double[] c;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double r = Math.hypot(x[0] + c[3], c[0] + 1.0);
    double ang = Math.atan2(c[1] * x[1] + 0.1, x[0] + 2.0 + 0.5 * c[5]);
    double p = Math.pow(1.0 + x[0] * x[0], c[2]) + Math.pow(1.0 + c[4] * c[4], c[2]);
    double q = Math.pow(Math.abs(c[3]) + 0.5, 2.5);
    double s = Math.sqrt(c[4] * c[4] + 1.0);
    double l1 = Math.log1p(c[5] * c[5]);
    double tn = Math.tan(0.5 * Math.tanh(c[0] * x[0]));
    double clip = Math.min(Math.max(c[1] * x[0], c[0] - 1.0), 1.0 + c[2]);
    double cell = Math.floor(2.0 * x[0]) + Math.ceil(x[1]);
    double trig = Math.sin(c[0]) * Math.cos(c[1] * x[1]);
    double ex = Math.exp(-c[3] * c[3]) + Math.log(2.0 + c[4] * c[4]);
    double m = r + ang + p - q + s + l1 + tn + clip + 0.1 * cell * c[2] + trig + ex
        + 0.01 * Math.PI - 0.01 * Math.E;
    next[0] = noise.gaussian(0.1 * m + 0.5 * x[0], 0.5);
    next[1] = noise.gaussian(0.5 * x[1] + 0.1 * ang, 0.3);
  }

  @Cost
  double cost(double[] x) {
    double big = Math.max(Math.abs(x[0]), Math.abs(x[1]));
    return big + 0.1 * Math.hypot(c[0], c[1]) + 0.01 * Math.ceil(c[2]) * x[0]
        + 0.01 * Math.pow(c[2], 2) + 0.01 * Math.min(c[3], c[4]);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
