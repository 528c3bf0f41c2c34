package org.dsojava.samples.oracle;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;

/**
 * Case (c): first exit with γ = 1. States 0–3 are transient, 4 (goal) and 5 (trap) are
 * absorbing {@code @Terminal} states, charged once on arrival. From a transient state s
 *
 * <pre>
 *   z_sj = 0.6 cos(1.1 s + 2.3 j) + drift·(j − s)·[j &lt; 4] + goal[s]·[j = 4],   P(j|s) = softmax_j(z_s)
 *   L(s) = 1 + 0.2 s + 0.25 goal[s]²          (pushing towards the goal costs effort)
 *   L(4) = 0.5 drift²,  L(5) = 5              (terminal costs; the goal's depends on θ, so ∇L is
 *                                              charged at the terminal state too)
 * </pre>
 *
 * The probabilities are computed in the model (exp / sum) and drawn with {@code categorical(p)}, so
 * this also exercises the probability-vector site. x₀ ~ (0.4, 0.3, 0.2, 0.05, 0.05, 0): a rollout may
 * start at the goal (charged, then ended). θ layout: goal[0..3], drift = θ[4]. Mirrored by
 * {@link Mirrors#firstExit()}.
 */
@Chain(stateDim = 1, setting = Setting.FIRST_EXIT, discount = 1.0)
public class FirstExit {
  static final int S = 6;

  @Param(length = 4)
  double[] goal;

  @Param(value = 0.2)
  double drift;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double g = s < 4 ? goal[s] : 0.0; // terminal rows are never sampled
    double[] p = new double[S];
    double sum = 0;
    for (int j = 0; j < S; j++) {
      double z = 0.6 * Math.cos(1.1 * s + 2.3 * j);
      if (j < 4) {
        z = z + drift * (j - s);
      }
      if (j == 4) {
        z = z + g;
      }
      p[j] = Math.exp(z);
      sum = sum + p[j];
    }
    for (int j = 0; j < S; j++) {
      p[j] = p[j] / sum;
    }
    next[0] = noise.categorical(p);
  }

  @Cost
  double cost(double[] x) {
    int s = (int) x[0];
    double c = 0.5 * drift * drift;
    if (s == 5) {
      c = 5.0;
    } else if (s < 4) {
      c = 1.0 + 0.2 * s + 0.25 * goal[s] * goal[s];
    }
    return c;
  }

  @Terminal
  boolean done(double[] x) {
    return x[0] >= 4;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    double[] p0 = new double[S];
    p0[0] = 0.4;
    p0[1] = 0.3;
    p0[2] = 0.2;
    p0[3] = 0.05;
    p0[4] = 0.05;
    p0[5] = 0.0;
    x[0] = noise.categorical(p0);
  }
}
