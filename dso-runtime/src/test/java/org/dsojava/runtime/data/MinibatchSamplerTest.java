package org.dsojava.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.dsojava.runtime.AllocationProbe;
import org.junit.jupiter.api.Test;

/** Minibatches: a function of (seed, step), distinct, sorted, uniform. */
class MinibatchSamplerTest {
  private static final DataSet DATA = Fixtures.synthetic(1, 9, 3, 4, 2, 6, 1, 1, 5, 8);

  @Test
  void aDrawDependsOnSeedAndStepOnly() {
    MinibatchSampler a = new MinibatchSampler(DATA, 5, 42);
    MinibatchSampler b = new MinibatchSampler(DATA, 5, 42);
    int[] first = new int[5];
    int[] again = new int[5];
    a.trajectories(7, first);
    for (long s = 0; s < 20; s++) {
      b.trajectories(s, again);
      b.records(s, new int[5], new int[5]);
    }
    b.trajectories(7, again);
    assertArrayEquals(first, again);
    int[] n1 = new int[5];
    int[] t1 = new int[5];
    int[] n2 = new int[5];
    int[] t2 = new int[5];
    a.records(3, n1, t1);
    b.records(3, n2, t2);
    assertArrayEquals(n1, n2);
    assertArrayEquals(t1, t2);
    MinibatchSampler other = new MinibatchSampler(DATA, 5, 43);
    int differ = 0;
    for (long s = 0; s < 10; s++) {
      a.trajectories(s, first);
      other.trajectories(s, again);
      differ += Arrays.equals(first, again) ? 0 : 1;
      b.trajectories(s + 1, again);
      differ += Arrays.equals(first, again) ? 0 : 1;
    }
    assertTrue(differ >= 15, differ + " of 20 batches differ between seeds or steps");
  }

  /** Pins the draws, so that a change of algorithm (which would change everyone's batches) is noticed. */
  @Test
  void drawsArePinned() {
    MinibatchSampler s = new MinibatchSampler(DATA, 4, 2025);
    int[] n = new int[4];
    int[] t = new int[4];
    s.trajectories(0, n);
    assertEquals(PINNED_TRAJECTORIES, Arrays.toString(n));
    s.records(1, n, t);
    assertEquals(PINNED_RECORDS, Arrays.toString(n) + Arrays.toString(t));
  }

  private static final String PINNED_TRAJECTORIES = "[1, 7, 8, 9]";
  private static final String PINNED_RECORDS = "[1, 2, 5, 9][0, 2, 1, 5]";

  @Test
  void batchesAreDistinctSortedAndInRange() {
    MinibatchSampler s = new MinibatchSampler(DATA, 12, 1);
    int[] n = new int[13];
    int[] t = new int[13];
    for (long step = 0; step < 200; step++) {
      s.records(step, n, t);
      for (int i = 0; i < 12; i++) {
        assertTrue(t[i] >= 0 && t[i] < DATA.length(n[i]), "(" + n[i] + ", " + t[i] + ")");
        if (i > 0) {
          assertTrue(n[i - 1] < n[i] || (n[i - 1] == n[i] && t[i - 1] < t[i]), "step " + step + ": "
              + Arrays.toString(n) + Arrays.toString(t));
        }
      }
    }
    MinibatchSampler all = new MinibatchSampler(DATA, 10, 1);
    all.trajectories(5, n);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.copyOf(n, 10));
  }

  /**
   * 30 000 draws of 3 of the 40 records: each record should appear 2250 times (sd ≈ 46) and each
   * of the 780 pairs 86.5 times (sd ≈ 9.2); a bias of a few percent in Floyd's algorithm or the
   * record-to-(n, t) mapping would move them by several sd.
   */
  @Test
  void recordsAreUniform() {
    int draws = 30_000;
    MinibatchSampler s = new MinibatchSampler(DATA, 3, 99);
    long[] start = new long[DATA.trajectories() + 1];
    for (int n = 0; n < DATA.trajectories(); n++) {
      start[n + 1] = start[n] + DATA.length(n);
    }
    int records = (int) DATA.totalRecords();
    int[] single = new int[records];
    int[] pair = new int[records * records];
    int[] n = new int[3];
    int[] t = new int[3];
    for (int step = 0; step < draws; step++) {
      s.records(step, n, t);
      int[] r = new int[3];
      for (int i = 0; i < 3; i++) {
        r[i] = (int) (start[n[i]] + t[i]);
        single[r[i]]++;
      }
      pair[r[0] * records + r[1]]++;
      pair[r[0] * records + r[2]]++;
      pair[r[1] * records + r[2]]++;
    }
    double each = draws * 3.0 / records;
    for (int r = 0; r < records; r++) {
      assertEquals(each, single[r], 5 * Math.sqrt(each), "record " + r);
    }
    double eachPair = draws * 3.0 / (records * (records - 1) / 2.0);
    double chi2 = 0;
    for (int i = 0; i < records; i++) {
      for (int j = i + 1; j < records; j++) {
        double d = pair[i * records + j] - eachPair;
        chi2 += d * d / eachPair;
      }
    }
    int dof = records * (records - 1) / 2 - 1;
    assertTrue(Math.abs(chi2 - dof) < 6 * Math.sqrt(2.0 * dof), "pair chi² " + chi2 + " for " + dof + " dof");
  }

  @Test
  void trajectoriesAreUniform() {
    MinibatchSampler s = new MinibatchSampler(DATA, 4, 5);
    int[] count = new int[10];
    int[] n = new int[4];
    for (int step = 0; step < 20_000; step++) {
      s.trajectories(step, n);
      for (int k : n) {
        count[k]++;
      }
    }
    for (int k = 0; k < 10; k++) {
      assertEquals(8000, count[k], 5 * Math.sqrt(8000 * 0.6), "trajectory " + k);
    }
  }

  @Test
  void badSizes() {
    assertEquals("minibatch size 0 is not in 1..268435456",
        assertThrows(IllegalArgumentException.class, () -> new MinibatchSampler(DATA, 0, 1)).getMessage());
    MinibatchSampler s = new MinibatchSampler(DATA, 11, 1);
    assertEquals("minibatch size 11 exceeds the 10 trajectories of the data set",
        assertThrows(IllegalArgumentException.class, () -> s.trajectories(0, new int[11])).getMessage());
    assertEquals("output arrays of length 10 cannot hold a minibatch of 11",
        assertThrows(IllegalArgumentException.class, () -> s.records(0, new int[11], new int[10])).getMessage());
    MinibatchSampler big = new MinibatchSampler(DATA, 41, 1);
    assertEquals("minibatch size 41 exceeds the 40 records of the data set",
        assertThrows(IllegalArgumentException.class, () -> big.records(0, new int[41], new int[41])).getMessage());
  }

  @Test
  void drawsAllocateNothing() {
    assumeTrue(AllocationProbe.isSupported(), "JVM cannot count per-thread allocation");
    MinibatchSampler records = new MinibatchSampler(DATA, 16, 3);
    MinibatchSampler trajectories = new MinibatchSampler(DATA, 6, 3);
    int[] n = new int[16];
    int[] t = new int[16];
    Runnable loop = () -> {
      for (int step = 0; step < 20_000; step++) {
        records.records(step, n, t);
        trajectories.trajectories(step, n);
      }
    };
    loop.run();
    long min = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && min > 0; attempt++) {
      min = Math.min(min, AllocationProbe.allocatedBytes(loop));
    }
    assertEquals(0L, min, "bytes allocated by 40 000 draws");
  }
}
