package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllocationProbeTest {
  /** Published so the JIT cannot remove the allocation in {@link #probeSeesAllocation()}. */
  static volatile Object sink;

  @BeforeEach
  void requireSupport() {
    assumeTrue(AllocationProbe.isSupported(), "JVM cannot count per-thread allocation");
  }

  @Test
  void probeSeesAllocation() {
    long bytes = AllocationProbe.allocatedBytes(() -> sink = new long[1000]);
    assertTrue(bytes >= 8000, "measured " + bytes);
  }

  /**
   * The hand-written kernel's sample + accumulateGradient loop allocates nothing once compiled.
   *
   * <p>20 000 warm-up steps get the loop and the kernel methods through the JIT tiers before 100 000
   * steps are measured. The counter is exact, but the JVM may occasionally do one-off work on the test
   * thread during the measured interval (a late class load, a deoptimization and re-profiling) that
   * allocates a few bytes unrelated to the kernel; so the measurement is repeated up to three times
   * and the minimum is asserted. A kernel that really allocates per step would show at least one
   * object per step (≥ 1.6 MB here) in every repetition.
   */
  @Test
  void toyKernelStepLoopAllocatesNothing() {
    ToyKernel k = new ToyKernel();
    double[] theta = new double[k.paramCount()];
    k.initialParams(1L, theta);
    long min = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && min > 0; attempt++) {
      min = Math.min(min, AllocationProbe.bytesAllocatedBySteps(k, theta, 20_000, 100_000, 7L));
    }
    assertEquals(0L, min, "bytes allocated by 100000 steps");
  }

  /** A kernel that allocates on every sample is caught. */
  @Test
  void allocatingKernelIsCaught() {
    ToyKernel k = new ToyKernel() {
      @Override
      public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws,
          double[] next) {
        double[] tmp = new double[2];
        super.sample(theta, x, t, n, rng, draws, tmp);
        sink = tmp;
        System.arraycopy(tmp, 0, next, 0, 2);
      }
    };
    double[] theta = new double[k.paramCount()];
    k.initialParams(1L, theta);
    long bytes = AllocationProbe.bytesAllocatedBySteps(k, theta, 1_000, 10_000, 7L);
    assertTrue(bytes >= 10_000 * 16L, "measured " + bytes);
  }

  @Test
  void argumentsAreValidated() {
    ToyKernel k = new ToyKernel();
    assertThrows(IllegalArgumentException.class,
        () -> AllocationProbe.bytesAllocatedBySteps(k, new double[2], 0, 1, 1L));
    assertThrows(IllegalArgumentException.class,
        () -> AllocationProbe.bytesAllocatedBySteps(k, new double[3], -1, 1, 1L));
  }
}
