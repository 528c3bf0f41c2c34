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
}
