package org.dsojava.runtime;

import static org.dsojava.runtime.Fdlibm.INV_LN2;
import static org.dsojava.runtime.Fdlibm.LN2_HI;
import static org.dsojava.runtime.Fdlibm.LN2_LO;
import static org.dsojava.runtime.Fdlibm.Q1;
import static org.dsojava.runtime.Fdlibm.Q2;
import static org.dsojava.runtime.Fdlibm.Q3;
import static org.dsojava.runtime.Fdlibm.Q4;
import static org.dsojava.runtime.Fdlibm.Q5;
import static org.dsojava.runtime.Fdlibm.TINY;

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

  /** 1.5·2⁵²: x + it − it is x rounded to an integer (|x| &lt; 2⁵¹); an integer k + it has k in its low bits. */
  private static final double ROUND_MAGIC = 0x1.8p52;
  private static final long ROUND_MAGIC_BITS = Double.doubleToRawLongBits(ROUND_MAGIC);
  /** tanh's value for |x| ≥ 22 before the sign: 1 − tiny, which rounds to 1. */
  private static final double ONE_MINUS_TINY = 1.0 - TINY;
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

  static void tanh(double[] in, double[] out, int from, int to) {
    lanes(in, out, from, to, false);
  }

  /**
   * For the tests: {@code out[k] = } the vector expm1 inside {@link #tanh} of u = 2|x| (|x| ≥ 1) or −2|x|
   * (|x| &lt; 1), x = {@code in[k]}, for {@code n} a multiple of the lane count (lanes tanh does not take
   * through expm1 get garbage).
   */
  static void tanhExpm1(double[] in, double[] out, int n) {
    lanes(in, out, 0, n, true);
  }

  /**
   * One method, loop and all: C2 keeps vectors in registers only within what it inlines, and a helper of
   * this size would not be inlined (each vector crossing a call would be a heap object).
   */
  private static void lanes(double[] in, double[] out, int from, int n, boolean expm1Only) {
    int len = S.length();
    int i = from;
    for (; i <= n - len; i += len) {
      DoubleVector x = DoubleVector.fromArray(S, in, i);
      DoubleVector ax = x.abs();
      VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
      VectorMask<Double> big = ax.compare(VectorOperators.GE, 1.0); // high word ≥ 0x3ff00000
      VectorMask<Double> positive = big; // u's sign
      // expm1(u), u = 2|x| or −2|x| (both exact), for 2⁻⁵⁴ ≤ |u| < 44 except its k = 1 case
      DoubleVector u = ax.mul(2.0).blend(ax.mul(-2.0), big.not());
      DoubleVector au = ax.mul(2.0);
      VectorMask<Double> reduce = au.compare(VectorOperators.GE, REDUCE);
      VectorMask<Double> oneStep = au.compare(VectorOperators.LT, THREE_HALF_LN2);
      // k = (int) (INV_LN2 * u ± 0.5) (truncation), or ±1 below 3ln2/2, or 0 unreduced
      DoubleVector half = DoubleVector.broadcast(S, 0.5).blend(-0.5, positive.not());
      // (int) truncation without D2L (not intrinsified on JDK 17): ROUND_MAGIC rounds to the nearest integer
      // (|v| < 2⁵¹, exact), then one step toward zero where that rounded away from it
      DoubleVector v = u.mul(INV_LN2).add(half);
      DoubleVector kd = v.add(ROUND_MAGIC).sub(ROUND_MAGIC);
      kd = kd.blend(kd.sub(1.0), kd.compare(VectorOperators.GT, v).and(v.compare(VectorOperators.GE, 0.0)));
      kd = kd.blend(kd.add(1.0), kd.compare(VectorOperators.LT, v).and(v.compare(VectorOperators.LT, 0.0)));
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
      DoubleVector r1 = hxs.mul(Q5).add(Q4).mul(hxs).add(Q3).mul(hxs).add(Q2).mul(hxs).add(Q1)
          .mul(hxs).add(1.0);
      DoubleVector t = DoubleVector.broadcast(S, 3.0).sub(r1.mul(hfx));
      DoubleVector e = hxs.mul(r1.sub(t).div(DoubleVector.broadcast(S, 6.0).sub(r.mul(t))));
      DoubleVector k0 = r.sub(r.mul(e).sub(hxs));
      e = r.mul(e.sub(c)).sub(c);
      e = e.sub(hxs);
      DoubleVector kMinus1 = r.sub(e).mul(0.5).sub(0.5);
      // k as a long: the integer kd sits in the low bits of kd + 1.5·2⁵² (exact)
      LongVector kl = kd.add(ROUND_MAGIC).reinterpretAsLongs().sub(ROUND_MAGIC_BITS);
      DoubleVector eMinusR = e.sub(r);
      // y, then 2^k y by adding k to the exponent field (fdlibm's __HI(y) += k << 20), written out here: a
      // helper would not be inlined into a method this large, and a vector crossing a call is boxed
      // k ≤ −2 or k > 56: 2^k (1 − (e − r)) − 1
      VectorMask<Double> far = kd.compare(VectorOperators.LE, -2.0).or(kd.compare(VectorOperators.GT, 56.0));
      DoubleVector yFar = DoubleVector.broadcast(S, 1.0).sub(eMinusR);
      // 2^−k = fdlibm's withHighWord((0x3ff − k) << 20); shifts by a constant only (AVX2 has no variable
      // 64-bit arithmetic shift)
      DoubleVector twoMinusK = kl.neg().add(0x3ffL).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      // 2 ≤ k < 20: 2^k ((1 − 2^−k) − (e − r)); fdlibm's withHighWord(0x3ff00000 − (0x200000 >> k)) is the
      // bit pattern of 1.0 less 2^(53−k), i.e. 1 − 2^−k, which 1.0 − 2^−k gives exactly
      DoubleVector yLow = DoubleVector.broadcast(S, 1.0).sub(twoMinusK).sub(eMinusR);
      // 20 ≤ k ≤ 56: 2^k ((r − (e + 2^−k)) + 1)
      DoubleVector yMid = r.sub(e.add(twoMinusK)).add(1.0);
      DoubleVector y = yMid.blend(yLow, kd.compare(VectorOperators.LT, 20.0)).blend(yFar, far);
      DoubleVector scaled = y.reinterpretAsLongs().add(kl.lanewise(VectorOperators.LSHL, 52))
          .reinterpretAsDoubles();
      DoubleVector em1 = scaled.blend(scaled.sub(1.0), far);
      em1 = em1.blend(kMinus1, kd.compare(VectorOperators.EQ, -1.0));
      em1 = em1.blend(k0, kd.compare(VectorOperators.EQ, 0.0));
      if (expm1Only) {
        em1.intoArray(out, i);
        continue;
      }
      // tanh: |x| ≥ 1: 1 − 2/(t + 2); else −t/(t + 2); then the sign of x
      DoubleVector em1Plus2 = em1.add(2.0);
      DoubleVector zBig = DoubleVector.broadcast(S, 1.0).sub(DoubleVector.broadcast(S, 2.0).div(em1Plus2));
      DoubleVector zSmall = em1.neg().div(em1Plus2);
      DoubleVector z = zSmall.blend(zBig, big);
      z = z.blend(ONE_MINUS_TINY, ax.compare(VectorOperators.GE, TWENTY_TWO));
      z = z.blend(z.neg(), negative);
      z = z.blend(x.mul(x.add(1.0)), ax.compare(VectorOperators.LT, TWO_M55)); // x(1 + x), sign included
      // ±∞, NaN, and (never in tanh's domain: u ≥ 2 there) expm1's k = 1 case: the scalar tanh
      VectorMask<Double> scalar = ax.compare(VectorOperators.LE, Double.MAX_VALUE).not()
          .or(reduce.and(oneStep).and(positive));
      if (scalar.anyTrue()) {
        boolean[] rare = scalar.toArray();
        double[] fixed = new double[len];
        for (int j = 0; j < len; j++) {
          fixed[j] = rare[j] ? Fdlibm.tanh(in[i + j]) : 0.0; // before the store: in may be out
        }
        z.intoArray(out, i);
        for (int j = 0; j < len; j++) {
          if (rare[j]) {
            out[i + j] = fixed[j];
          }
        }
      } else {
        z.intoArray(out, i);
      }
    }
    if (!expm1Only) {
      if (i < n && in != out && n - from >= len) {
        // the tail as one vector ending at n: the lanes it shares with the last one are recomputed from
        // the same (unchanged) inputs, so get the same bits
        lanes(in, out, n - len, n, false);
      } else {
        LaneMath.scalarTanh(in, out, n, i);
      }
    }
  }

  private static double withHighWord(int hi) {
    return Double.longBitsToDouble((long) hi << 32);
  }
}
