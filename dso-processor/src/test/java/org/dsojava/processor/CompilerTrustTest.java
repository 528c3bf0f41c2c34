package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertNothingGenerated;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;
import static org.dsojava.processor.ProcessorDiagnostics.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.dsojava.processor.diag.Message;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: every model compiles to correct kernels or gets a clear error. One test (or more) per class
 * of defect seen by users: θ read at an index outside its field, θ read where it is not
 * differentiated, generated names meeting model names, types outside the subset in role signatures,
 * models that could not run, constants javac does not fold, and the statement forms users met first.
 */
class CompilerTrustTest {

  // ------------------------------------------------------------------ 1. θ indices

  @Test
  void constantIndexOutsideAParamArrayIsAnError() {
    ModelSource src = model("ConstantOutside")
        .transition("next[0] = noise.gaussian(k * x[0], 0.1);", "next[1] = noise.gaussian(w[2] * x[1], 0.1);")
        .build();
    assertOnlyError(src, Message.THETA_INDEX.format("w", "2", "step", "w", 2, "2", 2), at("next[1] =", "("));
    assertNothingGenerated(src);
  }

  @Test
  void loopIndexRunningPastAParamArrayIsAnError() {
    ModelSource src = model("LoopOutside")
        .transition("double s = 0.0;", "for (int i = 0; i <= N; i++) {", "s += w[i];", "}",
            "next[0] = noise.gaussian(k * x[0] + s, 0.1);", "next[1] = noise.gaussian(x[1], 0.1);")
        .build();
    assertOnlyError(src, Message.THETA_INDEX.format("w", "i", "step", "w", 2, "[0, 2]", 2), at("s += w[i];"));
  }

  @Test
  void outsideIndexInAHelperIsReportedAtTheHelper() {
    ModelSource src = model("HelperOutside")
        .transition("next[0] = noise.gaussian(k * x[0] + last(w), 0.1);", "next[1] = noise.gaussian(x[1], 0.1);")
        .members("double last(double[] a) {", "  return a[a.length];", "}")
        .build();
    assertOnlyError(src, Message.THETA_INDEX.format("w", "w.length", "step", "w", 2, "2", 2), at("return a[a.length];"));
  }

