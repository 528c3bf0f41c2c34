package org.dsojava.samples.generative;

/**
 * Exact quantities of {@link TunedTokens} by enumerating all V^T = 729 sequences, written independently
 * of the generated kernel: the sequence probability is the product of the softmax probabilities of its
 * tokens, its cost Σₜ KL(π_t ‖ p̄) − λ·#c (the KL of each step in closed form, as the L-MDP cost of eq.
 * 21), and ∇J = Σ_s P(s) [Σₜ ∇ln π(vₜ) · C(s) + Σₜ ∇KLₜ] (eq. 32 with the costs' own θ-dependence).
 */
public final class ExactTokens {
  static final int V = TunedTokens.V;
  static final int T = TunedTokens.T;
  /** Number of logits. */
  public static final int P = V + (T - 1) * V * V;

  /** J, ∇J, the expected reward E[#c] and the sequence-level KL(P_θ ‖ P̄) = E[Σₜ KLₜ] at one θ. */
  public record Result(double objective, double[] gradient, double reward, double kl) {}

  private ExactTokens() {}

  /** Index of the first logit of row (t, u) in θ. */
  public static int row(int t, int u) {
    return t == 0 ? 0 : V + ((t - 1) * V + u) * V;
  }

  /** θ equal to the base model at every position: logits ln(n(u, v) + 1). */
  public static double[] baseTheta() {
    int[] n = TokenCorpus.bigramCounts();
    double[] theta = new double[P];
    for (int t = 0; t < T; t++) {
      for (int u = 0; u < (t == 0 ? 1 : V); u++) {
        int ctx = t == 0 ? TokenCorpus.BOS : u;
        for (int v = 0; v < V; v++) {
          theta[row(t, u) + v] = Math.log(n[ctx * V + v] + 1.0);
        }
      }
    }
    return theta;
  }

  /** softmax of θ[row … row + V − 1]. */
  static double[] softmax(double[] theta, int row) {
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < V; v++) {
      max = Math.max(max, theta[row + v]);
    }
    double[] p = new double[V];
    double z = 0;
    for (int v = 0; v < V; v++) {
      p[v] = Math.exp(theta[row + v] - max);
      z += p[v];
    }
    for (int v = 0; v < V; v++) {
      p[v] /= z;
    }
    return p;
  }

  /** Exact J, ∇J, E[#c] and KL at θ, with reward weight λ = {@link TunedTokens#REWARD}. */
  public static Result at(double[] theta) {
    if (theta.length != P) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries; the token model has " + P);
    }
    double[] base = TokenCorpus.baseProbabilities();
    double lambda = TunedTokens.REWARD;
    double j = 0;
    double reward = 0;
    double klTotal = 0;
    double[] grad = new double[P];
    int[] seq = new int[T];
    int count = (int) Math.pow(V, T);
    double[] score = new double[P];
    double[] klGrad = new double[P];
    for (int code = 0; code < count; code++) {
      int c = code;
      for (int t = T - 1; t >= 0; t--) {
        seq[t] = c % V;
        c /= V;
      }
      java.util.Arrays.fill(score, 0);
      java.util.Arrays.fill(klGrad, 0);
      double prob = 1;
      double kl = 0;
      int hits = 0;
      int u = TokenCorpus.BOS;
      for (int t = 0; t < T; t++) {
        int r = row(t, t == 0 ? 0 : u);
        double[] p = softmax(theta, r);
        double klt = 0;
        for (int v = 0; v < V; v++) {
          klt += p[v] * Math.log(p[v] / base[u * V + v]);
        }
        for (int v = 0; v < V; v++) {
          // ∂KL/∂z_v = p_v (ln(p_v/q_v) − KL); ∂ln p_s/∂z_v = [v = s] − p_v.
          klGrad[r + v] += p[v] * (Math.log(p[v] / base[u * V + v]) - klt);
          score[r + v] += (v == seq[t] ? 1 : 0) - p[v];
        }
        kl += klt;
        prob *= p[seq[t]];
        hits += seq[t] == 2 ? 1 : 0;
        u = seq[t];
      }
      double cost = kl - lambda * hits;
      j += prob * cost;
      reward += prob * hits;
      klTotal += prob * kl;
      for (int i = 0; i < P; i++) {
        grad[i] += prob * (score[i] * cost + klGrad[i]);
      }
    }
    return new Result(j, grad, reward, klTotal);
  }

  /** The optimal J* = −ln Σ_s P̄(s) e^{λ·#c(s)} (eq. 86 in the first-exit form), by enumeration. */
  public static double optimalObjective() {
    double[] base = TokenCorpus.baseProbabilities();
    double sum = 0;
    int count = (int) Math.pow(V, T);
    for (int code = 0; code < count; code++) {
      int c = code;
      double prob = 1;
      int hits = 0;
      int[] seq = new int[T];
      for (int t = T - 1; t >= 0; t--) {
        seq[t] = c % V;
        c /= V;
      }
      int u = TokenCorpus.BOS;
      for (int t = 0; t < T; t++) {
        prob *= base[u * V + seq[t]];
        hits += seq[t] == 2 ? 1 : 0;
        u = seq[t];
      }
      sum += prob * Math.exp(TunedTokens.REWARD * hits);
    }
    return -Math.log(sum);
  }

  /** E*[#c] under the optimal P*(s) ∝ P̄(s) e^{λ·#c(s)} (eq. 84), by enumeration. */
  public static double optimalReward() {
    double[] base = TokenCorpus.baseProbabilities();
    double sum = 0;
    double weighted = 0;
    int count = (int) Math.pow(V, T);
    for (int code = 0; code < count; code++) {
      int c = code;
      int[] seq = new int[T];
      for (int t = T - 1; t >= 0; t--) {
        seq[t] = c % V;
        c /= V;
      }
      double prob = 1;
      int hits = 0;
      int u = TokenCorpus.BOS;
      for (int t = 0; t < T; t++) {
        prob *= base[u * V + seq[t]];
        hits += seq[t] == 2 ? 1 : 0;
        u = seq[t];
      }
      double w = prob * Math.exp(TunedTokens.REWARD * hits);
      sum += w;
      weighted += w * hits;
    }
    return weighted / sum;
  }
}
