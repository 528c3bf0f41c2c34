package org.dsojava.runtime;

/**
 * fdlibm's {@code tanh} and {@code expm1}, and its {@code sin} and {@code cos} on |x| ≤ π/4 (the algorithms
 * {@link StrictMath} is specified to follow) in plain Java, for generated kernels: bit-identical to
 * {@code StrictMath.tanh}, {@code StrictMath.expm1}, {@code StrictMath.sin} and {@code StrictMath.cos}
 * ({@code FdlibmTest} compares them on a million inputs and every branch boundary), and {@code tanh} to
 * {@code Math.tanh} on JDKs that do not intrinsify it (17 to 23 delegate it to StrictMath).
 *
 * <p>{@code sin} and {@code cos}: a model that calls {@code StrictMath.sin} asks for fdlibm's bits (the same
 * on every JDK and platform, unlike {@code Math.sin}, which on JDK 17/x86-64 differs from it in about 2% of
 * arguments). JDK 17 reaches fdlibm through JNI; here, for the small angles of balancing tasks, it is two
 * polynomials the JIT inlines (sin and cos of one angle: about 4–5 ns instead of 15–19 ns for the
 * {@code StrictMath} or {@code Math} pair). Larger arguments need fdlibm's argument reduction and go to
 * {@code StrictMath} itself.
 *
 * <p>Why: on JDK 17, {@code Math.tanh} is a JNI call into the JDK's fdlibm, which is compiled without
 * optimization; in a 2×64 tanh MLP step that call was about half the time (JNI transition, {@code jtanh},
 * {@code jexpm1}). Here the JIT inlines it. Any result within {@code Math.tanh}'s 2.5 ulp contract is a
 * legal {@code Math.tanh}; this one is also the same on every JDK and platform.
 */
public final class Fdlibm {
  static final double TINY = 1.0e-300;
  private static final double HUGE = 1.0e+300;
  private static final double O_THRESHOLD = 7.09782712893383973096e+02;
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  static final double INV_LN2 = 1.44269504088896338700e+00;
  /** Scaled coefficients of the rational approximation of expm1 on [−ln2/2, ln2/2]. */
  static final double Q1 = -3.33333333333331316428e-02;
  static final double Q2 = 1.58730158725481460165e-03;
  static final double Q3 = -7.93650757867487942473e-05;
  static final double Q4 = 4.00821782732936239552e-06;
  static final double Q5 = -2.01099218183624371326e-07;

  private Fdlibm() {}

  /** tanh(x): (e^{2|x|} − 1)/(e^{2|x|} + 1) through expm1, ±1 beyond |x| = 22. */
  public static double tanh(double x) {
    int jx = highWord(x);
    int ix = jx & 0x7fffffff;
    if (ix >= 0x7ff00000) { // ±∞ or NaN
      return jx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
    }
    double z;
    if (ix < 0x40360000) { // |x| < 22
      if (ix < 0x3c800000) { // |x| < 2⁻⁵⁵
        return x * (1.0 + x);
      }
      if (ix >= 0x3ff00000) { // |x| ≥ 1
        double t = expm1(2.0 * Math.abs(x));
        z = 1.0 - 2.0 / (t + 2.0);
      } else {
        double t = expm1(-2.0 * Math.abs(x));
        z = -t / (t + 2.0);
      }
    } else {
      z = 1.0 - TINY;
    }
    return jx >= 0 ? z : -z;
  }

