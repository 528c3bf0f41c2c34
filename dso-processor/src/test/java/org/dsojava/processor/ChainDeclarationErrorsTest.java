package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;

import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Errors in the declaration of a model: the {@code @Chain} attributes and the class itself, the role
 * methods and their signatures, and the fields (θ layout and constants). All are reported on the
 * declaration they concern.
 */
class ChainDeclarationErrorsTest {

  // ------------------------------------------------------------------ @Chain attributes, class kind

  @Test
  void stateDimMustBePositive() {
    ModelSource src = model("NoState").chain("stateDim = 0, discount = 0.9").build();
    assertOnlyError(src, Message.STATE_DIM.format(0, "NoState"), at("class NoState"));
  }

  @Test
  void discountOutsideUnitInterval() {
    ModelSource src = model("Growing").chain("stateDim = 2, discount = 1.5").build();
    assertOnlyError(src, Message.DISCOUNT.format(1.5, "Growing", "γ must be in (0, 1]"), at("class Growing"));
  }

  @Test
  void discountedChainWithDefaultDiscountOfOne() {
    ModelSource src = model("Undiscounted").chain("stateDim = 2").build();
    assertOnlyError(src, Message.DISCOUNT.format(1.0, "Undiscounted",
        "a DISCOUNTED chain needs γ < 1; use Setting.FIRST_EXIT for undiscounted episodes"), at("class Undiscounted"));
  }

  @Test
  void averageCostChainWithDiscount() {
    ModelSource src = model("Ergodic").chain("stateDim = 2, setting = Setting.AVERAGE, discount = 0.9").build();
    assertOnlyError(src, Message.DISCOUNT.format(0.9, "Ergodic",
        "AVERAGE chains are undiscounted; remove discount (fold discounting into the cost if wanted)"),
        at("class Ergodic"));
  }

  @Test
  void negativeHorizon() {
    ModelSource src = model("Backwards").chain("stateDim = 2, discount = 0.9, horizon = -5").build();
    assertOnlyError(src, Message.HORIZON.format(-5, "Backwards", "the horizon cannot be negative"),
        at("class Backwards"));
  }

  @Test
  void timeVaryingChainWithoutHorizon() {
    ModelSource src = model("Endless").chain("stateDim = 2, setting = Setting.TIME_VARYING").build();
    assertOnlyError(src, Message.HORIZON.format(0, "Endless", "a TIME_VARYING chain needs its horizon T"),
        at("class Endless"));
  }

  @Test
  void chainOnAnInterface() {
    ModelSource src = ModelSource.of("Shape",
        "package test;",
        "import org.dsojava.annotations.*;",
        "@Chain(stateDim = 1, discount = 0.9)",
        "interface Shape {}");
    assertOnlyError(src, Message.NOT_A_CLASS.format("Shape", "an interface"), at("interface Shape"));
  }

  @Test
  void chainOnAnEnum() {
    ModelSource src = ModelSource.of("Mode",
        "package test;",
        "import org.dsojava.annotations.*;",
        "@Chain(stateDim = 1, discount = 0.9)",
        "enum Mode { ON, OFF }");
    assertOnlyError(src, Message.NOT_A_CLASS.format("Mode", "an enum"), at("enum Mode"));
  }

  @Test
  void chainOnAnInnerClass() {
    ModelSource src = ModelSource.of("Outer",
        "package test;",
        "import org.dsojava.annotations.*;",
        "class Outer {",
        "  @Chain(stateDim = 1, discount = 0.9)",
        "  class Inner {}",
        "}");
    assertOnlyError(src, Message.NESTED_CHAIN.format("Inner"), at("class Inner"));
  }

  // ------------------------------------------------------------------ role methods

  @Test
  void missingTransition() {
    ModelSource src = model("NoStep").transitionDeclaration(null).build();
    assertOnlyError(src, Message.MISSING_METHOD.format("NoStep", "Transition",
        "@Transition void step(double[] x, Noise noise, double[] next)"), at("class NoStep"));
  }

  @Test
  void missingCost() {
    ModelSource src = model("NoCost").costDeclaration(null).build();
    assertOnlyError(src, Message.MISSING_METHOD.format("NoCost", "Cost", "@Cost double cost(double[] x)"),
        at("class NoCost"));
  }

  @Test
  void missingInitial() {
    ModelSource src = model("NoReset").initialDeclaration(null).build();
    assertOnlyError(src, Message.MISSING_METHOD.format("NoReset", "Initial",
        "@Initial void reset(Noise noise, double[] x)"), at("class NoReset"));
  }

  @Test
  void twoCostMethods() {
    ModelSource src = model("TwoCosts")
        .members("@Cost double energy(double[] x) { return x[1] * x[1]; }")
        .build();
    assertOnlyError(src, Message.DUPLICATE_ROLE.format("TwoCosts", "Cost", "cost", "energy"),
        at("double energy(", "energy"));
  }

