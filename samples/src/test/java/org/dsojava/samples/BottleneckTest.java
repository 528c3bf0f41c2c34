package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bottleneck form (Corollary 2, eq. 34) changes how the gradient is computed, not its value: the
 * same chain with and without {@code @Bottleneck} gives the same ∇θ F, and the η-space gradient pulled
 * back through μ equals the full gradient. Both are the same sums in another order, so they agree to
 * rounding (1e-12 relative to the gradient's scale).
 */
class BottleneckTest {
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(CartPoleLinearDso.kernel(), CartPoleLinearPlainDso.kernel()),
        Arguments.of(CartPoleMlpDso.kernel(), CartPoleMlpPlainDso.kernel()));
  }

  /** Walks a rollout and, at every step, compares the two kernels' gradients. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void bottleneckAndPlainGiveTheSameGradient(BottleneckKernel bottleneck, ChainKernel plain) {
    int p = bottleneck.paramCount();
    assertEquals(p, plain.paramCount());
    double[] theta = new double[p];
    bottleneck.initialParams(3L, theta);
    Rng rng = new Rng(11L);
    for (int i = 0; i < p; i++) {
      theta[i] += 0.3 * rng.gaussian();
    }
    double[] x = new double[bottleneck.stateDim()];
    double[] next = new double[x.length];
    double[] draws = new double[bottleneck.drawCount()];
    double[] eta = new double[bottleneck.bottleneckDim()];
    double worst = 0;
    int steps = 0;
    for (int rollout = 0; rollout < 5; rollout++) {
      bottleneck.initialState(theta, rollout, rng, x);
      for (int t = 0; t < 40 && !bottleneck.terminal(x, t, rollout); t++, steps++) {
        bottleneck.sample(theta, x, t, rollout, rng, draws, next);
        double wL = rng.uniform(-2, 2);
        double wP = rng.uniform(-2, 2);
        double[] gB = new double[p];
        double[] gP = new double[p];
        bottleneck.accumulateGradient(theta, x, t, rollout, draws, wL, wP, gB);
        plain.accumulateGradient(theta, x, t, rollout, draws, wL, wP, gP);
        double[] gEta = new double[eta.length];
        double[] gPulled = new double[p];
        bottleneck.bottleneck(theta, x, t, rollout, eta);
        bottleneck.accumulateBottleneckGradient(eta, x, t, rollout, draws, wL, wP, gEta);
        bottleneck.pullBack(theta, x, t, rollout, gEta, gPulled);
        double scale = normInf(gP);
        assertTrue(scale > 0, "gradient vanished at step " + t);
        for (int i = 0; i < p; i++) {
          worst = Math.max(worst, Math.abs(gB[i] - gP[i]) / scale);
          worst = Math.max(worst, Math.abs(gPulled[i] - gP[i]) / scale);
        }
        System.arraycopy(next, 0, x, 0, x.length);
      }
    }
    assertTrue(steps > 20, "too few steps compared: " + steps);
    assertTrue(worst <= 1e-12, "bottleneck vs plain gradient differ by " + worst + " (relative)");
  }

  @Test
  void plainModelHasNoBottleneckMethods() {
    ChainKernel plain = CartPoleLinearPlainDso.kernel();
    assertEquals(0, plain.bottleneckDim());
    assertFalse(plain instanceof BottleneckKernel, "a model without @Bottleneck gets a plain ChainKernel");
    for (String name : new String[] {"bottleneck", "accumulateBottleneckGradient", "pullBack", "bottleneckFisher",
        "bottleneckTangent"}) {
      assertFalse(Arrays.stream(plain.getClass().getMethods()).anyMatch(m -> m.getName().equals(name)),
          "CartPoleLinearPlainKernel has no " + name);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BottleneckKernel.require(plain, "pullBack"));
    assertEquals("CartPoleLinearPlain declares no @Bottleneck; pullBack needs one (Corollary 2)", e.getMessage());
    assertTrue(CartPoleLinearDso.kernel() instanceof BottleneckKernel);
    assertEquals(1, BottleneckKernel.require(CartPoleLinearDso.kernel(), "pullBack").bottleneckDim());
  }

  private static double normInf(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }
}
