package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;

import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Errors in method bodies found while reading them (frontend/BodyReader): constructs outside the
 * supported subset, names and methods that do not resolve, arity and types, loops and array
 * lengths, and assignments to read-only values. Each is reported once, on the offending tree.
 */
class BodyErrorsTest {
  private static final String MATH = "{sin, cos, tan, atan2, exp, log, log1p, sqrt, pow, tanh, abs, min, max,"
      + " hypot, floor, ceil}";

  private static String unsupported(String construct, String method, String hint) {
    return Message.UNSUPPORTED.format(construct, method, hint);
  }

  // ------------------------------------------------------------------ statements

  @Test
  void whileLoop() {
    ModelSource src = model("WhileLoop")
        .cost("double s = 0;", "while (s < x[0]) { s += 1; }", "return s;")
        .build();
    assertOnlyError(src, unsupported("a while loop", "cost", "write a counted for loop with a constant bound"),
        at("while ("));
  }

  @Test
  void doWhileLoop() {
    ModelSource src = model("DoWhileLoop")
        .cost("double s = 0;", "do { s += 1; } while (s < x[0]);", "return s;")
        .build();
    assertOnlyError(src, unsupported("a while loop", "cost", "write a counted for loop with a constant bound"),
        at("do {"));
  }

  @Test
  void switchStatement() {
    ModelSource src = model("SwitchStatement")
        .cost("double s = 0;", "switch ((int) x[0]) { case 0: s = 1; }", "return s;")
        .build();
    assertOnlyError(src, unsupported("switch", "cost", "use if/else"), at("switch ("));
  }

  @Test
  void breakInLoop() {
    ModelSource src = model("BreakInLoop")
        .cost("double s = 0;", "for (int i = 0; i < 2; i++) { if (x[i] > 0) break; s += x[i]; }", "return s;")
        .build();
    assertOnlyError(src, unsupported("break", "cost", "loops run their full count; guard the body with if instead"),
        at("for (int i", "break"));
  }

  @Test
  void continueInLoop() {
    ModelSource src = model("ContinueInLoop")
        .cost("double s = 0;", "for (int i = 0; i < 2; i++) { if (x[i] > 0) continue; s += x[i]; }", "return s;")
        .build();
    assertOnlyError(src, unsupported("continue", "cost",
        "loops run their full count; guard the body with if instead"), at("for (int i", "continue"));
  }

  @Test
  void tryStatement() {
    ModelSource src = model("TryStatement")
        .cost("double s = 0;", "try { s = x[0]; } finally { s = 1; }", "return s;")
        .build();
    assertOnlyError(src, unsupported("try", "cost",
        "models are straight-line numerical code; report invalid states through @Terminal"), at("try {"));
  }

  @Test
  void throwStatement() {
    ModelSource src = model("ThrowStatement")
        .cost("if (x[0] > 10) throw new IllegalStateException(\"diverged\");", "return x[0];")
        .build();
    assertOnlyError(src, unsupported("throw", "cost",
        "models are straight-line numerical code; report invalid states through @Terminal"),
        at("if (x[0] > 10)", "throw"));
  }

  @Test
  void enhancedForLoop() {
    ModelSource src = model("EnhancedFor")
        .cost("double s = 0;", "for (double v : x) { s += v * v; }", "return s;")
        .build();
    assertOnlyError(src, unsupported("an enhanced for loop", "cost", "write for (int i = 0; i < a.length; i++)"),
        at("for (double v"));
  }

  @Test
  void forLoopThatIsNotCounted() {
    ModelSource src = model("StridedLoop")
        .cost("double s = 0;", "for (int i = 0; i < 2; i += 1) { s += x[i]; }", "return s;")
        .build();
    assertOnlyError(src, Message.LOOP_FORM.format("cost"), at("for (int i"));
  }

  @Test
  void forLoopCountingDown() {
    ModelSource src = model("Countdown")
        .cost("double s = 0;", "for (int i = 1; i >= 0; i--) { s += x[i]; }", "return s;")
        .build();
    assertOnlyError(src, Message.LOOP_FORM.format("cost"), at("for (int i"));
  }

  @Test
  void forLoopBoundReadFromTheState() {
    ModelSource src = model("StateBound")
        .cost("double s = 0;", "int m = (int) x[0];", "for (int i = 0; i < m; i++) { s += x[1]; }", "return s;")
        .build();
    assertOnlyError(src, Message.LOOP_BOUND.format("m", "cost"), at("for (int i", "m;"));
  }

