package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * Short counted loops are unrolled with their index comparisons and the conditionals they decide
 * folded, so work arrays indexed through them become locals; nothing the model computes changes. The
 * economy is judged by the generated source, the exactness bit for bit against the model in plain Java
 * and by finite differences.
 */
class UnrollSmallTest {

  private static String sampleSource() {
    return ReverseSweepTest.method(ReverseSweepTest.generated("SpringChain"), "public void sample(");
  }

  @Test
  void indexComparisonsAndTheConditionalsTheyDecideAreFolded() {
    String sample = sampleSource();
    assertFalse(sample.contains("for (int i"), () -> "the mass loop, whose conditionals the index decides, is unrolled:\n" + sample);
    assertFalse(sample.contains("for (int c"), () -> "the two-control loop is unrolled:\n" + sample);
    assertTrue(sample.contains("for (int j"), () -> "a 6-term dot product decides nothing by its index: left as a loop\n" + sample);
    assertFalse(sample.contains("?"), () -> "every conditional is decided by the index:\n" + sample);
    assertFalse(sample.contains("Arrays.fill"), () -> "u[] is indexed by constants only, so it is scalarized:\n" + sample);
    // i == 1's branch declares d, so it stays a branch (its condition folded) rather than leaking d.
    assertTrue(sample.contains("if (true)"), sample);
    assertEquals(1, count(sample, "if ("), sample);
  }

  @Test
  void unrolledSampleIsTheModelBitForBit() {
    ChainKernel k = SubsetModelsTest.kernel("SpringChain");
    double[] theta = new double[k.paramCount()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = 0.3 * Math.sin(1.3 * i + 0.2);
    }
    double[] x = {0.4, -1.1, 0.7, 0.2, -0.3, 0.9};
    double[] draws = new double[k.drawCount()];
    double[] next = new double[6];
    k.sample(theta, x, 0, 0, new Rng(7L, 3L), draws, next);

    Rng rng = new Rng(7L, 3L);
    double[] u = new double[2];
    for (int c = 0; c < 2; c++) {
      double s = 0.0;
      for (int j = 0; j < 6; j++) {
        s += theta[c * 6 + j] * x[j];
      }
      u[c] = rng.gaussian(-s, 0.5);
    }
    double[] expected = new double[6];
    for (int i = 0; i < 3; i++) {
      double p = x[2 * i];
      double v = x[2 * i + 1];
      double left = i > 0 ? x[2 * i - 2] : 0.0;
      double right = i < 2 ? x[2 * i + 2] : 0.0;
      double force = i % 2 == 0 ? u[i / 2] : 0.0;
      if (i == 1) {
        v = v - 0.25 * v;
      }
      double acc = left - 2.0 * p + right - 0.5 * v + force;
      expected[2 * i] = rng.gaussian(p + 0.1 * v, 0.05);
      expected[2 * i + 1] = rng.gaussian(v + 0.1 * acc, 0.05);
    }
    assertArrayEquals(expected, next);
    assertEquals(u[0], draws[0]);
    assertEquals(u[1], draws[1]);
  }

  @Test
  void unrolledGradientMatchesFiniteDifferences() {
    KernelVerifier.verify(SubsetModelsTest.kernel("SpringChain"), 11L, 30,
        KernelVerifier.Options.defaults().withThetaScale(1.0).withRelFloor(1e-5)).assertWithin(1e-6);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
