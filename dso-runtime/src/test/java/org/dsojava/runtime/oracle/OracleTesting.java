package org.dsojava.runtime.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Shared helpers of the oracle tests: chains, finite differences, brute-force sums. */
final class OracleTesting {
  private OracleTesting() {}

  /**
   * A 3-state chain with 2 parameters that is not a softmax: P = (1 − σ(θ0)) A + σ(θ0) B, and a cost
   * nonlinear in θ: L_i = c_i + sin((i + 1) θ1) + θ0² / 2. Derivatives by hand.
   */
  static class Mixture implements FiniteChain {
    static final double[][] A = {{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}, {0.3, 0.3, 0.4}};
    static final double[][] B = {{0.7, 0.1, 0.2}, {0.1, 0.8, 0.1}, {0.25, 0.05, 0.7}};
    static final double[] C = {1.0, -0.5, 2.0};

    @Override public int states() { return 3; }
    @Override public int params() { return 2; }

    private static double sigmoid(double x) {
      return 1 / (1 + Math.exp(-x));
    }

    @Override public void transition(double[] theta, double[][] P) {
      double s = sigmoid(theta[0]);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          P[i][j] = (1 - s) * A[i][j] + s * B[i][j];
        }
      }
    }

    @Override public void transitionGradient(double[] theta, double[][][] dP) {
      double s = sigmoid(theta[0]);
      double ds = s * (1 - s);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          dP[0][i][j] = ds * (B[i][j] - A[i][j]);
        }
      }
    }

    @Override public void cost(double[] theta, double[] L) {
      for (int i = 0; i < 3; i++) {
        L[i] = C[i] + Math.sin((i + 1) * theta[1]) + 0.5 * theta[0] * theta[0];
      }
    }

    @Override public void costGradient(double[] theta, double[][] dL) {
      for (int i = 0; i < 3; i++) {
        dL[0][i] = theta[0];
        dL[1][i] = (i + 1) * Math.cos((i + 1) * theta[1]);
      }
    }
  }

  /** A softmax chain with random biases and features (p parameters), all transitions possible. */
  static FiniteChain randomSoftmax(int n, int p, SplittableRandom rng) {
    double[][] bias = new double[n][n];
    double[][][] feat = new double[p][n][n];
    double[] cBias = new double[n];
    double[][] cFeat = new double[p][n];
    for (int i = 0; i < n; i++) {
      cBias[i] = rng.nextDouble(-1, 2);
      for (int j = 0; j < n; j++) {
        bias[i][j] = rng.nextDouble(-1.5, 1.5);
        for (int k = 0; k < p; k++) {
          feat[k][i][j] = rng.nextDouble(-1, 1);
        }
      }
      for (int k = 0; k < p; k++) {
        cFeat[k][i] = rng.nextDouble(-0.5, 0.5);
      }
    }
    return FiniteChains.softmax(bias, feat, cBias, cFeat);
  }

  static double[] randomVector(int n, double lo, double hi, SplittableRandom rng) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble(lo, hi);
    }
    return v;
  }

  static double[] randomDistribution(int n, SplittableRandom rng) {
    double[] v = randomVector(n, 0.1, 1, rng);
    double s = Arrays.stream(v).sum();
    for (int i = 0; i < n; i++) {
      v[i] /= s;
    }
    return v;
  }

  /** The fourth-order central difference of J at θ (error O(h⁴)), h = 1e-3. */
  static double[] finiteDifference(ToDoubleFunction<double[]> J, double[] theta) {
    double h = 1e-3;
    double[] g = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double[] t = theta.clone();
      t[k] = theta[k] + h;
      double p1 = J.applyAsDouble(t);
      t[k] = theta[k] - h;
      double m1 = J.applyAsDouble(t);
      t[k] = theta[k] + 2 * h;
      double p2 = J.applyAsDouble(t);
      t[k] = theta[k] - 2 * h;
      double m2 = J.applyAsDouble(t);
      g[k] = (8 * (p1 - m1) - (p2 - m2)) / (12 * h);
    }
    return g;
  }

  /** ‖g − fd‖∞ ≤ 1e-7 ‖g‖∞ (relative), with fd the finite difference of J. */
  static void assertGradientMatchesFiniteDifferences(double[] g, ToDoubleFunction<double[]> J,
      double[] theta) {
    double[] fd = finiteDifference(J, theta);
    double scale = Arrays.stream(g).map(Math::abs).max().orElse(0);
    assertTrue(scale > 1e-3, "the test needs a non-trivial gradient, got " + Arrays.toString(g));
    for (int k = 0; k < g.length; k++) {
      assertEquals(fd[k], g[k], 1e-7 * scale,
          "∂J/∂θ_" + k + ": theorem " + g[k] + " vs finite differences " + fd[k]);
    }
  }

  static void assertVectorEquals(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }

  static double[][] transition(FiniteChain c, double[] theta) {
    double[][] P = new double[c.states()][c.states()];
    c.transition(theta, P);
    return P;
  }

  static double[] cost(FiniteChain c, double[] theta) {
    double[] L = new double[c.states()];
    c.cost(theta, L);
    return L;
  }

  static double[] leftMultiply(double[] mu, double[][] P) {
    double[] out = new double[mu.length];
    for (int i = 0; i < mu.length; i++) {
      for (int j = 0; j < mu.length; j++) {
        out[j] += mu[i] * P[i][j];
      }
    }
    return out;
  }

  static double[] rightMultiply(double[][] P, double[] v) {
    double[] out = new double[P.length];
    for (int i = 0; i < P.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += P[i][j] * v[j];
      }
    }
    return out;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double maxAbs(double[] a) {
    return Arrays.stream(a).map(Math::abs).max().orElse(0);
  }

  /** Samples j ~ row. */
  static int sample(double[] row, SplittableRandom rng) {
    double u = rng.nextDouble();
    double c = 0;
    for (int j = 0; j < row.length; j++) {
      c += row[j];
      if (u < c) {
        return j;
      }
    }
    return row.length - 1;
  }
}
