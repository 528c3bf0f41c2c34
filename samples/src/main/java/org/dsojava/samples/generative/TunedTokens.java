package org.dsojava.samples.generative;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Passive;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Step;
import org.dsojava.annotations.Transition;

/**
 * An autoregressive token model tuned toward a property with a KL cost to its pre-trained base, in the
 * L-MDP form of eq. 21 (section 5's remark on generative models: discrete states and actions).
 *
 * <p>State x = (u, c): u the previous token (BOS = 3 before the first), c how many c tokens (id 2) have
 * been written. The transition at step t = 0 … T − 1 writes token v ~ softmax(θ row (t, u)), a
 * fixed-order (bigram) context plus the position; θ layout: the BOS row (3 logits), then rows (t, u) for
 * t = 1 … T − 1, u = 0 … 2, at {@code 3 + ((t − 1)·3 + u)·3} (48 logits). The passive chain p̄ (eq. 97)
 * is the base model, the add-one-smoothed bigram of {@link TokenCorpus}: logits ln(n(u, v) + 1) from
 * the corpus counts {@link #COUNTS}. The compiler adds KL(P(·|x, θ) ‖ p̄(·|x)) to the cost at every
 * step; the cost itself is −λ·c at the last step t = T (the reward on the finished sequence, λ =
 * {@link #REWARD}). At t = T no token is written (the horizon ends the rollout), so the transition there
 * uses p̄'s own logits and its KL is 0. J = E[Σₜ KL(π_t ‖ p̄) − λ·#c], whose minimizer is
 * P*(s) ∝ P̄(s)·e^{λ·#c(s)} (eq. 84), inside this family.
 */
@Chain(stateDim = 2, setting = Setting.TIME_VARYING, horizon = TunedTokens.T)
public class TunedTokens {
  /** Vocabulary size. */
  static final int V = 3;
  /** Sequence length = horizon. */
  static final int T = 6;
  /** λ: the reward per c token, in units of the KL cost (β = 1/λ in the RLHF form). */
  static final double REWARD = 2.0;
  /** n(u, v): bigram counts of {@link TokenCorpus#SENTENCES}, rows u = a, b, c, BOS (checked by a test). */
  static final int[] COUNTS = {3, 16, 1, 14, 4, 1, 1, 0, 0, 5, 3, 0};

  /** Tuned logits: the BOS row, then rows (t, u) for t = 1 … T − 1. */
  @Param(length = V + (T - 1) * V * V)
  double[] logits;

  @Transition
  void step(double[] x, @Step int t, Noise noise, double[] next) {
    int u = (int) x[0];
    double[] z = new double[V];
    if (t < T) {
      int row = t == 0 ? 0 : V + ((t - 1) * V + u) * V;
      for (int k = 0; k < V; k++) {
        z[k] = logits[row + k];
      }
    } else {
      for (int k = 0; k < V; k++) {
        z[k] = Math.log(COUNTS[u * V + k] + 1.0);
      }
    }
    int v = noise.categoricalLogits(z);
    next[0] = v;
    next[1] = x[1] + (v == 2 ? 1.0 : 0.0);
  }

  /** p̄: the pre-trained bigram, logits ln(n(u, v) + 1). */
  @Passive
  void passive(double[] x, Noise noise, double[] next) {
    int u = (int) x[0];
    double[] z = new double[V];
    for (int k = 0; k < V; k++) {
      z[k] = Math.log(COUNTS[u * V + k] + 1.0);
    }
    int v = noise.categoricalLogits(z);
    next[0] = v;
    next[1] = x[1] + (v == 2 ? 1.0 : 0.0);
  }

  /** −λ·#c on the finished sequence (t = T); the compiler adds the KL to p̄. */
  @Cost
  double cost(double[] x, @Step int t) {
    return t == T ? -REWARD * x[1] : 0.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = V;
    x[1] = 0.0;
  }
}
