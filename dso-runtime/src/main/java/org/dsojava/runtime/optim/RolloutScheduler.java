package org.dsojava.runtime.optim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.data.MinibatchSampler;

/**
 * Algorithm 1's outer loop "for n = 0 : N − 1" run on several threads: which thread runs which rollout,
 * from which random stream and (with rollouts tied to data, eq. 99) on which trajectory, and the mean of
 * the rollouts' results. What a rollout computes is its {@link Stepper}'s business (the recursion,
 * {@link RolloutRecursion}); the scheduler only decides who computes it and when.
 *
 * <p>Determinism: rollout n of batch k draws from stream (seed, k·N + n) — with antithetic pairs, odd n
 * draws from stream (seed, k·N + n − 1) reflected — and runs the trajectory the constructor describes; each
 * rollout writes its own result slot, and {@link #meanInRolloutOrder} adds the slots in rollout order.
 * None of this depends on the thread count, so neither do the results, bit for bit.
 *
 * <p>Threads (the calling thread is one of them, the others a {@link Crew}, which hands a batch over by
 * spinning briefly instead of parking) take the next unstarted rollout as they finish one, since
 * episodes differ in length. Each thread steps {@link #LANES} rollouts in turn: a rollout's forward pass
 * is a chain of dependent steps (sin, cos, exp, divisions) that leaves most of a core idle waiting on
 * latencies, and two independent chains overlap (≈ 17% less time per step on CartPole).
 *
 * @param <L> the stepper's lane type
 */
final class RolloutScheduler<L extends RolloutScheduler.Lane> implements AutoCloseable {
  /** Rollouts stepped in turn by one thread. */
  static final int LANES = 2;

  /**
   * The scheduler's part of a rollout in flight: which rollout it is, its random stream and what the
   * kernel receives as its rollout index. A {@link Stepper} extends it with the rollout's own state.
   */
  static class Lane {
    /** Reseeded by the scheduler to the rollout's stream before {@link Stepper#start}. */
    final Rng rng = new Rng(0L);
    /** The rollout this lane is running (its result slot), or −1 when idle. */
    int n = -1;
    /** What the kernel receives as its rollout index: n, or with data the rollout's trajectory. */
    int traj;
    /** The transitions after which the rollout is cut (the horizon, or with data min(H, length − 1)). */
    int cap;
  }

  /** One thread's rollouts as the scheduler drives them: start, then advance until false, then finish. */
  interface Stepper<L extends Lane> {
    /** A new lane (called {@link #LANES} times per thread, when the scheduler is built). */
    L newLane();

    /**
     * Starts rollout {@code lane.n} (stream, trajectory and cap already set); false if it ended at once
     * (its result slot written), true if it goes on.
     */
    boolean start(L lane);

    /** One forward step; false when the rollout has ended. */
    boolean advance(L lane);

    /** Completes the ended rollout {@code lane.n} and writes its result slot. */
    void finish(L lane);

    /** How many lanes one thread steps: {@link #LANES} in turn, or a lockstep stepper's K. */
    default int laneCount() {
      return LANES;
    }
  }

  /**
   * A stepper that drives its thread's lanes itself, all in one lockstep kernel call per step (issue 19):
   * {@code refill.applyAsInt(i)} starts the next unstarted rollout on lane i (as for a lane of a
   * {@link Stepper}: stream, trajectory and cap set, {@link Stepper#start} called) and returns 1 if
   * the lane runs one, 0 if none is left (the lane is then idle, {@code n == −1}).
   */
  interface LockstepStepper<L extends Lane> extends Stepper<L> {
    void runAll(Lane[] lanes, java.util.function.IntUnaryOperator refill);
  }

  /** A thread's stepper and lanes, spaced from the next thread's as allocated (padding arrays). */
  private static final class Member<L extends Lane> {
    /**
     * Spacing as allocated: with {@link #padAfter}, it keeps this thread's per-step-written objects (its
     * stepper's buffers, made just before, and its lanes) off the cache lines of another thread's.
     */
    final long[] padBefore = new long[16];
    final Stepper<L> stepper;
    final L[] lanes;
    final long[] padAfter;

