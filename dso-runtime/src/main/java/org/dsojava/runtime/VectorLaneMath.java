package org.dsojava.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API half of {@link LaneMath}, loaded only when {@code jdk.incubator.vector} is present.
 *
 * <p>tanh: every lane computes {@link Fdlibm#tanh}'s main path (2⁻⁵⁵ ≤ |x| &lt; 22, through
 * {@link Fdlibm#expm1} of u = 2|x| for |x| ≥ 1 and u = −2|x| otherwise) with the scalar code's operations in
 * its order (no fma, nothing reassociated), so each lane gets the scalar bits; the branches become blends.
 * For those u, expm1's k is 0, −1, −2 or −3 (u &lt; 0) and 3 to 63 (u ≥ 2): its k = 1 case and its
 * overflow and underflow cases cannot occur. |x| &lt; 2⁻⁵⁵ and 22 ≤ |x| &lt; ∞ are blended in too; ±∞ and
 * NaN lanes (and, defensively, any k = 1 lane) are redone by the scalar {@link Fdlibm#tanh}.
 */
final class VectorLaneMath {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  private static final double TINY = 1.0e-300;
  /** tanh's value for |x| ≥ 22 before the sign: 1 − tiny, which rounds to 1. */
  private static final double ONE_MINUS_TINY = 1.0 - TINY;
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double INV_LN2 = 1.44269504088896338700e+00;
  private static final double Q1 = -3.33333333333331316428e-02;
  private static final double Q2 = 1.58730158725481460165e-03;
  private static final double Q3 = -7.93650757867487942473e-05;
  private static final double Q4 = 4.00821782732936239552e-06;
  private static final double Q5 = -2.01099218183624371326e-07;
  /*
   * Thresholds on high words, as doubles: for non-negative doubles, (high word ≥ h) ⇔ (value ≥ the double
   * whose high word is h and low word 0), since the bit patterns order like the values.
   */
  /** |x| ≥ 2⁻⁵⁵: tanh's high word ≥ 0x3c800000. */
  private static final double TWO_M55 = withHighWord(0x3c800000);
  /** |x| &lt; 22: tanh's high word &lt; 0x40360000. */
  private static final double TWENTY_TWO = withHighWord(0x40360000);
  /** |u| &gt; ln2/2 in expm1: its high word &gt; 0x3fd62e42, i.e. ≥ 0x3fd62e43. */
  private static final double REDUCE = withHighWord(0x3fd62e43);
  /** |u| &lt; 3ln2/2 in expm1: its high word &lt; 0x3FF0A2B2. */
  private static final double THREE_HALF_LN2 = withHighWord(0x3FF0A2B2);

  private VectorLaneMath() {}

  static int lanes() {
    return S.length();
  }

  static void tanh(double[] in, double[] out, int n) {
    int len = S.length();
    int i = 0;
    for (; i <= n - len; i += len) {
      DoubleVector x = DoubleVector.fromArray(S, in, i);
      DoubleVector ax = x.abs();
      VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
      VectorMask<Double> big = ax.compare(VectorOperators.GE, 1.0); // high word ≥ 0x3ff00000
      // expm1(u), u = 2|x| or −2|x| (both exact)
      DoubleVector u = ax.mul(2.0).blend(ax.mul(-2.0), big.not());
      DoubleVector em1 = expm1(u, big);
      VectorMask<Double> scalar = ax.compare(VectorOperators.LE, Double.MAX_VALUE).not()
          .or(kIsOne(u, big));
      // tanh: |x| ≥ 1: 1 − 2/(t + 2); else −t/(t + 2); then the sign of x
      DoubleVector em1Plus2 = em1.add(2.0);
      DoubleVector zBig = DoubleVector.broadcast(S, 1.0).sub(DoubleVector.broadcast(S, 2.0).div(em1Plus2));
      DoubleVector zSmall = em1.neg().div(em1Plus2);
      DoubleVector z = zSmall.blend(zBig, big);
      z = z.blend(ONE_MINUS_TINY, ax.compare(VectorOperators.GE, TWENTY_TWO));
      z = z.blend(z.neg(), negative);
      z = z.blend(x.mul(x.add(1.0)), ax.compare(VectorOperators.LT, TWO_M55)); // x(1 + x), sign included
      if (scalar.anyTrue()) {
        double[] xs = x.toArray();
        z.intoArray(out, i);
        for (int j = 0; j < len; j++) {
          if (scalar.laneIsSet(j)) {
            out[i + j] = Fdlibm.tanh(xs[j]);
          }
        }
      } else {
        z.intoArray(out, i);
      }
    }
    LaneMath.scalarTanh(in, out, n, i);
  }

  /**
   * {@link Fdlibm#expm1} lanewise where fdlibm returns neither early (|u| &lt; 2⁻⁵⁴, ±∞, NaN, overflow beyond
   * 709.78, −1 below −56·ln2) nor takes its k = 1 case (ln2/2 &lt; u &lt; 3ln2/2, {@link #kIsOne});
   * {@code positive} is u &gt; 0. The other lanes get garbage.
   */
  private static DoubleVector expm1(DoubleVector u, VectorMask<Double> positive) {
    DoubleVector au = u.abs();
    VectorMask<Double> reduce = au.compare(VectorOperators.GE, REDUCE);
    VectorMask<Double> oneStep = au.compare(VectorOperators.LT, THREE_HALF_LN2);
    // k = (int) (INV_LN2 * u ± 0.5) (truncation), or ±1 below 3ln2/2, or 0 unreduced
    DoubleVector half = DoubleVector.broadcast(S, 0.5).blend(-0.5, positive.not());
    DoubleVector kd = ((LongVector) u.mul(INV_LN2).add(half).convert(VectorOperators.D2L, 0))
        .convert(VectorOperators.L2D, 0).reinterpretAsDoubles();
    kd = kd.blend(DoubleVector.broadcast(S, 1.0).blend(-1.0, positive.not()), oneStep);
    kd = kd.blend(0.0, reduce.not());
    // hi = u − k·ln2hi, lo = k·ln2lo; with k = ±1 this is exactly u ∓ ln2hi and ±ln2lo, and with k = 0
    // it leaves r = u and c = 0 (c is not used then)
    DoubleVector hi = u.sub(kd.mul(LN2_HI));
    DoubleVector lo = kd.mul(LN2_LO);
    DoubleVector r = hi.sub(lo);
    DoubleVector c = hi.sub(r).sub(lo);
    DoubleVector hfx = r.mul(0.5);
    DoubleVector hxs = r.mul(hfx);
    DoubleVector r1 = hxs.mul(Q5).add(Q4).mul(hxs).add(Q3).mul(hxs).add(Q2).mul(hxs).add(Q1).mul(hxs).add(1.0);
    DoubleVector t = DoubleVector.broadcast(S, 3.0).sub(r1.mul(hfx));
    DoubleVector e = hxs.mul(r1.sub(t).div(DoubleVector.broadcast(S, 6.0).sub(r.mul(t))));
    DoubleVector k0 = r.sub(r.mul(e).sub(hxs));
    e = r.mul(e.sub(c)).sub(c);
    e = e.sub(hxs);
    DoubleVector kMinus1 = r.sub(e).mul(0.5).sub(0.5);
    LongVector kl = (LongVector) kd.convert(VectorOperators.D2L, 0);
    LongVector kShift = kl.lanewise(VectorOperators.LSHL, 52);
    DoubleVector eMinusR = e.sub(r);
    // k ≤ −2 or k > 56: 2^k (1 − (e − r)) − 1
    DoubleVector far = addToExponent(DoubleVector.broadcast(S, 1.0).sub(eMinusR), kShift).sub(1.0);
    // 2 ≤ k < 20: 2^k ((1 − 2^−k) − (e − r))
    LongVector uLow = LongVector.broadcast(kl.species(), 0x200000L).lanewise(VectorOperators.ASHR, kl)
        .neg().add(0x3ff00000L).lanewise(VectorOperators.LSHL, 32);
    DoubleVector low = addToExponent(uLow.reinterpretAsDoubles().sub(eMinusR), kShift);
    // 20 ≤ k ≤ 56: 2^k ((r − (e + 2^−k)) + 1)
    LongVector uMid = kl.neg().add(0x3ffL).lanewise(VectorOperators.LSHL, 52);
    DoubleVector mid = addToExponent(r.sub(e.add(uMid.reinterpretAsDoubles())).add(1.0), kShift);
    DoubleVector em1 = mid.blend(low, kd.compare(VectorOperators.LT, 20.0));
    em1 = em1.blend(far, kd.compare(VectorOperators.LE, -2.0).or(kd.compare(VectorOperators.GT, 56.0)));
    em1 = em1.blend(kMinus1, kd.compare(VectorOperators.EQ, -1.0));
    em1 = em1.blend(k0, kd.compare(VectorOperators.EQ, 0.0));
    return em1;
  }

  /** The lanes where expm1's k is 1 (ln2/2 &lt; u &lt; 3ln2/2), which {@link #expm1} does not do. */
  private static VectorMask<Double> kIsOne(DoubleVector u, VectorMask<Double> positive) {
    return u.compare(VectorOperators.GE, REDUCE).and(u.compare(VectorOperators.LT, THREE_HALF_LN2)).and(positive);
  }

  /**
   * For the tests: {@code out[k] = } the vector {@link #expm1} of {@code u[k]}, for {@code n} a multiple of
   * the lane count (the lanes fdlibm's early returns and its k = 1 case would take get garbage).
   */
  static void expm1Lanes(double[] u, double[] out, int n) {
    for (int i = 0; i < n; i += S.length()) {
      DoubleVector v = DoubleVector.fromArray(S, u, i);
      expm1(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
    }
  }

  private static DoubleVector addToExponent(DoubleVector y, LongVector kShift) {
    return y.reinterpretAsLongs().add(kShift).reinterpretAsDoubles();
  }

  private static double withHighWord(int hi) {
    return Double.longBitsToDouble((long) hi << 32);
  }
}
