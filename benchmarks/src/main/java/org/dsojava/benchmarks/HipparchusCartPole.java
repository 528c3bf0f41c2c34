package org.dsojava.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * CartPole-v1 under the linear policy (the samples' {@code CartPoleLinear}, θ = (w, b), η = w·x + b,
 * a ~ Bernoulli(σ(η))) differentiated with Hipparchus forward mode: F = wL·L + wP·ln P as a
 * {@link Gradient} over all 5 θ entries. What the usual JVM approach costs, for the benchmarks.
 */
public final class HipparchusCartPole {
  private HipparchusCartPole() {}

  /** g += wL·∇L + wP·∇ln P of the transition that drew {@code draws} from x. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    Gradient eta = HipparchusModels.var(theta, 4);
    for (int j = 0; j < 4; j++) {
      eta = eta.add(HipparchusModels.var(theta, j).multiply(x[j]));
    }
    Gradient lp = HipparchusModels.bernoulliLogitLogDensity(eta, draws[0]);
    double cost = HandWrittenCartPole.terminal(x) ? 0.0 : -1.0;
    HipparchusModels.addGradient(lp.multiply(wP).add(wL * cost), g);
  }
}
