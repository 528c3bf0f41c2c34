package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.Prior;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every method is reachable from a generated model's {@code optimizer()} in a few lines, with one set of
 * options, and gives bit for bit what its own (low-level) class gives.
 */
class OptimizerApiTest {
  private static final int BATCH = 12;
  private static final int ITERATIONS = 6;

  enum Method { SGD, ADAM, NATURAL_GRADIENT, PCO, CHAIN_ITERATION }

  /** LQR with random termination (γ = 0.95: rollouts of about 20 steps), seed 3. */
  private static DsoOptimizer lqr(Method m) {
    DsoOptimizer o = LqrDso.optimizer().randomTermination(true).batch(BATCH).seed(3).threads(2).iterations(ITERATIONS)
        .progress(null);
    return switch (m) {
      case SGD -> o.sgd(1e-3).clipGradientNorm(10);
      case ADAM -> o.adam(0.05);
      case NATURAL_GRADIENT -> o.naturalGradient();
      case PCO -> o.pco(ProximalChainOptimization.Settings.defaults().withInner(StepRule.adam(0.01)));
      case CHAIN_ITERATION -> o.chainIteration();
    };
  }

  /** The same configuration through the method's own class (the low-level API). */
  private static Result lowLevel(Method m) {
    EstimatorConfig config = LqrDso.optimizer().randomTermination(true).batch(BATCH).seed(3).threads(2).config();
    double[] theta0 = LqrDso.initialParams(3);
    LinearBaseline v = new LinearBaseline(Features.quadratic(2, 0), 1e-6);
    return switch (m) {
      case SGD -> DsoOptimizer.of(LqrDso.factory()).randomTermination(true).batch(BATCH).seed(3).threads(2)
          .iterations(ITERATIONS).stepRule(StepRule.sgd(1e-3)).clipGradientNorm(10).baseline(v).initialTheta(theta0)
          .progress(null).run();
      case ADAM -> DsoOptimizer.of(LqrDso.factory()).randomTermination(true).batch(BATCH).seed(3).threads(2)
          .iterations(ITERATIONS).stepRule(StepRule.adam(0.05)).baseline(v).initialTheta(theta0).progress(null).run();
      case NATURAL_GRADIENT -> new NaturalGradient(LqrDso.factory(), config, 0.01, 1e-3, 20, v, null, null, null)
          .run(theta0, ITERATIONS);
      case PCO -> new ProximalChainOptimization(LqrDso.factory(), config, 0.2, 4, 4, 0.02, StepRule.adam(0.01), v, null)
          .run(theta0, ITERATIONS);
      case CHAIN_ITERATION -> new ChainIteration(LqrDso.factory(), config, 1.0, 0.5, 2, 30, v, null, null, null)
          .run(theta0, ITERATIONS);
    };
  }

