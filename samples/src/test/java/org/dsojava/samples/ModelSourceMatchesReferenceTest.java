package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsojava.samples.reference.CartPoleLinearReference;
import org.dsojava.samples.reference.CartPoleMlpReference;
import org.dsojava.samples.reference.LqrReference;
import org.dsojava.samples.reference.PendulumMlpReference;
import org.dsojava.samples.reference.SoftmaxChainReference;
import org.junit.jupiter.api.Test;

/**
 * Runs the sample model classes as plain Java (their annotated methods called directly with a
 * {@link RecordingNoise}; no generated code) along rollouts, and checks the next state and the cost
 * against the independent references, given the recorded draws. Also checks the draw count and the
 * θ layout (the references index θ in {@code @Param} declaration order).
 */
class ModelSourceMatchesReferenceTest {
  private static final double TOL = 1e-12;

  private static double[] randomTheta(SplittableRandom rng, int n, double std) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = std * (2 * rng.nextDouble() - 1);
    }
    return t;
  }

  private static int copy(double[] theta, int off, double[] field) {
    System.arraycopy(theta, off, field, 0, field.length);
    return off + field.length;
  }

  @Test
  void cartPoleLinear() {
    SplittableRandom rng = new SplittableRandom(11);
    double[] theta = randomTheta(rng, CartPoleLinearReference.PARAM_COUNT, 3.0);
    CartPoleLinear m = new CartPoleLinear();
    m.w = Arrays.copyOfRange(theta, 0, 4);
    m.b = theta[4];
    RecordingNoise noise = new RecordingNoise(12);
    double[] x = new double[4];
    double[] next = new double[4];
    double[] ref = new double[4];
    for (int ep = 0; ep < 20; ep++) {
      noise.clear();
      m.reset(noise, x);
      assertEquals(4, noise.count);
      for (int t = 0; t < 500 && !m.fallen(x); t++) {
        assertEquals(CartPoleLinearReference.cost(theta, x), m.cost(x), 0.0);
        assertEquals(CartPoleLinearReference.logit(theta, x), m.logit(x), TOL);
        noise.clear();
        m.step(x, noise, next);
        assertEquals(CartPoleLinearReference.DRAW_COUNT, noise.count);
        CartPoleLinearReference.transition(x, noise.draws, ref);
        assertArrayEquals(ref, next, 0.0);
        System.arraycopy(next, 0, x, 0, 4);
      }
      assertEquals(CartPoleLinearReference.terminal(x), m.fallen(x));
      assertEquals(CartPoleLinearReference.cost(theta, x), m.cost(x), 0.0);
    }
  }

  @Test
  void cartPoleMlp() {
    SplittableRandom rng = new SplittableRandom(21);
    double[] theta = randomTheta(rng, CartPoleMlpReference.PARAM_COUNT, 0.5);
    CartPoleMlpInline m = new CartPoleMlpInline(); // the same model as CartPoleMlp (CompositionTest)
    m.w1 = new double[256];
    m.b1 = new double[64];
    m.w2 = new double[4096];
    m.b2 = new double[64];
    m.w3 = new double[64];
    int off = copy(theta, 0, m.w1);
    off = copy(theta, off, m.b1);
    off = copy(theta, off, m.w2);
    off = copy(theta, off, m.b2);
    off = copy(theta, off, m.w3);
    m.b3 = theta[off++];
    assertEquals(CartPoleMlpReference.PARAM_COUNT, off);
    RecordingNoise noise = new RecordingNoise(22);
    double[] x = new double[4];
    double[] next = new double[4];
    double[] ref = new double[4];
    for (int ep = 0; ep < 5; ep++) {
      noise.clear();
      m.reset(noise, x);
      for (int t = 0; t < 500 && !m.fallen(x); t++) {
        assertEquals(CartPoleMlpReference.cost(theta, x), m.cost(x), 0.0);
        assertEquals(CartPoleMlpReference.logit(theta, x), m.logit(x), TOL);
        noise.clear();
        m.step(x, noise, next);
        assertEquals(CartPoleMlpReference.DRAW_COUNT, noise.count);
        CartPoleMlpReference.transition(x, noise.draws, ref);
        assertArrayEquals(ref, next, 0.0);
        System.arraycopy(next, 0, x, 0, 4);
      }
    }
  }

  @Test
  void pendulumMlp() {
    SplittableRandom rng = new SplittableRandom(31);
    double[] theta = randomTheta(rng, PendulumMlpReference.PARAM_COUNT, 0.5);
    PendulumMlpInline m = new PendulumMlpInline(); // the same model as PendulumMlp (CompositionTest)
    m.w1 = new double[192];
    m.b1 = new double[64];
    m.w2 = new double[4096];
    m.b2 = new double[64];
    m.w3 = new double[64];
    int off = copy(theta, 0, m.w1);
    off = copy(theta, off, m.b1);
    off = copy(theta, off, m.w2);
    off = copy(theta, off, m.b2);
    off = copy(theta, off, m.w3);
    m.b3 = theta[off++];
    m.logStd = theta[off++];
    assertEquals(PendulumMlpReference.PARAM_COUNT, off);
    RecordingNoise noise = new RecordingNoise(32);
    double[] x = new double[3];
    double[] next = new double[3];
    double[] ref = new double[3];
    double[] eta = new double[2];
    for (int ep = 0; ep < 5; ep++) {
      noise.clear();
      m.reset(noise, x);
      assertEquals(0.0, m.cost(x), 0.0);
      double gymReturn = 0;
      double dsoSum = m.cost(x);
      for (int t = 0; t < PendulumMlpReference.HORIZON; t++) {
        m.policy(x, eta);
        assertEquals(PendulumMlpReference.mean(theta, x), eta[0], TOL);
        assertEquals(theta[PendulumMlpReference.LOG_STD], eta[1], 0.0);
        noise.clear();
        m.step(x, noise, next);
        assertEquals(PendulumMlpReference.DRAW_COUNT, noise.count);
        gymReturn -= PendulumMlpReference.gymCost(x[0], x[1], noise.draws[0]);
        PendulumMlpReference.transition(x, noise.draws, ref);
        assertArrayEquals(ref, next, 1e-12);
        System.arraycopy(next, 0, x, 0, 3);
        assertEquals(PendulumMlpReference.cost(theta, x), m.cost(x), 0.0);
        dsoSum += m.cost(x);
      }
      // T = 200 transitions, L charged at x_0..x_200: the sum is −(Gymnasium return).
      assertEquals(-gymReturn, dsoSum, 1e-9);
    }
  }

  @Test
  void lqr() {
    SplittableRandom rng = new SplittableRandom(41);
    double[] theta = randomTheta(rng, LqrReference.PARAM_COUNT, 2.0);
    Lqr m = new Lqr();
    m.k = theta.clone();
    RecordingNoise noise = new RecordingNoise(42);
    double[] x = new double[2];
    double[] next = new double[2];
    double[] mean = new double[2];
    for (int ep = 0; ep < 20; ep++) {
      noise.clear();
      m.reset(noise, x);
      for (int t = 0; t < 100; t++) {
        assertEquals(LqrReference.cost(theta, x), m.cost(x), 1e-12 * (1 + Math.abs(m.cost(x))));
        assertEquals(LqrReference.mean(theta, x), m.mean(x), TOL);
        noise.clear();
        m.step(x, noise, next);
        assertEquals(LqrReference.DRAW_COUNT, noise.count);
        // the state-noise sites are centred on A x + B u
        double u = noise.draws[0];
        LqrReference.nextMean(x, u, mean);
        assertArrayEquals(new double[] {noise.draws[1], noise.draws[2]}, next, 0.0);
        assertEquals(mean[0], Lqr.A00 * x[0] + Lqr.A01 * x[1] + Lqr.B0 * u, 1e-15);
        assertEquals(mean[1], Lqr.A10 * x[0] + Lqr.A11 * x[1] + Lqr.B1 * u, 1e-15);
        System.arraycopy(next, 0, x, 0, 2);
      }
    }
  }

  @Test
  void softmaxChain() {
    SplittableRandom rng = new SplittableRandom(51);
    double[] theta = randomTheta(rng, SoftmaxChainReference.PARAM_COUNT, 1.0);
    SoftmaxChain m = new SoftmaxChain();
    m.logits = theta.clone();
    RecordingNoise noise = new RecordingNoise(52);
    double[] x = new double[1];
    double[] next = new double[1];
    int[][] counts = new int[4][4];
    noise.clear();
    m.reset(noise, x);
    for (int t = 0; t < 200_000; t++) {
      assertEquals(SoftmaxChainReference.cost(theta, x), m.cost(x), 0.0);
      noise.clear();
      m.step(x, noise, next);
      assertEquals(SoftmaxChainReference.DRAW_COUNT, noise.count);
      assertEquals(next[0], noise.draws[0], 0.0);
      counts[(int) x[0]][(int) next[0]]++;
      x[0] = next[0];
    }
    // empirical transition frequencies match softmax of the rows the model reads
    double[] p = SoftmaxChainReference.transitionMatrix(theta);
    for (int s = 0; s < 4; s++) {
      int n = Arrays.stream(counts[s]).sum();
      for (int k = 0; k < 4; k++) {
        double pk = p[s * 4 + k];
        assertEquals(pk, counts[s][k] / (double) n, 5 * Math.sqrt(pk * (1 - pk) / n) + 1e-9, "P(" + k + "|" + s + ")");
      }
    }
  }
}
