package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link Fdlibm} against {@link StrictMath}, bit for bit: the contract generated kernels rely on. */
class FdlibmTest {
  private static final int RANDOM = 1_000_000;

  @Test
  void tanhIsStrictMathTanh() {
    check("tanh", Fdlibm::tanh, StrictMath::tanh);
  }

  @Test
  void expm1IsStrictMathExpm1() {
    check("expm1", Fdlibm::expm1, StrictMath::expm1);
  }

  @Test
  void sinIsStrictMathSin() {
    check("sin", Fdlibm::sin, StrictMath::sin);
    checkSmallAngles("sin", Fdlibm::sin, StrictMath::sin);
  }

  @Test
  void cosIsStrictMathCos() {
    check("cos", Fdlibm::cos, StrictMath::cos);
    checkSmallAngles("cos", Fdlibm::cos, StrictMath::cos);
  }

  /**
   * The inline range |x| ≤ π/4 densely (where pendulums and carts spend their time), and the boundaries of
   * its branches: π/4 (0x3fe921fb), 2⁻²⁷ (0x3e400000), 0.3 (0x3fd33333) and 0.78125 (0x3fe90000).
   */
  private static void checkSmallAngles(String name, DoubleUnaryOperator ours, DoubleUnaryOperator strict) {
    SplittableRandom random = new SplittableRandom(20261202L);
    for (int i = 0; i < RANDOM; i++) {
      same(name, ours, strict, random.nextDouble(-Math.PI / 4, Math.PI / 4));
      same(name, ours, strict, random.nextDouble(-0.25, 0.25));
    }
    for (double s : new double[] {Math.PI / 4, 0x1p-27, 0.3, 0.78125, 0.28125 * 4}) {
      long bits = Double.doubleToRawLongBits(s);
      for (long d = -64; d <= 64; d++) {
        same(name, ours, strict, Double.longBitsToDouble(bits + d));
        same(name, ours, strict, -Double.longBitsToDouble(bits + d));
      }
    }
    for (int hi : new int[] {0x3fe921fb, 0x3fe921fc, 0x3e400000, 0x3fd33333, 0x3fe90000, 0x3fe90001}) {
      for (long low : new long[] {0, 1, 0xffffffffL, 0x54442d18L}) {
        double x = Double.longBitsToDouble((long) hi << 32 | low);
        same(name, ours, strict, x);
        same(name, ours, strict, -x);
      }
    }
  }

  /**
   * Random inputs uniform on [−40, 40] (every reduction branch of both functions, and tanh's |x| ≥ 22),
   * log-uniform magnitudes from 1e-320 to 1e3 of either sign (subnormals, the tiny-argument branches,
   * overflow), and every branch boundary of fdlibm's code with its neighbouring doubles.
   */
  private static void check(String name, DoubleUnaryOperator ours, DoubleUnaryOperator strict) {
    SplittableRandom random = new SplittableRandom(20261123L);
    for (int i = 0; i < RANDOM; i++) {
      same(name, ours, strict, random.nextDouble(-40, 40));
      double magnitude = Math.pow(10, random.nextDouble(-320, 3));
      same(name, ours, strict, random.nextBoolean() ? magnitude : -magnitude);
    }
    double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0, -1.0, 22.0,
        -22.0, 0x1p-55, 0x1p-54, Math.log(2) / 2, 1.5 * Math.log(2), 56 * Math.log(2), -56 * Math.log(2),
        709.782712893384, 709.79, -709.79, -745.2, 0.25, -0.25, 0.5, -0.5};
    for (double s : special) {
      for (double x = s, j = 0; j < 3; j++, x = Math.nextUp(x)) {
        same(name, ours, strict, x);
        same(name, ours, strict, -x);
      }
      for (double x = s, j = 0; j < 3; j++, x = Math.nextDown(x)) {
        same(name, ours, strict, x);
      }
    }
    for (int hi : new int[] {0x40360000, 0x3c800000, 0x3ff00000, 0x4043687A, 0x40862E42, 0x3fd62e42, 0x3FF0A2B2,
        0x3c900000}) {
      double x = Double.longBitsToDouble((long) hi << 32);
      for (long d = -3; d <= 3; d++) {
        double y = Double.longBitsToDouble(Double.doubleToRawLongBits(x) + d);
        same(name, ours, strict, y);
        same(name, ours, strict, -y);
      }
    }
    for (int k = -60; k <= 60; k++) { // expm1's exponent cases k ≤ −2, k < 20, k ≥ 20, k > 56
      same(name, ours, strict, k * Math.log(2) + 0.1);
      same(name, ours, strict, k * Math.log(2) / 2 - 0.1);
    }
  }

  private static void same(String name, DoubleUnaryOperator ours, DoubleUnaryOperator strict, double x) {
    double expected = strict.applyAsDouble(x);
    double actual = ours.applyAsDouble(x);
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        () -> name + "(" + x + " = " + Double.toHexString(x) + "): StrictMath gives " + expected + ", Fdlibm " + actual);
  }
}
