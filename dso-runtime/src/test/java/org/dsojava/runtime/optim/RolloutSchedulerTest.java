package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSet;
import org.junit.jupiter.api.Test;

/**
 * The rollout scheduler alone, driving a stepper that only records what it was given: every rollout
 * index of a batch is started exactly once (and finished once unless it ended at once), rollout n draws
 * from stream (seed, k·N + n) (antithetic twins: rollout 2j's stream reflected), runs the trajectory and
 * cap of eq. 99's mapping, and none of this — nor the mean summed in rollout order — depends on the
 * thread count, bit for bit.
 */
class RolloutSchedulerTest {
  private static final long SEED = 11L;
  private static final int HORIZON = 6;

  /** What the recording stepper saw of rollout n: [trajectory, cap, first uniform of its stream, steps]. */
  private static final int WIDTH = 4;

  /**
   * Records rollout n's assignment in rows[n]; rollout n takes n mod 5 steps (so lanes finish out of
   * order and threads interleave), and rollouts with n mod 7 = 3 end at once in {@link #start}.
   */
  private static class Recorder implements RolloutScheduler.Stepper<RolloutScheduler.Lane> {
    final double[][] rows;
    final AtomicIntegerArray starts;
    final AtomicIntegerArray finishes;
    final int[] stepsLeft = new int[RolloutScheduler.LANES];
    int lanes;

    Recorder(double[][] rows, AtomicIntegerArray starts, AtomicIntegerArray finishes) {
      this.rows = rows;
      this.starts = starts;
      this.finishes = finishes;
    }

    @Override
    public RolloutScheduler.Lane newLane() {
      return new Indexed(lanes++);
    }

    @Override
    public boolean start(RolloutScheduler.Lane lane) {
      starts.incrementAndGet(lane.n);
      double[] row = rows[lane.n];
      row[0] = lane.traj;
      row[1] = lane.cap;
      row[2] = lane.rng.uniform();
      row[3] = 0;
      stepsLeft[((Indexed) lane).slot] = lane.n % 5;
      return lane.n % 7 != 3;
    }

    @Override
    public boolean advance(RolloutScheduler.Lane lane) {
      int slot = ((Indexed) lane).slot;
      if (stepsLeft[slot] == 0) {
        return false;
      }
      stepsLeft[slot]--;
      rows[lane.n][3]++;
      return true;
    }

    @Override
    public void finish(RolloutScheduler.Lane lane) {
      finishes.incrementAndGet(lane.n);
    }
  }

  private static final class Indexed extends RolloutScheduler.Lane {
    final int slot;

    Indexed(int slot) {
      this.slot = slot;
    }
  }

  private static EstimatorConfig config(int batch, int threads, boolean antithetic) {
    return new EstimatorConfig(Setting.DISCOUNTED, 0.9, HORIZON, false, batch, threads, SEED, 0, 1e6, 1.0, antithetic,
        false);
  }

  /** Runs batch {@code iteration} and returns every rollout's row, checking each index ran exactly once. */
  private static double[][] run(EstimatorConfig c, DataSet data, int iteration) {
    int b = c.batch();
    double[][] rows = new double[b][WIDTH];
    AtomicIntegerArray starts = new AtomicIntegerArray(b);
    AtomicIntegerArray finishes = new AtomicIntegerArray(b);
    try (RolloutScheduler<RolloutScheduler.Lane> s =
        new RolloutScheduler<>(c, data, w -> new Recorder(rows, starts, finishes))) {
      s.run(iteration);
      for (int n = 0; n < b; n++) {
        assertEquals(1, starts.get(n), "rollout " + n + " of " + b + " on " + c.threads() + " threads: starts");
        assertEquals(n % 7 == 3 ? 0 : 1, finishes.get(n), "rollout " + n + ": finishes");
        assertEquals(n % 7 == 3 ? 0 : n % 5, rows[n][3], "rollout " + n + ": steps");
      }
    }
    return rows;
  }

  @Test
  void everyRolloutRunsOnceFromItsOwnStreamWhateverTheThreadCount() {
    for (int batch : new int[] {1, 2, 5, 13, 40}) {
      for (int iteration : new int[] {0, 3}) {
        double[][] one = run(config(batch, 1, false), null, iteration);
        for (int n = 0; n < batch; n++) {
          assertEquals(n, one[n][0], "without data the kernel's rollout index is n");
          assertEquals(HORIZON, one[n][1], "without data the cap is the horizon");
          assertEquals(new Rng(SEED, (long) iteration * batch + n).uniform(), one[n][2],
              "rollout " + n + " of batch " + iteration + " draws from stream (seed, k·N + n)");
        }
        for (int threads : new int[] {2, 3}) {
          double[][] many = run(config(batch, threads, false), null, iteration);
          for (int n = 0; n < batch; n++) {
            assertArrayEquals(one[n], many[n], "rollout " + n + " of " + batch + " on " + threads + " threads");
          }
        }
      }
    }
  }

