package org.dsojava.samples.oracle;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Step;
import org.dsojava.annotations.Transition;

/**
 * Case (e): a time-varying 4-state chain with horizon T = 5 (costs L_t at t = 0 … 5, transitions P_t
 * at t = 0 … 4, eqs. 9–11).
 *
 * <pre>
 *   z_t,sj = (1 + 0.2 t)·pull[j] + 0.5 cos(s + 0.9 j t)             P_t(j|s) = softmax_j(z_t,s)
 *   L_t(s) = 1 + 0.5 cos(s + 0.7 t) + w·t·s/10 + [t = 5]·3·[s = 3]     (a final cost on state 3)
 * </pre>
 *
 * x₀ uniform. θ layout: pull[0..3], w = θ[4]. Mirrored by {@link Mirrors#timeVarying()}.
 */
@Chain(stateDim = 1, setting = Setting.TIME_VARYING, horizon = 5)
public class TimeVarying {
  static final int S = 4;

  @Param(length = S)
  double[] pull;

  @Param(value = 0.4)
  double w;

  @Transition
  void step(double[] x, @Step int t, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] z = new double[S];
    for (int j = 0; j < S; j++) {
      z[j] = (1.0 + 0.2 * t) * pull[j] + 0.5 * Math.cos(s + 0.9 * j * t);
    }
    next[0] = noise.categoricalLogits(z);
  }

  @Cost
  double cost(double[] x, @Step int t) {
    int s = (int) x[0];
    double terminal = (t == 5 && s == 3) ? 3.0 : 0.0;
    return 1.0 + 0.5 * Math.cos(s + 0.7 * t) + w * t * s / 10.0 + terminal;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    double[] p0 = new double[S];
    for (int j = 0; j < S; j++) {
      p0[j] = 1.0 / S;
    }
    x[0] = noise.categorical(p0);
  }
}
