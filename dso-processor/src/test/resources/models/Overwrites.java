package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Overwritten values the reverse sweep must (and must not) restore: a branch that rewrites the variable
 * its condition reads (its direction must be taped), a branch whose condition variable is overwritten
 * after it (re-evaluated in reverse, so that variable must be restored), a loop-carried scalar read by
 * its own partials, a self-assignment through tanh (no derivative from the result) and calls whose
 * derivative comes from their result (tanh, exp, sqrt). draws = (x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class Overwrites {
  @Param(length = 4, initStd = 0.5)
  double[] k;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double y = k[0] * x[0] + 0.3;
    if (y > 0.0) {
      y = -y * k[1];
    }
    double s = k[1] * x[1];
    double m = 0.0;
    if (s > 0.0) {
      m = Math.tanh(s);
    } else {
      m = Math.exp(s);
    }
    s = s * s + k[2];
    double z = 0.2 + 0.1 * x[0];
    for (int i = 0; i < 3; i++) {
      z = z * Math.tanh(k[i] * z + 0.5);
    }
    double r = Math.sqrt(1.0 + k[3] * k[3]);
    r = Math.tanh(r);
    next[0] = noise.gaussian(y + m + s, 0.3 + 0.1 * r);
    next[1] = noise.gaussian(0.5 * x[1] + z, Math.exp(0.1 * k[3]));
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + 0.1 * x[1] * x[1];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.gaussian(0.0, 1.0);
    x[1] = noise.gaussian(0.0, 1.0);
  }
}
