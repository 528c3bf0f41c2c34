package org.dsojava.samples.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-written references against themselves: analytic gradients against central finite
 * differences of wL·L + wP·ln P, and the exact oracles against finite differences and Monte Carlo.
 * Needs no generated code.
 */
class ReferenceSelfCheckTest {
  interface Scalar {
    double at(double[] theta);
  }

  interface Grad {
    void add(double[] theta, double[] g);
  }

  private static void assertGradient(String what, double[] theta, Scalar f, Grad grad, double tol) {
    double[] g = new double[theta.length];
    grad.add(theta, g);
    double h = 1e-5;
    for (int i = 0; i < theta.length; i++) {
      double[] p = theta.clone();
      double[] m = theta.clone();
      p[i] += h;
      m[i] -= h;
      double fd = (f.at(p) - f.at(m)) / (2 * h);
      assertEquals(fd, g[i], tol * Math.max(1, Math.abs(fd)), what + ": d/dtheta[" + i + "]");
    }
  }

  private static double[] gaussians(SplittableRandom rng, int n, double std) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = std * gaussian(rng);
    }
    return v;
  }

  static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  @Test
  void cartPoleLinearGradient() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int rep = 0; rep < 20; rep++) {
      double[] theta = gaussians(rng, CartPoleLinearReference.PARAM_COUNT, 1.0);
      double[] x = gaussians(rng, 4, 0.5);
      double[] draws = {rep % 2};
      double wL = gaussian(rng);
      double wP = gaussian(rng);
      assertGradient("CartPoleLinear", theta,
          t -> wL * CartPoleLinearReference.cost(t, x) + wP * CartPoleLinearReference.logDensity(t, x, draws),
          (t, g) -> CartPoleLinearReference.accumulateGradient(t, x, draws, wL, wP, g), 1e-7);
    }
  }

  @Test
  void cartPoleMlpGradient() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int rep = 0; rep < 2; rep++) {
      double[] theta = gaussians(rng, CartPoleMlpReference.PARAM_COUNT, 0.3);
      double[] x = gaussians(rng, 4, 0.5);
      double[] draws = {rep % 2};
      double wP = 1.7;
      assertGradient("CartPoleMlp", theta,
          t -> 0.3 * CartPoleMlpReference.cost(t, x) + wP * CartPoleMlpReference.logDensity(t, x, draws),
          (t, g) -> CartPoleMlpReference.accumulateGradient(t, x, draws, 0.3, wP, g), 1e-6);
    }
  }

  @Test
  void pendulumMlpGradient() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int rep = 0; rep < 2; rep++) {
      double[] theta = gaussians(rng, PendulumMlpReference.PARAM_COUNT, 0.3);
      double[] x = {4 * gaussian(rng), 2 * gaussian(rng), 1.0};
      double[] draws = {2 * gaussian(rng)};
      double wP = -0.8;
      assertGradient("PendulumMlp", theta,
          t -> 2.0 * PendulumMlpReference.cost(t, x) + wP * PendulumMlpReference.logDensity(t, x, draws),
          (t, g) -> PendulumMlpReference.accumulateGradient(t, x, draws, 2.0, wP, g), 1e-6);
    }
  }

  @Test
  void lqrGradient() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int rep = 0; rep < 20; rep++) {
      double[] theta = gaussians(rng, 2, 2.0);
      double[] x = gaussians(rng, 2, 1.0);
      double[] draws = gaussians(rng, 3, 1.0);
      double wL = gaussian(rng);
      double wP = gaussian(rng);
      assertGradient("Lqr", theta,
          t -> wL * LqrReference.cost(t, x) + wP * LqrReference.logDensity(t, x, draws),
          (t, g) -> LqrReference.accumulateGradient(t, x, draws, wL, wP, g), 1e-7);
    }
  }

  @Test
  void softmaxChainGradient() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int rep = 0; rep < 20; rep++) {
      double[] theta = gaussians(rng, SoftmaxChainReference.PARAM_COUNT, 1.5);
      double[] x = {rng.nextInt(4)};
      double[] draws = {rng.nextInt(4)};
      double wL = gaussian(rng);
      double wP = gaussian(rng);
      assertGradient("SoftmaxChain", theta,
          t -> wL * SoftmaxChainReference.cost(t, x) + wP * SoftmaxChainReference.logDensity(t, x, draws),
          (t, g) -> SoftmaxChainReference.accumulateGradient(t, x, draws, wL, wP, g), 1e-7);
    }
  }

  @Test
  void softmaxChainExactGradientMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(6);
    double[] theta = gaussians(rng, SoftmaxChainReference.PARAM_COUNT, 1.0);
    double[] exact = SoftmaxChainReference.exactGradient(theta);
    assertGradient("SoftmaxChain exact J", theta, SoftmaxChainReference::exactJ,
        (t, g) -> {
          for (int i = 0; i < g.length; i++) {
            g[i] += exact[i];
          }
        }, 1e-7);
  }

  @Test
  void softmaxChainExactJMatchesMonteCarlo() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] theta = gaussians(rng, SoftmaxChainReference.PARAM_COUNT, 1.0);
    double[] p = SoftmaxChainReference.transitionMatrix(theta);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int r = 0; r < n; r++) {
      int s = rng.nextInt(4);
      double ret = 0;
      double disc = 1;
      for (int t = 0; t < 400; t++) {
        ret += disc * SoftmaxChainReference.COST[s];
        disc *= SoftmaxChainReference.GAMMA;
        double u = rng.nextDouble();
        int k = 0;
        double acc = p[s * 4];
        while (u > acc && k < 3) {
          k++;
          acc += p[s * 4 + k];
        }
        s = k;
      }
      sum += ret;
      sumSq += ret * ret;
    }
    double mean = sum / n;
    double se = Math.sqrt((sumSq / n - mean * mean) / n);
    assertEquals(SoftmaxChainReference.exactJ(theta), mean, 5 * se);
  }

  @Test
  void lqrTruncatedJConvergesToExactJ() {
    double[] k = {1.0, 1.5};
    assertEquals(LqrReference.exactJ(k), LqrReference.exactJTruncated(k, 3000), 1e-9);
    assertTrue(Double.isInfinite(LqrReference.exactJ(new double[] {-5, -5})));
  }

  @Test
  void lqrRiccatiGainIsTheMinimumOfExactJ() {
    double[] kStar = LqrReference.riccatiGain();
    double jStar = LqrReference.exactJ(kStar);
    double h = 1e-5;
    for (int i = 0; i < 2; i++) {
      double[] p = kStar.clone();
      double[] m = kStar.clone();
      p[i] += h;
      m[i] -= h;
      double fd = (LqrReference.exactJ(p) - LqrReference.exactJ(m)) / (2 * h);
      assertEquals(0.0, fd, 1e-6, "dJ/dK at the Riccati gain");
    }
    SplittableRandom rng = new SplittableRandom(8);
    for (int rep = 0; rep < 50; rep++) {
      double[] k = {kStar[0] + 0.3 * gaussian(rng), kStar[1] + 0.3 * gaussian(rng)};
      assertTrue(LqrReference.exactJ(k) > jStar);
    }
  }

  @Test
  void lqrExactJMatchesMonteCarlo() {
    SplittableRandom rng = new SplittableRandom(9);
    double[] theta = {1.0, 1.5};
    int n = 40_000;
    int steps = 200;
    double sum = 0;
    double sumSq = 0;
    double[] x = new double[2];
    double[] draws = new double[3];
    double[] m = new double[2];
    double[] next = new double[2];
    for (int r = 0; r < n; r++) {
      x[0] = 2 * rng.nextDouble() - 1;
      x[1] = 2 * rng.nextDouble() - 1;
      double ret = 0;
      double disc = 1;
      for (int t = 0; t < steps; t++) {
        ret += disc * LqrReference.cost(theta, x);
        disc *= LqrReference.GAMMA;
        draws[0] = LqrReference.mean(theta, x) + LqrReference.SIGMA_U * gaussian(rng);
        LqrReference.nextMean(x, draws[0], m);
        draws[1] = m[0] + LqrReference.SIGMA_W * gaussian(rng);
        draws[2] = m[1] + LqrReference.SIGMA_W * gaussian(rng);
        LqrReference.transition(x, draws, next);
        x[0] = next[0];
        x[1] = next[1];
      }
      sum += ret;
      sumSq += ret * ret;
    }
    double mean = sum / n;
    double se = Math.sqrt((sumSq / n - mean * mean) / n);
    assertEquals(LqrReference.exactJTruncated(theta, steps), mean, 5 * se);
  }

  @Test
  void pendulumAngleNormalizeIsPythonsFlooredModulo() {
    assertEquals(0.0, PendulumMlpReference.angleNormalize(0.0), 0.0);
    assertEquals(-Math.PI, PendulumMlpReference.angleNormalize(Math.PI), 1e-15);
    assertEquals(-Math.PI, PendulumMlpReference.angleNormalize(-Math.PI), 1e-15);
    assertEquals(0.5, PendulumMlpReference.angleNormalize(0.5 + 4 * Math.PI), 1e-12);
    assertEquals(-0.5, PendulumMlpReference.angleNormalize(-0.5 - 6 * Math.PI), 1e-12);
  }
}
