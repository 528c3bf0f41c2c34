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
 * A time-varying 4-state chain (T = 5) whose costs are curved in θ, so that every term of Lemma 3's
 * Hessian (eq. 80) is non-zero — in particular ∇²ℒ, which {@link TimeVarying} (cost linear in θ)
 * leaves at 0, so there the printed 𝒦∇²ℒ and the correct ∇²ℒ cannot be told apart. θ is shared by
 * P and L (pull enters both), so the cross terms ∇𝒦∇ℒᵀ are non-zero too:
 *
 * <pre>
 *   z_t,sj = (1 + 0.2 t)·pull[j] + 0.5 cos(s + 0.9 j t),   P_t(j|s) = softmax_j(z_t,s)
 *   L_t(s) = 1 + 0.5 cos(s + 0.7 t) + 0.4·w²·(1 + 0.3 s) + 0.3·(1 + 0.1 t)·pull[s]² + 0.2 sin(w·t)
 * </pre>
 *
 * x₀ uniform. θ layout: pull[0..3], w = θ[4]. Mirrored by {@link CurvatureMirrors#curvedTimeVarying()}.
 */
@Chain(stateDim = 1, setting = Setting.TIME_VARYING, horizon = 5)
public class CurvedTimeVarying {
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
    return 1.0 + 0.5 * Math.cos(s + 0.7 * t) + 0.4 * w * w * (1.0 + 0.3 * s) + 0.3 * (1.0 + 0.1 * t) * pull[s] * pull[s]
        + 0.2 * Math.sin(w * t);
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
