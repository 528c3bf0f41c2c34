package org.dsojava.samples.randomization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.design.Lyapunov2;
import org.junit.jupiter.api.Test;

/**
 * Domain randomization against exact solutions (issue 14, item 6, CI-sized): the same optimizer and budget train
 * K on the nominal {@code Lqr} (g = 1) and on {@link RandomizedLqr} (g ~ U[0.5, 12] per rollout). Every J here is
 * exact (discounted Lyapunov equation), so the comparison has no sampling error: the nominal policy's closed loop
 * A − gBK is unstable for g ≥ 10 (J = ∞) while the randomized one stays stable on the whole range and beyond it,
 * and the randomized K is the robust optimum argmin_K E_g[J_g(K)] computed another way (Nelder–Mead on a
 * 200-point midpoint rule).
 */
class RandomizedLqrTest {
  static final double GAMMA = 0.95;
  static final double DT = 0.1;
  static final double[] B = {0.5 * DT * DT, DT};
  static final int NODES = 200;

  /** Exact discounted J of u = −Kx + N(0, σ_u²) with actuator gain g, x₀ ~ U(−1, 1)²; ∞ when γ·ρ(F)² ≥ 1. */
  static double exactJ(double k0, double k1, double g) {
    double b0 = g * B[0];
    double b1 = g * B[1];
    double f00 = 1 - b0 * k0;
    double f01 = DT - b0 * k1;
    double f10 = -b1 * k0;
    double f11 = 1 - b1 * k1;
    // Eigenvalues of the 2×2 F from its trace and determinant.
    double tr = f00 + f11;
    double det = f00 * f11 - f01 * f10;
    double disc = tr * tr / 4 - det;
    double rho = disc >= 0 ? Math.abs(tr / 2) + Math.sqrt(disc) : Math.sqrt(det);
    if (GAMMA * rho * rho >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    double r = RandomizedLqr.R;
    double[] q = {RandomizedLqr.Q0 + r * k0 * k0, r * k0 * k1, r * k0 * k1, RandomizedLqr.Q1 + r * k1 * k1};
    double[] f = {f00, f01, f10, f11};
    double[] p = q.clone();
    for (int it = 0; it < 1_000_000; it++) {
      double[] np = Lyapunov2.step(f, p, q, GAMMA);
      double delta = Math.abs(np[0] - p[0]) + Math.abs(np[1] - p[1]) + Math.abs(np[3] - p[3]);
      p = np;
      if (delta < 1e-13 * (1 + Math.abs(p[0]) + Math.abs(p[3]))) {
        break;
      }
    }
    double su2 = RandomizedLqr.SIGMA_U * RandomizedLqr.SIGMA_U;
    double sw2 = RandomizedLqr.SIGMA_W * RandomizedLqr.SIGMA_W;
    double[] w = {sw2 + su2 * b0 * b0, su2 * b0 * b1, su2 * b0 * b1, sw2 + su2 * b1 * b1};
    double trPW = p[0] * w[0] + p[1] * w[2] + p[2] * w[1] + p[3] * w[3];
    return (p[0] + p[3]) / 3.0 + (r * su2 + GAMMA * trPW) / (1 - GAMMA);
  }

  /** E_g[J_g(K)], g ~ U[0.5, 12], by the midpoint rule on 200 nodes. */
  static double randomizedJ(double k0, double k1) {
    double s = 0;
    double h = (RandomizedLqr.G_HIGH - RandomizedLqr.G_LOW) / NODES;
    for (int i = 0; i < NODES; i++) {
      s += exactJ(k0, k1, RandomizedLqr.G_LOW + (i + 0.5) * h);
    }
    return s / NODES;
  }

  static Result train(DsoOptimizer optimizer) {
    return optimizer.seed(1).batch(200).iterations(400).threads(2).randomTermination(true)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.1, 100), 0.9, 0.999, 1e-8)).clipGradientNorm(10)
        .progress(null).run();
  }

  @Test
  void theRandomizedPolicyStaysStableWhereTheNominalOneDoesNot() {
    double[] kn = train(LqrDso.optimizer()).theta();
    double[] kr = train(RandomizedLqrDso.optimizer()).theta();
    PointValuePair robust = new SimplexOptimizer(1e-12, 1e-12).optimize(new MaxEval(10_000),
        new ObjectiveFunction((MultivariateFunction) k -> randomizedJ(k[0], k[1])), GoalType.MINIMIZE,
        new InitialGuess(new double[] {0.5, 0.5}), new NelderMeadSimplex(new double[] {0.2, 0.2}));
    double[] ks = robust.getPoint();
    System.out.printf(Locale.ROOT, "nominal K = (%.4f, %.4f); randomized K = (%.4f, %.4f); robust optimum (%.4f, %.4f)"
        + " with E_g J = %.6f, the randomized K's %.6f%n", kn[0], kn[1], kr[0], kr[1], ks[0], ks[1],
        robust.getValue(), randomizedJ(kr[0], kr[1]));
    System.out.println("| g | J_g(nominal K) | J_g(randomized K) |");
    for (double g : new double[] {0.25, 0.5, 1, 2, 4, 8, 10, 11, 12, 14}) {
      System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", g, exactJ(kn[0], kn[1], g), exactJ(kr[0], kr[1], g));
    }
    // The randomized K attains the robust optimum of E_g[J_g] to 1%.
    assertEquals(robust.getValue(), randomizedJ(kr[0], kr[1]), 0.01 * robust.getValue());
    // The nominal K is the better one at its own g = 1 (randomization has a price) …
    assertTrue(exactJ(kn[0], kn[1], 1) < exactJ(kr[0], kr[1], 1));
    // … but its closed loop diverges at held-out gains where the randomized one holds, inside and beyond the range.
    for (double g : new double[] {11, 12, 14}) {
      assertEquals(Double.POSITIVE_INFINITY, exactJ(kn[0], kn[1], g), "nominal K at g = " + g);
      assertTrue(Double.isFinite(exactJ(kr[0], kr[1], g)), "randomized K at g = " + g);
    }
  }
}
