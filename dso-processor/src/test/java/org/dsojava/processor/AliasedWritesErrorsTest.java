package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertNothingGenerated;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;

import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Writes that reach θ or the current state through a helper's array parameter: invisible to the front
 * end (the helper writes its own parameter), they show after inlining and are reported on the write.
 */
class AliasedWritesErrorsTest {
  @Test
  void helperWritingIntoAParamArray() {
    ModelSource src = model("ParamAlias")
        .cost("zero(w);", "return x[0] * x[0];")
        .members("void zero(double[] a) {", "  a[0] = 1;", "}")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("w (passed to a helper as an array)", "cost",
        "θ is changed by the optimizer, not by the model"), at("a[0] = 1;"));
    assertNothingGenerated(src);
  }

  @Test
  void helperWritingIntoTheStateInTheTransition() {
    ModelSource src = model("StateAlias")
        .transition("clear(x);", "next[0] = noise.gaussian(k * x[0], 1.0);")
        .members("void clear(double[] a) {", "  a[0] = 0;", "}")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("the state (passed to a helper as an array)", "step",
        "the current state is read-only; copy it into a local array first"), at("a[0] = 0;"));
    assertNothingGenerated(src);
  }

  @Test
  void dollarInALocalName() {
    ModelSource src = model("Dollar")
        .cost("double a$b = x[0];", "return a$b * a$b;")
        .build();
    assertOnlyError(src, Message.UNSUPPORTED.format("the local name a$b", "cost",
        "'$' is reserved for generated code; rename it"), at("double a$b = x[0];", "a$b"));
  }
}
