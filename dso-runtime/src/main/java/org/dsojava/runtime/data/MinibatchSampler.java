package org.dsojava.runtime.data;

import java.util.Arrays;
import org.dsojava.runtime.Rng;

/**
 * Draws minibatches of a {@link DataSet} for stochastic estimates of the data-driven costs of section
 * 5.1 (the sums over n, t in L_clone, L_sysid, …): a set of distinct trajectories or distinct records,
 * uniformly among all sets of that size.
 *
 * <p>A draw is a function of (seed, step) alone, not of earlier draws: step s uses stream s of the seed
 * ({@link Rng#reseed(long, long)}), so an optimizer that passes its iteration number gets the same
 * batches on every run, resumes mid-run with the same batches, and may draw them in any order or on any
 * thread (one sampler per thread). Draws use Floyd's algorithm (k distinct indices in k steps of a
 * small hash set) and return the indices in increasing order, which keeps reads of a mapped file
 * sequential. After construction a draw allocates nothing for sizes up to 4096 (beyond that the JDK's
 * sort may allocate). Reproducible for a given version of this library.
 */
public final class MinibatchSampler {
  private final int size;
  private final long seed;
  private final long[] start;
  private final Rng rng;
  private final long[] picked;
  private final long[] table;

  /**
   * A sampler of batches of {@code size} from {@code data}'s shape (its trajectory lengths, read once).
   *
   * @throws IllegalArgumentException if size is not in 1..2²⁸
   */
  public MinibatchSampler(DataSet data, int size, long seed) {
    if (size < 1 || size > 1 << 28) {
      throw new IllegalArgumentException("minibatch size " + size + " is not in 1.." + (1 << 28));
    }
    this.size = size;
    this.seed = seed;
    int n = data.trajectories();
    this.start = new long[n + 1];
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i] + data.length(i);
    }
    this.rng = new Rng(seed, 0);
    this.picked = new long[size];
    this.table = new long[Integer.highestOneBit(Math.max(2, 2 * size - 1)) << 1];
  }

  /** The batch size. */
  public int size() {
    return size;
  }

  /**
   * Fills {@code out[0…size)} with distinct trajectory indices n, increasing, drawn for {@code step}.
   *
   * @throws IllegalArgumentException if the data set has fewer than {@link #size()} trajectories
   */
  public void trajectories(long step, int[] out) {
    long count = start.length - 1;
    check(count, "trajectories", out.length);
    draw(step, count);
    for (int i = 0; i < size; i++) {
      out[i] = (int) picked[i];
    }
  }

  /**
   * Fills {@code n[0…size)} and {@code t[0…size)} with distinct records (n[i], t[i]), in increasing
   * (n, t) order, drawn for {@code step}: every record is equally likely, so long trajectories
   * contribute more records than short ones.
   *
   * @throws IllegalArgumentException if the data set has fewer than {@link #size()} records
   */
  public void records(long step, int[] n, int[] t) {
    long count = start[start.length - 1];
    check(count, "records", Math.min(n.length, t.length));
    draw(step, count);
    for (int i = 0; i < size; i++) {
      long r = picked[i];
      int k = Arrays.binarySearch(start, r);
      int traj = k >= 0 ? k : -k - 2;
      n[i] = traj;
      t[i] = (int) (r - start[traj]);
    }
  }

  private void check(long count, String what, int outLength) {
    if (count < size) {
      throw new IllegalArgumentException("minibatch size " + size + " exceeds the " + count + " " + what
          + " of the data set");
    }
    if (outLength < size) {
      throw new IllegalArgumentException("output arrays of length " + outLength + " cannot hold a minibatch of "
          + size);
    }
  }

  /** Floyd: for j = M−k…M−1 insert a uniform r ∈ [0, j], or j itself if r is already in. */
  private void draw(long step, long m) {
    rng.reseed(seed, step);
    Arrays.fill(table, -1L);
    int k = 0;
    for (long j = m - size; j < m; j++) {
      long r = rng.nextLong(j + 1);
      picked[k++] = insert(r) ? r : insertNew(j);
    }
    Arrays.sort(picked, 0, size);
  }

  private boolean insert(long v) {
    int mask = table.length - 1;
    int h = (int) mix(v) & mask;
    while (table[h] != -1L) {
      if (table[h] == v) {
        return false;
      }
      h = (h + 1) & mask;
    }
    table[h] = v;
    return true;
  }

  private long insertNew(long v) {
    insert(v);
    return v;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    return z ^ (z >>> 33);
  }
}
