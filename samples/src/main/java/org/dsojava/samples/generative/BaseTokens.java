package org.dsojava.samples.generative;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.DataCost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * The base token model pre-trained by maximum likelihood (L_clone of section 5.1, a {@code @DataCost}
 * block, optimized with {@code rollouts(0)}): a bigram p(v|u) = softmax(θ row u)_v, rows u = a, b, c, BOS
 * (12 logits), fitted to the recorded (u, v) pairs of {@link TokenCorpus} plus one pseudo-pair of every
 * (u, v) (add-one smoothing). Its maximum-likelihood answer is the closed form (n(u, v) + 1)/(n(u) + 3)
 * that {@link TunedTokens}' passive chain uses. As a chain it generates sequences from the bigram (no
 * rollout cost).
 */
@Chain(stateDim = 1, setting = Setting.TIME_VARYING, horizon = TunedTokens.T)
public class BaseTokens {
  static final int V = 3;

  /** Bigram logits, rows u = a, b, c, BOS. */
  @Param(length = (V + 1) * V)
  double[] logits;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int u = (int) x[0];
    double[] z = new double[V];
    for (int k = 0; k < V; k++) {
      z[k] = logits[u * V + k];
    }
    next[0] = noise.categoricalLogits(z);
  }

  @Cost
  double cost(double[] x) {
    return 0.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = V;
  }

  /** −ln p(v|u): the negative log-likelihood of one recorded token v after context u. */
  @DataCost
  double clone(@Recorded(value = "u", length = 1) double[] u, @Recorded(value = "v", length = 1) double[] v) {
    int row = (int) u[0] * V;
    double max = logits[row];
    for (int k = 1; k < V; k++) {
      max = Math.max(max, logits[row + k]);
    }
    double z = 0;
    for (int k = 0; k < V; k++) {
      z += Math.exp(logits[row + k] - max);
    }
    return max + Math.log(z) - logits[row + (int) v[0]];
  }
}