  @Test
  void antitheticTwinsDrawTheirPartnersStreamReflected() {
    int batch = 9;
    double[][] rows = run(config(batch, 2, true), null, 2);
    for (int n = 0; n < batch; n++) {
      if (n % 2 == 0) {
        assertEquals(new Rng(SEED, 2L * batch + n).uniform(), rows[n][2], "rollout " + n + " draws its own stream");
      } else {
        Rng reflected = new Rng(0L);
        reflected.reseed(SEED, 2L * batch + n - 1, true);
        assertEquals(reflected.uniform(), rows[n][2], "rollout " + n + " draws rollout " + (n - 1) + "'s stream reflected");
        // A plain uniform u = k·2⁻⁵³ and its reflection (2⁵³ − 1 − k)·2⁻⁵³ sum to 1 − 2⁻⁵³ exactly.
        assertEquals(1 - 0x1.0p-53, rows[n][2] + rows[n - 1][2], "rollout " + n + " is rollout " + (n - 1) + "'s twin");
      }
    }
    assertEquals(new Rng(SEED, 2L * batch + 8).uniform(), rows[8][2], "an odd batch's last rollout is unpaired");
  }

  @Test
  void rolloutsTiedToDataRunTheirTrajectoryWhateverTheThreadCount() {
    DataSet data = DataKernel.data(5, 1, 9, 21);
    for (int batch : new int[] {5, 7, 13}) {
      double[][] one = run(config(batch, 1, false), data, 4);
      int whole = batch - batch % 5;
      for (int i = 0; i < batch; i++) {
        int n = (int) one[i][0];
        if (i < whole) {
          assertEquals(i % 5, n, "rollout " + i + " of " + batch);
        } else if (i > whole) {
          assertTrue(n > one[i - 1][0], "the drawn tail is distinct and increasing");
        }
        assertEquals(Math.min(HORIZON, data.length(n) - 1), one[i][1], "cap of rollout " + i + " on trajectory " + n);
        assertEquals(new Rng(SEED, 4L * batch + i).uniform(), one[i][2], "the stream stays rollout i's");
      }
      for (int threads : new int[] {2, 3}) {
        double[][] many = run(config(batch, threads, false), data, 4);
        for (int i = 0; i < batch; i++) {
          assertArrayEquals(one[i], many[i], "rollout " + i + " of " + batch + " on " + threads + " threads");
        }
      }
    }
  }

  @Test
  void theMeanIsSummedInRolloutOrderOnAnyThreadCount() {
    int batch = 12;
    int p = 5000; // p · used additions exceed Crew.PARALLEL_SUM_MIN, so 2 and 3 threads split the entries
    double[][] rows = new double[batch][p];
    boolean[] used = new boolean[batch];
    Rng rng = new Rng(5L);
    int count = 0;
    for (int n = 0; n < batch; n++) {
      used[n] = n % 4 != 1;
      count += used[n] ? 1 : 0;
      for (int i = 0; i < p; i++) {
        // Magnitudes 1e-8…1e8: a different order of additions would round differently.
        rows[n][i] = rng.gaussian() * Math.pow(10, 16 * rng.uniform() - 8);
      }
    }
    assertTrue((long) p * count >= Crew.PARALLEL_SUM_MIN);
    double[] serial = new double[p];
    for (int n = 0; n < batch; n++) {
      if (used[n]) {
        for (int i = 0; i < p; i++) {
          serial[i] += rows[n][i];
        }
      }
    }
    for (int i = 0; i < p; i++) {
      serial[i] /= count;
    }
    for (int threads : new int[] {1, 2, 3}) {
      try (RolloutScheduler<RolloutScheduler.Lane> s = new RolloutScheduler<>(config(batch, threads, false), null,
          w -> new Recorder(new double[batch][WIDTH], new AtomicIntegerArray(batch), new AtomicIntegerArray(batch)))) {
        double[] mean = new double[p];
        s.meanInRolloutOrder(rows, used, count, mean);
        assertArrayEquals(serial, mean, threads + " threads");
      }
    }
  }

  @Test
  void aFailingRolloutStopsTheBatchAndIsRethrown() {
    int batch = 30;
    for (int threads : new int[] {1, 2}) {
      AtomicIntegerArray starts = new AtomicIntegerArray(batch);
      try (RolloutScheduler<RolloutScheduler.Lane> s = new RolloutScheduler<>(config(batch, threads, false), null,
          w -> new Recorder(new double[batch][WIDTH], starts, new AtomicIntegerArray(batch)) {
            @Override
            public boolean advance(RolloutScheduler.Lane lane) {
              if (lane.n == 4) {
                throw new IllegalStateException("rollout 4 failed");
              }
              return super.advance(lane);
            }
          })) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(0));
        assertEquals("rollout 4 failed", e.getMessage());
        if (threads == 1) {
          int started = 0;
          for (int n = 0; n < batch; n++) {
            started += starts.get(n);
          }
          // Rollout 4 fails on its first step; the other lane holds at most rollout 5.
          assertTrue(started <= 6, started + " of " + batch + " rollouts started");
        }
      }
    }
  }
}
