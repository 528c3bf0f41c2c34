package org.dsojava.samples.lmdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.mdp.Lmdp;
import org.junit.jupiter.api.Test;

/** The grid sample's DSO gradient descent on the chain of eq. 89 reaches the exact LMDP solution. */
class LmdpGridTest {
  /**
   * From θ = 0, gradient descent on the exact J stops at ‖∇J‖ &lt; 1e-7 with Z within 1e-5 (in ln Z) of
   * the exact desirability, and J equal to the optimal cost Σ p₀(x) V*(x) (eq. 86: the chain of eq. 89 at
   * V* is P*, whose cost-to-go is V*) to 1e-9.
   */
  @Test
  void gradientDescentFindsTheExactDesirability() {
    Lmdp lmdp = LmdpGridMain.grid(5);
    double[] z = lmdp.desirability();
    LmdpGridMain.Descent d = LmdpGridMain.dsoGradientDescent(lmdp, 1e-7, 10_000);
    assertTrue(d.iterations() < 10_000, "did not converge");
    assertTrue(LmdpGridMain.error(d.z(), z) < 1e-5, "max |ln Ẑ − ln Z| = " + LmdpGridMain.error(d.z(), z));
    double optimal = 0;
    for (int x = 0; x < 24; x++) {
      optimal += -Math.log(z[x]) / 24;
    }
    assertEquals(optimal, d.objective(), 1e-9);
  }
}
