package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reverse sweep saves only what it reads back, re-evaluates branch conditions instead of taping
 * them where that is sound, takes tanh′/exp′/sqrt′ from results, and leaves the primal value of the
 * output (ln P) to dead-code elimination. Correctness is judged by finite differences on a model built
 * to break each of these if done wrongly; the economy by the generated source.
 */
class ReverseSweepTest {

  /** The source of {@code model}'s generated kernel. */
  static String generated(String model) {
    Compilation c = Compiler.javac().withProcessors(new DsoProcessor())
        .compile(JavaFileObjects.forSourceString("test." + model, SubsetModelsTest.source(model)));
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics()::toString);
    try {
      return c.generatedSourceFile("test." + model + "Kernel").orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body of one generated method. */
  static String method(String source, String signatureStart) {
    int from = source.indexOf(signatureStart);
    assertTrue(from >= 0, () -> "no " + signatureStart);
    int to = source.indexOf("\n  }\n", from);
    return source.substring(from, to);
  }

  @Test
  void overwrittenValuesGiveExactDerivatives() {
    ChainKernel k = SubsetModelsTest.kernel("Overwrites");
    KernelVerifier.Options options = KernelVerifier.Options.defaults().withThetaScale(1.0).withRelFloor(1e-5);
    KernelVerifier.verify(k, 5L, 40, options).assertWithin(1e-6);
    // Both signs of y = k0·x0 + 0.3 and s = k1·x1, so every branch direction is differentiated.
    double[][] states = {{2.0, 1.5}, {-2.0, -1.5}, {2.0, -1.5}, {-2.0, 1.5}};
    KernelVerifier.Report atStates = KernelVerifier.verify(k, 9L, 16, options.withStateSampler((th, n, rng, x) -> {
      System.arraycopy(states[n % states.length], 0, x, 0, 2);
      return 0;
    }));
    atStates.assertWithin(1e-6);
    assertEquals(16, atStates.pointsChecked(), atStates::toString);
  }

  @Test
  void onlyTheSelfRewritingBranchIsTaped() {
    String g = method(generated("Overwrites"), "public void accumulateGradient(");
    assertTrue(g.contains("$branch1"), g);
    assertFalse(g.contains("$branch2"), g);
    // s > 0.0 is re-evaluated in the reverse sweep, so s's overwrite (s = s·s + k2) must be restored.
    assertTrue(g.contains("s = tape[--tp]"), g);
  }

  @Test
  void tanhDerivativeComesFromItsResultExceptForSelfAssignment() {
    String g = method(generated("Overwrites"), "public void accumulateGradient(");
    // m = tanh(s) is differentiated as 1 − m²; r = tanh(r) reads its target, so tanh is evaluated again.
    assertTrue(g.contains("(1.0 - m * m)"), g);
    assertTrue(g.contains("org.dsojava.runtime.Fdlibm.tanh(r)"), g);
  }

  @Test
  void tanhIsWrittenAsTheInlinableFdlibmPort() {
    String source = generated("Overwrites");
    assertTrue(source.contains("org.dsojava.runtime.Fdlibm.tanh("), source);
    assertFalse(source.contains(" Math.tanh("), source);
  }

  @Test
  void denseRowsAreJammedAndStayExact() {
    String source = generated("DenseLayer");
    String sample = method(source, "public void sample(");
    // The tanh layer runs four rows per pass (then, two passes, unrolled); the running sum (row i reads
    // row i − 1) keeps one row per iteration.
    assertTrue(sample.contains("z$3"), sample);
    assertFalse(sample.contains("z_2$"), sample);
    assertTrue(method(source, "public void accumulateGradient(").contains("z$3"));
    ChainKernel k = SubsetModelsTest.kernel("DenseLayer");
    KernelVerifier.verify(k, 3L, 30, KernelVerifier.Options.defaults().withThetaScale(1.0).withRelFloor(1e-5))
        .assertWithin(1e-6);
    // meanStep against the model's arithmetic in plain Java (same order of operations: bit for bit).
    double[] theta = new double[k.paramCount()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = Math.sin(1.7 * i + 0.3);
    }
    double[] x = {0.4, -1.1};
    double[] mean = new double[2];
    k.meanStep(theta, x, 0, 0, mean);
    double[] h = new double[8];
    for (int i = 0; i < 8; i++) {
      double z = theta[16 + i];
      for (int j = 0; j < 2; j++) {
        z += theta[i * 2 + j] * x[j];
      }
      h[i] = Math.tanh(z);
    }
    double run = 0.0;
    double[] c = new double[8];
    for (int i = 0; i < 8; i++) {
      double z = run;
      for (int j = 0; j < 2; j++) {
        z += 0.1 * theta[i * 2 + j];
      }
      run = 0.5 * z;
      c[i] = run;
    }
    double u = 0.0;
    for (int i = 0; i < 8; i++) {
      u += theta[24 + i] * h[i] + 0.01 * c[i];
    }
    double[] p = new double[9];
    for (int i = 0; i <= 8; i++) {
      p[i] = 0.3 * x[1] + 0.1 * i;
    }
    for (int i = 0; i < 8; i++) {
      p[i] = Math.tanh(theta[24 + i] * p[i + 1] + h[i]);
    }
    assertEquals(0.9 * x[0] + 0.1 * u, mean[0], 0.0);
    assertEquals(0.5 * x[1] + 0.05 * run + 0.1 * p[0], mean[1], 0.0);
  }

  @Test
  void activationsAreTapedOnlyWhereALaterRowReadsTheOverwrittenValue() {
    String g = method(generated("DenseLayer"), "public void accumulateGradient(");
    assertFalse(g.contains("tape[tp++] = h["), g);
    assertTrue(g.contains("tape[tp++] = p["), g);
    assertTrue(g.contains("p[i_") && g.contains("] = tape[--tp]"), g);
    // The look-ahead layer's derivative w.r.t. v[i] needs the old p[i + 1]: without its restore, the
    // finite-difference check in denseRowsAreJammedAndStayExact fails.
  }

  @ParameterizedTest
  @ValueSource(strings = {"BranchNoise", "BoolGate", "SiteForms"})
  void gradientDoesNotComputeTheLogDensityValue(String model) {
    String source = generated(model);
    assertTrue(method(source, "public double logDensity(").contains("Logistic.softplus("),
        "bernoulliLogit's ln P is −softplus(z)");
    String gradient = method(source, "public void accumulateGradient(");
    assertFalse(gradient.contains("softplus"), () -> model + ": the gradient evaluates ln P's value, which nothing reads");
    // softplus′ = σ: one exp and no branch on the sign of z.
    assertTrue(gradient.contains("Logistic.sigmoid("), gradient);
    assertFalse(gradient.contains("Math.exp(-Math.abs("), gradient);
  }
}
