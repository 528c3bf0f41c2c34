package org.dsojava.samples.oracle;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Case (d): an ergodic, fast-mixing 5-state chain in the average-cost setting.
 *
 * <pre>
 *   z_sj = 0.4 sin(2.3 s + 1.3 j + 0.5) + pull[j] + stay·[j = s],   P(j|s) = softmax_j(z_s)
 *   L(s) = 0.3 (s − 2)² + shift·cos(s)
 * </pre>
 *
 * Every transition has probability bounded away from 0, so the chain mixes in a few steps (|λ₂| is
 * small). x₀ = 0 (the average cost does not depend on it; burn-in removes its effect). θ layout:
 * pull[0..4], stay = θ[5], shift = θ[6]. Mirrored by {@link Mirrors#ergodic()}.
 */
@Chain(stateDim = 1, setting = Setting.AVERAGE, horizon = 1000)
public class Ergodic {
  static final int S = 5;

  @Param(length = S)
  double[] pull;

  @Param(value = 0.3)
  double stay;

  @Param(value = 0.5)
  double shift;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] z = new double[S];
    for (int j = 0; j < S; j++) {
      z[j] = 0.4 * Math.sin(2.3 * s + 1.3 * j + 0.5) + pull[j] + (j == s ? stay : 0.0);
    }
    next[0] = noise.categoricalLogits(z);
  }

  @Cost
  double cost(double[] x) {
    int s = (int) x[0];
    return 0.3 * (s - 2) * (s - 2) + shift * Math.cos(s);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = 0.0;
  }
}
