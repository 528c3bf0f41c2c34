package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * A model's {@code StrictMath} calls keep fdlibm's bits in the kernel (the inlinable {@code Fdlibm} ports
 * where there is one, {@code StrictMath} itself otherwise), its derivative rules call {@code StrictMath} too,
 * and a {@code Math} call beside them stays {@code Math}.
 */
class StrictMathTest {
  /** {@code Math.f(} not preceded by a letter or dot, so not the tail of {@code StrictMath.f(}. */
  private static Pattern plainMath(String f) {
    return Pattern.compile("(?<![A-Za-z.])Math\\." + f + "\\(");
  }

  @Test
  void strictCallsAreWrittenToFdlibmAndStrictMath() {
    String source = ReverseSweepTest.generated("StrictTrig");
    String sample = ReverseSweepTest.method(source, "public void sample(");
    assertTrue(sample.contains("org.dsojava.runtime.Fdlibm.sin("), sample);
    assertTrue(sample.contains("org.dsojava.runtime.Fdlibm.cos("), sample);
    assertTrue(sample.contains("org.dsojava.runtime.Fdlibm.tanh("), sample);
    assertTrue(sample.contains("StrictMath.exp("), sample);
    assertTrue(plainMath("sin").matcher(sample).find(), () -> "the model's one Math.sin stays Math.sin:\n" + sample);
    String gradient = ReverseSweepTest.method(source, "public void accumulateGradient(");
    for (String f : new String[] {"cos", "exp", "tanh"}) {
      assertFalse(plainMath(f).matcher(gradient).find(),
          () -> "derivatives of StrictMath calls call StrictMath (or Fdlibm), not Math." + f + ":\n" + gradient);
    }
  }

  /**
   * The kernel samples exactly what the model computes in plain Java, at 2 000 states: Math.sin and
   * StrictMath.sin differ in about 2% of arguments on JDK 17, so a kernel that wrote Math for StrictMath
   * would differ somewhere here.
   */
  @Test
  void sampleIsTheModelBitForBit() {
    ChainKernel k = SubsetModelsTest.kernel("StrictTrig");
    double[] theta = {0.7, -0.4, 1.3};
    SplittableRandom random = new SplittableRandom(5L);
    double[] draws = new double[k.drawCount()];
    double[] next = new double[2];
    for (int n = 0; n < 2000; n++) {
      double[] x = {random.nextDouble(-1.5, 1.5), random.nextDouble(-1.5, 1.5)};
      k.sample(theta, x, 0, n, new Rng(7L, n), draws, next);
      Rng rng = new Rng(7L, n);
      double a = StrictMath.sin(theta[0] * x[0] + 0.3) * StrictMath.cos(x[1] + theta[1]);
      double b = StrictMath.tanh(theta[2] * x[1]) + StrictMath.exp(-theta[0] * theta[0]) + Math.sin(x[0]);
      double[] expected = {rng.gaussian(0.5 * x[0] + 0.3 * a, 0.4), rng.gaussian(0.5 * x[1] + 0.2 * b, 0.3)};
      assertArrayEquals(expected, next, "state " + n);
      double cost = x[0] * x[0] + x[1] * x[1] + 0.1 * StrictMath.cos(theta[1] * x[0]);
      assertEquals(cost, k.cost(theta, x, 0, n), "state " + n);
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    KernelVerifier.verify(SubsetModelsTest.kernel("StrictTrig"), 13L, 30,
        KernelVerifier.Options.defaults().withThetaScale(1.0).withRelFloor(1e-5)).assertWithin(1e-6);
  }
}
