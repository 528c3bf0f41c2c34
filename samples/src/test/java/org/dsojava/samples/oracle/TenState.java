package org.dsojava.samples.oracle;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Case (b): 10 states with "random" structure from formulas (no constant tables in the subset):
 *
 * <pre>
 *   z_sj = a_sj + pull[j] + mix·|s − j|/9,   P(j|s) = softmax_j(z_s)
 *   a_sj = 3·frac(0.6180339887·(7s + 13j + 5sj + 1)) − 1.5      (pseudo-random in [−1.5, 1.5))
 *   L(s) = 1 + 0.5 sin(2.1 s + 0.4) + c[0]·cos(0.9 s) + 0.1·c[1]²·s/9
 * </pre>
 *
 * x₀ uniform. θ layout: pull[0..9], mix = θ[10], c = θ[11..12]. Mirrored by {@link Mirrors#tenState()}.
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.8)
public class TenState {
  static final int S = 10;

  @Param(length = S)
  double[] pull;

  @Param(value = 0.5)
  double mix;

  @Param(length = 2)
  double[] c;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] z = new double[S];
    for (int j = 0; j < S; j++) {
      double h = 0.6180339887 * (7 * s + 13 * j + 5 * s * j + 1);
      z[j] = 3.0 * (h - Math.floor(h)) - 1.5 + pull[j] + mix * Math.abs(s - j) / 9.0;
    }
    next[0] = noise.categoricalLogits(z);
  }

  @Cost
  double cost(double[] x) {
    int s = (int) x[0];
    return 1.0 + 0.5 * Math.sin(2.1 * s + 0.4) + c[0] * Math.cos(0.9 * s) + 0.1 * c[1] * c[1] * s / 9.0;
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
