package org.dsojava.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors on the JRE path are the javac path's: the same {@link Message} texts at the same file, line and
 * column of the model source, for errors in bodies, on declarations and on the class, and for a helper
 * class whose source is not in its jar.
 */
class JreDiagnosticsTest {
  static final String SMALL = DsoModelsTest.SMALL;

  static List<ModelCompilationException.Problem> problems(boolean jre, String source) {
    ModelCompilationException e = assertThrows(ModelCompilationException.class,
        () -> {
          CompiledModel unused = jre ? DsoModels.compileWithoutJdk(source) : DsoModels.compile(source);
        });
    return e.problems();
  }

  static void same(String source) {
    List<ModelCompilationException.Problem> javac = problems(false, source);
    List<ModelCompilationException.Problem> jre = problems(true, source);
    assertFalse(javac.isEmpty());
    assertEquals(javac, jre);
  }

  @Test
  void anUndeclaredNameInABody() {
    List<ModelCompilationException.Problem> p = problems(true, SMALL.replace("u += out[i] * h[i];", "u += outs[i] * h[i];"));
    assertEquals(Message.UNKNOWN_NAME.format("outs", "step"), p.get(0).message());
    same(SMALL.replace("u += out[i] * h[i];", "u += outs[i] * h[i];"));
  }

  @Test
  void aStaticParam() {
    String bad = SMALL.replace("@Param(length = H) double[] out;", "@Param(length = H) static double[] out;");
    assertEquals(Message.PARAM_STATIC.format("out"), problems(true, bad).get(0).message());
    same(bad);
  }

  @Test
  void aMissingCost() {
    String bad = SMALL.replace("@Cost double cost", "double cost");
    same(bad);
  }

  @Test
  void aWhileLoop() {
    same(SMALL.replace("    double u = 0.0;", "    double u = 0.0;\n    while (u < 1) { u += 1; }"));
  }

  @Test
  void aCallOfAnUnknownFunctionAndAWrongArity() {
    same(SMALL.replace("u += out[i] * h[i];", "u += Math.sinh(out[i]) * Math.atan2(h[i]);"));
  }

  @Test
  void aNonConstantLoopBoundAndAnUnknownDistribution() {
    same(SMALL.replace("for (int i = 0; i < H; i++)", "for (int i = 0; i < (int) x[0]; i++)")
        .replace("noise.gaussian(x[0] + 0.1 * x[1], 0.05)", "noise.laplace(x[0] + 0.1 * x[1], 0.05)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "    boolean b = x[0] + 1;",
      "    int k = 1 / 0;",
      "    x[0] = 1.0;",
      "    double q = this.outs[0];",
      "    double q = Math.PIE;",
      "    double q = true ? 1.0 : false;",
      "    double q = -true;",
      "    double[] z = new double[(int) x[0]];",
      "    out[0] = 2.0;",
      "    u = noise;",
      "    H = 3;",
      "    double q = x;",
      "    double q = mystery(x[0]);",
      "    double q = cost(x, x);",
      "    double q = x[0] % 2.0;",
      "    for (int j = 0; j < 3; j += 1) { u += 1; }"})
  void errorsInABody(String line) {
    same(SMALL.replace("    double u = 0.0;", "    double u = 0.0;\n" + line));
  }

  /** Each case: the text to replace, a bar, its replacement. */
  @ParameterizedTest
  @ValueSource(strings = {
      "  static final int H = 4;|  static final int H = 4;\n  double state;",
      "  @Param(length = H) double[] out;|  @Param(length = H) double[] out = new double[4];",
      "  static final int H = 4;|  static final int H = 4;\n  static final double C = Math.random();",
      "  static final int H = 4;|  static final int H = 4;\n  static final String NAME = \"small\";",
      "@Cost double cost(double[] x)|@Cost double cost(double[] x, double y)",
      "@Initial void reset|@Cost @Initial void reset",
      "next[1] = noise.gaussian(x[1] + 0.1 * u, 0.05);|next[1] = x[1] + 0.1 * u;",
      "new Dense(2, H)|new Dense(2.5, H)",
      "  @Param(length = H) double[] out;|  @Param(length = H) double[] out;\n  @Param(length = 2) double scalar;",
      "@Chain(stateDim = 2,|@Chain(stateDim = 0,"})
  void errorsOnDeclarations(String edit) {
    String[] e = edit.split("\\|");
    String bad = SMALL.replace(e[0], e[1]);
    assertFalse(bad.equals(SMALL));
    same(bad);
  }

  @Test
  void aHelperWhoseSourceIsNotInItsJar() {
    // Lyapunov2 is on the class path as a class file only (not a @Part): its body cannot be read.
    same(SMALL.replace("    double u = 0.0;", "    double u = 0.0;\n    double q = org.dsojava.samples.design.Lyapunov2.gain(u);"));
  }
}
