package org.dsojava.samples.data;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.DataCost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.Dense;
import org.dsojava.parts.Gaussians;

/**
 * Behavioral cloning (L_clone) of a linear Gaussian policy u ~ N(k·x + b, σ²) from recorded (x, u), next to
 * a regulation task on the same double integrator. The clone block is −ln N(ū; k·x̄ + b, σ²).
 */
@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 40)
public class CloneLinear {
  final Dense policy = new Dense(2, 1, 0.0);
  @Param(value = 0.0) double logStd;

  @Transition void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(policy.value(x), Math.exp(logStd));
    next[0] = x[0] + 0.1 * x[1];
    next[1] = x[1] + 0.1 * u;
  }

  @Cost double cost(double[] x) {
    return x[0] * x[0] + 0.1 * x[1] * x[1];
  }

  @Initial void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = 0.0;
  }

  @DataCost double clone(@Recorded(value = "x", length = 2) double[] x, @Recorded(value = "u", length = 1) double[] u) {
    return -Gaussians.logDensity(u[0], policy.value(x), logStd);
  }
}
