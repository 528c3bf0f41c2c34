package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Step;
import org.dsojava.annotations.Transition;

/**
 * Finite-horizon double integrator whose feedback gain cycles through PHASES θ entries (indexed by
 * t % PHASES), whose integration step halves in the second half of the horizon, and whose cost weight
 * grows with t and jumps at the last step. draws = (u, x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.TIME_VARYING, horizon = TimeVarying.T)
public class TimeVarying {
  static final int T = 8;
  static final int PHASES = 3;
  static final double SIGMA_U = 0.4;
  static final double SIGMA_X = 0.05;

  @Param(length = PHASES, value = 0.5)
  double[] k;

  @Param(value = 0.2)
  double kv;

  @Transition
  void step(double[] x, Noise noise, double[] next, @Step int t) {
    double dt = t < T / 2 ? 0.1 : 0.05;
    int phase = t % PHASES;
    double u = noise.gaussian(-(k[phase] * x[0] + kv * x[1]), SIGMA_U);
    next[0] = x[0] + dt * x[1] + noise.gaussian(0.0, SIGMA_X);
    next[1] = x[1] + dt * u + noise.gaussian(0.0, SIGMA_X);
  }

  @Cost
  double cost(double[] x, @Step int t) {
    double w = t == T - 1 ? 10.0 : 1.0 + 0.1 * t;
    return w * x[0] * x[0] + 0.1 * x[1] * x[1];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = 0.0;
  }
}
