package org.dsojava.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertError;
import static org.dsojava.processor.ProcessorDiagnostics.assertErrorCount;
import static org.dsojava.processor.ProcessorDiagnostics.assertNothingGenerated;
import static org.dsojava.processor.ProcessorDiagnostics.at;
import static org.dsojava.processor.ProcessorDiagnostics.compile;
import static org.dsojava.processor.ProcessorDiagnostics.generatedSources;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * The processor keeps going after an error, so one build lists every problem; a model with errors
 * gets no kernel, and a valid model gets its kernel and entry class without any diagnostic.
 */
class ErrorRecoveryTest {

  /** Three different errors in three places (a field, the transition, the cost): all three reported. */
  @Test
  void reportsEveryErrorOfAModel() {
    ModelSource src = model("ThreeProblems")
        .fields("@Param double k;", "@Param int steps;", "@Param(length = 2) double[] w;")
        .transition("next[0] = noise.poisson(k * x[0]);", "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .cost("double s = 0;", "while (s < x[0]) { s += 1; }", "return s;")
        .build();
    Compilation c = compile(src);
    assertError(c, src, Message.PARAM_TYPE.format("steps", "int"), at("int steps;", "steps"));
    assertError(c, src, Message.UNKNOWN_DISTRIBUTION.format("poisson", "step"), at("noise.poisson(", "("));
    assertError(c, src, Message.UNSUPPORTED.format("a while loop", "cost",
        "write a counted for loop with a constant bound"), at("while ("));
    assertErrorCount(c, src, 3);
    assertNothingGenerated(src);
  }

  /** Reading a body continues after an error: three errors in one method, in source order. */
  @Test
  void reportsEveryErrorOfOneMethod() {
    ModelSource src = model("ThreeInOneMethod")
        .cost("double s = x[0] * gain;",
            "while (s < 1) { s += 1; }",
            "return s + penalty(x[1]);")
        .build();
    Compilation c = compile(src);
    assertError(c, src, Message.UNKNOWN_NAME.format("gain", "cost"), at("gain"));
    assertError(c, src, Message.UNSUPPORTED.format("a while loop", "cost",
        "write a counted for loop with a constant bound"), at("while ("));
    assertError(c, src, Message.UNKNOWN_METHOD.format("penalty", "cost", "ThreeInOneMethod",
        "{sin, cos, tan, atan2, exp, log, log1p, sqrt, pow, tanh, abs, min, max, hypot, floor, ceil}"),
        at("penalty(x[1])", "("));
    assertErrorCount(c, src, 3);
    List<Long> lines = c.errors().stream().map(d -> d.getLineNumber()).toList();
    assertEquals(lines.stream().sorted().toList(), lines, "errors in source order");
    assertNothingGenerated(src);
  }

  /** Errors in two models of one compilation are reported for both; neither gets a kernel. */
  @Test
  void reportsErrorsOfEveryModel() {
    ModelSource first = model("FirstBroken").cost("return x[0] % 2.0;").build();
    ModelSource second = model("SecondBroken").chain("stateDim = 0, discount = 0.9").build();
    Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new DsoProcessor())
        .compile(first.file, second.file);
    assertError(c, first, Message.UNSUPPORTED.format("% on doubles", "cost", "use x - d * Math.floor(x / d)"),
        at("x[0] % 2.0", "%"));
    assertError(c, second, Message.STATE_DIM.format(0, "SecondBroken"), at("class SecondBroken"));
    assertEquals(2, c.errors().size(), () -> ProcessorDiagnostics.describe(c.errors()));
  }

  @Test
  void validModelCompilesCleanlyAndGetsKernelAndEntryClass() {
    ModelSource src = model("Valid").build();
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.ValidKernel");
    assertThat(c).generatedSourceFile("test.ValidDso");
    assertThat(c).generatedSourceFile("test.ValidLockstepKernel");
    // The recording compile used by assertNothingGenerated sees the same three files.
    assertEquals(Set.of("test.ValidDso", "test.ValidKernel", "test.ValidLockstepKernel"),
        new TreeSet<>(generatedSources(src)));
  }

  /**
   * Constructs next to the errors above that are valid: additive noise whose mean reads θ, a noise
   * helper called from the transition, θ-independent branches around noise, loop bounds that are
   * lengths of fixed-size arrays, an int returned from the cost, a void helper called as a statement,
   * and a loop bound drawn at random in the initial state (which is sampled, not differentiated).
   */
  @Test
  void validConstructsNextToErrorsAreAccepted() {
    ModelSource src = model("Neighbours")
        .transition("next[0] = k * x[0] + noise.gaussian(0, 0.1);",
            "double u = x[1] > 0 ? noise.gaussian(x[1], 1) : noise.uniform(-1, 1);",
            "next[1] = jitter(w[0] * u + w[1], noise);")
        .cost("double[] y = new double[N];",
            "copy(x, y);",
            "double s = 0;",
            "for (int i = 0; i < y.length; i++) { s += y[i] * y[i]; }",
            "for (int i = 0; i <= w.length - 1; i++) { s += 0.01 * w[i] * w[i]; }",
            "return s > 100 ? 100 : s;")
        .initial("x[0] = noise.uniform(-1, 1);",
            "x[1] = 0;",
            "double[] half = {0.5, 0.5};",
            "int kicks = noise.categorical(half);",
            "for (int i = 0; i < kicks + 1; i++) { x[1] += noise.gaussian(0, 0.1); }")
        .members("double jitter(double m, Noise noise) { return noise.gaussian(m, 0.1); }",
            "void copy(double[] from, double[] to) {",
            "  for (int i = 0; i < from.length; i++) { to[i] = from[i]; }",
            "}",
            "int clipped(double v) { return v > 1 ? 1 : 0; }")
        .build();
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.NeighboursKernel");
  }
}
