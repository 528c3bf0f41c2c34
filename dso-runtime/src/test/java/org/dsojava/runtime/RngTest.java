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
}