  private static void assertSameRun(Result expected, Result actual) {
    assertArrayEquals(expected.theta(), actual.theta());
    assertEquals(expected.envSteps(), actual.envSteps());
    assertEquals(expected.curve().size(), actual.curve().size());
    for (int i = 0; i < expected.curve().size(); i++) {
      assertEquals(expected.curve().get(i).meanCost(), actual.curve().get(i).meanCost());
      assertEquals(expected.curve().get(i).gradientNorm(), actual.curve().get(i).gradientNorm());
    }
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void fewLinesGiveTheLowLevelResultBitForBit(Method m) {
    Result r = lqr(m).run();
    assertEquals(ITERATIONS, r.curve().size());
    assertSameRun(lowLevel(m), r);
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void stopRuleEndsTheRunAfterItsIteration(Method m) {
    List<Integer> seen = new ArrayList<>();
    Result r = lqr(m).stopWhen((theta, k) -> k == 2).onIteration((k, theta, rec) -> seen.add(k)).run();
    assertEquals(2, r.curve().size());
    assertEquals(List.of(1, 2), seen);
    // The same first two iterations as a run without a stop rule.
    Result full = lqr(m).run();
    assertArrayEquals(full.curve().get(1).rolloutCosts(), r.curve().get(1).rolloutCosts());
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void envStepBudgetEndsTheRunWhereTheTotalReachesIt(Method m) {
    Result full = lqr(m).run();
    long budget = full.curve().get(2).envSteps() - 1; // reached during iteration 3, not before
    assertTrue(budget >= full.curve().get(1).envSteps(), "iteration 3 sampled no steps");
    Result r = lqr(m).maxEnvSteps(budget).run();
    assertEquals(3, r.curve().size());
    assertEquals(full.curve().get(2).envSteps(), r.envSteps());
    Result exact = lqr(m).maxEnvSteps(full.curve().get(2).envSteps()).run();
    assertEquals(3, exact.curve().size());
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void timeBudgetIsCheckedBetweenIterations(Method m) {
    assertEquals(1, lqr(m).maxSeconds(1e-9).run().curve().size());
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void learningCurveHasAHeaderAndOneRowPerIteration(Method m, @TempDir Path dir) throws IOException {
    Path csv = dir.resolve("curve.csv");
    lqr(m).learningCurve(csv).run();
    List<String> lines = Files.readAllLines(csv);
    assertEquals("iteration,env_steps,mean_cost,gradient_norm,blowups,seconds", lines.get(0));
    assertEquals(1 + ITERATIONS, lines.size());
    for (int k = 1; k <= ITERATIONS; k++) {
      assertTrue(lines.get(k).startsWith(k + ","), lines.get(k));
    }
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void nullBaselineIsRefusedWithAMessage(Method m) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lqr(m).baseline(null));
    assertTrue(e.getMessage().startsWith("baseline is null; pass ValueBaseline.none() for no baseline"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void sameThetaForOneAndTwoThreads(Method m) {
    assertSameRun(lqr(m).threads(2).run(), lqr(m).threads(1).run());
  }

  @Test
  void optionsAMethodHasNoUseForAreRefusedNamingBoth() {
    IllegalArgumentException rule = assertThrows(IllegalArgumentException.class,
        () -> lqr(Method.PCO).adam(0.01).run());
    assertTrue(rule.getMessage().startsWith("PCO (pco) does not take a step rule"), rule.getMessage());
    assertTrue(rule.getMessage().contains("withInner"), rule.getMessage());
    IllegalArgumentException prior = assertThrows(IllegalArgumentException.class,
        () -> lqr(Method.NATURAL_GRADIENT).prior(Prior.gaussian(0, 1.0)).run());
    assertTrue(prior.getMessage().startsWith("the natural gradient (naturalGradient) does not support a prior"),
        prior.getMessage());
    IllegalArgumentException clip = assertThrows(IllegalArgumentException.class,
        () -> lqr(Method.CHAIN_ITERATION).clipGradientNorm(1).run());
    assertTrue(clip.getMessage().startsWith("Chain Iteration (chainIteration) does not clip gradients"),
        clip.getMessage());
    IllegalArgumentException settings = assertThrows(IllegalArgumentException.class,
        () -> ProximalChainOptimization.Settings.defaults().withClip(0));
    assertEquals("clip ε = 0.0 must be positive; PPO's usual value is 0.2", settings.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LqrDso.optimizer().pco(null));
  }

  @Test
  void boundsApplyToPco() {
    double[] lo = {0, 0};
    double[] hi = {0.5, 0.5};
    Result r = lqr(Method.PCO).bounds(lo, hi).run();
    for (double t : r.theta()) {
      assertTrue(t >= 0 && t <= 0.5, "θ left the box: " + t);
    }
  }

  @Test
  void batchMethodResumesFromTheBuildersCheckpointBitForBit(@TempDir Path dir) {
    Path file = dir.resolve("pco.ckpt");
    Result full = lqr(Method.PCO).run();
    lqr(Method.PCO).iterations(3).checkpoint(file, 1).run();
    Result resumed = lqr(Method.PCO).checkpoint(file, 1).resume(file).run();
    assertSameRun(full, resumed);
    // A stop rule recorded in the checkpoint is not continued on resume.
    Path stopped = dir.resolve("stopped.ckpt");
    lqr(Method.NATURAL_GRADIENT).stopWhen((theta, k) -> k == 2).checkpoint(stopped, 5).run();
    assertEquals(2, lqr(Method.NATURAL_GRADIENT).stopWhen((theta, k) -> k == 2).resume(stopped).run().curve().size());
  }

  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"ADAM", "CHAIN_ITERATION"})
  void aRunEndedByItsBudgetContinuesOnResumeWithALargerOne(Method m, @TempDir Path dir) {
    Path file = dir.resolve("budget.ckpt");
    Result full = lqr(m).run();
    Result first = lqr(m).maxEnvSteps(full.curve().get(1).envSteps()).checkpoint(file, 5).run();
    assertEquals(2, first.curve().size());
    assertSameRun(full, lqr(m).checkpoint(file, 5).resume(file).run());
  }

  @Test
  void progressNamesTheMethod() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    lqr(Method.NATURAL_GRADIENT).iterations(1).progress(new java.io.PrintStream(bytes, true,
        java.nio.charset.StandardCharsets.UTF_8)).run();
    String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(out.contains("the natural gradient [klStep=0.01, damping=0.001, cgIterations=20]"), out);
  }

  @Test
  void cartPoleWithPcoInAFewLines() {
    Result r = CartPoleLinearDso.optimizer().batch(8).seed(2).threads(2).iterations(3).progress(null).pco().run();
    List<IterationRecord> curve = r.curve();
    assertEquals(3, curve.size());
  }
}
