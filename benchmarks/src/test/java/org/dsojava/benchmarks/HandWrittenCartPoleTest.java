package org.dsojava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.Rng;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleLinearKernel;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares like with like: over 1000 steps (with the benchmark's reset logic) the
 * hand-written kernel draws the same actions from the same {@link Rng} stream, reaches bitwise the same
 * states and accumulates the same gradient (1e-12 relative) as the generated {@code CartPoleLinearKernel}.
 */
class HandWrittenCartPoleTest {
  private static final int STEPS = 1000;
  private static final double WL = 1.0;
  private static final double WP = -37.5;

  @Test
  void stablePolicyAgrees() {
    check(CartPoleBenchmark.STABLE_THETA.clone(), 7L);
  }

  @Test
  void weakPolicyWithManyResetsAgrees() {
    check(new double[] {0.1, -0.3, 2.0, 0.5, 0.1}, 11L);
  }

  @Test
  void uniformPolicyAgrees() {
    check(new double[] {0.0, 0.0, 0.0, 0.0, 0.0}, 13L);
  }

  @Test
  void largeLogitsAgree() {
    // |η| up to ~100: a − σ(η) is ~e^{−|η|} on most steps, where a cancelling formula would lose it all.
    check(new double[] {5.0, 20.0, 400.0, 60.0, 0.0}, 17L);
  }

  private static void check(double[] theta, long seed) {
    CartPoleLinearKernel gen = CartPoleLinearDso.kernel();
    Rng rngGen = new Rng(seed, 3L);
    Rng rngHand = new Rng(seed, 3L);
    Rng rngFused = new Rng(seed, 3L);
    double[] xGen = new double[4];
    double[] xHand = new double[4];
    double[] xFused = new double[4];
    double[] nextGen = new double[4];
    double[] nextHand = new double[4];
    double[] nextFused = new double[4];
    double[] drawsGen = new double[1];
    double[] drawsHand = new double[1];
    double[] drawsFused = new double[1];
    double[] gGen = new double[5];
    double[] gHand = new double[5];
    double[] gFused = new double[5];
    double[] absSum = new double[5];
    double[] stepGen = new double[5];
    double[] stepHand = new double[5];
    double[] stepFused = new double[5];

    gen.initialState(theta, 0, rngGen, xGen);
    HandWrittenCartPole.initialState(rngHand, xHand);
    HandWrittenCartPole.initialState(rngFused, xFused);
    assertBitwise(xGen, xHand, "x0");
    assertBitwise(xGen, xFused, "x0 (fused)");

    int t = 0;
    int resets = 0;
    for (int step = 0; step < STEPS; step++) {
      String where = "step " + step + " (t = " + t + ")";
      gen.sample(theta, xGen, t, 0, rngGen, drawsGen, nextGen);
      int aHand = HandWrittenCartPole.sample(theta, xHand, rngHand, drawsHand, nextHand);
      java.util.Arrays.fill(stepFused, 0.0);
      int aFused = HandWrittenCartPole.sampleAndAccumulate(theta, xFused, rngFused, WP, drawsFused, nextFused,
          stepFused);
      assertEquals(drawsGen[0], drawsHand[0], "draw at " + where);
      assertEquals(drawsGen[0], aHand, "returned draw at " + where);
      assertEquals(drawsGen[0], drawsFused[0], "fused draw at " + where);
      assertEquals(drawsGen[0], aFused, "fused returned draw at " + where);
      assertBitwise(nextGen, nextHand, "next at " + where);
      assertBitwise(nextGen, nextFused, "fused next at " + where);

      java.util.Arrays.fill(stepGen, 0.0);
      java.util.Arrays.fill(stepHand, 0.0);
      gen.accumulateGradient(theta, xGen, t, 0, drawsGen, WL, WP, stepGen);
      HandWrittenCartPole.accumulateGradient(theta, xHand, drawsHand, WL, WP, stepHand);
      for (int i = 0; i < 5; i++) {
        assertClose(stepGen[i], stepHand[i], Math.abs(stepGen[i]), "∇ component " + i + " at " + where);
        assertClose(stepGen[i], stepFused[i], Math.abs(stepGen[i]), "fused ∇ component " + i + " at " + where);
      }
      gen.accumulateGradient(theta, xGen, t, 0, drawsGen, WL, WP, gGen);
      HandWrittenCartPole.accumulateGradient(theta, xHand, drawsHand, WL, WP, gHand);
      for (int i = 0; i < 5; i++) {
        gFused[i] += stepFused[i];
        absSum[i] += Math.abs(stepGen[i]);
      }

      // The benchmark's advance: x ← next, reset when terminal or at the horizon.
      System.arraycopy(nextGen, 0, xGen, 0, 4);
      System.arraycopy(nextHand, 0, xHand, 0, 4);
      System.arraycopy(nextFused, 0, xFused, 0, 4);
      t++;
      boolean termGen = gen.terminal(xGen, t, 0);
      assertEquals(termGen, HandWrittenCartPole.terminal(xHand), "terminal at " + where);
      if (t >= CartPoleBenchmark.HORIZON || termGen) {
        gen.initialState(theta, 0, rngGen, xGen);
        HandWrittenCartPole.initialState(rngHand, xHand);
        HandWrittenCartPole.initialState(rngFused, xFused);
        assertBitwise(xGen, xHand, "reset after " + where);
        assertBitwise(xGen, xFused, "fused reset after " + where);
        t = 0;
        resets++;
      }
    }
    for (int i = 0; i < 5; i++) {
      // Sums of terms of both signs: relative to the sum of magnitudes (no cancellation blow-up).
      assertClose(gGen[i], gHand[i], absSum[i], "accumulated g[" + i + "]");
      assertClose(gGen[i], gFused[i], absSum[i], "fused accumulated g[" + i + "]");
    }
    assertTrue(absSum[4] > 0, "the gradient was exercised");
    System.out.printf("theta=%s: %d steps, %d resets, g=%s%n", java.util.Arrays.toString(theta), STEPS, resets,
        java.util.Arrays.toString(gGen));
  }

  private static void assertBitwise(double[] expected, double[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          () -> what + ": generated " + java.util.Arrays.toString(expected) + " vs hand-written "
              + java.util.Arrays.toString(actual));
    }
  }

  private static void assertClose(double expected, double actual, double scale, String what) {
    double tol = 1e-12 * scale + Double.MIN_NORMAL;
    assertTrue(Math.abs(expected - actual) <= tol,
        () -> what + ": generated " + expected + " vs hand-written " + actual + " (tolerance " + tol + ")");
  }
}