  /**
   * An index Java may never evaluate out of range (under a condition, or read from the state) compiles,
   * but is checked at run time: an out-of-range value throws instead of reading the next parameter.
   */
  @Test
  void undecidedIndexIsCheckedAtRunTime() throws Exception {
    ModelSource src = model("StateIndex")
        .fields("@Param double k;", "@Param(length = 2) double[] w;", "@Param double after;")
        .transition("int j = (int) x[1];", "double s = 0.0;",
            "for (int i = 0; i < 3; i++) { if (i < 2) { s += w[i]; } }",
            "next[0] = noise.gaussian(k * x[0] + s + w[j], 0.1);", "next[1] = noise.gaussian(x[1], 0.1);")
        .build();
    ChainKernel kernel = load(src);
    double[] theta = {0.5, 1.0, 2.0, 100.0};
    double[] draws = new double[kernel.drawCount()];
    double[] next = new double[2];
    kernel.sample(theta, new double[] {1.0, 1.0}, 0, 0, new Rng(1, 0), draws, next);
    double logDensity = kernel.logDensity(theta, new double[] {1.0, 1.0}, 0, 0, draws);
    assertTrue(Double.isFinite(logDensity));
    // j = 2 is past w: Java throws, and so does every kernel method (no read of 'after').
    double[] outside = {1.0, 2.0};
    assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> kernel.sample(theta, outside, 0, 0, new Rng(1, 0), draws, next));
    assertThrows(ArrayIndexOutOfBoundsException.class, () -> kernel.logDensity(theta, outside, 0, 0, draws));
    assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> kernel.accumulateGradient(theta, outside, 0, 0, draws, 1.0, 1.0, new double[4]));
    assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> kernel.meanStep(theta, new double[] {1.0, -1.0}, 0, 0, next));
  }

  // ------------------------------------------------------------------ 2. θ where it is not differentiated

  @Test
  void thetaInTheInitialStateIsAnError() {
    ModelSource src = model("InitialTheta")
        .initial("x[0] = noise.gaussian(k, 0.1);", "x[1] = noise.uniform(-1, 1);")
        .build();
    assertOnlyError(src, Message.THETA_NOT_DIFFERENTIATED.format("k", "reset", "@Initial",
        "the initial state must not depend on θ",
        "draw x₀ from fixed numbers, or make the parameter part of the state and let the transition use it"),
        at("x[0] = noise.gaussian(k", "("));
  }

  @Test
  void thetaInTheTerminalTestIsAnError() {
    ModelSource src = model("TerminalTheta")
        .chain("stateDim = 2, setting = Setting.FIRST_EXIT, horizon = 50")
        .members("@Terminal boolean done(double[] x) {", "  return x[0] > w[1];", "}")
        .build();
    assertOnlyError(src, Message.THETA_NOT_DIFFERENTIATED.format("w", "done", "@Terminal",
        "the terminal set must not depend on θ (an indicator has no gradient)",
        "test the state against constants, and put θ into the cost instead"), at("return x[0] > w[1];"));
  }

  // ------------------------------------------------------------------ 3. hygiene

  /** Every kernel name, every qualifier the writer emits, declared in the bottleneck, the transition and the cost. */
  @Test
  void modelNamesNeverMeetGeneratedNames() throws Exception {
    List<String> names = new ArrayList<>(List.of("d", "q", "etaDot", "org", "java", "Fdlibm", "Logistic", "theta",
        "rng", "draws", "lp", "dc", "tape", "itape", "tp", "itp", "g", "v", "out", "wL", "wP", "result", "draw",
        "drawArg", "drawZ", "value", "cost", "scratch", "gScratch", "eta", "etaWork", "gEta", "muValue", "mean",
        "next", "k", "i", "seed", "t", "n", "Double"));
    List<String> mu = new ArrayList<>();
    List<String> step = new ArrayList<>();
    List<String> cost = new ArrayList<>();
    for (String name : names) {
      mu.add("double " + name + " = 0.25 * p[0] * xs[0];");
      step.add("double " + name + " = 0.5 * xs[1];");
      cost.add("double " + name + " = 0.125 * xs[0];");
    }
    String sumMu = names.stream().collect(Collectors.joining(" + "));
    List<String> lines = new ArrayList<>(List.of("package test;", "import org.dsojava.annotations.*;",
        "@Chain(stateDim = 2, discount = 0.9)", "class Hygiene {", "  @Param(length = 2) double[] p;",
        "  @Bottleneck double mu(double[] xs) {"));
    mu.forEach(l -> lines.add("    " + l));
    lines.add("    return Math.tanh(" + sumMu + ") + p[1] * StrictMath.sin(xs[1]);");
    lines.add("  }");
    lines.add("  @Transition void step(double[] xs, Noise noise, double[] nx) {");
    step.forEach(l -> lines.add("    " + l));
    lines.add("    double m = mu(xs);");
    lines.add("    nx[0] = noise.gaussian(m + " + sumMu + ", 0.2 + Math.exp(-m * m));");
    lines.add("    nx[1] = noise.gaussian(0.9 * xs[1], 0.1);");
    lines.add("  }");
    lines.add("  @Cost double c(double[] xs) {");
    cost.forEach(l -> lines.add("    " + l));
    lines.add("    return (" + sumMu + ") * (" + sumMu + ") + xs[1] * xs[1];");
    lines.add("  }");
    lines.add("  @Initial void reset(Noise noise, double[] xs) { xs[0] = noise.uniform(-1, 1); xs[1] = noise.uniform(-1, 1); }");
    lines.add("}");
    ModelSource src = ModelSource.of("Hygiene", lines.toArray(String[]::new));
    ChainKernel kernel = load(src);
    KernelVerifier.verify(kernel, 5L, 10, KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5))
        .assertWithin(1e-6);
  }

  /** θ only in a comparison: F has no smooth dependence on θ, and the JVP is 0 (it did not compile). */
  @Test
  void thetaOnlyInAComparisonGivesZeroDerivatives() throws Exception {
    ModelSource src = model("Comparison")
        .transition("next[0] = noise.gaussian(x[0] > k ? 1.0 : 0.0, 0.1);",
            "next[1] = noise.gaussian(x[1] > w[0] + w[1] ? 1.0 : -1.0, 0.1);")
        .build();
    ChainKernel kernel = load(src);
    double[] theta = {0.1, 0.2, 0.3};
    double[] draws = new double[kernel.drawCount()];
    double[] x = {0.5, -0.5};
    kernel.sample(theta, x, 0, 0, new Rng(3, 0), draws, new double[2]);
    assertEquals(0.0, kernel.jvp(theta, x, 0, 0, draws, 1.0, 1.0, new double[] {1, 1, 1}));
    double[] g = new double[3];
    kernel.accumulateGradient(theta, x, 0, 0, draws, 1.0, 1.0, g);
    assertEquals(List.of(0.0, 0.0, 0.0), List.of(g[0], g[1], g[2]));
  }

  /** Found by the long fuzz run: a scalarized local array {@code a} (a$e0…) and the reverse sweep's temporaries ($a1…). */
  @Test
  void passesNeverMakeTheSameName() throws Exception {
    ModelSource src = model("ArrayA")
        .transition("double[] a = {x[1], Math.cos(k), x[0] - x[0]};",
            "double[] s = {a[1] * a[1], Math.atan2(-2.0, 2.0 + Math.cos(w[0]))};",
            "next[0] = noise.gaussian(a[1] * x[0] + s[1], 0.1 + a[0] * a[0]);",
            "next[1] = noise.gaussian(w[1] * x[1] * s[0], 0.1);")
        .build();
    ChainKernel kernel = load(src);
    KernelVerifier.verify(kernel, 13L, 10, KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5))
        .assertWithin(1e-6);
  }

  /** Found by the long fuzz run: the negation of a negative constant was written "--2.0" (a decrement). */
  @Test
  void negatedNegativeConstantIsWrittenAsJava() {
    assertEquals("-(-0.281)", org.dsojava.processor.writing.JavaWriter.expr(
        new org.dsojava.processor.ir.Expr.Unary("-", new org.dsojava.processor.ir.Expr.Const(-0.281,
            org.dsojava.processor.ir.Type.DOUBLE), org.dsojava.processor.ir.Type.DOUBLE)));
  }

  /** Found by the long fuzz run: this.g = … was taken as an assignment to a parameter named g. */
  @Test
  void assigningThisFieldIsTheFieldEvenWhenALocalHasItsName() {
    ModelSource src = model("ThisField")
        .transitionDeclaration("@Transition void step(double[] x, Noise noise, double[] k)")
        .transition("this.k = 0.5;", "k[0] = noise.gaussian(w[0] * x[0], 0.1);", "k[1] = noise.gaussian(x[1], 0.1);")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("k", "step", "θ is changed by the optimizer, not by the model"),
        at("this.k = 0.5;", "."));
  }

  @Test
  void twoModelsWithOneSimpleNameInOnePackageAreAnError() {
    JavaFileObject a = JavaFileObjects.forSourceLines("test.OuterA", "package test;",
        "import org.dsojava.annotations.*;", "class OuterA {", MODEL_M, "}");
    JavaFileObject b = JavaFileObjects.forSourceLines("test.OuterB", "package test;",
        "import org.dsojava.annotations.*;", "class OuterB {", MODEL_M, "}");
    Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new DsoProcessor()).compile(a, b);
    assertEquals(1, c.errors().size(), () -> ProcessorDiagnostics.describe(c.errors()));
    assertEquals(Message.OUTPUT_CLASH.format("test.OuterB.M", "test.MKernel", "test.OuterA.M"),
        c.errors().get(0).getMessage(java.util.Locale.ROOT));
  }

  private static final String MODEL_M = "@Chain(stateDim = 1, discount = 0.9) static class M {"
      + " @Param double a;"
      + " @Transition void step(double[] x, Noise noise, double[] next) { next[0] = noise.gaussian(a * x[0], 0.1); }"
      + " @Cost double cost(double[] x) { return x[0] * x[0]; }"
      + " @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); } }";

  // ------------------------------------------------------------------ 5. types outside the subset

  @Test
  void floatCostIsASignatureError() {
    ModelSource src = model("FloatCost").costDeclaration("@Cost float cost(double[] x)").cost("return 1f;").build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Cost", "cost",
        "double cost(double[] x), optionally with @Step int t and @Rollout int n"), at("float cost", "cost"));
  }

  @Test
  void arrayBottleneckIsASignatureError() {
    ModelSource src = model("ArrayBottleneck")
        .members("@Bottleneck double[] mu(double[] x) {", "  return new double[] {k * x[0]};", "}")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Bottleneck", "mu",
        "double mu(double[] x) or void mu(double[] x, double[] eta) with @Bottleneck(dim = n)"), at("mu(double[] x)", "mu"));
  }

  @Test
  void twoDimensionalArrayInACalledHelperIsAnError() {
    ModelSource src = model("Matrix")
        .transition("next[0] = noise.gaussian(k * x[0] + h(null), 0.1);", "next[1] = noise.gaussian(x[1], 0.1);")
        .members("double h(double[][] z) {", "  return 0.0;", "}")
        .build();
    Compilation c = compile(src);
    assertEquals(1, c.errors().size(), () -> ProcessorDiagnostics.describe(c.errors()));
    assertTrue(c.errors().get(0).getMessage(java.util.Locale.ROOT).contains("double h(double[][])"));
  }

  // ------------------------------------------------------------------ 6. models that could not run

  @Test
  void firstExitWithoutAnEndIsAnError() {
    ModelSource src = model("NoEnd").chain("stateDim = 2, setting = Setting.FIRST_EXIT").build();
    assertOnlyError(src, Message.NO_END.format("FIRST_EXIT", "NoEnd"), at("class NoEnd"));
  }

  @Test
  void emptyBottleneckIsAnError() {
    ModelSource src = model("EmptyEta")
        .transition("double[] e = new double[1];", "mu(x, e);", "next[0] = noise.gaussian(e[0], 0.1);",
            "next[1] = noise.gaussian(x[1], 0.1);")
        .fields("@Param double k;", "@Param(length = 2) double[] w;")
        .members("@Bottleneck(dim = 0) void mu(double[] x, double[] eta) {", "  eta[0] = k * x[0];", "}")
        .build();
    Compilation c = compile(src);
    assertTrue(c.errors().stream().anyMatch(d -> d.getMessage(java.util.Locale.ROOT)
        .equals(Message.BOTTLENECK_DIM.format(0, "mu"))), () -> ProcessorDiagnostics.describe(c.errors()));
  }

  @Test
  void paramInitializerIsAnError() {
    ModelSource src = model("Initialized").fields("@Param double k = 0.5;", "@Param(length = 2) double[] w;").build();
    assertOnlyError(src, Message.PARAM_INITIALIZER.format("k", "value = 0.5)"), at("double k = 0.5;", "k"));
  }

  @Test
  void finalParamIsAnError() {
    ModelSource src = model("FinalParam").fields("@Param final double k = 0.5;", "@Param(length = 2) double[] w;").build();
    assertOnlyError(src, Message.PARAM_FINAL.format("k"), at("double k = 0.5;", "k"));
  }

  // ------------------------------------------------------------------ 7. constants and statement forms

  /** Array constants and constants javac does not fold are constants: the kernel computes what Java does. */
  @Test
  void arrayAndComputedConstants() throws Exception {
    ModelSource src = model("Tables")
        .fields("static final double S2 = Math.sqrt(2.0);", "static final double[] C = {1.5, -2.0, S2 / 4};",
            "static final int[] IDX = {1, 0};", "static final double HALF_PI = Math.PI / 2 + StrictMath.atan2(0.0, 1.0);",
            "@Param double k;", "@Param(length = 2) double[] w;")
        .transition("double s = 0.0;", "for (int i = 0; i < C.length; i++) { s += C[i] * w[IDX[i % 2]]; }",
            "next[0] = noise.gaussian(k * x[0] + s, S2);", "next[1] = noise.gaussian(x[1] * HALF_PI, 0.1);")
        .cost("return C[2] * x[0] * x[0] + S2 * x[1];")
        .build();
    ChainKernel kernel = load(src);
    double[] x = {0.7, -0.3};
    double s2 = Math.sqrt(2.0);
    assertEquals(s2 / 4 * 0.7 * 0.7 + s2 * -0.3, kernel.cost(new double[] {0.1, 0.2, 0.3}, x, 0, 0));
    double[] mean = new double[2];
    double[] theta = {0.1, 0.2, 0.3};
    kernel.meanStep(theta, x, 0, 0, mean);
    double s = 0.0;
    double[] c = {1.5, -2.0, s2 / 4};
    int[] idx = {1, 0};
    for (int i = 0; i < 3; i++) {
      s += c[i] * theta[1 + idx[i % 2]];
    }
    assertEquals(0.1 * 0.7 + s, mean[0]);
    assertEquals(-0.3 * (Math.PI / 2 + StrictMath.atan2(0.0, 1.0)), mean[1]);
    KernelVerifier.verify(kernel, 9L, 10, KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5))
        .assertWithin(1e-6);
  }

  @Test
  void constantArraysAreReadOnly() {
    ModelSource src = model("WritesTable")
        .fields("static final double[] C = {1.0, 2.0};", "@Param double k;", "@Param(length = 2) double[] w;")
        .cost("C[0] = x[0];", "return x[0] * x[0] + C[1];")
        .build();
    Compilation c = compile(src);
    assertTrue(c.errors().stream().anyMatch(d -> d.getMessage(java.util.Locale.ROOT).startsWith("C is read-only in cost()")),
        () -> ProcessorDiagnostics.describe(c.errors()));
  }

  /** Found by the extended fuzzer: a helper writing into a constant array it was passed. */
  @Test
  void constantArraysAreReadOnlyThroughHelpersToo() {
    ModelSource src = model("ClobbersTable")
        .fields("static final double[] C = {1.0, 2.0};", "@Param double k;", "@Param(length = 2) double[] w;")
        .cost("clobber(C);", "return x[0] * x[0] + C[0];")
        .members("void clobber(double[] a) {", "  a[0] = 5.0;", "}")
        .build();
    assertOnlyError(src, Message.ASSIGN_READ_ONLY.format("C (passed to a helper as an array)", "cost", "it is a constant"),
        at("a[0] = 5.0;"));
  }

  /** Found by the extended fuzzer: this.w.length (the form a shadowed field needs). */
  @Test
  void lengthOfAFieldThroughThis() throws Exception {
    ModelSource src = model("ThisLength")
        .fields("static final double[] C = {1.0, 2.0, 3.0};", "@Param double k;", "@Param(length = 2) double[] w;")
        .transition("double w = this.w[this.w.length - 1] * this.C.length;",
            "next[0] = noise.gaussian(w * x[0], 0.1);", "next[1] = noise.gaussian(k * x[1], 0.1);")
        .build();
    ChainKernel kernel = load(src);
    double[] mean = new double[2];
    kernel.meanStep(new double[] {0.5, 1.0, 2.0}, new double[] {2.0, 1.0}, 0, 0, mean);
    assertEquals(2.0 * 3 * 2.0, mean[0]);
  }

  @Test
  void constantThatCannotBeEvaluatedIsAnError() {
    ModelSource src = model("RandomConstant")
        .fields("static final double R = Math.random();", "@Param double k;", "@Param(length = 2) double[] w;")
        .build();
    Compilation c = compile(src);
    assertEquals(1, c.errors().size(), () -> ProcessorDiagnostics.describe(c.errors()));
    assertTrue(c.errors().get(0).getMessage(java.util.Locale.ROOT).startsWith("constant R = Math.random() cannot be"));
  }

  @Test
  void remainderAssignmentIsSupported() throws Exception {
    ModelSource src = model("Remainder")
        .transition("int j = 7;", "j %= N + 1;", "next[0] = noise.gaussian(k * x[0] * j, 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    ChainKernel kernel = load(src);
    double[] mean = new double[2];
    kernel.meanStep(new double[] {0.5, 1.0, 2.0}, new double[] {2.0, 1.0}, 0, 0, mean);
    assertEquals(0.5 * 2.0 * (7 % 3), mean[0]);
  }

  /** A helper is read once however many methods call it, so its errors are reported once. */
  @Test
  void errorInAHelperCalledTwiceIsReportedOnce() {
    ModelSource src = model("CalledTwice")
        .transition("next[0] = noise.gaussian(k * f(x[0]), 0.1);", "next[1] = noise.gaussian(x[1], 0.1);")
        .cost("return f(x[0]) + f(x[1]);")
        .members("double f(double v) {", "  double s = 0.0;", "  while (s < v) { s += 1.0; }", "  return s;", "}")
        .build();
    assertOnlyError(src, Message.UNSUPPORTED.format("a while loop", "f", "write a counted for loop with a constant bound"),
        at("while (s < v)"));
  }

  @Test
  void integerDivisionByZeroIsNamedAsSuch() {
    ModelSource src = model("ByZero")
        .transition("int j = N / 0;", "next[0] = noise.gaussian(k * x[0] * j, 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.DIVISION_BY_ZERO.format("step", "N / 0"), at("N / 0", "/"));
  }

  @Test
  void unsupportedCompoundAssignmentIsNamedInJava() {
    ModelSource src = model("Shift")
        .transition("int j = 7;", "j <<= 1;", "next[0] = noise.gaussian(k * x[0] * j, 0.1);",
            "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);")
        .build();
    assertOnlyError(src, Message.UNSUPPORTED.format("the statement j <<= 1", "step",
        "statements are assignments (= += -= *= /= %=), increments and calls of model methods"), at("j <<= 1", "<<="));
  }

  // ------------------------------------------------------------------ 4. depth

  /** A 1500-term sum is read, differentiated and written without exhausting the processor's stack. */
  @Test
  void deepExpressionDoesNotOverflowTheProcessor() {
    StringBuilder sum = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      sum.append(i == 0 ? "" : " + ").append("w[").append(i % 2).append("] * x[0] * ").append(i + 1).append(".0");
    }
    ModelSource src = model("Deep")
        .transition("next[0] = noise.gaussian(0.5 * x[0] + 1e-4 * (" + sum + "), 0.1);",
            "next[1] = noise.gaussian(k * x[1], 0.1);")
        .build();
    List<String> sources = ProcessorDiagnostics.generatedSources(src);
    // the lockstep variant is written too (here the one that says why there is none: too large)
    assertEquals(List.of("test.DeepKernel", "test.DeepDso", "test.DeepLockstepKernel"), sources);
  }

  // ------------------------------------------------------------------ loading

  /** Compiles {@code src} with the processor and returns a new instance of its kernel. */
  static ChainKernel load(ModelSource src) throws Exception {
    Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new DsoProcessor()).compile(src.file);
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> ProcessorDiagnostics.describe(c.diagnostics()) + "\n" + src);
    return (ChainKernel) new GeneratedClasses(c)
        .loadClass(ModelSource.PACKAGE + "." + src.name + "Kernel").getDeclaredConstructor().newInstance();
  }
}
