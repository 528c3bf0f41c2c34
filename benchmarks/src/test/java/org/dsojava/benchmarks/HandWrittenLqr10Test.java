package org.dsojava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.benchmarks.models.Lqr10Dso;
import org.dsojava.benchmarks.models.Lqr10Kernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code Lqr10Kernel} has the right derivatives (finite differences, {@link KernelVerifier})
 * and the shape the model declares; {@link HandWrittenLqr10} samples bitwise like it and its gradient, and
 * the Hipparchus one, agree with the generated {@code accumulateGradient} (1e-10 and 1e-9 of ‖g‖∞).
 */
class HandWrittenLqr10Test {
  private static final int STEPS = 500;

  @Test
  void generatedKernelDerivativesMatchFiniteDifferences() {
    Lqr10Kernel k = Lqr10Dso.kernel();
    assertEquals(30, k.paramCount());
    assertEquals(10, k.stateDim());
    assertEquals(13, k.drawCount());
    assertEquals(3, k.bottleneckDim());
    assertEquals(200, k.horizon());
    assertEquals("k[29]", k.paramName(29));
    KernelVerifier.Report report = KernelVerifier.verify(k, 17L, 12,
        KernelVerifier.Options.defaults().withThetaScale(0.5).withWarmSteps(20));
    System.out.println(report);
    report.assertWithin(1e-6);
  }

  @Test
  void samplesBitwiseAndGradientsClose() {
    for (double[] theta : new double[][] {Lqr10Benchmark.gain(), randomGain(4L, 0.8)}) {
      Lqr10Kernel gen = Lqr10Dso.kernel();
      Rng rngGen = new Rng(21L, 0L);
      Rng rngHand = new Rng(21L, 0L);
      double[] xGen = new double[10];
      double[] xHand = new double[10];
      double[] nextGen = new double[10];
      double[] nextHand = new double[10];
      double[] drawsGen = new double[13];
      double[] drawsHand = new double[13];
      double[] gGen = new double[30];
      double[] gHand = new double[30];
      double[] gHip = new double[30];
      gen.initialState(theta, 0, rngGen, xGen);
      HandWrittenLqr10.initialState(rngHand, xHand);
      Agreement.assertBitwise(xGen, xHand, "x0");
      int t = 0;
      int resets = 0;
      for (int step = 0; step < STEPS; step++) {
        String where = "step " + step;
        gen.sample(theta, xGen, t, 0, rngGen, drawsGen, nextGen);
        HandWrittenLqr10.sample(theta, xHand, rngHand, drawsHand, nextHand);
        Agreement.assertBitwise(drawsGen, drawsHand, "draws at " + where);
        Agreement.assertBitwise(nextGen, nextHand, "next at " + where);
        // Per-step gradients for varied weights, including wL = 0 and wP = 0 (each term alone).
        double wL = step % 3 == 0 ? 0.0 : 0.5 + step % 5;
        double wP = step % 3 == 1 ? 0.0 : -30.0 + step % 11;
        double[] sGen = new double[30];
        double[] sHand = new double[30];
        double[] sHip = new double[30];
        gen.accumulateGradient(theta, xGen, t, 0, drawsGen, wL, wP, sGen);
        HandWrittenLqr10.accumulateGradient(theta, xHand, drawsHand, wL, wP, sHand);
        HipparchusLqr10.accumulateGradient(theta, xHand, drawsHand, wL, wP, sHip);
        Agreement.assertRelClose(sGen, sHand, 1e-10, "hand-written ∇ at " + where);
        Agreement.assertRelClose(sGen, sHip, 1e-9, "Hipparchus ∇ at " + where);
        gen.accumulateGradient(theta, xGen, t, 0, drawsGen, wL, wP, gGen);
        HandWrittenLqr10.accumulateGradient(theta, xHand, drawsHand, wL, wP, gHand);
        HipparchusLqr10.accumulateGradient(theta, xHand, drawsHand, wL, wP, gHip);
        double[] tmp = xGen;
        xGen = nextGen;
        nextGen = tmp;
        tmp = xHand;
        xHand = nextHand;
        nextHand = tmp;
        assertTrue(!gen.terminal(xGen, t + 1, 0), "Lqr10 has no terminal states");
        if (++t >= HandWrittenLqr10.HORIZON) {
          gen.initialState(theta, 0, rngGen, xGen);
          HandWrittenLqr10.initialState(rngHand, xHand);
          Agreement.assertBitwise(xGen, xHand, "reset at " + where);
          t = 0;
          resets++;
        }
      }
      Agreement.assertRelClose(gGen, gHand, 1e-10, "accumulated hand-written");
      Agreement.assertRelClose(gGen, gHip, 1e-9, "accumulated Hipparchus");
      assertEquals(2, resets);
    }
  }

  /** A dense gain with N(0, scale²) entries. */
  private static double[] randomGain(long seed, double scale) {
    Rng rng = new Rng(seed, 0L);
    double[] k = new double[30];
    for (int i = 0; i < k.length; i++) {
      k[i] = scale * rng.gaussian();
    }
    return k;
  }
}
