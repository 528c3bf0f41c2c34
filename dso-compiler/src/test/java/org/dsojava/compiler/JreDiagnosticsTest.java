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
 * column of the model source, for errors in bodies, on declarations and on the class, and for the samples
 * that cannot be compiled at run time (a helper class whose source is not in its jar).
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
  @ValueSource(strings = {"brainbody.RecurrentCartPole", "brainbody.StaticLinearCartPole", "brainbody.StaticMlpCartPole"})
  void samplesThatNeedAHelperSourceFailAlikeOnBothPaths(String model) throws Exception {
    same(JreFrontEndTest.source(model));
  }
}