    @SuppressWarnings("unchecked")
    Member(Stepper<L> stepper) {
      this.stepper = stepper;
      int count = stepper.laneCount();
      this.lanes = (L[]) new Lane[count];
      for (int i = 0; i < count; i++) {
        lanes[i] = stepper.newLane();
      }
      this.padAfter = new long[16];
    }
  }

  private final EstimatorConfig config;
  private final Member<L>[] members;
  private final Crew crew;
  /** With rollouts tied to trajectories (eq. 99): the data set, else null. */
  private final DataSet trajectories;
  /** Rollout i's trajectory n (what the kernel receives as its rollout index); null without data. */
  private final int[] trajectoryOf;
  /** Rollout i's cap on transitions; null without data. */
  private final int[] capOf;
  /** Draws the r = batch mod N trajectories of a batch's last rollouts; null when r = 0 or without data. */
  private final MinibatchSampler tail;
  private final int[] drawn;

  /**
   * A scheduler of {@code config.threads()} threads, thread w stepping with {@code steppers.apply(w)}
   * (called in order w = 0, 1, …). With {@code trajectories} (null: rollouts are not tied to data),
   * rollout i of a batch of B = qN + r rollouts over N trajectories runs trajectory i mod N when
   * i &lt; qN, and otherwise the (i − qN)-th of r distinct trajectories drawn uniformly for (seed,
   * iteration) by a {@link MinibatchSampler} (increasing order), so every trajectory has the same
   * expected share of rollouts; rollout i is cut after min(H, length(n) − 1) transitions, so no call
   * reads past the trajectory's last record.
   */
  @SuppressWarnings("unchecked")
  RolloutScheduler(EstimatorConfig config, DataSet trajectories, IntFunction<? extends Stepper<L>> steppers) {
    this.config = config;
    this.members = new Member[config.threads()];
    for (int w = 0; w < members.length; w++) {
      members[w] = new Member<>(steppers.apply(w));
    }
    this.crew = new Crew(config.threads(), "dso-rollouts");
    this.trajectories = trajectories;
    if (trajectories != null) {
      int b = config.batch();
      int r = b % trajectories.trajectories();
      this.trajectoryOf = new int[b];
      this.capOf = new int[b];
      this.tail = r > 0 ? new MinibatchSampler(trajectories, r, rolloutSeed(config.seed())) : null;
      this.drawn = new int[r];
    } else {
      this.trajectoryOf = null;
      this.capOf = null;
      this.tail = null;
      this.drawn = null;
    }
  }

  /** The seed of the rollouts' trajectory draws: the estimator's, mixed so it differs from the data blocks'. */
  static long rolloutSeed(long seed) {
    return seed ^ 0x524F4C4C4F555453L;
  }

  /** The threads, for other passes between batches. */
  Crew crew() {
    return crew;
  }

  /** The stream rollout n of batch {@code iteration} draws from, and whether reflected (antithetic twin). */
  long stream(int iteration, int n) {
    return (long) iteration * config.batch() + n - (twin(n) ? 1 : 0);
  }

  /** With antithetic pairs, rollout 2j+1 is rollout 2j's twin: the same stream, reflected. */
  boolean twin(int n) {
    return config.antithetic() && n % 2 == 1;
  }

  /**
   * Runs rollouts 0…B−1 of batch {@code iteration}, each exactly once, on all threads; returns when all
   * have finished. A failure in one rollout stops the others after their current rollouts and is rethrown.
   */
  void run(int iteration) {
    run(iteration, 0, config.batch());
  }

  /**
   * Runs rollouts {@code from}…{@code to − 1} of batch {@code iteration} only (a remote worker's share,
   * {@link RolloutWorker}); each computes exactly what it computes in a whole-batch {@link #run(int)}.
   */
  void run(int iteration, int from, int to) {
    if (trajectories != null) {
      mapRollouts(iteration);
    }
    AtomicInteger next = new AtomicInteger(from);
    crew.run(w -> {
      try {
        rollouts(members[w], iteration, next, to);
      } catch (RuntimeException e) {
        next.set(to); // the other threads stop after their current rollouts
        throw e;
      }
    });
  }

