package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A cost local named like a temporary of the transition's noise lowering (drawZ, the standardized value
 * of the Gaussian site "draw"). The weighted-sum program behind accumulateGradient/jvp/hvp inlines the
 * cost after lowering the transition, so the lowering cannot see the cost's locals. draws = (x').
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9)
public class CostLocalClash {
  @Param(value = 0.5)
  double m;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    next[0] = noise.gaussian(m * x[0], 0.3);
  }

  @Cost
  double cost(double[] x) {
    double drawZ = x[0] * m;
    return drawZ * drawZ;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
  }
}
