package org.dsojava.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * {@link org.dsojava.benchmarks.models.Lqr10} differentiated with Hipparchus forward mode:
 * F = wL·L + wP·ln P as a {@link Gradient} over the 30 gain entries. The three action sites and the cost
 * depend on θ (through μ = −Kx) and are {@link Gradient}s; the ten state-noise sites have no θ and are
 * summed as plain doubles, as a user would write them. What the usual JVM approach costs, for the
 * benchmarks.
 */
public final class HipparchusLqr10 {
  private static final int N = HandWrittenLqr10.N;
  private static final int M = HandWrittenLqr10.M;
  private static final int MASSES = N / 2;

  private HipparchusLqr10() {}

  /** g += wL·∇L + wP·∇ln P of the transition that drew {@code draws} from x. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    Gradient[] mu = new Gradient[M];
    for (int c = 0; c < M; c++) {
      Gradient s = Gradient.constant(theta.length, 0.0);
      for (int j = 0; j < N; j++) {
        s = s.add(HipparchusModels.var(theta, c * N + j).multiply(x[j]));
      }
      mu[c] = s.negate();
    }
    Gradient lp = Gradient.constant(theta.length, 0.0);
    for (int c = 0; c < M; c++) {
      lp = lp.add(HipparchusModels.gaussianLogDensity(draws[c], mu[c], 0.5));
    }
    double lpState = 0.0;
    for (int i = 0; i < MASSES; i++) {
      double p = x[2 * i];
      double v = x[2 * i + 1];
      double left = i > 0 ? x[2 * i - 2] : 0.0;
      double right = i < MASSES - 1 ? x[2 * i + 2] : 0.0;
      double force = i % 2 == 0 ? draws[i / 2] : 0.0;
      double acc = (left - 2.0 * p + right) - 0.5 * v + force;
      lpState += HipparchusModels.gaussianLogDensity(draws[M + 2 * i], p + 0.1 * v, 0.05);
      lpState += HipparchusModels.gaussianLogDensity(draws[M + 2 * i + 1], v + 0.1 * acc, 0.05);
    }
    lp = lp.add(lpState);
    double xx = 0.0;
    for (int j = 0; j < N; j++) {
      xx += x[j] * x[j];
    }
    Gradient cost = Gradient.constant(theta.length, xx);
    for (int c = 0; c < M; c++) {
      cost = cost.add(mu[c].square().add(0.5 * 0.5).multiply(0.1));
    }
    HipparchusModels.addGradient(cost.multiply(wL).add(lp.multiply(wP)), g);
  }
}
