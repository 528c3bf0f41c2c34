package org.dsojava.samples.oracle;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Case (a): a 3-state chain, x[0] ∈ {0, 1, 2}. P(j|s) = softmax(logits[3s .. 3s+2])_j; the cost
 * L(s) = base(s) + w·(s − 1) + w²/2 with base = (1, 2, 0.5) depends on θ too, so both terms of
 * Theorem 1 are exercised. x₀ ~ (0.5, 0.3, 0.2). θ layout: logits[0..8], w = θ[9]. Mirrored exactly
 * by {@link Mirrors#threeState()}.
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.8)
public class ThreeState {
  @Param(length = 9)
  double[] logits;

  @Param(value = 0.3)
  double w;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] row = new double[3];
    for (int k = 0; k < 3; k++) {
      row[k] = logits[s * 3 + k];
    }
    next[0] = noise.categoricalLogits(row);
  }

  @Cost
  double cost(double[] x) {
    int s = (int) x[0];
    double base = s == 0 ? 1.0 : (s == 1 ? 2.0 : 0.5);
    return base + w * (s - 1) + 0.5 * w * w;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    double[] p0 = new double[3];
    p0[0] = 0.5;
    p0[1] = 0.3;
    p0[2] = 0.2;
    x[0] = noise.categorical(p0);
  }
}
