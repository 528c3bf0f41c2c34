package org.dsojava.parts;

import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Part;

/** Discrete policy heads: an action drawn from logits (softmax) or from one logit (two actions). */
@Part
public final class CategoricalHead {
  private CategoricalHead() {}

  /** a ~ softmax(logits): P(a = k) = e^(logits[k]) / Σⱼ e^(logits[j]). */
  public static int sample(Noise noise, double[] logits) {
    return noise.categoricalLogits(logits);
  }

  /** a ∈ {0, 1} with P(a = 1) = σ(logit). */
  public static int bernoulli(Noise noise, double logit) {
    return noise.bernoulliLogit(logit);
  }

  /**
   * KL(softmax(p) ‖ softmax(q)) over the first {@code n} logits: the per-site KL of L_Lmdp for a discrete
   * action (section 5.1, eq. 21).
   */
  public static double kl(double[] p, double[] q, int n) {
    double maxP = p[0];
    double maxQ = q[0];
    for (int i = 1; i < n; i++) {
      maxP = Math.max(maxP, p[i]);
      maxQ = Math.max(maxQ, q[i]);
    }
    double sumP = 0.0;
    double sumQ = 0.0;
    for (int i = 0; i < n; i++) {
      sumP += Math.exp(p[i] - maxP);
      sumQ += Math.exp(q[i] - maxQ);
    }
    double logZp = maxP + Math.log(sumP);
    double logZq = maxQ + Math.log(sumQ);
    double kl = 0.0;
    for (int i = 0; i < n; i++) {
      double logPi = p[i] - logZp;
      kl += Math.exp(logPi) * (logPi - (q[i] - logZq));
    }
    return kl;
  }
}
