package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.dsojava.parts.Activations;
import org.dsojava.parts.CategoricalHead;
import org.dsojava.parts.Gaussians;
import org.junit.jupiter.api.Test;

/**
 * The closed forms of the part library, run as plain Java, against independent computations: Gaussian
 * log-densities against Commons Math, the Gaussian KL against numerical integration of p·ln(p/q), the
 * categorical KL against its definition, softplus against ln(1 + eᶻ).
 */
class PartLibraryFormulasTest {
  @Test
  void gaussianLogDensityMatchesCommonsMath() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      double mean = r.nextGaussian();
      double logStd = 0.5 * r.nextGaussian();
      double x = mean + 3 * r.nextGaussian();
      double expected = new NormalDistribution(null, mean, Math.exp(logStd)).logDensity(x);
      assertEquals(expected, Gaussians.logDensity(x, mean, logStd), 1e-12 * Math.max(1, Math.abs(expected)));
    }
  }

  /** Simpson's rule on ±14 σ₁ with 20 000 intervals: error far below 1e-9 for these smooth integrands. */
  @Test
  void gaussianKlMatchesNumericalIntegration() {
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 20; i++) {
      double m1 = r.nextGaussian();
      double l1 = 0.4 * r.nextGaussian();
      double m2 = r.nextGaussian();
      double l2 = 0.4 * r.nextGaussian();
      double s1 = Math.exp(l1);
      double lo = m1 - 14 * s1;
      double hi = m1 + 14 * s1;
      int n = 20_000;
      double h = (hi - lo) / n;
      double sum = 0;
      for (int k = 0; k <= n; k++) {
        double x = lo + k * h;
        double lp = Gaussians.logDensity(x, m1, l1);
        double f = Math.exp(lp) * (lp - Gaussians.logDensity(x, m2, l2));
        sum += (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2) * f;
      }
      double integral = sum * h / 3;
      assertEquals(integral, Gaussians.kl(m1, l1, m2, l2), 1e-9);
    }
  }

  @Test
  void categoricalKlMatchesItsDefinition() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 50; i++) {
      double[] p = new double[4];
      double[] q = new double[4];
      for (int k = 0; k < 4; k++) {
        p[k] = 3 * r.nextGaussian();
        q[k] = 3 * r.nextGaussian();
      }
      double[] pp = softmax(p);
      double[] qq = softmax(q);
      double expected = 0;
      for (int k = 0; k < 4; k++) {
        expected += pp[k] * Math.log(pp[k] / qq[k]);
      }
      assertEquals(expected, CategoricalHead.kl(p, q, 4), 1e-12 * Math.max(1, expected));
    }
  }

  @Test
  void softplusIsLogOnePlusExpWithoutOverflow() {
    for (double z = -30; z <= 30; z += 0.25) {
      assertEquals(Math.log1p(Math.exp(z)), Activations.softplus(z), 1e-15 * Math.max(1, Math.abs(z)));
    }
    assertEquals(1000.0, Activations.softplus(1000.0), 0.0);
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] out = new double[z.length];
    double s = 0;
    for (int k = 0; k < z.length; k++) {
      out[k] = Math.exp(z[k] - max);
      s += out[k];
    }
    for (int k = 0; k < z.length; k++) {
      out[k] /= s;
    }
    return out;
  }
}