  @Test
  void forLoopBoundThatIsAHelperParameter() {
    ModelSource src = model("ParameterBound")
        .cost("return sum(x, 2);")
        .members("double sum(double[] v, int n) {",
            "  double s = 0;",
            "  for (int i = 0; i < n; i++) { s += v[i]; }",
            "  return s;",
            "}")
        .build();
    assertOnlyError(src, Message.LOOP_BOUND.format("n", "sum"), at("for (int i", "n;"));
  }

  /** A helper used by the initial state and by the cost: reported once, for the cost's sake. */
  @Test
  void forLoopBoundInAHelperSharedWithTheInitialState() {
    ModelSource src = model("SharedBound")
        .cost("return x[0] * spread(x[1]);")
        .initial("x[0] = noise.uniform(-1, 1);", "x[1] = spread(2.5);")
        .members("double spread(double v) {",
            "  double s = 0;",
            "  int m = (int) v;",
            "  for (int i = 0; i < m; i++) { s += 1; }",
            "  return s;",
            "}")
        .build();
    assertOnlyError(src, Message.LOOP_BOUND.format("m", "spread"), at("for (int i", "m;"));
  }

  @Test
  void triangularLoop() {
    ModelSource src = model("Triangular")
        .cost("double s = 0;",
            "for (int i = 0; i < 2; i++) {",
            "  for (int j = i; j < 2; j++) { s += x[i] * x[j]; }",
            "}",
            "return s;")
        .build();
    assertOnlyError(src, Message.LOOP_BOUND.format("i", "cost"), at("for (int j = i", "i;"));
  }

  @Test
  void arrayLengthThatIsNotConstant() {
    ModelSource src = model("DynamicArray")
        .cost("int m = (int) x[0];", "double[] a = new double[m];", "return x[1];")
        .build();
    assertOnlyError(src, Message.ARRAY_LENGTH.format("m", "cost"), at("new double[m]", "m]"));
  }

  // ------------------------------------------------------------------ expressions and locals

  @Test
  void lambda() {
    ModelSource src = model("Lambda")
        .cost("java.util.function.DoubleUnaryOperator sq = v -> v * v;", "return x[0] * x[0];")
        .build();
    assertOnlyError(src, unsupported("a lambda", "cost", "write the computation inline or in a model method"),
        at("sq = v -> v * v", "v ->"));
  }

  @Test
  void objectCreation() {
    ModelSource src = model("Boxing")
        .cost("double s = new Double(x[0]);", "return s;")
        .build();
    assertOnlyError(src, unsupported("object creation", "cost",
        "models compute with double, int and boolean values and arrays"), at("new Double"));
  }

  @Test
  void stringLocal() {
    ModelSource src = model("Label")
        .cost("String label = \"cost\";", "return x[0];")
        .build();
    assertOnlyError(src, unsupported("a String", "cost",
        "strings only name a distribution in noise.draw(\"name\", ...)"), at("\"cost\""));
  }

  @Test
  void longLiteral() {
    ModelSource src = model("LongLiteral")
        .cost("return x[0] * 2L;")
        .build();
    assertOnlyError(src, unsupported("a long literal", "cost", "use int or double"), at("2L"));
  }

  @Test
  void localOfUnsupportedType() {
    ModelSource src = model("Matrix")
        .cost("double[][] m = new double[2][2];", "return x[0];")
        .build();
    assertOnlyError(src, unsupported("a local of type double[][]", "cost",
        "locals are double, int, boolean, double[] or int[]"), at("double[][] m", "m ="));
  }

  @Test
  void varLocal() {
    ModelSource src = model("Inferred")
        .cost("var s = x[0] * x[0];", "return s;")
        .build();
    assertOnlyError(src, unsupported("var", "cost", "declare the type: double, int, boolean, double[] or int[]"),
        at("var s", "s ="));
  }

  @Test
  void assignmentInsideExpression() {
    ModelSource src = model("NestedAssignment")
        .cost("double s;", "double t = (s = x[0]) * 2;", "return t;")
        .build();
    assertOnlyError(src, unsupported("an assignment inside an expression", "cost", "assign in its own statement"),
        at("(s = x[0])", "="));
  }

