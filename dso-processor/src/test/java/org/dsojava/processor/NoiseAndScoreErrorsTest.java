package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertError;
import static org.dsojava.processor.ProcessorDiagnostics.assertErrorCount;
import static org.dsojava.processor.ProcessorDiagnostics.assertNothingGenerated;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;
import static org.dsojava.processor.ProcessorDiagnostics.compile;

import com.google.testing.compile.Compilation;
import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Errors about noise sites (where they may be, which distributions, which arguments) and about the
 * score-function property of the transition (transform/ScoreCheck): θ reaches the next state only
 * through noise-site parameters, and which sites are drawn does not depend on θ.
 */
class NoiseAndScoreErrorsTest {

  // ------------------------------------------------------------------ noise sites

  @Test
  void noiseDrawnInTheCost() {
    ModelSource src = model("NoisyCost")
        .cost("return x[0] * x[0] + noise.gaussian(0, 0.1);")
        .build();
    assertOnlyError(src, Message.NOISE_OUTSIDE.format("noise.gaussian", "cost"), at("noise.gaussian(0, 0.1)", "("));
  }

  @Test
  void noiseHelperCalledFromTheCost() {
    ModelSource src = model("NoisyHelperInCost")
        .cost("return jitter(x[0], noise);")
        .members("double jitter(double m, Noise noise) { return noise.gaussian(m, 0.1); }")
        .build();
    assertOnlyError(src, Message.NOISE_OUTSIDE.format("jitter()", "cost"), at("jitter(x[0], noise)", "("));
  }

  @Test
  void unknownDistribution() {
    ModelSource src = model("Poisson")
        .transition("next[0] = noise.poisson(k * x[0]);", "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.UNKNOWN_DISTRIBUTION.format("poisson", "step"), at("noise.poisson(", "("));
  }

  @Test
  void unknownDistributionByName() {
    ModelSource src = model("Weibull")
        .transition("next[0] = noise.draw(\"weibull\", k * x[0], 1.5);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.UNKNOWN_DISTRIBUTION.format("weibull", "step"), at("noise.draw(", "("));
  }

  @Test
  void gaussianWithOneArgument() {
    ModelSource src = model("GaussianArity")
        .transition("next[0] = noise.gaussian(k * x[0]);", "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.NOISE_ARGS.format("gaussian", "step", "double, double"),
        at("noise.gaussian(k * x[0])", "("));
  }

  @Test
  void categoricalWithAScalar() {
    ModelSource src = model("CategoricalScalar")
        .transition("next[0] = noise.categorical(k * x[0]);", "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.NOISE_ARGS.format("categorical", "step", "double[]"),
        at("noise.categorical(", "("));
  }

  // ------------------------------------------------------------------ θ reaching the next state

  @Test
  void thetaWrittenDirectlyIntoNext() {
    ModelSource src = model("DirectTheta")
        .transition("next[0] = k * x[0];", "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.THETA_REACHES_NEXT.format("next[0]", "step", "k * x[0]"), at("next[0] = k * x[0];"));
  }

  /** The message names the θ-reading expression the value came from, not the local in between. */
  @Test
  void thetaReachesNextThroughLocals() {
    ModelSource src = model("ThetaThroughLocals")
        .transition("double m = w[0] * x[0];",
            "double y = m + 1;",
            "next[0] = y;",
            "next[1] = noise.gaussian(x[1], 0.1);")
        .build();
    assertOnlyError(src, Message.THETA_REACHES_NEXT.format("next[0]", "step", "w[0] * x[0]"), at("next[0] = y;"));
  }

  @Test
  void thetaReachesNextThroughACondition() {
    ModelSource src = model("ThetaCondition")
        .transition("if (k > 0) {",
            "  next[0] = x[0];",
            "} else {",
            "  next[0] = -x[0];",
            "}",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    Compilation c = compile(src);
    String message = Message.THETA_REACHES_NEXT.format("next[0]", "step", "the condition k > 0");
    assertError(c, src, message, at("next[0] = x[0];"));
    assertError(c, src, message, at("next[0] = -x[0];"));
    assertErrorCount(c, src, 2);
    assertNothingGenerated(src);
  }

  @Test
  void noiseDrawnUnderAThetaCondition() {
    ModelSource src = model("ThetaGate")
        .transition("double d = 0;",
            "if (k * x[0] > 0) {",
            "  d = noise.gaussian(0, 1);",
            "}",
            "next[0] = noise.gaussian(x[0] + d, 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.NOISE_UNDER_THETA.format("step", "k * x[0] > 0"), at("d = noise.gaussian(", "("));
  }

  /** Selecting between draws with a θ-dependent ternary: both sites are conditional, and so is next[0]. */
  @Test
  void thetaTernaryBetweenDraws() {
    ModelSource src = model("ThetaTernary")
        .transition("next[0] = k > 0 ? noise.gaussian(x[0], 1) : noise.gaussian(-x[0], 1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    Compilation c = compile(src);
    String under = Message.NOISE_UNDER_THETA.format("step", "k > 0");
    assertError(c, src, under, at("noise.gaussian(x[0], 1)", "("));
    assertError(c, src, under, at("noise.gaussian(-x[0], 1)", "("));
    assertError(c, src, Message.THETA_REACHES_NEXT.format("next[0]", "step", "the condition k > 0"),
        at("next[0] = k > 0"));
    assertErrorCount(c, src, 3);
    assertNothingGenerated(src);
  }
}
