package org.dsojava.runtime;

import java.lang.management.ManagementFactory;
import java.util.Objects;

/**
 * Measures heap allocation by the current thread, for tests that hold a {@link ChainKernel} to its
 * "allocates nothing" contract.
 *
 * <p>Uses {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()} (HotSpot and
 * JVMs derived from it), which counts exactly the bytes the calling thread allocated on the heap,
 * independently of garbage collection. Allocation that the JIT compiler removes by escape analysis is
 * not counted — what is measured is what the running code really allocates, so measure after warm-up.
 * Use {@link #isSupported()} to skip such tests on JVMs without this facility.
 */
public final class AllocationProbe {
  private AllocationProbe() {}

  /** Lazily resolved; null if the JVM has no per-thread allocation counter. */
  private static final class Holder {
    static final com.sun.management.ThreadMXBean BEAN = resolve();

    private static com.sun.management.ThreadMXBean resolve() {
      try {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
            && bean.isThreadAllocatedMemorySupported()) {
          if (!bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
          }
          return bean;
        }
      } catch (LinkageError | UnsupportedOperationException | SecurityException e) {
        // fall through: unsupported
      }
      return null;
    }
  }

  /** True if this JVM can count the bytes a thread allocates. */
  public static boolean isSupported() {
    return Holder.BEAN != null;
  }

  /**
   * The number of heap bytes the current thread allocates while running {@code r}.
   *
   * @throws UnsupportedOperationException if not {@link #isSupported()}
   */
  public static long allocatedBytes(Runnable r) {
    Objects.requireNonNull(r, "r");
    com.sun.management.ThreadMXBean bean = bean();
    long before = bean.getCurrentThreadAllocatedBytes();
    r.run();
    long after = bean.getCurrentThreadAllocatedBytes();
    return after - before;
  }

  /**
   * The bytes allocated by {@code steps} steps of the per-step hot path of a rollout, after
   * {@code warmup} unmeasured steps of the same loop (give the JIT compiler enough, e.g. 20 000).
   *
   * <p>One step is {@link ChainKernel#sample sample} from x followed by
   * {@link ChainKernel#accumulateGradient accumulateGradient} of that transition (wL = 1, wP = 0.5),
   * then x ← x'. When x' is {@link ChainKernel#terminal terminal} or the {@link ChainKernel#horizon()
   * horizon} is reached, the next rollout starts: n increases, the stream is re-seeded with
   * {@link Rng#reseed(long, long) reseed(seed, n)} and x comes from
   * {@link ChainKernel#initialState initialState}. All buffers and the {@link Rng} are created before
   * anything is measured, so for a kernel that honours its contract the result is 0 (barring one-off
   * JVM activity such as class loading or deoptimization during the measured interval; a caller
   * asserting 0 may take the minimum of a few measurements).
   *
   * @param k the kernel; used from this thread only
   * @param theta θ, length {@link ChainKernel#paramCount()}; not modified
   * @param warmup unmeasured steps, ≥ 0
   * @param steps measured steps, ≥ 0
   * @param seed seeds the rollouts' streams
   * @return bytes allocated by this thread during the measured steps
   * @throws UnsupportedOperationException if not {@link #isSupported()}
   */
  public static long bytesAllocatedBySteps(ChainKernel k, double[] theta, int warmup, int steps,
      long seed) {
    Objects.requireNonNull(k, "k");
    if (theta.length != k.paramCount()) {
      throw new IllegalArgumentException("theta has length " + theta.length + ", the kernel has "
          + k.paramCount() + " parameters");
    }
    if (warmup < 0 || steps < 0) {
      throw new IllegalArgumentException("warmup and steps must be >= 0, got " + warmup + ", " + steps);
    }
    bean(); // fail fast, and resolve the bean outside the measured interval
    Rollout rollout = new Rollout(k, theta.clone(), seed);
    rollout.run(warmup);
    Runnable measured = () -> rollout.run(steps);
    allocatedBytes(() -> { }); // warm the probe itself
    return allocatedBytes(measured);
  }

  private static com.sun.management.ThreadMXBean bean() {
    com.sun.management.ThreadMXBean bean = Holder.BEAN;
    if (bean == null) {
      throw new UnsupportedOperationException(
          "this JVM cannot measure per-thread allocation (com.sun.management.ThreadMXBean)");
    }
    return bean;
  }

  /** The rollout loop; all of its state is allocated in the constructor. */
  private static final class Rollout {
    private final ChainKernel k;
    private final double[] theta;
    private final long seed;
    private final int horizon;
    private final Rng rng;
    private final double[] draws;
    private final double[] g;
    private double[] x;
    private double[] next;
    private int t;
    private int n;

    Rollout(ChainKernel k, double[] theta, long seed) {
      this.k = k;
      this.theta = theta;
      this.seed = seed;
      this.horizon = k.horizon();
      this.rng = new Rng(seed, 0L);
      this.draws = new double[k.drawCount()];
      this.g = new double[k.paramCount()];
      this.x = new double[k.stateDim()];
      this.next = new double[k.stateDim()];
      k.initialState(theta, 0, rng, x);
    }

    void run(int steps) {
      for (int s = 0; s < steps; s++) {
        k.sample(theta, x, t, n, rng, draws, next);
        k.accumulateGradient(theta, x, t, n, draws, 1.0, 0.5, g);
        double[] tmp = x;
        x = next;
        next = tmp;
        t++;
        if (k.terminal(x, t, n) || (horizon > 0 && t >= horizon)) {
          n++;
          t = 0;
          rng.reseed(seed, n);
          k.initialState(theta, n, rng, x);
        }
      }
    }
  }
}
