package org.dsojava.samples.runtime;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/** x' ~ N(a·x, 1) with |a| > 1 at the start: the state explodes geometrically (a blow-up test). */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.99, horizon = 400)
public class Exploding {
  @Param(value = 3.0) double a;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    next[0] = noise.gaussian(a * x[0], 1.0);
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1, 1);
  }
}
