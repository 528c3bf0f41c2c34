package org.dsojava.runtime.optim;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsojava.runtime.ChainKernel;

/**
 * What a method's passes over a recorded batch run on: the estimator's {@link Crew} and one kernel per
 * member (kernels own work arrays, so members never share one). Each rollout's contribution goes to its
 * own slot and the slots are summed in rollout order, as in {@link GradientEstimator}, so a pass gives
 * the same bits whatever the thread count.
 */
final class Team {
  private final Crew crew;
  private final ChainKernel[] kernels;
  private double[][] rows = new double[0][];

  Team(Crew crew, ChainKernel[] kernels) {
    if (kernels.length != crew.size()) {
      throw new IllegalArgumentException(kernels.length + " kernels for a crew of " + crew.size());
    }
    this.crew = crew;
    this.kernels = kernels;
  }

  /** One kernel on the calling thread alone. */
  static Team single(ChainKernel kernel) {
    return new Team(Crew.callerOnly(), new ChainKernel[] {kernel});
  }

  /** Member w's kernel (member 0's is the calling thread's). */
  ChainKernel kernel(int w) {
    return kernels[w];
  }

  /** The work on rollout {@code i} of a pass, with the kernel of the member that runs it. */
  interface RolloutWork {
    void run(ChainKernel kernel, int i);
  }

  /** Runs {@code work} for rollouts 0…count−1, members taking the next one as they finish one. */
  void forEachRollout(int count, RolloutWork work) {
    if (count == 1 || kernels.length == 1) {
      for (int i = 0; i < count; i++) {
        work.run(kernels[0], i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    crew.run(w -> {
      ChainKernel k = kernels[w];
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        work.run(k, i);
      }
    });
  }

  /** A rollout's terms of a vector-valued pass, added to {@code row} (zeroed beforehand). */
  interface RowWork {
    void add(ChainKernel kernel, Batch.Rollout r, double[] row);
  }

  /** A rollout's terms of a scalar pass. */
  interface ScalarWork {
    double sum(ChainKernel kernel, Batch.Rollout r);
  }

  /** out = scale · Σₙ rowₙ, where {@code work} fills rollout n's row on whichever member takes it. */
  void sumOverRollouts(List<Batch.Rollout> rollouts, double scale, double[] out, RowWork work) {
    int count = rollouts.size();
    if (count == 0) {
      throw new IllegalArgumentException("the batch has no usable rollouts (all blew up)");
    }
    double[][] rows = rows(count, out.length);
    forEachRollout(count, (k, n) -> {
      double[] row = rows[n];
      Arrays.fill(row, 0);
      work.add(k, rollouts.get(n), row);
    });
    sumRows(count, scale, out);
  }

  /** Σₙ work(rollout n), the rollouts' numbers added in rollout order. */
  double sumOverRollouts(List<Batch.Rollout> rollouts, ScalarWork work) {
    double[] parts = new double[rollouts.size()];
    forEachRollout(parts.length, (k, n) -> parts[n] = work.sum(k, rollouts.get(n)));
    double s = 0;
    for (double part : parts) {
      s += part;
    }
    return s;
  }

  /** The work on item {@code i} of an indexed pass (a chunk of data trajectories), added to {@code row}. */
  interface IndexedRowWork {
    void add(ChainKernel kernel, int i, double[] row);
  }

  /** The scalar work on item {@code i} of an indexed pass. */
  interface IndexedScalarWork {
    double sum(ChainKernel kernel, int i);
  }

  /** The number of members (threads) of the team. */
  int size() {
    return kernels.length;
  }

  /**
   * out = scale · Σ_{i &lt; count} rowᵢ, where {@code work} fills item i's (zeroed) row on whichever member
   * takes it; the rows are summed in item order, so the result does not depend on the thread count.
   */
  void sumOverItems(int count, double scale, double[] out, IndexedRowWork work) {
    double[][] rows = rows(count, out.length);
    forEachRollout(count, (k, i) -> {
      double[] row = rows[i];
      Arrays.fill(row, 0);
      work.add(k, i, row);
    });
    sumRows(count, scale, out);
  }

  /** Σ_{i &lt; count} work(i), added in item order. */
  double sumOverItems(int count, IndexedScalarWork work) {
    double[] parts = new double[count];
    forEachRollout(count, (k, i) -> parts[i] = work.sum(k, i));
    double s = 0;
    for (double part : parts) {
      s += part;
    }
    return s;
  }

  /** At least {@code count} rows of length {@code p}, reused from pass to pass (one pass at a time). */
  private double[][] rows(int count, int p) {
    if (rows.length < count || (rows.length > 0 && rows[0].length != p)) {
      rows = new double[Math.max(count, rows.length)][p];
    }
    return rows;
  }

  /** out = scale · Σ_{n &lt; count} rows[n], each entry summed in rollout order. */
  private void sumRows(int count, double scale, double[] out) {
    crew.bySlices(out.length, (long) out.length * count, (from, to) -> {
      Arrays.fill(out, from, to, 0.0);
      for (int n = 0; n < count; n++) {
        double[] row = rows[n];
        for (int i = from; i < to; i++) {
          out[i] += row[i];
        }
      }
      for (int i = from; i < to; i++) {
        out[i] *= scale;
      }
    });
  }
}
