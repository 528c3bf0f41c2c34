package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.dsojava.runtime.AllocationProbe;
import org.dsojava.runtime.ChainKernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After warm-up, 10⁵ steps of sample + fused weighted VJP (Algorithm 1's per-step work) allocate
 * nothing: work arrays and the tape belong to the kernel instance. The probe reads
 * ThreadMXBean.getThreadAllocatedBytes; the minimum of three measurements discounts one-off JVM
 * activity (class loading, deoptimization) that is not the kernel's.
 */
class AllocationFreeKernelsTest {
  static Stream<ChainKernel> kernels() {
    return Stream.of(CartPoleLinearDso.kernel(), CartPoleMlpDso.kernel(), PendulumMlpDso.kernel(),
        LqrDso.kernel(), SoftmaxChainDso.kernel());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void sampleAndGradientAllocateNothing(ChainKernel kernel) {
    assertTrue(AllocationProbe.isSupported(), "this JVM cannot count thread allocation; the test needs HotSpot");
    double[] theta = new double[kernel.paramCount()];
    kernel.initialParams(1L, theta);
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && best > 0; attempt++) {
      best = Math.min(best, AllocationProbe.bytesAllocatedBySteps(kernel, theta, 20_000, 100_000, 7L + attempt));
    }
    assertEquals(0L, best, kernel.modelName() + " allocated bytes in its sample/gradient loop");
  }
}