  @Test
  void incrementInsideExpression() {
    ModelSource src = model("NestedIncrement")
        .cost("int i = 0;", "int j = i++ + 1;", "return x[j];")
        .build();
    assertOnlyError(src, unsupported("an assignment inside an expression", "cost", "assign in its own statement"),
        at("i++ + 1", "++"));
  }

  @Test
  void remainderOfDoubles() {
    ModelSource src = model("Wrap")
        .cost("return x[0] % 2.0;")
        .build();
    assertOnlyError(src, unsupported("% on doubles", "cost", "use x - d * Math.floor(x / d)"), at("x[0] % 2.0", "%"));
  }

  @Test
  void arrayCreationInsideExpression() {
    ModelSource src = model("InlineArray")
        .cost("double s = new double[] {1, 2}[0];", "return s + x[0];")
        .build();
    assertOnlyError(src, unsupported("an array creation inside an expression", "cost",
        "declare the array as a local: double[] a = new double[n];"), at("new double[] {1, 2}"));
  }

  @Test
  void castToFloat() {
    ModelSource src = model("FloatCast")
        .cost("return (float) x[0];")
        .build();
    assertOnlyError(src, unsupported("a cast to float", "cost", "cast between int and double only"), at("(float)"));
  }

  @Test
  void noiseUsedAsAValue() {
    ModelSource src = model("NoiseValue")
        .transition("double u = Math.abs(noise);",
            "next[0] = noise.gaussian(k * x[0], 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, unsupported("using noise as a value", "step", "draw from it: noise.gaussian(mean, std)"),
        at("Math.abs(noise)", "noise"));
  }

  // ------------------------------------------------------------------ names, methods, arity

  @Test
  void unknownName() {
    ModelSource src = model("UnknownName")
        .cost("return x[0] * gain;")
        .build();
    assertOnlyError(src, Message.UNKNOWN_NAME.format("gain", "cost"), at("gain"));
  }

  @Test
  void assignmentToUnknownName() {
    ModelSource src = model("UnknownTarget")
        .cost("total = x[0];", "return x[0];")
        .build();
    assertOnlyError(src, Message.UNKNOWN_NAME.format("total", "cost"), at("total ="));
  }

  @Test
  void unknownModelMethod() {
    ModelSource src = model("UnknownMethod")
        .cost("return penalty(x[0]);")
        .build();
    assertOnlyError(src, Message.UNKNOWN_METHOD.format("penalty", "cost", "UnknownMethod", MATH),
        at("penalty(x[0])", "("));
  }

  @Test
  void unknownMathFunction() {
    ModelSource src = model("Signum")
        .cost("return Math.signum(x[0]);")
        .build();
    assertOnlyError(src, Message.UNKNOWN_METHOD.format("Math.signum", "cost", "Signum", MATH),
        at("Math.signum(x[0])", "("));
  }

  @Test
  void helperWithUnsupportedSignature() {
    ModelSource src = model("Higher")
        .cost("return apply(v -> v * v, x[0]);")
        .members("double apply(java.util.function.DoubleUnaryOperator f, double v) { return f.applyAsDouble(v); }")
        .build();
    assertOnlyError(src, unsupported("calling double apply(java.util.function.DoubleUnaryOperator, double)", "cost",
        "model methods take double, int, boolean, double[], int[] or Noise parameters and return double, int,"
            + " boolean or void"), at("apply(v ->", "("));
  }

  @Test
  void mathFunctionWithWrongArity() {
    ModelSource src = model("PowArity")
        .cost("return Math.pow(x[0]);")
        .build();
    assertOnlyError(src, Message.ARITY.format("java.lang.Math.pow", 2, "cost", 1), at("Math.pow(x[0])", "("));
  }

  @Test
  void modelMethodWithWrongArity() {
    ModelSource src = model("HelperArity")
        .cost("return sq(x[0], x[1]);")
        .members("double sq(double v) { return v * v; }")
        .build();
    assertOnlyError(src, Message.ARITY.format("sq()", 1, "cost", 2), at("sq(x[0], x[1])", "("));
  }

  // ------------------------------------------------------------------ types

  @Test
  void doubleWhereIntIsNeeded() {
    ModelSource src = model("Narrowing")
        .cost("int n = x[0];", "return n;")
        .build();
    assertOnlyError(src, Message.TYPE_MISMATCH.format("x[0]", "cost", "double", "int"), at("int n = x[0]", "["));
  }