  @Test
  void transitionWithoutNoise() {
    ModelSource src = model("Deterministic")
        .transitionDeclaration("@Transition void step(double[] x, double[] next)")
        .transition("next[0] = x[0];", "next[1] = x[1];")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Transition", "step",
        "void step(double[] x, Noise noise, double[] next) (or double, returning the step's cost ℓ(x, a)), optionally with @Step int t and @Rollout int n"),
        at("void step(", "step"));
  }

  @Test
  void transitionThatIsStatic() {
    ModelSource src = model("StaticStep")
        .transitionDeclaration("@Transition static void step(double[] x, Noise noise, double[] next)")
        .transition("next[0] = noise.gaussian(x[0], 0.1);", "next[1] = noise.gaussian(x[1], 0.1);")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Transition", "step", "an instance method: "
        + "void step(double[] x, Noise noise, double[] next) (or double, returning the step's cost ℓ(x, a)), optionally with @Step int t and @Rollout int n"),
        at("void step(", "step"));
  }

  @Test
  void costReturningVoid() {
    ModelSource src = model("VoidCost")
        .costDeclaration("@Cost void cost(double[] x)")
        .cost("double c = x[0];")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Cost", "cost",
        "double cost(double[] x), optionally with @Step int t and @Rollout int n"), at("void cost(", "cost"));
  }

  @Test
  void initialWithStepIndex() {
    ModelSource src = model("TimedReset")
        .initialDeclaration("@Initial void reset(Noise noise, double[] x, @Step int t)")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Initial", "reset",
        "void reset(Noise noise, double[] x), optionally with @Rollout int n"), at("void reset(", "reset"));
  }

  @Test
  void terminalReturningDouble() {
    ModelSource src = model("Exit")
        .chain("stateDim = 2, setting = Setting.FIRST_EXIT")
        .members("@Terminal double done(double[] x) { return x[0]; }")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Terminal", "done",
        "boolean done(double[] x), optionally with @Step int t and @Rollout int n"), at("double done(", "done"));
  }

  @Test
  void overloadedModelMethods() {
    ModelSource src = model("Overloaded")
        .cost("return sq(x[0]);")
        .members(
            "double sq(double v) { return v * v; }",
            "double sq(int v) { return v * v; }")
        .build();
    assertOnlyError(src, Message.UNSUPPORTED.format("overloading sq", "sq", "give each model method its own name"),
        at("double sq(int v)", "sq"));
  }

  @Test
  void methodWithoutBody() {
    ModelSource src = model("Native")
        .cost("return f(x[0]);")
        .members("native double f(double v);")
        .build();
    assertOnlyError(src, Message.UNSUPPORTED.format("a method without a body", "f",
        "model methods must have source bodies"), at("native double f(", "f("));
  }

  // ------------------------------------------------------------------ fields

  @Test
  void paramOfTypeInt() {
    ModelSource src = model("IntParam")
        .fields("@Param double k;", "@Param int count;", "@Param(length = 2) double[] w;")
        .build();
    assertOnlyError(src, Message.PARAM_TYPE.format("count", "int"), at("int count;", "count"));
  }

  @Test
  void paramArrayWithoutLength() {
    ModelSource src = model("NoLength").fields("@Param double k;", "@Param double[] w;").build();
    assertOnlyError(src, Message.PARAM_LENGTH.format("w"), at("double[] w;", "w;"));
  }

  /** The field is reported once; its uses in the transition are not reported again. */
  @Test
  void scalarParamWithLength() {
    ModelSource src = model("ScalarLength")
        .fields("@Param(length = 3) double k;", "@Param(length = 2) double[] w;")
        .build();
    assertOnlyError(src, Message.PARAM_SCALAR_LENGTH.format("k", 3), at("double k;", "k;"));
  }

  @Test
  void staticParam() {
    ModelSource src = model("StaticParam")
        .fields("@Param double k;", "@Param(length = 2) double[] w;", "@Param static double shared;")
        .build();
    assertOnlyError(src, Message.PARAM_STATIC.format("shared"), at("static double shared;", "shared"));
  }

  /** A mutable field is reported once, at its declaration, not again where it is used. */
  @Test
  void fieldThatIsNeitherParamNorConstant() {
    ModelSource src = model("Stateful")
        .fields("@Param double k;", "@Param(length = 2) double[] w;", "double last;")
        .cost("return x[0] * x[0] + last;")
        .build();
    assertOnlyError(src, Message.FIELD_NOT_SUPPORTED.format("last"), at("double last;", "last"));
  }

  @Test
  void constantOfUnsupportedType() {
    ModelSource src = model("Named")
        .fields("@Param double k;", "@Param(length = 2) double[] w;", "static final String LABEL = \"pendulum\";")
        .build();
    assertOnlyError(src, Message.CONSTANT_TYPE.format("LABEL", "java.lang.String"), at("String LABEL", "LABEL"));
  }
}
