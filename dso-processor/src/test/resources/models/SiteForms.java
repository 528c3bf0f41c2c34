package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * The forms a noise site can take in an expression: in an if condition, in a ternary condition with sites
 * in both branches, as a discarded statement, as an int draw read into a double, subtracted from an
 * expression (x - noise), subtracting one (noise - e), two additive sites in one sum, and in a compound
 * assignment (next[2] += noise). Also int-valued Math.max/min/abs used as indices, (int) Math.floor,
 * unary plus, a float literal and StrictMath.
 * draws = (b1, b2, q, discarded, d, x0', g1, x1', x2').
 */
@Chain(stateDim = 3, setting = Setting.DISCOUNTED, discount = 0.9)
public class SiteForms {
  @Param(length = 2, value = 0.3)
  double[] w;

  @Param(value = 0.1)
  double m;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) Math.floor(Math.abs(x[0]) * 3);
    int lo = Math.max(0, s - 1);
    int hi = Math.min(Math.abs(s - 5), 1);
    double z = w[lo % 2] + w[hi] * +x[1] + 0.5f * StrictMath.sin(m);
    if (noise.bernoulliLogit(w[0]) == 1) {
      z += 0.3;
    }
    double q = noise.bernoulliLogit(m) == 1 ? noise.gaussian(z, 0.2) : noise.uniform(z - 1, z + 1);
    noise.gaussian(0.0, 1.0);
    double d = noise.bernoulliLogit(w[1]);
    next[0] = x[0] - noise.gaussian(z, 0.1);
    next[1] = noise.gaussian(m, 0.1) - 0.5 * x[1] + noise.gaussian(d, 0.2);
    next[2] = 0.5 * x[2] + q * 0.1;
    next[2] += noise.gaussian(0.0, 0.05);
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
    x[2] = 0.0;
  }
}
