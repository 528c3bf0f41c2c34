package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.extension.example.Softplus;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * The example extension (Laplace noise, softplus primitive) end to end through the generated
 * {@link LaplaceRegression} kernel: its derivatives, its log-density, and its sampler.
 */
class ExtensionSpiTest {
  /** θ = (a, c, logB), in {@code @Param} declaration order. */
  private static final double[] THETA = {0.7, -0.3, Math.log(0.6)};

  /** softplus and the Laplace log-density written out independently of the extension. */
  private static double softplus(double z) {
    return Math.log(1.0 + Math.exp(z));
  }

  private static double laplaceLogDensity(double v, double mu, double b) {
    return -Math.log(2.0 * b) - Math.abs(v - mu) / b;
  }

  /** The Laplace location of the transition from {@code x} under {@link #THETA}. */
  private static double location(double x) {
    return softplus(THETA[0]) * x + THETA[1];
  }

  @Test
  void layout() {
    ChainKernel k = LaplaceRegressionDso.kernel();
    assertEquals(3, k.paramCount());
    assertEquals(1, k.stateDim());
    assertEquals(1, k.drawCount());
    assertEquals("a", k.paramName(0));
    assertEquals("c", k.paramName(1));
    assertEquals("logB", k.paramName(2));
    assertArrayEquals(new double[] {-1.0, 0.0, -1.0}, LaplaceRegressionDso.initialParams(1L), 0.0);
  }

  /** Same options and tolerance as {@link GeneratedKernelDerivativesTest}. */
  @Test
  void derivativesMatchFiniteDifferences() {
    KernelVerifier.Report report = KernelVerifier.verify(LaplaceRegressionDso.kernel(), 17L, 20,
        KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5));
    System.out.println(report);
    report.assertWithin(1e-6);
  }

  @Test
  void softplusIsStableAndAccurate() {
    for (double z : new double[] {-30, -3, -0.5, 0, 0.5, 3, 30}) {
      assertEquals(softplus(z), Softplus.softplus(z), 1e-15 * Math.max(1, softplus(z)), "z = " + z);
    }
    assertEquals(1000.0, Softplus.softplus(1000.0), 0.0);
    assertEquals(Math.exp(-1000.0), Softplus.softplus(-1000.0), 0.0);
  }

  /** ln P of recorded draws on both sides of, and at, the location; and the mean step. */
  @Test
  void logDensityIsLaplace() {
    ChainKernel k = LaplaceRegressionDso.kernel();
    double b = Math.exp(THETA[2]);
    double[] mean = new double[1];
    for (double x0 : new double[] {-0.8, 0.0, 0.4, 2.5}) {
      double[] x = {x0};
      double mu = location(x0);
      k.meanStep(THETA, x, 0, 0, mean);
      assertEquals(mu, mean[0], 1e-15);
      for (double offset : new double[] {-3.0, -0.25, 0.0, 0.1, 1.7}) {
        double v = mu + offset * b;
        double expected = laplaceLogDensity(v, mu, b);
        double actual = k.logDensity(THETA, x, 0, 0, new double[] {v});
        assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), "x = " + x0 + ", v = " + v);
      }
    }
  }

  /**
   * Draws from the generated sampler have the Laplace mean μ, mean absolute deviation b and CDF.
   *
   * <p>For X ~ Laplace(μ, b): Var X = 2b², and |X − μ| ~ Exp(mean b) so Var |X − μ| = b². With
   * N = 10⁵ draws the standard errors are √2·b/√N ≈ 0.0045·b for the sample mean and b/√N ≈ 0.0032·b
   * for the mean absolute deviation (about the known μ), and √(p(1−p)/N) ≤ 0.0016 for an empirical
   * CDF value p. Each check allows 5 standard errors (a false alarm has probability ≈ 6e−7 per check;
   * the stream is seeded, so the test is deterministic anyway), while e.g. drawing with scale 2b, or
   * an exponential instead of a Laplace, misses by hundreds of standard errors.
   */
  @Test
  void samplesHaveLaplaceMomentsAndCdf() {
    ChainKernel k = LaplaceRegressionDso.kernel();
    int n = 100_000;
    double x0 = 0.5;
    double mu = location(x0);
    double b = Math.exp(THETA[2]);
    double[] x = {x0};
    double[] draws = new double[k.drawCount()];
    double[] next = new double[1];
    Rng rng = new Rng(2024L);
    double sum = 0;
    double sumAbs = 0;
    int belowMu = 0;
    int belowMuPlusB = 0;
    int belowMuMinus2B = 0;
    for (int i = 0; i < n; i++) {
      k.sample(THETA, x, 0, 0, rng, draws, next);
      double v = next[0];
      assertEquals(v, draws[0], 0.0, "the draw is recorded");
      assertTrue(Double.isFinite(v));
      sum += v;
      sumAbs += Math.abs(v - mu);
      belowMu += v < mu ? 1 : 0;
      belowMuPlusB += v <= mu + b ? 1 : 0;
      belowMuMinus2B += v <= mu - 2 * b ? 1 : 0;
    }
    double z = 5.0;
    double seMean = Math.sqrt(2.0) * b / Math.sqrt(n);
    double seMad = b / Math.sqrt(n);
    assertEquals(mu, sum / n, z * seMean, "mean");
    assertEquals(b, sumAbs / n, z * seMad, "mean absolute deviation");
    assertCdf(0.5, belowMu, n, z, "P(X < mu)");
    assertCdf(1 - 0.5 * Math.exp(-1), belowMuPlusB, n, z, "P(X <= mu + b)");
    assertCdf(0.5 * Math.exp(-2), belowMuMinus2B, n, z, "P(X <= mu - 2b)");
  }

  private static void assertCdf(double p, int count, int n, double z, String what) {
    assertEquals(p, (double) count / n, z * Math.sqrt(p * (1 - p) / n), what);
  }
}
