package org.dsojava.samples.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.ValueBaseline;
import org.junit.jupiter.api.Test;

/**
 * Generative-model tuning (issue 15 item 4): the token model {@link TunedTokens} against its exact
 * J and ∇J by enumeration of all 729 sequences ({@link ExactTokens}, written without the kernel).
 */
class GenerativeTuningTest {
  /** A θ off the base model (base logits + N(0, 0.5²)), so the KL's own gradient is not 0. */
  static double[] testTheta() {
    double[] theta = ExactTokens.baseTheta();
    SplittableRandom r = new SplittableRandom(15);
    for (int i = 0; i < theta.length; i++) {
      theta[i] += 0.5 * r.nextGaussian();
    }
    return theta;
  }

  @Test
  void theBaseModelIsTheCorpusBigram() {
    assertArrayEquals(TokenCorpus.bigramCounts(), TunedTokens.COUNTS);
    ExactTokens.Result atBase = ExactTokens.at(ExactTokens.baseTheta());
    assertEquals(0.0, atBase.kl(), 1e-14);
  }

  @Test
  void exactGradientIsTheDerivativeOfExactJ() {
    double[] theta = testTheta();
    ExactTokens.Result r = ExactTokens.at(theta);
    double h = 1e-5;
    for (int i = 0; i < theta.length; i++) {
      double[] a = theta.clone();
      double[] b = theta.clone();
      a[i] += h;
      b[i] -= h;
      double fd = (ExactTokens.at(a).objective() - ExactTokens.at(b).objective()) / (2 * h);
      assertEquals(fd, r.gradient()[i], 1e-7, "∂J/∂θ_" + i);
    }
  }

  /** The kernel's cost is the hand-written L-MDP cost: KL(π_t ‖ p̄) in closed form, −λ·#c at t = T. */
  @Test
  void kernelCostIsTheKlToTheBaseModel() {
    ChainKernel k = TunedTokensDso.kernel();
    double[] theta = testTheta();
    double[] base = TokenCorpus.baseProbabilities();
    for (int t = 0; t <= TunedTokens.T; t++) {
      for (int u = 0; u <= TokenCorpus.V; u++) {
        if ((t == 0) != (u == TokenCorpus.BOS)) {
          continue;
        }
        double kl = 0;
        if (t < TunedTokens.T) {
          double[] p = ExactTokens.softmax(theta, ExactTokens.row(t, t == 0 ? 0 : u));
          for (int v = 0; v < TokenCorpus.V; v++) {
            kl += p[v] * Math.log(p[v] / base[u * TokenCorpus.V + v]);
          }
        }
        double[] x = {u, 2};
        double expected = kl + (t == TunedTokens.T ? -2 * TunedTokens.REWARD : 0);
        assertEquals(expected, k.cost(theta, x, t, 0), 1e-12, "t=" + t + " u=" + u);
      }
    }
  }

  /**
   * Algorithm 1 (no baseline) against the exact ∇J at a θ off the base model. M = 64 000 rollouts, one
   * per batch of 1 (iteration n: disjoint streams, i.i.d.), give per-rollout gradients gₙ and their
   * spread σ_k. Estimates from N rollouts are block means: 64 blocks of N = 1 000 and 4 of N = 16 000.
   * Asserted: every block estimate, and the mean of all M, within 5 SE_k = 5σ_k/√N in every component;
   * and the error falls as 1/√N: the standardized squared error z(N) = Σ_k (est_k − ∇J_k)²/SE_k²
   * (expectation 48, the parameter count, at every N when unbiased, whereas a bias would make it grow
   * with N), averaged over the blocks, has z(16 000)/z(1 000) within [1/3, 3] — i.e. the raw mean
   * squared error falls by a factor within [16/3, 48] of the 16 that 1/√N predicts. z(1 000) averages
   * 64 blocks, z(16 000) 4 blocks (about 190 degrees of freedom when the components are independent).
   * Also DsoOptimizer.gradient (the composite path) with a batch of 16 000 on other streams within 5 SE.
   */
  @Test
  void estimatorAgreesWithEnumeration() {
    double[] theta = testTheta();
    double[] exact = ExactTokens.at(theta).gradient();
    int p = exact.length;
    int m = 64_000;
    EstimatorConfig config = TunedTokensDso.optimizer().batch(1).threads(1).seed(7).config();
    double[][] g = new double[m][];
    try (GradientEstimator e = new GradientEstimator(TunedTokensDso.factory(), config)) {
      for (int n = 0; n < m; n++) {
        g[n] = e.estimate(theta, n, ValueBaseline.none(), 0).gradient();
      }
    }
    double[] mean = new double[p];
    for (double[] gn : g) {
      for (int k = 0; k < p; k++) {
        mean[k] += gn[k] / m;
      }
    }
    double[] var = new double[p];
    for (double[] gn : g) {
      for (int k = 0; k < p; k++) {
        var[k] += (gn[k] - mean[k]) * (gn[k] - mean[k]) / (m - 1);
      }
    }
    double worstAll = 0;
    for (int k = 0; k < p; k++) {
      worstAll = Math.max(worstAll, Math.abs(mean[k] - exact[k]) / Math.sqrt(var[k] / m));
    }
    System.out.printf(Locale.ROOT, "all %d rollouts: max |err|/SE %.2f%n", m, worstAll);
    assertTrue(worstAll <= 5, "the mean of " + m + " rollout gradients is " + worstAll + " SE from ∇J");
    int[] sizes = {1_000, 16_000};
    double[] z = new double[sizes.length];
    double[] mse = new double[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      int n = sizes[s];
      int blocks = m / n;
      double worst = 0;
      for (int b = 0; b < blocks; b++) {
        double[] est = new double[p];
        for (int r = b * n; r < (b + 1) * n; r++) {
          for (int k = 0; k < p; k++) {
            est[k] += g[r][k] / n;
          }
        }
        for (int k = 0; k < p; k++) {
          double err = est[k] - exact[k];
          double se2 = var[k] / n;
          worst = Math.max(worst, Math.abs(err) / Math.sqrt(se2));
          z[s] += err * err / se2 / blocks;
          mse[s] += err * err / blocks;
        }
      }
      System.out.printf(Locale.ROOT, "N=%-6d blocks=%-3d rms error %.4f  z %.1f (expect %d)  max |err|/SE %.2f%n", n,
          blocks, Math.sqrt(mse[s]), z[s], p, worst);
      assertTrue(worst <= 5, "N=" + n + ": an estimate is " + worst + " SE from the exact ∇J");
    }
    System.out.printf(Locale.ROOT, "rms error ratio N=1000/N=16000: %.2f (1/√N predicts 4)%n",
        Math.sqrt(mse[0] / mse[1]));
    assertTrue(z[1] / z[0] >= 1.0 / 3 && z[1] / z[0] <= 3, "z(16000)/z(1000) = " + z[1] / z[0]);

    double[] composite = TunedTokensDso.optimizer().batch(16_000).threads(2).seed(99).gradient(theta, 0);
    double worst = 0;
    for (int k = 0; k < p; k++) {
      worst = Math.max(worst, Math.abs(composite[k] - exact[k]) / Math.sqrt(var[k] / 16_000));
    }
    System.out.printf(Locale.ROOT, "DsoOptimizer.gradient, N=16000: max |err|/SE %.2f%n", worst);
    assertTrue(worst <= 5, "DsoOptimizer.gradient is " + worst + " SE from the exact ∇J");
  }
}
