package org.dsojava.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The samples' {@code PendulumMlp} (a ~ N(μ, e^{2 logStd}), μ = MLP(cos th, sin th, thdot), 3 → 64 → 64 → 1)
 * differentiated with Hipparchus forward mode: F = wL·L + wP·ln P as a {@link Gradient} over all 4482 θ
 * entries. The cost x[2] has no θ. What the usual JVM approach costs, for the benchmarks.
 */
public final class HipparchusPendulumMlp {
  private HipparchusPendulumMlp() {}

  /** g += wL·∇L + wP·∇ln P of the transition that drew {@code draws} from x. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    double[] obs = {Math.cos(x[0]), Math.sin(x[0]), x[1]};
    Gradient mu = HipparchusModels.mlp(theta, obs, 3);
    Gradient sigma = HipparchusModels.var(theta, HandWrittenPendulumMlp.LOG_STD).exp();
    Gradient lp = HipparchusModels.gaussianLogDensity(draws[0], mu, sigma);
    HipparchusModels.addGradient(lp.multiply(wP).add(wL * x[2]), g);
  }
}