  /**
   * mean = Σ_{n used} rows[n] / used, each entry summed in rollout order (Algorithm 1's last line); the
   * entries are split among the threads, and any split gives the serial result bit for bit.
   */
  void meanInRolloutOrder(double[][] rows, boolean[] usedRollout, int used, double[] mean) {
    int p = mean.length;
    crew.bySlices(p, (long) p * used, (from, to) -> {
      for (int n = 0; n < usedRollout.length; n++) {
        if (usedRollout[n]) {
          double[] g = rows[n];
          for (int i = from; i < to; i++) {
            mean[i] += g[i];
          }
        }
      }
      if (used > 0) {
        for (int i = from; i < to; i++) {
          mean[i] /= used;
        }
      }
    });
  }

  /** Rollout i's trajectory and cap for batch {@code iteration} (see the constructor). */
  private void mapRollouts(int iteration) {
    int b = trajectoryOf.length;
    int count = trajectories.trajectories();
    int whole = b - b % count;
    for (int i = 0; i < whole; i++) {
      trajectoryOf[i] = i % count;
    }
    if (tail != null) {
      tail.trajectories(iteration, drawn);
      System.arraycopy(drawn, 0, trajectoryOf, whole, drawn.length);
    }
    int h = config.horizon() > 0 ? config.horizon() : Integer.MAX_VALUE;
    for (int i = 0; i < b; i++) {
      capOf[i] = Math.min(h, trajectories.length(trajectoryOf[i]) - 1);
    }
  }

  /**
   * Runs rollouts {@code next.getAndIncrement()}, … below {@code end} on one thread, each lane
   * taking the next index as its rollout ends.
   */
  private void rollouts(Member<L> m, int iteration, AtomicInteger next, int end) {
    Stepper<L> stepper = m.stepper;
    L[] lanes = m.lanes;
    if (stepper instanceof LockstepStepper<L> lockstep) {
      // every lane takes new rollouts to the end: lockstep lanes run side by side, not in turn
      lockstep.runAll(lanes, i -> begin(m, i, next, iteration, end, false));
      return;
    }
    int live = 0;
    for (int i = 0; i < lanes.length; i++) {
      live += begin(m, i, next, iteration, end);
    }
    while (live > 0) {
      for (int i = 0; i < lanes.length; i++) {
        L lane = lanes[i];
        if (lane.n >= 0 && !stepper.advance(lane)) {
          stepper.finish(lane);
          live += begin(m, i, next, iteration, end) - 1;
        }
      }
    }
  }

  /**
   * Starts the next rollout below {@code end} on lane {@code i} (one that ends at once is skipped); returns 1
   * if the lane is running one, 0 if it stays idle.
   *
   * <p>Near the end of the batch only a thread's first lane takes new rollouts: a thread holding two
   * unfinished rollouts while another has none would make the batch wait for both (a pair advances at
   * half the speed of each). Who runs a rollout changes, not what it computes.
   */
  private int begin(Member<L> m, int i, AtomicInteger next, int iteration, int end) {
    return begin(m, i, next, iteration, end, true);
  }

  private int begin(Member<L> m, int i, AtomicInteger next, int iteration, int end, boolean firstLaneAtEnd) {
    L lane = m.lanes[i];
    if (firstLaneAtEnd && i > 0 && end - next.get() < config.threads() * LANES) {
      lane.n = -1;
      return 0;
    }
    for (int n = next.getAndIncrement(); n < end; n = next.getAndIncrement()) {
      lane.rng.reseed(config.seed(), stream(iteration, n), twin(n));
      int[] of = trajectoryOf;
      lane.traj = of == null ? n : of[n];
      lane.cap = of == null ? (config.horizon() > 0 ? config.horizon() : Integer.MAX_VALUE) : capOf[n];
      lane.n = n;
      if (m.stepper.start(lane)) {
        return 1;
      }
    }
    lane.n = -1;
    return 0;
  }

  @Override
  public void close() {
    crew.close();
  }
}
