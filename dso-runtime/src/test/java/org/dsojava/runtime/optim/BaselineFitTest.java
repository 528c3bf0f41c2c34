package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/** The value approximators fit what they can represent: exactly (linear) or closely (MLP). */
class BaselineFitTest {
  private static final int N = 2000;

  private static double quadratic(double[] x) {
    return 3 - x[0] + 2 * x[1] + 0.5 * x[0] * x[0] - x[0] * x[1] + 4 * x[1] * x[1];
  }

  private static double[][] states(long seed) {
    Rng rng = new Rng(seed);
    double[][] s = new double[N][2];
    for (double[] x : s) {
      x[0] = rng.uniform(-2, 2);
      x[1] = rng.uniform(-2, 2);
    }
    return s;
  }

  @Test
  void linearBaselineRecoversAQuadraticExactly() {
    double[][] s = states(1);
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      y[i] = quadratic(s[i]);
    }
    LinearBaseline b = new LinearBaseline(Features.quadratic(2, 0), 1e-12);
    b.fit(s, new int[N], y, N);
    for (double[] x : states(2)) {
      assertEquals(quadratic(x), b.value(x, 0), 1e-6);
    }
  }

  @Test
  void mlpBaselineFitsASmoothNonlinearFunction() {
    double[][] s = states(3);
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      y[i] = 10 * Math.sin(s[i][0]) + s[i][1] * s[i][1];
    }
    MlpBaseline b = new MlpBaseline(Features.quadratic(2, 0), 32, 60, 64, 0.01, 5L);
    b.fit(s, new int[N], y, N);
    double mse = 0;
    double var = 0;
    double mean = 0;
    double[][] test = states(4);
    double[] truth = new double[N];
    for (int i = 0; i < N; i++) {
      truth[i] = 10 * Math.sin(test[i][0]) + test[i][1] * test[i][1];
      mean += truth[i] / N;
    }
    for (int i = 0; i < N; i++) {
      double e = b.value(test[i], 0) - truth[i];
      mse += e * e / N;
      var += (truth[i] - mean) * (truth[i] - mean) / N;
    }
    double r2 = 1 - mse / var;
    assertTrue(r2 > 0.98, "held-out R² = " + r2);
  }

  @Test
  void mlpBaselineIsDeterministic() {
    double[][] s = states(6);
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      y[i] = s[i][0] * s[i][1];
    }
    MlpBaseline a = new MlpBaseline(Features.quadratic(2, 0), 8, 5, 32, 0.01, 9L);
    MlpBaseline c = new MlpBaseline(Features.quadratic(2, 0), 8, 5, 32, 0.01, 9L);
    a.fit(s, new int[N], y, N);
    c.fit(s, new int[N], y, N);
    double[] x = {0.3, -0.7};
    assertEquals(a.value(x, 0), c.value(x, 0), 0.0);
  }

  @Test
  void badSettingsAreRejected() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new LinearBaseline(Features.quadratic(2, 0), -1));
    assertEquals("ridge must be >= 0, got -1.0", e.getMessage());
  }
}
