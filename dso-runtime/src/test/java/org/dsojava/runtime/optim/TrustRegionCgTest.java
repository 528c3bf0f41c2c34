package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Steihaug–Toint CG: exact Newton steps inside the region, boundary steps otherwise, never ascent. */
class TrustRegionCgTest {
  private static TrustRegionCg.Operator matrix(double[][] h) {
    return (v, out) -> {
      for (int i = 0; i < h.length; i++) {
        double s = 0;
        for (int j = 0; j < v.length; j++) {
          s += h[i][j] * v[j];
        }
        out[i] = s;
      }
    };
  }

  @Test
  void convergesToTheNewtonStepForAPositiveDefiniteQuadratic() {
    double[][] h = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    double[] g = {1, -2, 0.5};
    TrustRegionCg.Solution s = TrustRegionCg.solve(matrix(h), g, 100, 50, 1e-12);
    assertEquals(TrustRegionCg.Outcome.CONVERGED, s.outcome());
    double[] hp = new double[3];
    matrix(h).apply(s.step(), hp);
    assertArrayEquals(new double[] {-1, 2, -0.5}, hp, 1e-10);
  }

  @Test
  void stopsOnTheBoundaryWhenTheNewtonStepIsTooLong() {
    double[][] h = {{1e-3, 0}, {0, 1e-3}};
    TrustRegionCg.Solution s = TrustRegionCg.solve(matrix(h), new double[] {1, 1}, 0.5, 50, 1e-10);
    assertEquals(TrustRegionCg.Outcome.BOUNDARY, s.outcome());
    assertEquals(0.5, Math.hypot(s.step()[0], s.step()[1]), 1e-12);
    assertTrue(s.modelDecrease() > 0);
  }

  @Test
  void indefiniteHessianGivesADescentStepOnTheBoundary() {
    double[][] h = {{-2, 0}, {0, 1}};
    TrustRegionCg.Solution s = TrustRegionCg.solve(matrix(h), new double[] {1, 0.1}, 2.0, 50, 1e-10);
    assertEquals(TrustRegionCg.Outcome.NEGATIVE_CURVATURE, s.outcome());
    assertEquals(2.0, Math.hypot(s.step()[0], s.step()[1]), 1e-12);
    assertTrue(s.modelDecrease() > 0, "the model must decrease along the step");
  }

  @Test
  void rejectsANonPositiveRadius() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrustRegionCg.solve(matrix(new double[][] {{1}}), new double[] {1}, 0, 5, 1e-6));
    assertEquals("trust-region radius Δ = 0.0 must be positive", e.getMessage());
  }

  @Test
  void reportsACgThatRunsOutOfIterations() {
    double[][] h = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    TrustRegionCg.Solution s = TrustRegionCg.solve(matrix(h), new double[] {1, -2, 0.5}, 100, 1, 1e-12);
    assertEquals(TrustRegionCg.Outcome.MAX_ITERATIONS, s.outcome());
    assertTrue(s.modelDecrease() > 0, "even a truncated CG step decreases the model");
    assertEquals("CG did not converge within the iteration limit; using its last iterate", s.outcome().reason());
  }
}
