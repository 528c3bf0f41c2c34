package org.dsojava.runtime.optim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads that runs one parallel phase per {@link #run} call: member 0 is the calling
 * thread, members 1…size−1 are daemon threads kept for the crew's life.
 *
 * <p>Why not an {@code ExecutorService}: a gradient estimate is a phase of a few milliseconds, and
 * waking a parked thread on a virtual machine took 0.1–0.4 ms here, in both directions (handing out the
 * batch, and the caller's {@code Future.get} after the last rollout), plus the serial sum of the
 * rollouts' G₀ — together about 7% of a 2-thread MLP estimate. A member that has just finished waits
 * spinning for up to {@code spinNanos} before it parks — the first 20 µs with {@link Thread#onSpinWait},
 * then yielding its core to any runnable thread (in a run of a fraction of a second the JIT compilers
 * need it) — so back-to-back phases hand over in about a microsecond, and parked members are woken as
 * before. With more members than processors nobody spins: a spinning member would take a core from a
 * working one; {@code -Ddso.spinNanos=0} turns spinning off on a machine shared with other work.
 */
final class Crew implements AutoCloseable {
  /** How long a member waits spinning before it parks: a few estimates' serial gaps, as OpenMP's spin-wait. */
  static final long DEFAULT_SPIN_NANOS = 2_000_000L;
  /** The start of a wait that spins without yielding: back-to-back phases hand over within it. */
  static final long PURE_SPIN_NANOS = 20_000L;

  private final Thread[] members;
  private final long spinNanos;
  private final AtomicInteger pending = new AtomicInteger();
  private final Throwable[] failures;
  private volatile long generation;
  private volatile IntConsumer task;
  private volatile Thread caller;
  private volatile boolean closed;

  /**
   * The system property that overrides {@link #DEFAULT_SPIN_NANOS} (0: park at once, as a thread pool
   * would), for machines shared with other work.
   */
  static final String SPIN_PROPERTY = "dso.spinNanos";

  Crew(int size, String name) {
    this(size, name, defaultSpin(size));
  }

  /** The calling thread alone (nothing to spin for, so no spin setting is read). */
  static Crew callerOnly() {
    return new Crew(1, "dso-caller", 0L);
  }

  /** The spin budget for a crew of {@code size}: none with more members than processors. */
  static long defaultSpin(int size) {
    if (Runtime.getRuntime().availableProcessors() < size) {
      return 0L;
    }
    long spin = Long.getLong(SPIN_PROPERTY, DEFAULT_SPIN_NANOS);
    if (spin < 0) {
      throw new IllegalArgumentException("-D" + SPIN_PROPERTY + "=" + spin + " is negative; use 0 to park at once");
    }
    return spin;
  }

  Crew(int size, String name, long spinNanos) {
    if (size < 1) {
      throw new IllegalArgumentException("a crew needs at least 1 member (the calling thread), not " + size);
    }
    this.spinNanos = spinNanos;
    this.failures = new Throwable[size];
    this.members = new Thread[size];
    for (int w = 1; w < size; w++) {
      int member = w;
      Thread t = new Thread(() -> work(member), name + "-" + w);
      t.setDaemon(true);
      members[w] = t;
      t.start();
    }
  }

  int size() {
    return members.length;
  }

  /** Work on the entries [from, to) of a vector. */
  interface Slice {
    void run(int from, int to);
  }

  /** Below this many additions a vector is summed on the calling thread: a hand-over would cost more. */
  static final long PARALLEL_SUM_MIN = 1L << 15;

  /**
   * Runs {@code slice} over [0, length): cut among the members at multiples of 8 entries (no cache line
   * of a double[] is split) when {@code additions} make it worth a hand-over, else on the calling thread.
   */
  void bySlices(int length, long additions, Slice slice) {
    int size = members.length;
    if (size > 1 && additions >= PARALLEL_SUM_MIN) {
      run(w -> slice.run(sliceStart(w, size, length), sliceStart(w + 1, size, length)));
    } else {
      slice.run(0, length);
    }
  }

  private static int sliceStart(int w, int size, int length) {
    return w == size ? length : Math.min(length, (int) ((long) length * w / size) & ~7);
  }

  /**
   * Runs {@code task.accept(w)} for every member w, member 0 on the calling thread, and returns when all
   * have finished. A failure is rethrown after every member has stopped (the first by member index), so
   * the caller never returns while another thread still uses shared buffers. Not reentrant: one caller at
   * a time.
   */
  void run(IntConsumer task) {
    if (closed) {
      throw new IllegalStateException("the crew is closed");
    }
    int size = members.length;
    java.util.Arrays.fill(failures, null);
    if (size > 1) {
      this.task = task;
      this.caller = Thread.currentThread();
      pending.set(size - 1);
      generation++; // volatile write: publishes task, caller and pending to the members
      for (int w = 1; w < size; w++) {
        LockSupport.unpark(members[w]);
      }
    }
    try {
      task.accept(0);
    } catch (Throwable e) {
      failures[0] = e;
    }
    if (size > 1) {
      awaitMembers();
      this.task = null;
    }
    for (Throwable f : failures) {
      if (f != null) {
        throwUnchecked(f);
      }
    }
  }

  private void awaitMembers() {
    boolean interrupted = false;
    long start = System.nanoTime();
    while (pending.get() != 0) {
      if (System.nanoTime() - start < spinNanos) {
        pause(start);
      } else {
        LockSupport.park(this);
        // Members still use the shared buffers: an interrupt is kept for the caller, not acted on here.
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void work(int member) {
    long seen = 0;
    while (true) {
      long start = System.nanoTime();
      while (generation == seen) {
        if (System.nanoTime() - start < spinNanos) {
          pause(start);
        } else {
          LockSupport.park(this);
        }
      }
      seen = generation;
      if (closed) {
        return;
      }
      try {
        task.accept(member);
      } catch (Throwable e) {
        failures[member] = e;
      }
      if (pending.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }
  }

  /**
   * One turn of a spin-wait: a pure spin for the first {@link #PURE_SPIN_NANOS}, then a yield, so that a
   * waiting member gives its core to runnable threads (the JIT's compilers early in a run, the garbage
   * collector) while it is still quicker to wake than a parked one.
   */
  private static void pause(long start) {
    if (System.nanoTime() - start < PURE_SPIN_NANOS) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private static void throwUnchecked(Throwable f) {
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException(f);
  }

  /** Stops the members (they exit once woken); later {@link #run} calls fail. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    generation++;
    for (int w = 1; w < members.length; w++) {
      LockSupport.unpark(members[w]);
    }
  }
}
