package org.dsojava.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The samples' {@code CartPoleMlp} (4 → 64 → 64 → 1 logit policy) differentiated with Hipparchus forward
 * mode: F = wL·L + wP·ln P as a {@link Gradient} over all 4545 θ entries, so each of the ~8800 operations
 * of the network carries 4545 partials. What the usual JVM approach costs, for the benchmarks.
 */
public final class HipparchusCartPoleMlp {
  private HipparchusCartPoleMlp() {}

  /** g += wL·∇L + wP·∇ln P of the transition that drew {@code draws} from x. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    Gradient eta = HipparchusModels.mlp(theta, x, 4);
    Gradient lp = HipparchusModels.bernoulliLogitLogDensity(eta, draws[0]);
    double cost = HandWrittenCartPole.terminal(x) ? 0.0 : -1.0;
    HipparchusModels.addGradient(lp.multiply(wP).add(wL * cost), g);
  }
}
