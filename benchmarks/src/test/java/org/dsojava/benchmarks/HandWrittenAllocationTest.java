package org.dsojava.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.benchmarks.models.Lqr10Dso;
import org.dsojava.runtime.AllocationProbe;
import org.dsojava.runtime.Rng;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.PendulumMlpDso;
import org.junit.jupiter.api.Test;

/**
 * The hand-written kernels, and the generated {@code Lqr10Kernel}, allocate nothing per step once compiled
 * (the benchmarks' 0 B/op, checked without JMH): sample + accumulateGradient + x ← x', measured by
 * {@link AllocationProbe} after a warm-up; the minimum of three measurements discounts one-off JVM activity.
 */
class HandWrittenAllocationTest {
  private static final int WARMUP = 20_000;
  private static final int STEPS = 2_000;

  @Test
  void generatedLqr10KernelAllocatesNothing() {
    assertTrue(AllocationProbe.isSupported(), "this JVM counts per-thread allocation");
    long min = Long.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      min = Math.min(min, AllocationProbe.bytesAllocatedBySteps(Lqr10Dso.kernel(), Lqr10Benchmark.gain(),
          WARMUP, STEPS, 5L + r));
    }
    assertEquals(0L, min);
  }

  @Test
  void handWrittenLqr10AllocatesNothing() {
    double[] theta = Lqr10Benchmark.gain();
    Loop loop = new Loop(10, 13, theta.length) {
      @Override
      void step() {
        HandWrittenLqr10.sample(theta, x, rng, draws, next);
        HandWrittenLqr10.accumulateGradient(theta, x, draws, 1.0, -5.0, g);
      }
    };
    assertEquals(0L, loop.minBytes(WARMUP));
  }

  @Test
  void handWrittenCartPoleMlpAllocatesNothing() {
    double[] theta = CartPoleMlpDso.initialParams(42L);
    HandWrittenCartPoleMlp hand = new HandWrittenCartPoleMlp();
    Loop loop = new Loop(4, 1, theta.length) {
      @Override
      void step() {
        hand.sample(theta, x, rng, draws, next);
        hand.accumulateGradient(theta, x, draws, 1.0, -5.0, g);
        if (HandWrittenCartPoleMlp.terminal(next)) {
          HandWrittenCartPoleMlp.initialState(rng, next);
        }
      }
    };
    assertEquals(0L, loop.minBytes(WARMUP / 4));
  }

  @Test
  void handWrittenPendulumMlpAllocatesNothing() {
    double[] theta = PendulumMlpDso.initialParams(42L);
    HandWrittenPendulumMlp hand = new HandWrittenPendulumMlp();
    Loop loop = new Loop(3, 1, theta.length) {
      @Override
      void step() {
        hand.sample(theta, x, rng, draws, next);
        hand.accumulateGradient(theta, x, draws, 1.0, -5.0, g);
      }
    };
    assertEquals(0L, loop.minBytes(WARMUP / 4));
  }

  /** A rollout loop whose buffers are all allocated before anything is measured. */
  private abstract static class Loop {
    final Rng rng = new Rng(3L, 0L);
    final double[] draws;
    final double[] g;
    double[] x;
    double[] next;

    Loop(int stateDim, int drawCount, int paramCount) {
      draws = new double[drawCount];
      g = new double[paramCount];
      x = new double[stateDim];
      next = new double[stateDim];
    }

    abstract void step();

    void run(int steps) {
      for (int s = 0; s < steps; s++) {
        step();
        double[] tmp = x;
        x = next;
        next = tmp;
      }
    }

    long minBytes(int warmup) {
      run(warmup);
      long min = Long.MAX_VALUE;
      for (int r = 0; r < 3; r++) {
        min = Math.min(min, AllocationProbe.allocatedBytes(() -> run(STEPS / 4)));
      }
      return min;
    }
  }
}
