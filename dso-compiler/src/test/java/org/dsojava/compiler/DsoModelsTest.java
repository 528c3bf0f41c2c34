package org.dsojava.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.dsojava.processor.diag.Message;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Models compiled at run time (issue 17): every sample's source text, compiled in this JVM, gives the same
 * generated source as the build and kernels that agree with the build's bit for bit; errors carry the model
 * source's line and column and the build's message; constants can be given at compile time; a model is
 * optimized without a build.
 */
class DsoModelsTest {
  static final Path SAMPLES = Path.of("..", "samples", "src", "main", "java", "org", "dsojava", "samples");
  static final Path GENERATED = Path.of("..", "samples", "target", "generated-sources", "annotations", "org",
      "dsojava", "samples");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"CartPoleLinear", "CartPoleMlp", "PendulumMlp", "Lqr", "SoftmaxChain", "LaplaceRegression"})
  void sampleModelsCompileAtRunTimeToTheBuildsKernels(String model) throws Exception {
    CompiledModel compiled = DsoModels.compile(SAMPLES.resolve(model + ".java"));
    assertEquals("org.dsojava.samples." + model, compiled.name());
    assertEquals(Files.readString(GENERATED.resolve(model + "Kernel.java")),
        compiled.generatedSources().get("org.dsojava.samples." + model + "Kernel"));
    ChainKernel runtime = compiled.kernel();
    ChainKernel build = (ChainKernel) Class.forName("org.dsojava.samples." + model + "Kernel")
        .getDeclaredConstructor().newInstance();
    assertNotSame(build.getClass(), runtime.getClass());
    sameResults(build, runtime, model.hashCode());
  }

  /** sample, logDensity, accumulateGradient, hvp and the initial θ agree bit for bit at random points. */
  static void sameResults(ChainKernel a, ChainKernel b, long seed) {
    assertEquals(a.paramCount(), b.paramCount());
    double[] theta = new double[a.paramCount()];
    a.initialParams(3, theta);
    double[] theta2 = new double[b.paramCount()];
    b.initialParams(3, theta2);
    same(theta, theta2);
    SplittableRandom r = new SplittableRandom(seed);
    for (int trial = 0; trial < 20; trial++) {
      double[] x = new double[a.stateDim()];
      a.initialState(theta, 0, new Rng(trial, 1), x);
      double[] x2 = new double[b.stateDim()];
      b.initialState(theta, 0, new Rng(trial, 1), x2);
      same(x, x2);
      double[] draws = new double[a.drawCount()];
      double[] next = new double[a.stateDim()];
      a.sample(theta, x, trial % 3, 0, new Rng(7, trial), draws, next);
      double[] draws2 = new double[b.drawCount()];
      double[] next2 = new double[b.stateDim()];
      b.sample(theta, x, trial % 3, 0, new Rng(7, trial), draws2, next2);
      same(draws, draws2);
      same(next, next2);
      same(new double[] {a.logDensity(theta, x, trial % 3, 0, draws)},
          new double[] {b.logDensity(theta, x, trial % 3, 0, draws)});
      double[] g = new double[theta.length];
      double[] g2 = new double[theta.length];
      a.accumulateGradient(theta, x, trial % 3, 0, draws, 1.0, -2.0, g);
      b.accumulateGradient(theta, x, trial % 3, 0, draws, 1.0, -2.0, g2);
      same(g, g2);
      double[] v = new double[theta.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.nextGaussian();
      }
      double[] h = new double[theta.length];
      double[] h2 = new double[theta.length];
      a.hvp(theta, x, trial % 3, 0, draws, 1.0, -2.0, v, h);
      b.hvp(theta, x, trial % 3, 0, draws, 1.0, -2.0, v, h2);
      same(h, h2);
    }
  }

  static void same(double[] a, double[] b) {
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]), "entry " + i);
    }
  }

  static final String SMALL = String.join("\n",
      "package demo;",
      "import org.dsojava.annotations.*;",
      "import org.dsojava.parts.Dense;",
      "@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9, horizon = 30)",
      "public class Small {",
      "  static final int H = 4;",
      "  final Dense hidden = new Dense(2, H);",
      "  @Param(length = H) double[] out;",
      "  @Transition void step(double[] x, Noise noise, double[] next) {",
      "    double[] h = new double[H];",
      "    hidden.applyTanh(x, h);",
      "    double u = 0.0;",
      "    for (int i = 0; i < H; i++) { u += out[i] * h[i]; }",
      "    next[0] = noise.gaussian(x[0] + 0.1 * x[1], 0.05);",
      "    next[1] = noise.gaussian(x[1] + 0.1 * u, 0.05);",
      "  }",
      "  @Cost double cost(double[] x) { return x[0] * x[0] + 0.1 * x[1] * x[1]; }",
      "  @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); x[1] = 0.0; }",
      "}");

  @Test
  void aModelIsOptimizedWithoutABuild() {
    CompiledModel m = DsoModels.compile(SMALL);
    assertEquals(2 * 4 + 4 + 4, m.kernel().paramCount());
    Result r = m.optimizer().batch(8).threads(2).seed(1).adam(0.05).iterations(5).run();
    assertEquals(5, r.curve().size());
    Result again = DsoModels.compile(SMALL).optimizer().batch(8).threads(1).seed(1).adam(0.05).iterations(5).run();
    same(r.theta(), again.theta());
  }

  @Test
  void constantsGivenAtCompileTimeResizeTheModel() {
    CompiledModel wide = DsoModels.compile(SMALL, Map.of("H", 16));
    assertEquals(2 * 16 + 16 + 16, wide.kernel().paramCount());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> DsoModels.compile(SMALL, Map.of("WIDTH", 16)));
    assertEquals("constant WIDTH is not a static final field with an initializer of Small; its constants: [H]",
        unknown.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> DsoModels.compile(SMALL, Map.of("H", 2.5)));
    assertEquals("constant H = 2.5 does not fit its type (int)", type.getMessage());
  }

  @Test
  void errorsCarryTheModelSourcesLineAndTheBuildsMessage() {
    String bad = SMALL.replace("    double u = 0.0;", "    double u = 0.0;\n    while (u < 1) { u += 1; }");
    ModelCompilationException e = assertThrows(ModelCompilationException.class, () -> DsoModels.compile(bad));
    assertEquals(1, e.problems().size(), e.getMessage());
    ModelCompilationException.Problem p = e.problems().get(0);
    assertEquals("Small.java", p.file());
    assertEquals(13, p.line());
    assertEquals(5, p.column());
    assertEquals(Message.UNSUPPORTED.format("a while loop", "step", "write a counted for loop with a constant bound"),
        p.message());
    ModelCompilationException java = assertThrows(ModelCompilationException.class,
        () -> DsoModels.compile(SMALL.replace("  static final int H = 4;", "  static final int H = 4;\n  int unused() { return \"x\"; }")));
    assertTrue(java.problems().stream().anyMatch(q -> q.line() == 7 && q.message().contains("incompatible types")),
        java.getMessage());
  }

  /** Not asserted (timing): compile latency of the CartPole MLP model, printed for docs. */
  @Test
  void compileLatency() throws Exception {
    String source = Files.readString(SAMPLES.resolve("CartPoleMlp.java"));
    DsoModels.compile(source);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      DsoModels.compile(source);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf("CartPoleMlp compiled at run time in %.0f ms (best of 5, warm)%n", best * 1e-6);
  }
}
