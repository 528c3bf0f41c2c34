package org.dsojava.samples.stepcost;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A finite MDP written with an action-dependent step cost: state s ∈ {0, 1, 2}, action a ~ softmax(logits
 * row s), next state (s + a) mod 3, step cost ℓ(s, a) = ELL[3s + a] returned by the transition, and a
 * state cost w·s + w²/2 that depends on θ too. Discounted, γ = 0.8; x₀ ~ (0.5, 0.3, 0.2).
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.8)
public class StepCostChain {
  static final double[] ELL = {1.0, -0.5, 2.0, 0.3, 0.0, 1.5, -1.0, 0.7, 2.5};
  static final double[] P0 = {0.5, 0.3, 0.2};

  @Param(length = 9, initStd = 0.5)
  double[] logits;

  @Param(value = 0.3)
  double w;

  @Transition
  double step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] row = new double[3];
    for (int k = 0; k < 3; k++) {
      row[k] = logits[s * 3 + k];
    }
    int a = noise.categoricalLogits(row);
    next[0] = (s + a) % 3;
    return ELL[s * 3 + a];
  }

  @Cost
  double cost(double[] x) {
    return w * x[0] + 0.5 * w * w;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.categorical(P0);
  }
}
