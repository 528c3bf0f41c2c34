package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.data.MinibatchSampler;
import org.junit.jupiter.api.Test;

/** The data cost blocks of section 5.1: exact sums, their derivatives, unbiased minibatches, determinism. */
class DataCostsTest {
  private static final DataSet DATA = DataKernel.data(40, 2, 9, 11);
  private static final double[] THETA = {0.4, 0.6, -0.1};

  /** L_k by its definition, (1/N) Σₙ Σ_{t ≤ length − span} γᵗ ℓ_k, written independently of DataCosts. */
  private static double definition(ChainKernel k, int block, double[] theta, double gamma) {
    double s = 0;
    for (int n = 0; n < DATA.trajectories(); n++) {
      for (int t = 0; t <= DATA.length(n) - k.dataCostSpan(block); t++) {
        s += Math.pow(gamma, t) * k.dataCost(block, theta, n, t);
      }
    }
    return s / DATA.trajectories();
  }

  /** Fourth-order central differences of f at θ, h = 1e-3 (truncation O(h⁴) ≈ 1e-12 here). */
  private static double[] finiteDifference(java.util.function.ToDoubleFunction<double[]> f, double[] theta) {
    double h = 1e-3;
    double[] g = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      double[] t = theta.clone();
      t[i] = theta[i] + h;
      double p1 = f.applyAsDouble(t);
      t[i] = theta[i] - h;
      double m1 = f.applyAsDouble(t);
      t[i] = theta[i] + 2 * h;
      double p2 = f.applyAsDouble(t);
      t[i] = theta[i] - 2 * h;
      double m2 = f.applyAsDouble(t);
      g[i] = (8 * (p1 - m1) - (p2 - m2)) / (12 * h);
    }
    return g;
  }

  private static void assertRelative(double[] expected, double[] actual, double rel, String what) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertTrue(scale > 1e-3, what + ": needs a non-trivial vector");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], rel * scale, what + "[" + i + "]");
    }
  }

  @Test
  void exactValueGradientAndHessianVectorMatchTheDefinitionAndFiniteDifferences() {
    DataKernel k = new DataKernel(false);
    DataCosts costs = new DataCosts(k, DATA);
    assertEquals(0.9, costs.discount());
    assertEquals(2, costs.blockCount());
    for (int block = 0; block < 2; block++) {
      int b = block;
      String name = costs.blockName(b);
      assertEquals(definition(k, b, THETA, 0.9), costs.value(b, THETA), 1e-12 * Math.abs(costs.value(b, THETA)),
          name + " value");
      double[] g = new double[3];
      costs.gradient(b, THETA, g);
      assertRelative(finiteDifference(th -> costs.value(b, th), THETA), g, 1e-6, name + " gradient");
      double[] v = {0.3, -1.2, 0.8};
      double[] hv = new double[3];
      costs.hessianVector(b, THETA, v, hv);
      // ∇²L·v = d/dε ∇L(θ + εv) at 0, by the same fourth-order difference along v.
      double[] fd = new double[3];
      for (int i = 0; i < 3; i++) {
        int c = i;
        fd[i] = finiteDifference(e -> {
          double[] th = THETA.clone();
          for (int j = 0; j < 3; j++) {
            th[j] += e[0] * v[j];
          }
          double[] gg = new double[3];
          costs.gradient(b, th, gg);
          return gg[c];
        }, new double[] {0.0})[0];
      }
      assertRelative(fd, hv, 1e-6, name + " Hessian–vector product");
    }
  }

  @Test
  void passesAreBitIdenticalForOneAndTwoThreadsAndPaddedBuffersAreAccepted() {
    DataSet big = DataKernel.data(300, 2, 9, 5); // 300 trajectories: 64 chunks
    double[] g1 = new double[3];
    double v1 = new DataCosts(new DataKernel(false), big).value(1, THETA);
    new DataCosts(new DataKernel(false), big).gradient(1, THETA, g1);
    ChainKernel[] kernels = {new DataKernel(false), new DataKernel(false)};
    for (ChainKernel k : kernels) {
      k.bind(big);
    }
    try (Crew crew = new Crew(2, "test")) {
      DataCosts two = new DataCosts(new Team(crew, kernels), big, 0.9);
      double[] g2 = new double[3 + 16];
      two.gradient(1, THETA, g2);
      assertEquals(v1, two.value(1, THETA));
      assertArrayEquals(g1, java.util.Arrays.copyOf(g2, 3));
    }
  }

  /**
   * Mean of M minibatch gradients (B = 5 of 40 trajectories) within 5 standard errors of the exact
   * gradient, per entry, and the standard error falls as 1/√M: with M = 400 and 1600 draws the ratio
   * of SEs is 2 up to the sampling error of two standard deviations estimated from 400 and 1600
   * samples (≈ 4% relative), so [1.6, 2.5] holds with a wide margin.
   */
  @Test
  void minibatchGradientIsUnbiasedAndItsStandardErrorFallsAsOneOverRootDraws() {
    DataKernel k = new DataKernel(false);
    DataCosts costs = new DataCosts(k, DATA);
    for (int block = 0; block < 2; block++) {
      double[] exact = new double[3];
      costs.gradient(block, THETA, exact);
      double exactValue = costs.value(block, THETA);
      double[][] small = moments(costs, block, 400, 1L);
      double[][] large = moments(costs, block, 1600, 2L);
      for (int i = 0; i < 3; i++) {
        double se = large[1][i];
        if (block == 1 && i == 2) { // "sysid" does not depend on b: every draw's entry is exactly 0
          assertEquals(0.0, exact[i]);
          assertEquals(0.0, se);
          continue;
        }
        assertTrue(Math.abs(large[0][i] - exact[i]) <= 5 * se,
            "block " + block + " ∂/∂θ" + i + ": minibatch mean " + large[0][i] + " vs exact " + exact[i] + " (SE " + se + ")");
        double ratio = small[1][i] / large[1][i];
        assertTrue(ratio >= 1.6 && ratio <= 2.5, "block " + block + " SE ratio " + ratio);
      }
      assertTrue(Math.abs(large[0][3] - exactValue) <= 5 * large[1][3], "block " + block + " value");
    }
  }

  /** {means (3 gradient entries, value), standard errors} over M minibatch draws of 5 trajectories. */
  private static double[][] moments(DataCosts costs, int block, int m, long seed) {
    MinibatchSampler sampler = new MinibatchSampler(DATA, 5, seed);
    int[] picked = new int[5];
    double[] sum = new double[4];
    double[] sq = new double[4];
    double[] g = new double[3];
    for (int s = 0; s < m; s++) {
      sampler.trajectories(s, picked);
      costs.gradient(block, THETA, picked, 5, g);
      double v = costs.value(block, THETA, picked, 5);
      for (int i = 0; i < 4; i++) {
        double x = i < 3 ? g[i] : v;
        sum[i] += x;
        sq[i] += x * x;
      }
    }
    double[][] out = new double[2][4];
    for (int i = 0; i < 4; i++) {
      double mean = sum[i] / m;
      out[0][i] = mean;
      out[1][i] = Math.sqrt((sq[i] / m - mean * mean) * m / (m - 1) / m);
    }
    return out;
  }

  @Test
  void aNonFiniteTermNamesTheBlockTrajectoryAndStep() {
    DataCosts costs = new DataCosts(new DataKernel(false, 7, 1), DATA);
    NumericalException e = assertThrows(NumericalException.class, () -> costs.value(0, THETA));
    assertTrue(e.getMessage().startsWith("DataKernel: data cost block \"clone\" is not finite at trajectory n = 7,"
        + " t = 1: its value ℓ = NaN."), e.getMessage());
    assertArrayEquals(THETA, e.theta());
    NumericalException g = assertThrows(NumericalException.class, () -> costs.gradient(0, THETA, new double[3]));
    assertTrue(g.getMessage().startsWith("DataKernel: data cost block \"clone\" is not finite at trajectory n = 7,"
        + " t = 1: its value ℓ = NaN."), g.getMessage());
    // The other block and the minibatches that leave trajectory 7 out are fine.
    costs.value(1, THETA);
    costs.gradient(0, THETA, new int[] {1, 2, 8}, 3, new double[3]);
  }

  @Test
  void unknownBlocksAndMismatchedDataAreReported() {
    DataKernel k = new DataKernel(false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataCosts.blockIndex(k, "clon"));
    assertEquals("DataKernel has no data cost block \"clon\"; its blocks are [clone, sysid]", e.getMessage());
    DataSet wrong = DataSet.builder(org.dsojava.runtime.data.DataSchema.of(
        org.dsojava.runtime.data.DataSchema.field("x", 3), org.dsojava.runtime.data.DataSchema.field("a", 1)))
        .add(0, 0, 1, 2, 3, 4).build();
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> new DataCosts(k, wrong));
    assertEquals("cannot bind in-memory data set to DataKernel: field x has arity 3 in in-memory data set, the model"
        + " reads 2", b.getMessage());
  }
}