  @Test
  void booleanInArithmetic() {
    ModelSource src = model("BooleanArithmetic")
        .cost("boolean right = x[0] > 0;", "return right * 2.0;")
        .build();
    assertOnlyError(src, Message.TYPE_MISMATCH.format("right * 2.0", "cost", "boolean", "a number"),
        at("right * 2.0", "*"));
  }

  @Test
  void doubleAsCondition() {
    ModelSource src = model("DoubleCondition")
        .cost("if (x[0]) {", "  return 1;", "}", "return 0;")
        .build();
    assertOnlyError(src, Message.TYPE_MISMATCH.format("x[0]", "cost", "double", "boolean"), at("if (x[0])", "["));
  }

  @Test
  void costReturningBoolean() {
    ModelSource src = model("BooleanCost")
        .cost("return x[0] > 0;")
        .build();
    assertOnlyError(src, Message.TYPE_MISMATCH.format("x[0] > 0", "cost", "boolean", "double"), at("x[0] > 0", ">"));
  }

  @Test
  void voidHelperUsedAsAValue() {
    ModelSource src = model("VoidValue")
        .cost("double s = clip(x) + 1;", "return s;")
        .members("void clip(double[] v) { }")
        .build();
    assertOnlyError(src, Message.TYPE_MISMATCH.format("clip(x)", "cost", "void", "a value"), at("clip(x)", "("));
  }

  @Test
  void stateWhereNoiseIsNeeded() {
    ModelSource src = model("NoiseArgument")
        .transition("next[0] = jitter(x[0], x);", "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .members("double jitter(double m, Noise noise) { return noise.gaussian(m, 0.1); }")
        .build();
    assertOnlyError(src, Message.TYPE_MISMATCH.format("x", "step", "double[]", "the Noise noise"),
        at("jitter(x[0], x)", "x)"));
  }

  // ------------------------------------------------------------------ read-only values

  @Test
  void assignmentToTheStateInTheTransition() {
    ModelSource src = model("WritesState")
        .transition("x[0] = 0;",
            "next[0] = noise.gaussian(k * x[0], 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("x", "step",
        "the current state is read-only; write the next state into the next array"), at("x[0] = 0;", "["));
  }

  @Test
  void assignmentToTheStateInTheCost() {
    ModelSource src = model("CostWritesState")
        .cost("x[1] = 0;", "return x[0] * x[0];")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("x", "cost", "the current state is read-only"),
        at("x[1] = 0;", "["));
  }

  @Test
  void assignmentToAScalarParam() {
    ModelSource src = model("WritesParam")
        .cost("k = 2;", "return x[0];")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("k", "cost", "θ is changed by the optimizer, not by the model"),
        at("k = 2;"));
  }

  @Test
  void assignmentToAParamArrayElementThroughThis() {
    ModelSource src = model("WritesParamArray")
        .cost("this.w[0] = 2;", "return x[0];")
        .build();
    assertOnlyError(src, unsupported("assigning to this.w[0]", "cost",
        "assign to a local, or to an element of a local or output array"), at("this.w[0] = 2;", "["));
  }

  @Test
  void assignmentToAParamArrayElement() {
    ModelSource src = model("WritesParamElement")
        .cost("w[1] = 2;", "return x[0];")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("w", "cost", "θ is changed by the optimizer, not by the model"),
        at("w[1] = 2;", "["));
  }

  @Test
  void assignmentToAConstant() {
    ModelSource src = model("WritesConstant")
        .cost("N = 3;", "return x[0];")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("N", "cost", "it is a constant"), at("N = 3;"));
  }

  @Test
  void assignmentToTheLoopIndex() {
    ModelSource src = model("WritesIndex")
        .cost("double s = 0;", "for (int i = 0; i < 2; i++) { s += x[i]; i = 2; }", "return s;")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("i", "cost", "it is the index of a counted for loop"),
        at("for (int i", "i = 2"));
  }

  @Test
  void assignmentToTheStepIndex() {
    ModelSource src = model("WritesStep")
        .chain("stateDim = 2, setting = Setting.TIME_VARYING, horizon = 10")
        .costDeclaration("@Cost double cost(double[] x, @Step int t)")
        .cost("t = 0;", "return x[0];")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("t", "cost", "it is the step index"), at("t = 0;"));
  }
}