  /**
   * e^x − 1: x = k·ln2 + r with |r| ≤ ln2/2, e^r − 1 from a rational approximation in r, then scaled
   * by 2^k with the low-order correction c carried through.
   */
  public static double expm1(double x) {
    int hx = highWord(x);
    boolean negative = hx < 0;
    hx &= 0x7fffffff;
    if (hx >= 0x4043687A) { // |x| ≥ 56·ln2
      if (hx >= 0x40862E42) { // |x| ≥ 709.78
        if (hx >= 0x7ff00000) {
          if (((hx & 0xfffff) | lowWord(x)) != 0) {
            return x + x; // NaN
          }
          return negative ? -1.0 : x;
        }
        if (x > O_THRESHOLD) {
          return HUGE * HUGE; // overflow
        }
      }
      if (negative && x + TINY < 0.0) {
        return TINY - 1.0; // x < −56·ln2: −1 (inexact)
      }
    }
    double hi;
    double lo;
    double c = 0.0;
    int k;
    if (hx > 0x3fd62e42) { // |x| > ln2/2: reduce
      if (hx < 0x3FF0A2B2) { // |x| < 3ln2/2
        if (!negative) {
          hi = x - LN2_HI;
          lo = LN2_LO;
          k = 1;
        } else {
          hi = x + LN2_HI;
          lo = -LN2_LO;
          k = -1;
        }
      } else {
        k = (int) (INV_LN2 * x + (negative ? -0.5 : 0.5));
        double t = k;
        hi = x - t * LN2_HI;
        lo = t * LN2_LO;
      }
      x = hi - lo;
      c = (hi - x) - lo;
    } else if (hx < 0x3c900000) { // |x| < 2⁻⁵⁴: x (inexact when x ≠ 0)
      double t = HUGE + x;
      return x - (t - (HUGE + x));
    } else {
      k = 0;
    }
    double hfx = 0.5 * x;
    double hxs = x * hfx;
    double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
    double t = 3.0 - r1 * hfx;
    double e = hxs * ((r1 - t) / (6.0 - x * t));
    if (k == 0) {
      return x - (x * e - hxs);
    }
    e = (x * (e - c) - c);
    e -= hxs;
    if (k == -1) {
      return 0.5 * (x - e) - 0.5;
    }
    if (k == 1) {
      return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
    }
    if (k <= -2 || k > 56) { // 2^k(1 + r) − 1 with the exponent added directly
      double y = 1.0 - (e - x);
      return addToExponent(y, k) - 1.0;
    }
    double y;
    if (k < 20) {
      double u = withHighWord(0x3ff00000 - (0x200000 >> k)); // 1 − 2^−k
      y = u - (e - x);
    } else {
      double u = withHighWord((0x3ff - k) << 20); // 2^−k
      y = x - (e + u);
      y += 1.0;
    }
    return addToExponent(y, k);
  }

  /** fdlibm's __kernel_sin coefficients (k_sin.c). */
  private static final double S1 = -1.66666666666666324348e-01;
  private static final double S2 = 8.33333333332248946124e-03;
  private static final double S3 = -1.98412698298579493134e-04;
  private static final double S4 = 2.75573137070700676789e-06;
  private static final double S5 = -2.50507602534068634195e-08;
  private static final double S6 = 1.58969099521155010221e-10;
  /** fdlibm's __kernel_cos coefficients (k_cos.c). */
  private static final double C1 = 4.16666666666666019037e-02;
  private static final double C2 = -1.38888888888741095749e-03;
  private static final double C3 = 2.48015872894767294178e-05;
  private static final double C4 = -2.75573143513906633035e-07;
  private static final double C5 = 2.08757232129817482790e-09;
  private static final double C6 = -1.13596475577881948265e-11;

  /** {@code StrictMath.sin(x)}: s_sin.c's |x| ≤ π/4 case (__kernel_sin with no reduction) inline. */
  public static double sin(double x) {
    int ix = highWord(x) & 0x7fffffff;
    if (ix > 0x3fe921fb) { // |x| > π/4 (and ±∞, NaN): fdlibm's reduction
      return StrictMath.sin(x);
    }
    if (ix < 0x3e400000) { // |x| < 2⁻²⁷
      return x;
    }
    double z = x * x;
    double v = z * x;
    double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    return x + v * (S1 + z * r);
  }

  /**
   * {@code StrictMath.cos(x)}: s_cos.c's |x| ≤ π/4 case (__kernel_cos with tail y = 0, so its x·y terms
   * vanish) inline.
   */
  public static double cos(double x) {
    int ix = highWord(x) & 0x7fffffff;
    if (ix > 0x3fe921fb) {
      return StrictMath.cos(x);
    }
    if (ix < 0x3e400000) {
      return 1.0;
    }
    double z = x * x;
    double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    if (ix < 0x3fd33333) { // |x| < 0.3
      return 1.0 - (0.5 * z - z * r);
    }
    double qx = ix > 0x3fe90000 ? 0.28125 : withHighWord(ix - 0x00200000); // x/4, truncated
    double hz = 0.5 * z - qx;
    double a = 1.0 - qx;
    return a - (hz - z * r);
  }

  private static int highWord(double x) {
    return (int) (Double.doubleToRawLongBits(x) >>> 32);
  }

  private static int lowWord(double x) {
    return (int) Double.doubleToRawLongBits(x);
  }

  /** The double whose high word is {@code hi} and low word 0. */
  private static double withHighWord(int hi) {
    return Double.longBitsToDouble((long) hi << 32);
  }

  /** y·2^k by adding k to the exponent field (fdlibm's {@code __HI(y) += k << 20}). */
  private static double addToExponent(double y, int k) {
    return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52));
  }
}
