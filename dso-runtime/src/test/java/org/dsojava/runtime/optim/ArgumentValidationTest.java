package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dsojava.annotations.Setting;
import org.junit.jupiter.api.Test;

/** Null or invalid arguments to public entries fail with a message that says what to pass. */
class ArgumentValidationTest {
  private static final EstimatorConfig CONFIG =
      new EstimatorConfig(Setting.DISCOUNTED, 0.95, 20, false, 4, 1, 1L, 0, 1e6, 1.0);
  private static final String NULL_BASELINE = "baseline is null; pass ValueBaseline.none() for no baseline, or e.g."
      + " new LinearBaseline(Features.quadratic(stateDim, 0), 1e-6)";

  @Test
  void naturalGradientNullBaseline() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new NaturalGradient(Noisy::new, CONFIG, 0.01, 1e-3, 10, null, null, null, null));
    assertEquals(NULL_BASELINE, e.getMessage());
  }

  @Test
  void proximalAndChainIterationNullArguments() {
    assertEquals(NULL_BASELINE, assertThrows(NullPointerException.class, () -> new ProximalChainOptimization(
        Noisy::new, CONFIG, 0.2, 2, 2, 0.05, StepRule.adam(0.01), null, null)).getMessage());
    assertEquals("inner step rule is null; pass the rule on α, e.g. StepRule.adam(3e-4)",
        assertThrows(NullPointerException.class, () -> new ProximalChainOptimization(Noisy::new, CONFIG, 0.2, 2, 2, 0.05,
            null, ValueBaseline.none(), null)).getMessage());
    assertEquals("config is null; pass an EstimatorConfig, e.g. DsoOptimizer.of(factory).batch(n).config()",
        assertThrows(NullPointerException.class, () -> new ChainIteration(Noisy::new, null, 1.0, 0.1, 1, 5,
            ValueBaseline.none(), null, null, null)).getMessage());
    assertEquals("factory is null; pass the model's kernel factory, e.g. MyModelDso.factory()",
        assertThrows(NullPointerException.class, () -> new ChainIteration(null, CONFIG, 1.0, 0.1, 1, 5,
            ValueBaseline.none(), null, null, null)).getMessage());
    assertEquals("bounds: lower is given but upper is null; pass both arrays (one entry per parameter) or both null"
        + " for none", assertThrows(IllegalArgumentException.class, () -> new ChainIteration(Noisy::new, CONFIG, 1.0,
            0.1, 1, 5, ValueBaseline.none(), new double[2], null, null)).getMessage());
    assertEquals("bounds have 3 entries but Noisy has 2 parameters", assertThrows(IllegalArgumentException.class,
        () -> new NaturalGradient(Noisy::new, CONFIG, 0.01, 0, 5, ValueBaseline.none(), new double[3], new double[3],
            null).run(new double[] {0.5, 0.3}, 1)).getMessage());
    assertEquals("θ₀ is null; pass the starting parameters, e.g. from the kernel's initialParams(seed, θ)",
        assertThrows(NullPointerException.class, () -> new ChainIteration(Noisy::new, CONFIG, 1.0, 0.1, 1, 5,
            ValueBaseline.none(), null, null, null).run(null, 1)).getMessage());
  }

  @Test
  void nonFiniteStartingThetaIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NaturalGradient(Noisy::new,
        CONFIG, 0.01, 0, 5, ValueBaseline.none(), null, null, null).run(new double[] {0.5, Double.NaN}, 1));
    assertEquals("θ₀ is not finite: entry 1 (sigma) = NaN; pass a finite θ (a NumericalException's theta() is the"
        + " last finite one)", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> DsoOptimizer.of(Noisy::new).initialTheta(new double[] {Double.POSITIVE_INFINITY, 0.3}));
  }

  @Test
  void optimizerBuilderNullArguments() {
    assertEquals("factory is null; pass the model's kernel factory, e.g. MyModelDso.factory()",
        assertThrows(NullPointerException.class, () -> DsoOptimizer.of(null)).getMessage());
    DsoOptimizer o = DsoOptimizer.of(Noisy::new);
    assertEquals("baseline is null; pass ValueBaseline.none() for no baseline, or e.g. new LinearBaseline("
        + "Features.quadratic(stateDim, 0), 1e-6); leave it unset for that default",
        assertThrows(IllegalArgumentException.class, () -> o.baseline(null)).getMessage());
    assertEquals("step rule is null; pass e.g. StepRule.adam(0.05) or StepRule.sgd(0.01)",
        assertThrows(NullPointerException.class, () -> o.stepRule(null)).getMessage());
    assertThrows(NullPointerException.class, () -> o.initialTheta(null));
    assertThrows(NullPointerException.class, () -> o.bounds(null, new double[2]));
    assertThrows(NullPointerException.class, () -> o.setting(null));
  }

  @Test
  void estimatorAndSurrogateNullArguments() {
    assertThrows(NullPointerException.class, () -> new GradientEstimator(null, CONFIG));
    try (GradientEstimator est = new GradientEstimator(Noisy::new, CONFIG)) {
      assertEquals("θ is null; pass the model's 2 parameters, e.g. from initialParams(seed, θ) or a Result's theta()",
          assertThrows(NullPointerException.class, () -> est.estimate(null, 0, ValueBaseline.none(), 0)).getMessage());
      assertEquals("baseline is null; pass ValueBaseline.none() for no baseline, or e.g. a LinearBaseline",
          assertThrows(NullPointerException.class, () -> est.estimate(new double[] {0.5, 0.3}, 0, null, 0))
              .getMessage());
      assertEquals("θ has length 3 but Noisy has 2 parameters", assertThrows(IllegalArgumentException.class,
          () -> est.estimate(new double[3], 0, ValueBaseline.none(), 0)).getMessage());
      Batch batch = est.sample(new double[] {0.5, 0.3}, 0, ValueBaseline.none(), 0);
      assertEquals("kernel is null; pass a kernel of the batch's model, e.g. MyModelDso.kernel()",
          assertThrows(NullPointerException.class, () -> new Surrogate(batch, null)).getMessage());
      assertThrows(NullPointerException.class, () -> new Surrogate(null, new Noisy()));
      assertEquals("a vector argument has length 3, θ has 2", assertThrows(IllegalArgumentException.class,
          () -> SampleCurvature.fisherVector(batch, new Noisy(), new double[3], new double[2])).getMessage());
    }
    assertThrows(NullPointerException.class, () -> Evaluation.run(null, new double[2], 1, true, 1L, 0));
  }
}
