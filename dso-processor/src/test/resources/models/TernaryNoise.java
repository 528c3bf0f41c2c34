package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Noise sites inside conditional expressions: a jump drawn only when x > 0.5 (else a deterministic
 * value), and a base drawn from a uniform or a Gaussian site depending on x; an int ternary gives a sign.
 * draws = ([jump], base, x').
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9)
public class TernaryNoise {
  @Param(value = 0.5)
  double gain;

  @Param(value = 0.1)
  double bias;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double jump = x[0] > 0.5 ? noise.gaussian(gain * x[0], 0.3) : 0.25 * x[0];
    double base = x[0] < -0.5 ? noise.uniform(bias - 1.0, bias + 1.0) : noise.gaussian(bias, 0.2);
    int sign = x[0] >= 0 ? 1 : -1;
    next[0] = noise.gaussian(0.5 * jump + base - 0.1 * sign, 0.1);
  }

  @Cost
  double cost(double[] x) {
    return x[0] > 1.0 ? x[0] * x[0] : Math.abs(x[0]) + (x[0] < 0 ? 0.5 * gain * gain : 0.0);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.5, 1.5);
  }
}
