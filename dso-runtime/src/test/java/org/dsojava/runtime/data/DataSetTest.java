package org.dsojava.runtime.data;

import static org.dsojava.runtime.data.Fixtures.XAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsojava.runtime.AllocationProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading records: values, the messages of bad arguments, the builder's checks, threads, allocation. */
class DataSetTest {
  @TempDir
  Path dir;

  private BinaryDataSet mapped(DataSet d) throws IOException {
    Path f = dir.resolve("d.bin");
    DataSets.writeBinary(d, f);
    return DataSets.openBinary(f, d.schema());
  }

  @Test
  void readsFieldsByHandleAndByName() throws IOException {
    DataSet memory = Fixtures.synthetic(2, 3);
    try (BinaryDataSet binary = mapped(memory)) {
      for (DataSet d : List.of(memory, binary)) {
        assertEquals(2, d.trajectories());
        assertEquals(5, d.totalRecords());
        assertEquals(3, d.length(1));
        int x = d.field("x");
        int y = d.field("y");
        double[] out = {-1, -1, -1, -1, -1, -1};
        d.read(1, 2, x, out, 1);
        assertArrayEquals(new double[] {-1, Fixtures.value(1, 2, 0), Fixtures.value(1, 2, 1), Fixtures.value(1, 2, 2),
            Fixtures.value(1, 2, 3), -1}, out);
        d.read(0, 1, "y", out, 4);
        assertEquals(Fixtures.value(0, 1, 5), out[4]);
        assertEquals(Fixtures.value(0, 1, 6), out[5]);
        assertEquals(Fixtures.value(1, 0, 6), d.get(1, 0, y, 1));
        assertEquals(Fixtures.value(1, 0, 4), d.get(1, 0, d.field("a"), 0));
        double[] record = new double[8];
        d.readRecord(0, 0, record, 1);
        for (int p = 0; p < 7; p++) {
          assertEquals(Fixtures.value(0, 0, p), record[p + 1]);
        }
      }
    }
  }

  @Test
  void outOfRangeReadsNameTheSourceAndTheRange() throws IOException {
    DataSet memory = Fixtures.synthetic(2, 3);
    try (BinaryDataSet binary = mapped(memory)) {
      for (DataSet d : List.of(memory, binary)) {
        String s = d.source();
        double[] out = new double[7];
        assertEquals(s + ": n = 2 (with t = 0) is out of range: the data set has 2 trajectories (n = 0..1)",
            assertThrows(IndexOutOfBoundsException.class, () -> d.read(2, 0, 0, out, 0)).getMessage());
        assertEquals(s + ": n = -1 (with t = 5) is out of range: the data set has 2 trajectories (n = 0..1)",
            assertThrows(IndexOutOfBoundsException.class, () -> d.get(-1, 5, 0, 0)).getMessage());
        assertEquals(s + ": n = -1 is out of range: the data set has 2 trajectories (n = 0..1)",
            assertThrows(IndexOutOfBoundsException.class, () -> d.length(-1)).getMessage());
        assertEquals(s + ": t = 2 is out of range: trajectory n = 0 has 2 records (t = 0..1)",
            assertThrows(IndexOutOfBoundsException.class, () -> d.get(0, 2, 0, 0)).getMessage());
        assertEquals(s + ": t = -1 is out of range: trajectory n = 1 has 3 records (t = 0..2)",
            assertThrows(IndexOutOfBoundsException.class, () -> d.readRecord(1, -1, out, 0)).getMessage());
        assertEquals(s + ": field handle 3 is out of range: the schema (x[4], a[1], y[2]) has fields 0..2",
            assertThrows(IndexOutOfBoundsException.class, () -> d.read(0, 0, 3, out, 0)).getMessage());
        assertEquals(s + ": element 4 of field x is out of range: its arity is 4 (elements 0..3)",
            assertThrows(IndexOutOfBoundsException.class, () -> d.get(0, 0, 0, 4)).getMessage());
        assertEquals(s + ": cannot copy 4 values to offset 4 of an array of length 7",
            assertThrows(IndexOutOfBoundsException.class, () -> d.read(0, 0, 0, out, 4)).getMessage());
        assertEquals(s + ": cannot copy 7 values to offset 1 of an array of length 7",
            assertThrows(IndexOutOfBoundsException.class, () -> d.readRecord(0, 0, out, 1)).getMessage());
        assertEquals(s + ": no field \"z\"; the schema is x[4], a[1], y[2]",
            assertThrows(IllegalArgumentException.class, () -> d.field("z")).getMessage());
      }
    }
    assertEquals("in-memory data set: n = 1 is out of range: the data set has 1 trajectory (n = 0)",
        assertThrows(IndexOutOfBoundsException.class, () -> Fixtures.synthetic(1).length(1)).getMessage());
  }

