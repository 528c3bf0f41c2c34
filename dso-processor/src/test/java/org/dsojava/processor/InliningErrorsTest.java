package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertNothingGenerated;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;

import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Errors that concern how model methods are combined: returns must be in tail position (they become
 * assignments when inlined), and calls must not be recursive. Each is reported once, however many
 * kernel programs the method is inlined into, and nothing is generated.
 */
class InliningErrorsTest {

  @Test
  void returnBeforeTheEndOfTheCost() {
    ModelSource src = model("EarlyReturn")
        .cost("if (x[0] > 1) {", "  return 1;", "}", "return x[0] * x[0];")
        .build();
    assertOnlyError(src, Message.RETURN_NOT_TAIL.format("cost"), at("return 1;"));
    assertNothingGenerated(src);
  }

  @Test
  void returnBeforeTheEndOfAHelper() {
    ModelSource src = model("HelperEarlyReturn")
        .cost("return clamp(x[0]);")
        .members("double clamp(double v) {",
            "  if (v > 1) {",
            "    return 1;",
            "  }",
            "  return v;",
            "}")
        .build();
    assertOnlyError(src, Message.RETURN_NOT_TAIL.format("clamp"), at("return 1;"));
    assertNothingGenerated(src);
  }

  @Test
  void returnInsideALoop() {
    ModelSource src = model("LoopReturn")
        .cost("for (int i = 0; i < 2; i++) {",
            "  if (x[i] > 0) {",
            "    return x[i];",
            "  }",
            "}",
            "return 0;")
        .build();
    assertOnlyError(src, Message.RETURN_NOT_TAIL.format("cost"), at("return x[i];"));
    assertNothingGenerated(src);
  }

  @Test
  void earlyReturnFromTheTransition() {
    ModelSource src = model("TransitionReturn")
        .transition("next[0] = noise.gaussian(k * x[0], 0.1);",
            "next[1] = x[1];",
            "if (x[0] > 1) return;",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.RETURN_NOT_TAIL.format("step"), at("if (x[0] > 1) return;", "return"));
    assertNothingGenerated(src);
  }

  @Test
  void directRecursion() {
    ModelSource src = model("Factorial")
        .cost("return power(x[0], 3);")
        .members("double power(double v, int n) {",
            "  return n == 0 ? 1 : v * power(v, n - 1);",
            "}")
        .build();
    assertOnlyError(src, Message.RECURSION.format("power", "power → power"), at("power(v, n - 1)", "("));
    assertNothingGenerated(src);
  }

  @Test
  void mutualRecursion() {
    ModelSource src = model("PingPong")
        .cost("return ping(x[0]);")
        .members("double ping(double v) { return v > 1 ? pong(v - 1) : v; }",
            "double pong(double v) { return ping(v / 2); }")
        .build();
    assertOnlyError(src, Message.RECURSION.format("ping", "ping → pong → ping"), at("return ping(v / 2)", "("));
    assertNothingGenerated(src);
  }

  /** A recursive helper reached from two role methods is reported once. */
  @Test
  void recursionReachedFromTwoRoles() {
    ModelSource src = model("SharedRecursion")
        .transition("next[0] = noise.gaussian(k * halve(x[0]), 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .cost("return halve(x[0]) * x[0];")
        .members("double halve(double v) { return v > 1 ? halve(v / 2) : v; }")
        .build();
    assertOnlyError(src, Message.RECURSION.format("halve", "halve → halve"), at("halve(v / 2)", "("));
    assertNothingGenerated(src);
  }
}
