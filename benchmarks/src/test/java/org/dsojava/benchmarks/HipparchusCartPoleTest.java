package org.dsojava.benchmarks;

import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleLinearKernel;
import org.junit.jupiter.api.Test;

/** {@link HipparchusCartPole} computes the generated {@code CartPoleLinearKernel}'s gradient (1e-9 of ‖g‖∞). */
class HipparchusCartPoleTest {
  @Test
  void gradientAgreesWithGenerated() {
    CartPoleLinearKernel gen = CartPoleLinearDso.kernel();
    double[][] thetas = {CartPoleBenchmark.STABLE_THETA, {0.1, -0.3, 2.0, 0.5, 0.1}, {5.0, 20.0, 400.0, 60.0, 0.0}};
    double[][] xs = {{0.01, -0.02, 0.03, 0.04}, {-1.0, 0.5, -0.1, -0.9}, {2.5, 0.0, 0.0, 0.0}};
    for (double[] theta : thetas) {
      for (double[] x : xs) {
        for (double a : new double[] {0.0, 1.0}) {
          double[] draws = {a};
          double[] gGen = {0.5, -0.25, 0.0, 1.0, 2.0};
          double[] gHip = gGen.clone();
          gen.accumulateGradient(theta, x, 0, 0, draws, 1.0, -37.5, gGen);
          HipparchusCartPole.accumulateGradient(theta, x, draws, 1.0, -37.5, gHip);
          Agreement.assertRelClose(gGen, gHip, 1e-9, "θ " + java.util.Arrays.toString(theta) + ", x "
              + java.util.Arrays.toString(x) + ", a " + a);
        }
      }
    }
  }
}
