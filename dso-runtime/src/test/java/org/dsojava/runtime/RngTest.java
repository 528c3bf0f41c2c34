package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RngTest {
  /** Mixed draws: raw longs, uniforms and (ziggurat) Gaussians. */
  private static double[] draws(Rng r, int count) {
    double[] d = new double[count];
    for (int i = 0; i < count; i++) {
      switch (i % 3) {
        case 0 -> d[i] = Double.longBitsToDouble(r.nextLong() >>> 12 | 0x3FF0000000000000L);
        case 1 -> d[i] = r.uniform();
        default -> d[i] = r.gaussian();
      }
    }
    return d;
  }

  @Test
  void sameSeedAndStreamGiveTheSameSequence() {
    assertArrayEquals(draws(new Rng(42L, 3L), 1000), draws(new Rng(42L, 3L), 1000));
    assertArrayEquals(draws(new Rng(42L), 1000), draws(new Rng(42L, 0L), 1000));
  }

  @Test
  void differentSeedsOrStreamsGiveDifferentSequences() {
    double[] base = draws(new Rng(42L, 3L), 100);
    assertFalse(Arrays.equals(base, draws(new Rng(42L, 4L), 100)));
    assertFalse(Arrays.equals(base, draws(new Rng(43L, 3L), 100)));
  }

  @Test
  void reseedRestartsAsAFreshInstance() {
    Rng r = new Rng(1L, 0L);
    draws(r, 777); // consume, leaving the sampler in the middle of its work
    r.reseed(42L, 3L);
    assertArrayEquals(draws(new Rng(42L, 3L), 1000), draws(r, 1000));
    r.reseed(42L, 3L);
    assertArrayEquals(draws(new Rng(42L, 3L), 1000), draws(r, 1000));
  }

  @Test
  void antitheticTwinReflectsUniformsAndNegatesGaussians() {
    Rng plain = new Rng(42L, 3L);
    Rng twin = new Rng(0L);
    twin.reseed(42L, 3L, true);
    for (int i = 0; i < 3000; i++) {
      if (i % 2 == 0) {
        double u = plain.uniform();
        double v = twin.uniform();
        assertTrue(v >= 0 && v < 1, "v = " + v);
        assertEquals(1 - 0x1.0p-53, u + v, 0.0);
      } else {
        assertEquals(-plain.gaussian(), twin.gaussian(), 0.0);
      }
    }
    // A plain reseed ends the reflection.
    twin.reseed(42L, 3L);
    assertArrayEquals(draws(new Rng(42L, 3L), 300), draws(twin, 300));
  }

  @Test
  void uniformIsInUnitInterval() {
    Rng r = new Rng(5L);
    for (int i = 0; i < 10_000; i++) {
      double u = r.uniform();
      assertTrue(u >= 0 && u < 1, "u = " + u);
    }
  }

  @Test
  void categoricalRejectsANegativeEntryByName() {
    Rng r = new Rng(1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.categorical(new double[] {0.5, -0.1, 0.6}));
    assertTrue(e.getMessage().contains("probs[1]"), e.getMessage());
    assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
  }

  @Test
  void categoricalRejectsANaNEntryByName() {
    Rng r = new Rng(1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.categorical(new double[] {0.5, 0.5, Double.NaN}));
    assertTrue(e.getMessage().contains("probs[2]"), e.getMessage());
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void categoricalRejectsProbabilitiesThatDoNotSumToOne() {
    Rng r = new Rng(1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.categorical(new double[] {0.5, 0.6}));
    assertTrue(e.getMessage().contains("sum to 1.1"), e.getMessage());
  }

  @Test
  void categoricalDrawsValidCategories() {
    Rng r = new Rng(9L);
    int[] counts = new int[3];
    for (int i = 0; i < 30_000; i++) {
      counts[r.categorical(new double[] {0.2, 0.0, 0.8})]++;
    }
    assertEquals(0, counts[1]);
    assertEquals(0.2, counts[0] / 30_000.0, 0.02);
  }

  /**
   * Adjacent seeds (and adjacent streams) give unrelated sequences: no output of one appears among
   * the first outputs of the other, and their uniforms are uncorrelated (|r| below 5/√n).
   */
  @org.junit.jupiter.api.Test
  void adjacentSeedsAndStreamsAreUnrelated() {
    int n = 20_000;
    for (long[] pair : new long[][] {{1, 0, 2, 0}, {1, 5, 1, 6}, {1000, 7, 1001, 7}}) {
      Rng a = new Rng(pair[0], pair[1]);
      Rng b = new Rng(pair[2], pair[3]);
      java.util.Set<Long> firsts = new java.util.HashSet<>();
      long[] outA = new long[64];
      for (int i = 0; i < outA.length; i++) {
        outA[i] = a.nextLong();
        firsts.add(outA[i]);
      }
      for (int i = 0; i < 64; i++) {
        org.junit.jupiter.api.Assertions.assertFalse(firsts.contains(b.nextLong()),
            "streams " + java.util.Arrays.toString(pair) + " share an output");
      }
      a = new Rng(pair[0], pair[1]);
      b = new Rng(pair[2], pair[3]);
      double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
      for (int i = 0; i < n; i++) {
        double u = a.uniform();
        double v = b.uniform();
        sa += u;
        sb += v;
        sab += u * v;
        saa += u * u;
        sbb += v * v;
      }
      double cov = sab / n - (sa / n) * (sb / n);
      double r = cov / Math.sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
      org.junit.jupiter.api.Assertions.assertTrue(Math.abs(r) < 5 / Math.sqrt(n), "correlation " + r);
    }
  }

  /** The decision {@link Rng#bernoulliLogit} must reproduce bit for bit: the product with e^(−η). */
  private static int product(double u, double logit) {
    return u * (1.0 + Math.exp(-logit)) < 1.0 ? 1 : 0;
  }

  private static void assertSameDecision(double u, double logit) {
    assertEquals(product(u, logit), Rng.bernoulliLogit(u, logit), () -> "u = " + u + " (" + Double.toHexString(u)
        + "), logit = " + logit + " (" + Double.toHexString(logit) + ")");
  }

  /** Doubles in their numeric order as longs (−0 just below +0), so a bisection can walk ulp by ulp. */
  private static long key(double d) {
    long bits = Double.doubleToRawLongBits(d);
    return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
  }

  private static double unkey(long k) {
    return Double.longBitsToDouble(k >= 0 ? k : k ^ Long.MAX_VALUE);
  }

  @Test
  void bernoulliLogitIsTheProductAtEdgeValues() {
    double[] us = {0.0, 0x1p-53, 0x1p-40, 1e-9, 0.25, 0.5 - 0x1p-54, 0.5, 0.75, 1 - 0x1p-20 - 0x1p-53,
        1 - 0x1p-20, 1 - 0x1p-20 + 0x1p-53, 1 - 0x1p-40, 1 - 0x1p-53};
    double[] magnitudes = {0.0, Double.MIN_VALUE, 1e-300, 1e-16, 1e-12, 1.0, 36.7, 37.5, 709.7, 709.79, 709.8,
        745.1, 745.2, 800.0, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    for (double u : us) {
      for (double m : magnitudes) {
        assertSameDecision(u, m);
        assertSameDecision(u, -m);
      }
      assertSameDecision(u, Double.NaN);
    }
  }

  @Test
  void bernoulliLogitIsTheProductOnRandomDraws() {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 1_000_000; i++) {
      double u = (r.nextLong() >>> 11) * 0x1.0p-53; // Rng.uniform()'s grid
      double logit = i % 2 == 0 ? 3 * r.nextGaussian() : r.nextDouble(-50, 50);
      assertSameDecision(u, logit);
    }
    // The stream method is the static decision applied to the stream's uniform, plain and antithetic.
    for (boolean twin : new boolean[] {false, true}) {
      Rng a = new Rng(0L);
      Rng b = new Rng(0L);
      a.reseed(5L, 9L, twin);
      b.reseed(5L, 9L, twin);
      for (int i = 0; i < 10_000; i++) {
        double logit = 2 * r.nextGaussian();
        assertEquals(product(b.uniform(), logit), a.bernoulliLogit(logit));
      }
    }
  }

  /**
   * Where the product flips from 0 to 1 (it is monotone in η: Math.exp is semi-monotonic), every η within
   * 256 ulps and within a few margins of the flip gets the product's decision: the shortcut only decides
   * where rounding cannot change the product's answer.
   */
  @Test
  void bernoulliLogitIsTheProductAtAndAroundItsFlip() {
    SplittableRandom r = new SplittableRandom(12);
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      long k = r.nextLong() >>> 11;
      // Uniforms over the whole grid, and some very close to 0 and to 1 (where 1/(1−u) is large).
      double u = switch (i % 4) {
        case 0, 1 -> k * 0x1.0p-53;
        case 2 -> (k >>> 30) * 0x1.0p-53;
        default -> 1 - 0x1p-53 - (k >>> 30) * 0x1.0p-53;
      };
      if (u == 0.0) {
        continue;
      }
      long lo = key(-800.0); // product 0 here for every u > 0
      long hi = key(800.0); // product 1 here for every u < 1
      assertEquals(0, product(u, unkey(lo)));
      assertEquals(1, product(u, unkey(hi)));
      while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if (product(u, unkey(mid)) == 1) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      double flip = unkey(hi); // the least η with product 1
      for (long d = -256; d <= 256; d++) {
        assertSameDecision(u, unkey(hi + d));
      }
      double scale = Rng.MARGIN * (1 + u / (1 - u));
      for (int j = 1; j <= 40; j++) {
        assertSameDecision(u, flip + j * 0.1 * scale);
        assertSameDecision(u, flip - j * 0.1 * scale);
      }
      checked++;
    }
    assertTrue(checked > 19_000);
  }
}
