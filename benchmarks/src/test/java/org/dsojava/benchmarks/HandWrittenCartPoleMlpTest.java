package org.dsojava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dsojava.runtime.Rng;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.CartPoleMlpKernel;
import org.junit.jupiter.api.Test;

/**
 * The MLP benchmarks compare like with like: from the same {@link Rng} seed, with the benchmark's reset
 * logic, {@link HandWrittenCartPoleMlp} draws the same actions and reaches bitwise the same states as the
 * generated {@code CartPoleMlpKernel}; its gradient, and the Hipparchus one, agree with the generated
 * {@code accumulateGradient} (1e-10 and 1e-9 of ‖g‖∞).
 */
class HandWrittenCartPoleMlpTest {
  private static final int STEPS = 400;
  /** The policy head at its initial scale (σ(η) ≈ ½) and 100× larger (decisive actions, saturating units). */
  private static final double[] HEAD_SCALES = {1.0, 100.0};
  private static final int W3 = 4 * 64 + 64 + 64 * 64 + 64;

  @Test
  void samplesBitwiseAndGradientsClose() {
    for (double headScale : HEAD_SCALES) {
      double[] theta = Agreement.scaled(CartPoleMlpDso.initialParams(42L), W3, 64, headScale);
      CartPoleMlpKernel gen = CartPoleMlpDso.kernel();
      HandWrittenCartPoleMlp hand = new HandWrittenCartPoleMlp();
      Rng rngGen = new Rng(5L, 1L);
      Rng rngHand = new Rng(5L, 1L);
      double[] xGen = new double[4];
      double[] xHand = new double[4];
      double[] nextGen = new double[4];
      double[] nextHand = new double[4];
      double[] drawsGen = new double[1];
      double[] drawsHand = new double[1];
      double[] gGen = new double[theta.length];
      double[] gHand = new double[theta.length];
      gen.initialState(theta, 0, rngGen, xGen);
      HandWrittenCartPoleMlp.initialState(rngHand, xHand);
      Agreement.assertBitwise(xGen, xHand, "x0");
      int t = 0;
      int resets = 0;
      int ones = 0;
      for (int step = 0; step < STEPS; step++) {
        String where = "head ×" + headScale + ", step " + step;
        gen.sample(theta, xGen, t, 0, rngGen, drawsGen, nextGen);
        int a = hand.sample(theta, xHand, rngHand, drawsHand, nextHand);
        assertEquals(drawsGen[0], drawsHand[0], "draw at " + where);
        assertEquals(drawsGen[0], a, "returned draw at " + where);
        Agreement.assertBitwise(nextGen, nextHand, "next at " + where);
        ones += a;
        if (step % 40 == 0) {
          // Both draws, so both branches of a − σ(η) are checked; weights of both signs, one wL = 0.
          for (double aa : new double[] {0.0, 1.0}) {
            double wL = step % 80 == 0 ? 0.0 : 1.5;
            double wP = aa == 0.0 ? -37.5 : 2.25;
            checkGradient(gen, hand, theta, xGen, new double[] {aa}, wL, wP, where + ", a = " + aa);
          }
        }
        gen.accumulateGradient(theta, xGen, t, 0, drawsGen, 1.0, -20.0, gGen);
        hand.accumulateGradient(theta, xHand, drawsHand, 1.0, -20.0, gHand);
        System.arraycopy(nextGen, 0, xGen, 0, 4);
        System.arraycopy(nextHand, 0, xHand, 0, 4);
        t++;
        boolean term = gen.terminal(xGen, t, 0);
        assertEquals(term, HandWrittenCartPoleMlp.terminal(xHand), "terminal at " + where);
        if (t >= HandWrittenCartPoleMlp.HORIZON || term) {
          gen.initialState(theta, 0, rngGen, xGen);
          HandWrittenCartPoleMlp.initialState(rngHand, xHand);
          Agreement.assertBitwise(xGen, xHand, "reset at " + where);
          t = 0;
          resets++;
        }
      }
      Agreement.assertRelClose(gGen, gHand, 1e-10, "accumulated over " + STEPS + " steps, head ×" + headScale);
      assertTrue(ones > 0 && ones < STEPS, "both actions were drawn: " + ones + " of " + STEPS);
      System.out.printf("CartPoleMlp head ×%s: %d steps, %d resets, %d right pushes%n", headScale, STEPS,
          resets, ones);
    }
  }

  @Test
  void hipparchusGradientAgrees() {
    // Two evaluations (each ~8800 Gradient operations on 4545 partials, slow in a cold JVM): both draws,
    // the initial head and a decisive one.
    double[] base = CartPoleMlpDso.initialParams(7L);
    CartPoleMlpKernel gen = CartPoleMlpDso.kernel();
    double[][] thetas = {base, Agreement.scaled(base, W3, 64, 100.0)};
    double[][] xs = {{0.01, -0.02, 0.03, 0.04}, {-1.2, 0.7, -0.15, 1.1}};
    for (int k = 0; k < 2; k++) {
      double[] theta = thetas[k];
      double[] x = xs[k];
      double[] draws = {k};
      double[] g0 = ramp(theta.length);
      double[] gGen = g0.clone();
      double[] gHip = g0.clone();
      gen.accumulateGradient(theta, x, 0, 0, draws, 0.5, -12.0, gGen);
      HipparchusCartPoleMlp.accumulateGradient(theta, x, draws, 0.5, -12.0, gHip);
      subtract(gGen, g0);
      subtract(gHip, g0);
      Agreement.assertRelClose(gGen, gHip, 1e-9, "Hipparchus, θ " + k + ", a = " + k);
    }
  }

  private static void checkGradient(CartPoleMlpKernel gen, HandWrittenCartPoleMlp hand, double[] theta,
      double[] x, double[] draws, double wL, double wP, String where) {
    double[] gGen = new double[theta.length];
    double[] gHand = new double[theta.length];
    gen.accumulateGradient(theta, x, 0, 0, draws, wL, wP, gGen);
    hand.accumulateGradient(theta, x, draws, wL, wP, gHand);
    Agreement.assertRelClose(gGen, gHand, 1e-10, "∇ at " + where + " " + Arrays.toString(x));
  }

  /** A non-zero starting g, so that "adds into g" is checked too. */
  static double[] ramp(int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = 0.001 * (i % 7) - 0.002;
    }
    return g;
  }

  static void subtract(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] -= b[i];
    }
  }
}
