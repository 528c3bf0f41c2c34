package quickstart;

import org.dsojava.annotations.*;
import org.dsojava.parts.Dense;

/** A mass on a line with friction, x = (position, velocity), pushed towards 0 by a noisy linear policy. */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 100)
public class PointMass {
  final Dense policy = new Dense(2, 1);   // a part from dso-parts: θ policy.w[0..1], policy.b[0]
  @Param(value = -1.0) double logStd;      // θ of the model itself

  @Transition void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(policy.value(x), Math.exp(logStd));   // a noise site: its density is ln P
    next[0] = x[0] + 0.1 * x[1];
    next[1] = 0.9 * x[1] + 0.1 * u;
  }
  @Cost double cost(double[] x) { return x[0] * x[0] + 0.1 * x[1] * x[1]; }
  @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); x[1] = 0.0; }
}
