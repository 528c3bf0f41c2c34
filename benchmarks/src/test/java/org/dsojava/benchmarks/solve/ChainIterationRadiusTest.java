package org.dsojava.benchmarks.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.samples.CartPoleLinearDso;
import org.junit.jupiter.api.Test;

/** Chain Iteration's trust region growing with ‖θ‖ ({@link ChainIteration#radiusGrowth}), on CartPole-linear. */
class ChainIterationRadiusTest {
  private static List<double[]> thetas(double growth, boolean set) {
    var config = CartPoleLinearDso.optimizer().seed(5).batch(4).threads(1).config();
    ChainIteration ci = new ChainIteration(CartPoleLinearDso.factory(), config, 1.0, 0.25, 1, 20,
        new LinearBaseline(Features.quadratic(4, 0), 1e-6), null, null, null);
    if (set) {
      ci.radiusGrowth(growth);
    }
    List<double[]> out = new ArrayList<>();
    out.add(new double[5]);
    ci.onIteration((k, theta, r) -> out.add(theta)).run(new double[5], 15);
    return out;
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  private static double norm(double[] a) {
    return distance(a, new double[a.length]);
  }

  @Test
  void zeroGrowthIsTheFixedRegion() {
    List<double[]> fixed = thetas(0, false);
    List<double[]> zero = thetas(0, true);
    for (int k = 0; k < fixed.size(); k++) {
      assertArrayEquals(fixed.get(k), zero.get(k), 0.0);
      if (k > 0) {
        assertTrue(distance(fixed.get(k), fixed.get(k - 1)) <= 0.25 + 1e-9);
      }
    }
  }

  @Test
  void stepsStayWithinTheGrownRegionAndUseIt() {
    double c = 0.5;
    List<double[]> t = thetas(c, true);
    boolean beyond = false;
    for (int k = 1; k < t.size(); k++) {
      double step = distance(t.get(k), t.get(k - 1));
      assertTrue(step <= 0.25 + c * norm(t.get(k - 1)) + 1e-9, "step " + k + " = " + step);
      beyond |= step > 0.25 + 1e-6;
    }
    assertTrue(beyond, "no step used the grown region");
  }

  @Test
  void negativeGrowthFailsFast() {
    var config = CartPoleLinearDso.optimizer().config();
    ChainIteration ci = new ChainIteration(CartPoleLinearDso.factory(), config, 1.0, 0.25, 1, 20,
        new LinearBaseline(Features.quadratic(4, 0), 1e-6), null, null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ci.radiusGrowth(-0.1));
    assertEquals("radius growth c = -0.1 must be >= 0 (0: a fixed trust region)", e.getMessage());
  }
}
