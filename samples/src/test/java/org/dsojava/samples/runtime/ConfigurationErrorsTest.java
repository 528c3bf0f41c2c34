package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.optim.Batch;
import org.dsojava.runtime.optim.SampleCurvature;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.api.Test;

/** Bad configuration fails fast, with a message that says what to change. */
class ConfigurationErrorsTest {
  /** A batch whose rollouts all blew up has nothing to average: an error, not a silent NaN. */
  @Test
  void fisherProductOfAnEmptyBatch() {
    Batch empty = new Batch(new double[2], List.of(), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleCurvature.fisherVector(empty, LqrDso.kernel(), new double[2], new double[2]));
    assertEquals("the batch has no usable rollouts (all blew up)", e.getMessage());
  }

  @Test
  void negativeBatch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LqrDso.optimizer().batch(-3).progress(null).run());
    assertEquals("batch = -3: a batch needs at least 1 rollout; set batch(n) with n >= 1", e.getMessage());
  }

  @Test
  void discountOutsideTheUnitInterval() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LqrDso.optimizer().discount(1.5).progress(null).run());
    assertEquals("discount γ = 1.5 is outside (0, 1]; set discount(γ) with 0 < γ <= 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LqrDso.optimizer().discount(0).config());
  }

  @Test
  void averageSettingOnAChainThatTerminates() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CartPoleLinearDso.optimizer().setting(Setting.AVERAGE).discount(1).horizon(200).threads(1)
            .iterations(1).progress(null).run());
    assertEquals(true, e.getMessage().startsWith("CartPoleLinear reached a terminal state at step "), e.getMessage());
    assertEquals(true, e.getMessage().endsWith("but the average-cost setting needs an ergodic chain that never"
        + " terminates; use FIRST_EXIT or DISCOUNTED, or remove the @Terminal states"), e.getMessage());
  }

  @Test
  void wrongThetaLengthWhenResuming() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LqrDso.optimizer().initialTheta(new double[5]));
    assertEquals("initial θ has length 5, but Lqr has 2 parameters; resume with a θ saved from this model",
        e.getMessage());
  }

  @Test
  void randomTerminationNeedsADiscount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CartPoleLinearDso.optimizer().randomTermination(true).config());
    assertEquals("random termination realizes a discount γ < 1 and applies to DISCOUNTED chains; this chain is"
        + " FIRST_EXIT with γ = 1.0", e.getMessage());
  }
}
