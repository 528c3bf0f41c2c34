package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Zero-fills of work arrays that the next loop overwrites, and the reverse sweep's zeroing of adjoint
 * elements nothing reads again, are not generated; fills a read can see stay. Work arrays are kernel
 * fields, so a store wrongly removed shows up as a value left over from the previous call: every
 * method is checked on a kernel that has just run at another state against a fresh kernel, bit for bit.
 */
class DeadArrayStoresTest {

  private static String generated(String model) {
    return ReverseSweepTest.generated(model);
  }

  private static String method(String source, String signatureStart) {
    return ReverseSweepTest.method(source, signatureStart);
  }

  @Test
  void overwrittenLayersAreNotFilledAndReadAdjointsNotZeroed() {
    String source = generated("DenseLayer");
    String sample = method(source, "public void sample(");
    assertFalse(sample.contains("Arrays.fill(h,"), sample);
    assertFalse(sample.contains("Arrays.fill(c,"), sample);
    assertFalse(sample.contains("Arrays.fill(p,"), () -> "p[0..8] is written by its first loop:\n" + sample);
    String gradient = method(source, "public void accumulateGradient(");
    assertFalse(gradient.contains("Arrays.fill(h,"), gradient);
    assertTrue(gradient.contains("Arrays.fill(h$b,"), () -> "h$b is accumulated into, so its fill stays:\n" + gradient);
    assertFalse(gradient.contains("h$b[i] = 0.0"), () -> "the reverse sweep reads h$b[i] once:\n" + gradient);
  }

  @Test
  void fillsAReadCanSeeStay() {
    String sample = method(generated("PartialWrites"), "public void sample(");
    assertTrue(sample.contains("Arrays.fill(a,"), () -> "a[6], a[7] are read unwritten:\n" + sample);
    assertTrue(sample.contains("Arrays.fill(r,"), () -> "r[i] is read before it is written:\n" + sample);
    assertTrue(sample.contains("Arrays.fill(s,"), () -> "s[i] is written under a condition:\n" + sample);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DenseLayer", "PartialWrites"})
  void noValueCrossesCalls(String model) {
    ChainKernel used = SubsetModelsTest.kernel(model);
    ChainKernel fresh = SubsetModelsTest.kernel(model);
    double[] theta = new double[used.paramCount()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = Math.sin(1.7 * i + 0.3);
    }
    double[] a = {0.8, -1.3};
    double[] b = {-0.4, 0.6};
    double[] drawsA = new double[used.drawCount()];
    double[] drawsB = new double[used.drawCount()];
    double[] next = new double[2];
    used.sample(theta, a, 0, 0, new Rng(1L), drawsA, next);
    used.sample(theta, b, 0, 0, new Rng(2L), drawsB, next);
    double[] expectedNext = new double[2];
    double[] expectedDraws = new double[used.drawCount()];
    fresh.sample(theta, b, 0, 0, new Rng(2L), expectedDraws, expectedNext);
    assertArrayEquals(expectedNext, next);

    double[] mean = new double[2];
    double[] freshMean = new double[2];
    used.meanStep(theta, a, 0, 0, mean);
    used.meanStep(theta, b, 0, 0, mean);
    fresh.meanStep(theta, b, 0, 0, freshMean);
    assertArrayEquals(freshMean, mean);

    double[] g = new double[theta.length];
    double[] freshG = new double[theta.length];
    used.accumulateGradient(theta, a, 0, 0, drawsA, 1.0, 0.7, new double[theta.length]);
    used.accumulateGradient(theta, b, 0, 0, drawsB, 1.0, 0.7, g);
    fresh.accumulateGradient(theta, b, 0, 0, drawsB, 1.0, 0.7, freshG);
    assertArrayEquals(freshG, g);

    double[] v = new double[theta.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.cos(0.9 * i);
    }
    double[] hv = new double[theta.length];
    double[] freshHv = new double[theta.length];
    used.hvp(theta, a, 0, 0, drawsA, 1.0, 0.7, v, new double[theta.length]);
    used.hvp(theta, b, 0, 0, drawsB, 1.0, 0.7, v, hv);
    fresh.hvp(theta, b, 0, 0, drawsB, 1.0, 0.7, v, freshHv);
    assertArrayEquals(freshHv, hv);
  }

  @Test
  void partialWritesStayExact() {
    KernelVerifier.verify(SubsetModelsTest.kernel("PartialWrites"), 4L, 30,
        KernelVerifier.Options.defaults().withThetaScale(1.0).withRelFloor(1e-5)).assertWithin(1e-6);
  }
}
