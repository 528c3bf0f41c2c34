package org.dsojava.annotations;

/**
 * The noise sites of a model. Every call is a site: the processor replaces it, in generated code, with
 * a draw from the named distribution (sampling), its mean (the mean step f(x,θ) of eq. 59), or the
 * log-density of a recorded draw (ln P(x'|x,θ)). Model code never sees an implementation of this
 * interface; the runtime's {@code Rng} plays its role in generated code.
 *
 * <p>Built-in distributions: {@code gaussian}, {@code uniform}, {@code categorical},
 * {@code categoricalLogits}, {@code bernoulliLogit}. Distributions added through the processor's
 * {@code NoiseDistribution} service are called with {@link #draw(String, double, double)} and friends,
 * naming the distribution.
 */
public interface Noise {
  /** A draw from N(mean, std²). */
  double gaussian(double mean, double std);

  /** A draw from U(lo, hi). */
  double uniform(double lo, double hi);

  /** A category k with probability {@code probs[k]}; the probabilities must sum to 1. */
  int categorical(double[] probs);

  /** A category k with probability softmax(logits)_k. */
  int categoricalLogits(double[] logits);

  /** 1 with probability σ(logit) = 1/(1+e^(−logit)), else 0. */
  int bernoulliLogit(double logit);

  /** A draw from the one-parameter distribution registered under {@code name}. */
  double draw(String name, double a);

  /** A draw from the two-parameter distribution registered under {@code name}. */
  double draw(String name, double a, double b);

  /** A draw from the three-parameter distribution registered under {@code name}. */
  double draw(String name, double a, double b, double c);
}
