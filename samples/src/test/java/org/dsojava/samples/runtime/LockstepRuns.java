package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.function.Supplier;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.Result;

/** Runs an optimizer with and without lockstep rollouts and compares everything bit for bit (issue 19). */
public final class LockstepRuns {
  private LockstepRuns() {}

  /**
   * θ and every iteration's record (env steps, mean cost, gradient norm, blow-ups, each rollout's cost and
   * length) of {@code optimizer} with {@code lanes} lockstep lanes equal those of the per-rollout run.
   */
  public static void assertSame(KernelFactory kernels, Supplier<DsoOptimizer> optimizer, int lanes) {
    assertNotNull(LockstepKernel.of(kernels.create(), lanes), "the model has no lockstep kernel");
    Result plain = optimizer.get().run();
    Result lockstep = optimizer.get().lockstep(lanes).run();
    assertArrayEquals(plain.theta(), lockstep.theta(), 0.0, "θ");
    assertEquals(plain.curve().size(), lockstep.curve().size());
    for (int i = 0; i < plain.curve().size(); i++) {
      IterationRecord a = plain.curve().get(i);
      IterationRecord b = lockstep.curve().get(i);
      String at = "iteration " + i;
      assertEquals(a.envSteps(), b.envSteps(), at);
      assertEquals(Double.doubleToRawLongBits(a.meanCost()), Double.doubleToRawLongBits(b.meanCost()), at);
      assertEquals(Double.doubleToRawLongBits(a.gradientNorm()), Double.doubleToRawLongBits(b.gradientNorm()), at);
      assertEquals(a.blowups(), b.blowups(), at);
      assertArrayEquals(a.rolloutCosts(), b.rolloutCosts(), 0.0, at);
      assertArrayEquals(a.rolloutSteps(), b.rolloutSteps(), at);
    }
  }
}
