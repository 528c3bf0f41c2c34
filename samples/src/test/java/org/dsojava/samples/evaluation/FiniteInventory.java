package org.dsojava.samples.evaluation;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A finite inventory: stock s ∈ {0..3}, order a ∈ {0, 1, 2} from the policy softmax(logits row s) (a
 * policy site: its parameters depend on θ), demand d ∈ {0, 1, 2} with fixed probabilities (an environment
 * site), next stock clamp(s + a − d, 0, 3), holding/shortage cost per stock level; 10 steps.
 */
@Chain(stateDim = 1, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 10)
public class FiniteInventory {
  static final double[] DEMAND = {0.2, 0.5, 0.3};
  static final double[] P0 = {0.4, 0.3, 0.2, 0.1};
  static final double[] COST = {3.0, 0.5, 1.0, 2.0};

  @Param(length = 12)
  double[] logits;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] row = new double[3];
    for (int k = 0; k < 3; k++) {
      row[k] = logits[s * 3 + k];
    }
    int a = noise.categoricalLogits(row);
    int d = noise.categorical(DEMAND);
    next[0] = Math.min(Math.max(s + a - d, 0), 3);
  }

  @Cost
  double cost(double[] x) {
    return COST[(int) x[0]];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.categorical(P0);
  }
}
