package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dsojava.annotations.Setting;
import org.junit.jupiter.api.Test;

/**
 * The rule for numerical blow-ups (ARCHITECTURE §6): a minority of blown-up rollouts is counted and
 * reported; a batch with more than half blown up, or a non-finite mean cost, gradient, curvature pass or
 * θ update, is a {@link NumericalException} naming the model, the iteration, the count and the quantity.
 */
class NumericalTroubleTest {
  private static final double[] SIGMA_ZERO = {0.5, 0.0};
  private static final double[] FINE = {0.5, 0.3};

  private static EstimatorConfig config(int threads) {
    return new EstimatorConfig(Setting.DISCOUNTED, 0.95, 20, false, 16, threads, 7L, 0, 1e6, 1.0);
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected «" + part + "» in: " + message);
    }
  }

  /** σ = 0 makes every rollout's ln P NaN: the batch fails instead of reporting mean cost 0 from 0 rollouts. */
  @Test
  void vanishingNoiseScaleFailsTheBatch() {
    try (GradientEstimator est = new GradientEstimator(Noisy::new, config(2))) {
      NumericalException e = assertThrows(NumericalException.class,
          () -> est.estimate(SIGMA_ZERO, 3, ValueBaseline.none(), 0));
      assertContains(e.getMessage(), "Noisy, iteration 4 (batch 3): 16 of 16 rollouts blew up",
          "(16 left out with non-finite values, 0 ended early at a blown-up state)",
          "First, rollout 0: ln P(x_1|x_0) = NaN at step 0", "softplus", "learning rate", "clip");
      assertArrayEquals(SIGMA_ZERO, e.theta());
    }
  }

  @Test
  void vanishingNoiseScaleFailsTheOptimizerWithTheLastFiniteTheta() {
    NumericalException e = assertThrows(NumericalException.class,
        () -> DsoOptimizer.of(Noisy::new).initialTheta(SIGMA_ZERO).threads(2).iterations(3).progress(null).run());
    assertContains(e.getMessage(), "Noisy, iteration 1 (batch 0): 16 of 16 rollouts blew up", "ln P(x_1|x_0) = NaN");
    assertArrayEquals(SIGMA_ZERO, e.theta());
  }

  /** More than half blown up fails; exactly half does not (the boundary of the rule). */
  @Test
  void majorityOfBlowUpsFailsTheBatch() {
    try (GradientEstimator est = new GradientEstimator(() -> new Noisy(9, 0, Double.NaN), config(2))) {
      NumericalException e = assertThrows(NumericalException.class,
          () -> est.estimate(FINE, 0, ValueBaseline.none(), 0));
      assertContains(e.getMessage(), "Noisy, iteration 1 (batch 0): 9 of 16 rollouts blew up",
          "(0 left out with non-finite values, 9 ended early at a blown-up state)",
          "First, rollout 0: the state x_4 has x[0] = 1.0E10 (beyond ±blowupThreshold = 1000000.0)");
    }
    try (GradientEstimator est = new GradientEstimator(() -> new Noisy(8, 0, Double.NaN), config(2))) {
      Estimate e = est.estimate(FINE, 0, ValueBaseline.none(), 0);
      assertEquals(8, e.blowups());
      assertEquals(16, e.rollouts(), "truncated rollouts with finite sums stay in the estimate");
      assertEquals(3, e.rolloutSteps()[0], "a blown-up rollout ends at the state before the blow-up");
      assertEquals(20, e.rolloutSteps()[15]);
    }
  }

  /** A minority of non-finite costs: those rollouts are left out, counted and reported, the rest estimate. */
  @Test
  void minorityOfNonFiniteRolloutsIsCountedAndLeftOut() {
    try (GradientEstimator est = new GradientEstimator(() -> new Noisy(0, 4, Double.NaN), config(2))) {
      Estimate e = est.estimate(FINE, 0, ValueBaseline.none(), 0);
      assertEquals(4, e.blowups());
      assertEquals(12, e.rollouts());
      assertTrue(Double.isNaN(e.rolloutCosts()[3]) && Double.isFinite(e.rolloutCosts()[4]));
      assertTrue(Double.isFinite(e.meanCost()));
      for (double g : e.gradient()) {
        assertTrue(Double.isFinite(g));
      }
    }
    try (GradientEstimator est = new GradientEstimator(() -> new Noisy(0, 16, Double.NaN), config(1))) {
      NumericalException e = assertThrows(NumericalException.class,
          () -> est.estimate(FINE, 0, ValueBaseline.none(), 0));
      assertContains(e.getMessage(), "16 of 16 rollouts blew up (16 left out", "the cost L(x_2) = NaN at step 2");
    }
  }

  /** The optimizer goes on with a minority of blow-ups, counts them and prints them; θ stays finite. */
  @Test
  void partialBlowUpsAreReportedByTheOptimizer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Result r = DsoOptimizer.of(() -> new Noisy(4, 0, Double.NaN)).threads(2).batch(16).blowupThreshold(1e6)
        .iterations(3).progress(new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    assertEquals(12, r.blowups());
    for (IterationRecord record : r.curve()) {
      assertEquals(4, record.blowups());
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("(4 blown up)"));
    for (double t : r.theta()) {
      assertTrue(Double.isFinite(t));
    }
  }

  /** Blow-ups and their failures do not depend on the thread count. */
  @Test
  void deterministicForAnyThreadCount() {
    double[][] thetas = new double[2][];
    String[] messages = new String[2];
    for (int threads = 1; threads <= 2; threads++) {
      thetas[threads - 1] = DsoOptimizer.of(() -> new Noisy(5, 2, Double.NaN)).threads(threads).seed(3)
          .blowupThreshold(1e6).iterations(4).progress(null).run().theta();
      int th = threads;
      messages[threads - 1] = assertThrows(NumericalException.class, () -> DsoOptimizer.of(() -> new Noisy(9, 4,
          Double.NaN)).threads(th).seed(3).blowupThreshold(1e6).iterations(4).progress(null).run()).getMessage();
    }
    assertArrayEquals(thetas[0], thetas[1]);
    assertEquals(messages[0], messages[1]);
    assertContains(messages[0], "9 of 16 rollouts blew up (4 left out with non-finite values, 5 ended early");
  }

  /** Finite rollouts whose mean overflows: the mean cost is checked, not only each rollout. */
  @Test
  void overflowingMeanCostFails() {
    // Horizon 1: each rollout's cost is x₀'s alone, 1e308, finite; their sum is not.
    EstimatorConfig c = new EstimatorConfig(Setting.DISCOUNTED, 0.95, 1, false, 16, 2, 7L, 0, 1e6, 1.0);
    try (GradientEstimator est = new GradientEstimator(() -> new Noisy(0, 0, 1e308), c)) {
      NumericalException e = assertThrows(NumericalException.class,
          () -> est.estimate(FINE, 0, ValueBaseline.none(), 0));
      assertContains(e.getMessage(), "Noisy, iteration 1 (batch 0): the mean cost over 16 rollouts = Infinity is not finite");
    }
  }

  @Test
  void nonFiniteGradientWithThePriorFails() {
    NumericalException e = assertThrows(NumericalException.class, () -> DsoOptimizer.of(Noisy::new).threads(1)
        .prior(Prior.gaussian(0, 1e-170)).iterations(2).progress(null).run());
    assertContains(e.getMessage(), "Noisy, iteration 1 (0 of 16 rollouts blew up): the gradient with the prior's added"
        + " is not finite: entry 0 (a) = Infinity");
  }

  /** A step that makes θ non-finite is undone and reported with the entry's name. */
  @Test
  void nonFiniteThetaIsNeverKept() {
    NumericalException e = assertThrows(NumericalException.class, () -> DsoOptimizer.of(Noisy::new).threads(1)
        .sgd(1e308).iterations(2).progress(null).run());
    assertContains(e.getMessage(), "Noisy, iteration 1", "step made θ non-finite (entry ", "θ is restored");
    assertArrayEquals(FINE, e.theta(), "the exception carries θ from before the step");
  }

  @Test
  void batchMethodsFailOnAVanishingNoiseScale() {
    EstimatorConfig c = config(2);
    assertContains(assertThrows(NumericalException.class, () -> new NaturalGradient(Noisy::new, c, 0.01, 1e-3, 10,
        ValueBaseline.none(), null, null, null).run(SIGMA_ZERO, 2)).getMessage(), "Noisy, iteration 1", "16 of 16");
    assertContains(assertThrows(NumericalException.class, () -> new ProximalChainOptimization(Noisy::new, c, 0.2, 2, 2,
        0.05, StepRule.adam(0.01), ValueBaseline.none(), null).run(SIGMA_ZERO, 2)).getMessage(), "Noisy, iteration 1",
        "16 of 16");
    assertContains(assertThrows(NumericalException.class, () -> new ChainIteration(Noisy::new, c, 1.0, 0.1, 1, 5,
        ValueBaseline.none(), null, null, null).run(SIGMA_ZERO, 2)).getMessage(), "Noisy, iteration 1", "16 of 16");
  }

  /** A surrogate pass at an α that zeroes σ is not finite: an error naming the pass and the entry. */
  @Test
  void surrogateGradientAtADegenerateAlphaFails() {
    try (GradientEstimator est = new GradientEstimator(Noisy::new, config(2))) {
      Batch batch = est.sample(FINE, 0, ValueBaseline.none(), 0);
      Surrogate s = new Surrogate(batch, new Noisy());
      double[] g = new double[2];
      s.gradient(new double[2], g);
      assertArrayEquals(batch.estimate().gradient(), g, 1e-9, "at α = 0 the surrogate gradient is Algorithm 1's");
      NumericalException e = assertThrows(NumericalException.class, () -> s.gradient(new double[] {0, -0.3}, g));
      assertContains(e.getMessage(), "Noisy: the surrogate gradient ∇S̃ at ‖α‖ = 0.3 over 16 rollouts is not finite:"
          + " entry 0 (a) = NaN");
      NumericalException f = assertThrows(NumericalException.class,
          () -> SampleCurvature.fisherVector(batch, new Noisy(), new double[] {1e308, 1e308}, g));
      assertContains(f.getMessage(), "Noisy: the Fisher–vector product F̃v (eq. 72) over 16 rollouts is not finite: entry");
    }
  }

  @Test
  void evaluationFailsOnANonFiniteCost() {
    NumericalException e = assertThrows(NumericalException.class,
        () -> Evaluation.run(new Noisy(0, 1, Double.NaN), FINE, 3, true, 1L, 0));
    assertContains(e.getMessage(), "Noisy: evaluation episode 0 of 3: the cost L(x_2) = NaN at step 2");
    NumericalException f = assertThrows(NumericalException.class,
        () -> Evaluation.run(new Noisy(), new double[] {1e200, 0.3}, 3, true, 1L, 0));
    assertContains(f.getMessage(), "Noisy: evaluation episode 0 of 3: the state x_2 has x[0] = ");
    assertTrue(Double.isFinite(Evaluation.run(new Noisy(), FINE, 3, false, 1L, 0).meanCost()));
  }
}
