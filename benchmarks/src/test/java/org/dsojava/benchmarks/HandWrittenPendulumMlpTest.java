package org.dsojava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.Rng;
import org.dsojava.samples.PendulumMlpDso;
import org.dsojava.samples.PendulumMlpKernel;
import org.junit.jupiter.api.Test;

/**
 * The Pendulum benchmarks compare like with like: from the same {@link Rng} seed, with the benchmark's
 * reset logic (horizon 200, no terminal states), {@link HandWrittenPendulumMlp} draws the same actions and
 * reaches bitwise the same states as the generated {@code PendulumMlpKernel}; its gradient, and the
 * Hipparchus one, agree with the generated {@code accumulateGradient} (1e-10 and 1e-9 of ‖g‖∞).
 */
class HandWrittenPendulumMlpTest {
  private static final int STEPS = 450;
  private static final int W3 = 3 * 64 + 64 + 64 * 64 + 64;
  private static final int LOG_STD = HandWrittenPendulumMlp.LOG_STD;

  @Test
  void samplesBitwiseAndGradientsClose() {
    double[] base = PendulumMlpDso.initialParams(42L);
    // Initial θ (σ = 1, μ ≈ 0), and a decisive head with σ = e^{−1.5}: large μ, clipped torques.
    double[] decisive = Agreement.scaled(base, W3, 64, 300.0);
    decisive[LOG_STD] = -1.5;
    for (double[] theta : new double[][] {base, decisive}) {
      PendulumMlpKernel gen = PendulumMlpDso.kernel();
      HandWrittenPendulumMlp hand = new HandWrittenPendulumMlp();
      Rng rngGen = new Rng(9L, 2L);
      Rng rngHand = new Rng(9L, 2L);
      double[] xGen = new double[3];
      double[] xHand = new double[3];
      double[] nextGen = new double[3];
      double[] nextHand = new double[3];
      double[] drawsGen = new double[1];
      double[] drawsHand = new double[1];
      double[] gGen = new double[theta.length];
      double[] gHand = new double[theta.length];
      gen.initialState(theta, 0, rngGen, xGen);
      HandWrittenPendulumMlp.initialState(rngHand, xHand);
      Agreement.assertBitwise(xGen, xHand, "x0");
      int t = 0;
      int clipped = 0;
      for (int step = 0; step < STEPS; step++) {
        String where = "logStd " + theta[LOG_STD] + ", step " + step;
        gen.sample(theta, xGen, t, 0, rngGen, drawsGen, nextGen);
        double a = hand.sample(theta, xHand, rngHand, drawsHand, nextHand);
        Agreement.assertBitwise(drawsGen, drawsHand, "draw at " + where);
        Agreement.assertBitwise(drawsGen, new double[] {a}, "returned draw at " + where);
        Agreement.assertBitwise(nextGen, nextHand, "next at " + where);
        if (Math.abs(a) > 2.0) {
          clipped++;
        }
        if (step % 50 == 0) {
          double wL = step % 100 == 0 ? 0.0 : 0.75;
          for (double wP : new double[] {-410.0, 3.5}) {
            double[] g1 = new double[theta.length];
            double[] g2 = new double[theta.length];
            gen.accumulateGradient(theta, xGen, t, 0, drawsGen, wL, wP, g1);
            hand.accumulateGradient(theta, xHand, drawsHand, wL, wP, g2);
            Agreement.assertRelClose(g1, g2, 1e-10, "∇ at " + where + ", wP " + wP);
          }
        }
        gen.accumulateGradient(theta, xGen, t, 0, drawsGen, 1.0, -150.0, gGen);
        hand.accumulateGradient(theta, xHand, drawsHand, 1.0, -150.0, gHand);
        System.arraycopy(nextGen, 0, xGen, 0, 3);
        System.arraycopy(nextHand, 0, xHand, 0, 3);
        if (++t >= HandWrittenPendulumMlp.HORIZON) {
          gen.initialState(theta, 0, rngGen, xGen);
          HandWrittenPendulumMlp.initialState(rngHand, xHand);
          Agreement.assertBitwise(xGen, xHand, "reset at " + where);
          t = 0;
        }
      }
      Agreement.assertRelClose(gGen, gHand, 1e-10, "accumulated, logStd " + theta[LOG_STD]);
      if (theta == decisive) {
        assertTrue(clipped > 0, "the decisive policy exercised the torque clip");
      }
    }
  }

  @Test
  void hipparchusGradientAgrees() {
    double[] base = PendulumMlpDso.initialParams(3L);
    double[] decisive = Agreement.scaled(base, W3, 64, 300.0);
    decisive[LOG_STD] = 0.4;
    PendulumMlpKernel gen = PendulumMlpDso.kernel();
    double[][] thetas = {base, decisive};
    double[][] xs = {{0.3, -0.8, 0.2}, {-2.9, 5.5, 7.0}};
    double[][] drawSets = {{0.7}, {-3.1}};
    for (int k = 0; k < 2; k++) {
      double[] g0 = HandWrittenCartPoleMlpTest.ramp(base.length);
      double[] gGen = g0.clone();
      double[] gHip = g0.clone();
      gen.accumulateGradient(thetas[k], xs[k], 0, 0, drawSets[k], 1.25, -60.0, gGen);
      HipparchusPendulumMlp.accumulateGradient(thetas[k], xs[k], drawSets[k], 1.25, -60.0, gHip);
      HandWrittenCartPoleMlpTest.subtract(gGen, g0);
      HandWrittenCartPoleMlpTest.subtract(gHip, g0);
      Agreement.assertRelClose(gGen, gHip, 1e-9, "Hipparchus, θ " + k);
    }
  }
}
