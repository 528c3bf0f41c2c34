package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogisticTest {
  @Test
  void softplusIsLogOnePlusExpWithoutOverflow() {
    for (double z = -30; z <= 30; z += 0.37) {
      assertEquals(Math.log(1 + Math.exp(z)), Logistic.softplus(z), 1e-14 * Math.max(1, Math.abs(z)), "z = " + z);
    }
    assertEquals(800.0, Logistic.softplus(800.0), 0.0);
    assertEquals(Math.exp(-800.0), Logistic.softplus(-800.0), 0.0);
  }

  @Test
  void sigmoidIsTheDerivativeOfSoftplusAndStaysInTheUnitInterval() {
    for (double z = -20; z <= 20; z += 0.41) {
      double h = 1e-5;
      double fd = (Logistic.softplus(z + h) - Logistic.softplus(z - h)) / (2 * h);
      assertEquals(fd, Logistic.sigmoid(z), 1e-9, "z = " + z);
      double s = Logistic.sigmoid(z);
      assertEquals(1 - s, Logistic.sigmoid(-z), 1e-15, "σ(−z) = 1 − σ(z) at z = " + z);
    }
    for (double z : new double[] {-1e308, -800, -745, 745, 800, 1e308, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
      double s = Logistic.sigmoid(z);
      assertTrue(s >= 0 && s <= 1, "σ(" + z + ") = " + s);
      double second = s * (1 - s); // the second derivative of softplus, as generated HVPs compute it
      assertTrue(Double.isFinite(second) && second >= 0, "σ(1 − σ) at " + z + " = " + second);
    }
  }
}
