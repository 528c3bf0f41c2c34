package org.dsojava.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JRE front end (Janino's parser → IR → the compiler core → Janino) against the javac path
 * (javac + the annotation processor): for every sample model the generated sources are byte-identical,
 * and the two compiled kernels compute the same doubles bit for bit.
 */
public class JreFrontEndTest {
  static final Path SAMPLES = Path.of("..", "samples", "src", "main", "java", "org", "dsojava", "samples");

  static String source(String model) throws IOException {
    return Files.readString(SAMPLES.resolve(model.replace('.', '/') + ".java"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CartPoleLinear", "Lqr", "CartPoleMlp", "PendulumMlp", "LaplaceRegression", "SoftmaxChain",
      "brainbody.RecurrentCartPole", "brainbody.StaticLinearCartPole", "brainbody.StaticMlpCartPole",
      "design.ReacherDesign", "estimation.LinearEstimator", "estimation.LinearEstimatorActionNoise",
      "estimation.PendulumEstimator", "generative.BaseTokens", "generative.TunedTokens",
      "randomization.NominalPendulum", "randomization.RandomizedPendulum", "sysid.PendulumSysId",
      "sysid.SensorCalibration"})
  void sameSourcesAndSameKernelAsJavac(String model) throws Exception {
    String source = source(model);
    CompiledModel javac = DsoModels.compile(source);
    CompiledModel jre = DsoModels.compileWithoutJdk(source);
    assertEquals(javac.generatedSources().keySet(), jre.generatedSources().keySet());
    for (String name : javac.generatedSources().keySet()) {
      assertEquals(javac.generatedSources().get(name), jre.generatedSources().get(name), name);
    }
    // Both kernels are the ones just generated, not the build's class of the same name on the class path.
    for (CompiledModel m : java.util.List.of(javac, jre)) {
      ClassLoader l = m.kernel().getClass().getClassLoader();
      assertTrue(l != JreFrontEndTest.class.getClassLoader() && l != ClassLoader.getSystemClassLoader(), l.toString());
    }
    sameKernel(javac.kernel(), jre.kernel());
  }

  /**
   * The generated classes of a model compiled on the JRE path share one class loader, so the lockstep kernel
   * is found beside the kernel (issue 19) and an optimizer running lockstep gives the per-rollout θ.
   */
  @org.junit.jupiter.api.Test
  void theLockstepKernelIsFoundOnTheJrePathToo() throws Exception {
    CompiledModel jre = DsoModels.compileWithoutJdk(source("CartPoleMlp"));
    assertTrue(org.dsojava.runtime.LockstepKernel.of(jre.kernel(), 4) != null, "lockstep kernel found");
    double[] perRollout = jre.optimizer().seed(3).batch(6).horizon(40).threads(1).iterations(3).progress(null)
        .adam(0.01).run().theta();
    double[] lockstep = jre.optimizer().seed(3).batch(6).horizon(40).threads(1).iterations(3).progress(null)
        .adam(0.01).lockstep(4).run().theta();
    assertArrayEquals(perRollout, lockstep, 0.0);
    // and on the javac path (dso optimize --lockstep)
    assertTrue(org.dsojava.runtime.LockstepKernel.of(DsoModels.compile(source("CartPoleMlp")).kernel(), 4) != null,
        "lockstep kernel found on the javac path");
  }

  @org.junit.jupiter.api.Test
  void structuralConstantsGiveTheSameSourcesOnBothPaths() throws Exception {
    String source = source("PendulumMlp");
    for (int obs : new int[] {3, 5}) {
      CompiledModel javac = DsoModels.compile(source, java.util.Map.of("OBS", obs));
      CompiledModel jre = DsoModels.compileWithoutJdk(source, java.util.Map.of("OBS", obs));
      assertEquals(javac.generatedSources(), jre.generatedSources());
      // The specialized kernel is the one that runs: OBS inputs to the first layer of 64.
      assertEquals(javac.kernel().paramCount(), jre.kernel().paramCount());
      assertEquals(DsoModels.compileWithoutJdk(source).kernel().paramCount() + 64 * (obs - 3), jre.kernel().paramCount());
    }
  }

  /**
   * Every model example of docs/MODELING.md, compiled alone: where the javac path compiles it, the JRE path
   * gives the same sources and kernel; where it does not (an example that uses a part defined by another
   * example, which javac reports as a missing symbol), the JRE path fails too.
   */
  @org.junit.jupiter.api.Test
  void theModelingGuideExamplesCompileAlikeOnBothPaths() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "MODELING.md"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("```java\\n(package .*?)```", java.util.regex.Pattern.DOTALL)
        .matcher(guide);
    int compiled = 0;
    int failed = 0;
    while (m.find()) {
      String code = m.group(1);
      if (!code.contains("@Chain")) {
        continue;
      }
      CompiledModel javac;
      try {
        javac = DsoModels.compile(code);
      } catch (ModelCompilationException e) {
        // javac's own errors (cannot find symbol) have no JRE-path twin: only failing too is asserted.
        org.junit.jupiter.api.Assertions.assertThrows(ModelCompilationException.class,
            () -> DsoModels.compileWithoutJdk(code));
        failed++;
        continue;
      }
      CompiledModel jre = DsoModels.compileWithoutJdk(code);
      assertEquals(javac.generatedSources(), jre.generatedSources());
      sameKernel(javac.kernel(), jre.kernel());
      compiled++;
    }
    System.out.println("MODELING.md: " + compiled + " examples compiled alike, " + failed + " failed alike");
    assertTrue(compiled >= 5, compiled + " examples compiled");
  }

  @org.junit.jupiter.api.Test
  void badConstantsAreRejectedAsOnTheJavacPath() {
    for (java.util.Map<String, Object> constants : java.util.List.<java.util.Map<String, Object>>of(
        java.util.Map.of("WIDTH", 16), java.util.Map.of("H", 2.5), java.util.Map.of("H", true))) {
      IllegalArgumentException javac = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> DsoModels.compile(DsoModelsTest.SMALL, constants));
      IllegalArgumentException jre = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> DsoModels.compileWithoutJdk(DsoModelsTest.SMALL, constants));
      assertEquals(javac.getMessage(), jre.getMessage());
    }
    CompiledModel wide = DsoModels.compileWithoutJdk(DsoModelsTest.SMALL, java.util.Map.of("H", 16));
    assertEquals(2 * 16 + 16 + 16, wide.kernel().paramCount());
  }

  /**
   * Sampling, ln P, its gradient and Hessian-vector product along a few steps, compared bit for bit (a model
   * that reads recorded data gets the same synthetic data set bound to both kernels).
   */
  public static void sameKernel(ChainKernel a, ChainKernel b) {
    assertEquals(a.paramCount(), b.paramCount());
    assertEquals(a.recordSchema() == null ? null : a.recordSchema().toString(),
        b.recordSchema() == null ? null : b.recordSchema().toString());
    if (a.recordSchema() != null) {
      DataSchema schema = a.recordSchema();
      DataSet.Builder data = DataSet.builder(schema);
      Rng values = new Rng(9L);
      for (int n = 0; n < 2; n++) {
        for (int t = 0; t < 40; t++) {
          double[] record = new double[schema.width()];
          for (int i = 0; i < record.length; i++) {
            record[i] = values.gaussian();
          }
          data.add(n, t, record);
        }
      }
      DataSet d = data.build();
      a.bind(d);
      b.bind(d);
    }
    double[] theta = new double[a.paramCount()];
    a.initialParams(4L, theta);
    double[] thetaB = new double[b.paramCount()];
    b.initialParams(4L, thetaB);
    assertArrayEquals(theta, thetaB);
    double[] x = new double[a.stateDim()];
    double[] xb = new double[b.stateDim()];
    a.initialState(theta, 0, new Rng(21L), x);
    b.initialState(theta, 0, new Rng(21L), xb);
    assertArrayEquals(x, xb);
    Rng rng = new Rng(5L);
    double[] v = new double[theta.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.gaussian();
    }
    for (int t = 0; t < 10 && !a.terminal(x, t, 0); t++) {
      // Fresh arrays each step: a model whose draws depend on the state fills only some of them.
      double[] next = new double[x.length];
      double[] draws = new double[a.drawCount()];
      double[] nextB = new double[x.length];
      double[] drawsB = new double[draws.length];
      int step = t;
      double[] xt = x;
      if (!sameOutcome(() -> a.sample(theta, xt, step, 0, new Rng(100L, step), draws, next),
          () -> b.sample(theta, xt, step, 0, new Rng(100L, step), drawsB, nextB))) {
        return;
      }
      assertArrayEquals(next, nextB);
      assertArrayEquals(draws, drawsB);
      double[] lp = new double[2];
      if (!sameOutcome(() -> lp[0] = a.logDensity(theta, xt, step, 0, draws),
          () -> lp[1] = b.logDensity(theta, xt, step, 0, draws))) {
        return;
      }
      assertEquals(lp[0], lp[1]);
      double[] g1 = new double[theta.length];
      double[] g2 = new double[theta.length];
      if (!sameOutcome(() -> a.accumulateGradient(theta, xt, step, 0, draws, 0.7, -1.3, g1),
          () -> b.accumulateGradient(theta, xt, step, 0, draws, 0.7, -1.3, g2))) {
        return;
      }
      assertArrayEquals(g1, g2);
      double[] h1 = new double[theta.length];
      double[] h2 = new double[theta.length];
      if (!sameOutcome(() -> a.hvp(theta, xt, step, 0, draws, 0.7, -1.3, v, h1),
          () -> b.hvp(theta, xt, step, 0, draws, 0.7, -1.3, v, h2))) {
        return;
      }
      assertArrayEquals(h1, h2);
      x = next;
    }
  }

  /**
   * Runs a call on both kernels; a model whose own code throws (an index out of bounds) must throw the same
   * on both. True when neither threw.
   */
  static boolean sameOutcome(Runnable a, Runnable b) {
    RuntimeException ea = caught(a);
    RuntimeException eb = caught(b);
    assertEquals(ea == null ? "no exception" : ea.toString(), eb == null ? "no exception" : eb.toString());
    return ea == null;
  }

  private static RuntimeException caught(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