  @Test
  void builderTakesFieldsSeparately() {
    DataSet d = DataSet.builder(XAY)
        .addFields(0, 0, new double[] {1, 2, 3, 4}, new double[] {5}, new double[] {6, 7})
        .add(0, 1, 11, 12, 13, 14, 15, 16, 17)
        .build();
    assertEquals(7, d.get(0, 0, 2, 1));
    assertEquals(15, d.get(0, 1, 1, 0));
    assertEquals(MemoryDataSet.IN_MEMORY, d.source());
  }

  @Test
  void builderChecksOrderArityAndFiniteness() {
    DataSet.Builder b = DataSet.builder(XAY);
    double[] r = new double[7];
    assertEquals("record (n = 1, t = 0): the first record has n = 1; trajectories are numbered 0, 1, 2, … from "
        + "the first record on", assertThrows(IllegalArgumentException.class, () -> b.add(1, 0, r)).getMessage());
    assertEquals("record (n = 0, t = 1): trajectory n = 0 starts at t = 1; every trajectory starts at t = 0",
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 1, r)).getMessage());
    b.add(0, 0, r);
    assertEquals("record (n = 0, t = 0): t = 0 repeats the previous record's time step (n = 0)",
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 0, r)).getMessage());
    assertEquals("record (n = 0, t = 2): t = 2 after t = 0 in trajectory n = 0: t skips t = 1; t must run 0, 1, 2, "
        + "… within a trajectory", assertThrows(IllegalArgumentException.class, () -> b.add(0, 2, r)).getMessage());
    assertEquals("record (n = 2, t = 0): n = 2 after n = 0: n skips trajectory 1; trajectories are numbered 0, 1, "
        + "2, … without gaps", assertThrows(IllegalArgumentException.class, () -> b.add(2, 0, r)).getMessage());
    assertEquals("record (n = 0, t = 1): 6 values, but a record of x[4], a[1], y[2] has 7",
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 1, new double[6])).getMessage());
    assertEquals("record (n = 0, t = 1): field a gets 2 values, its arity is 1",
        assertThrows(IllegalArgumentException.class,
            () -> b.addFields(0, 1, new double[4], new double[2], new double[2])).getMessage());
    assertEquals("record (n = 0, t = 1): 2 fields, but the schema x[4], a[1], y[2] has 3",
        assertThrows(IllegalArgumentException.class, () -> b.addFields(0, 1, new double[4], new double[1]))
            .getMessage());
    assertEquals("record (n = 0, t = 1): y[1] = NaN; NaN and infinite values are not allowed",
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 1, 0, 0, 0, 0, 0, 0, Double.NaN)).getMessage());
    assertEquals("record (n = 0, t = 1): x[2] = -Infinity; NaN and infinite values are not allowed",
        assertThrows(IllegalArgumentException.class,
            () -> b.addFields(0, 1, new double[] {0, 0, Double.NEGATIVE_INFINITY, 0}, new double[1], new double[2]))
            .getMessage());
    b.add(1, 0, r);
    assertEquals("record (n = 0, t = 1): n = 0 after n = 1: n goes back; each trajectory's records must be "
        + "contiguous, trajectories in order 0, 1, 2, …",
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 1, r)).getMessage());
    DataSet d = b.build();
    assertEquals(2, d.trajectories());
    assertEquals(1, d.length(0));
    assertEquals("build() was called; start a new builder",
        assertThrows(IllegalStateException.class, () -> b.add(1, 1, r)).getMessage());
    assertEquals("no records: a data set has at least one trajectory",
        assertThrows(IllegalStateException.class, () -> DataSet.builder(XAY).build()).getMessage());
  }

  @Test
  void builderCopiesTheValues() {
    double[] r = {1, 2, 3, 4, 5, 6, 7};
    DataSet.Builder b = DataSet.builder(XAY).add(0, 0, r);
    r[0] = 99;
    assertEquals(1, b.build().get(0, 0, 0, 0));
  }

  @Test
  void longTrajectoriesGrow() {
    DataSet.Builder b = DataSet.builder(XAY);
    double[] r = new double[7];
    for (int t = 0; t < 1000; t++) {
      r[6] = t;
      b.add(0, t, r);
    }
    DataSet d = b.build();
    assertEquals(1000, d.length(0));
    assertEquals(999, d.get(0, 999, 2, 1));
    assertEquals(500, d.get(0, 500, 2, 1));
  }

  /**
   * Four threads read every record through different fields and orders at the same time; each must
   * see exactly the values one thread reads alone.
   */
  @Test
  void concurrentReadsSeeTheSameValues() throws Exception {
    int[] lengths = new int[40];
    for (int n = 0; n < lengths.length; n++) {
      lengths[n] = 50 + 7 * n;
    }
    DataSet memory = Fixtures.synthetic(lengths);
    try (BinaryDataSet binary = mapped(memory)) {
      long expected = checksum(memory, 0);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        for (DataSet d : List.of(memory, binary)) {
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Long>> sums = new ArrayList<>();
          for (int k = 0; k < 4; k++) {
            int order = k;
            sums.add(pool.submit(() -> {
              go.await();
              long s = 0;
              for (int repeat = 0; repeat < 5; repeat++) {
                s = checksum(d, order);
              }
              return s;
            }));
          }
          go.countDown();
          for (Future<Long> s : sums) {
            assertEquals(expected, s.get(), d.source());
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** An order-independent checksum of every value's bits and position, visiting records in one of four orders. */
  private static long checksum(DataSet d, int order) {
    int x = d.field("x");
    int a = d.field("a");
    int y = d.field("y");
    double[] buf = new double[4];
    long sum = 0;
    int trajectories = d.trajectories();
    for (int i = 0; i < trajectories; i++) {
      int n = (order & 1) == 0 ? i : trajectories - 1 - i;
      int len = d.length(n);
      for (int j = 0; j < len; j++) {
        int t = (order & 2) == 0 ? j : len - 1 - j;
        long key = 31L * (31L * n + t);
        d.read(n, t, x, buf, 0);
        for (int p = 0; p < 4; p++) {
          sum += (key + p) * Double.doubleToRawLongBits(buf[p]);
        }
        sum += (key + 4) * Double.doubleToRawLongBits(d.get(n, t, a, 0));
        d.read(n, t, y, buf, 1);
        sum += (key + 5) * Double.doubleToRawLongBits(buf[1]) + (key + 6) * Double.doubleToRawLongBits(buf[2]);
      }
    }
    return sum;
  }

  /** After warm-up, reading 200 000 fields and values allocates nothing (minimum of three measurements). */
  @Test
  void readsAllocateNothing() throws IOException {
    assumeTrue(AllocationProbe.isSupported(), "JVM cannot count per-thread allocation");
    DataSet memory = Fixtures.synthetic(100, 100, 100);
    try (BinaryDataSet binary = mapped(memory)) {
      for (DataSet d : List.of(memory, binary)) {
        double[] out = new double[7];
        double[] sink = new double[1];
        Runnable loop = () -> {
          for (int i = 0; i < 50_000; i++) {
            int n = i % 3;
            int t = i % 100;
            d.read(n, t, 0, out, 0);
            d.readRecord(n, t, out, 0);
            sink[0] += d.get(n, t, 2, 1) + out[3];
          }
        };
        for (int w = 0; w < 4; w++) {
          loop.run();
        }
        long min = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && min > 0; attempt++) {
          min = Math.min(min, AllocationProbe.allocatedBytes(loop));
        }
        assertEquals(0L, min, d.source());
      }
    }
  }
}
