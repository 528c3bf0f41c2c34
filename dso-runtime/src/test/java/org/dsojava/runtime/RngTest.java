package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
}
