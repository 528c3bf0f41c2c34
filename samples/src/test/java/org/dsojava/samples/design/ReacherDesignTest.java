package org.dsojava.samples.design;

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
import org.dsojava.runtime.optim.NumericalException;
import org.dsojava.runtime.optim.Prior;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.junit.jupiter.api.Test;

/**
 * Mechanism design on the point-mass reacher (issue 14, item 2): the mass m optimized with the policy K under a
 * Gaussian prior N(1, 0.25²) centred on the initial design reaches a task cost J(K, m) below J*(1), the best any
 * policy achieves with the initial design (discounted Riccati), on every seed, and J + prior within 1% of the
 * exact regularized optimum (Nelder–Mead); without the prior the same run drives m toward 0 until the dynamics
 * diverge, since the task cost alone keeps falling as the body gets lighter. All J are exact (Lyapunov and
 * Riccati equations), so the comparisons have no sampling error.
 */
class ReacherDesignTest {
  static final double GAMMA = 0.95;
  static final double DT = ReacherDesign.DT;

  /** Exact discounted J of u = −Kx with mass m, x₀ ~ U(−1, 1)²; ∞ when γ·ρ(F)² ≥ 1 or m ≤ 0 makes it so. */
  static double exactJ(double k0, double k1, double m) {
    double b0 = ReacherDesign.B0 / m;
    double b1 = ReacherDesign.B1 / m;
    double[] f = {1 - b0 * k0, DT - b0 * k1, -b1 * k0, 1 - b1 * k1};
    double tr = f[0] + f[3];
    double det = f[0] * f[3] - f[1] * f[2];
    double disc = tr * tr / 4 - det;
    double rho = disc >= 0 ? Math.abs(tr / 2) + Math.sqrt(disc) : Math.sqrt(det);
    if (!(GAMMA * rho * rho < 1)) {
      return Double.POSITIVE_INFINITY;
    }
    double r = ReacherDesign.R;
    double[] q = {ReacherDesign.Q0 + r * k0 * k0, r * k0 * k1, r * k0 * k1, ReacherDesign.Q1 + r * k1 * k1};
    double[] p = lyapunov(f, q);
    double sw2 = ReacherDesign.SIGMA_W * ReacherDesign.SIGMA_W;
    return (p[0] + p[3]) / 3.0 + GAMMA * sw2 * (p[0] + p[3]) / (1 - GAMMA);
  }

  /** P = q + γ FᵀPF by fixed-point iteration (γρ² &lt; 1). */
  static double[] lyapunov(double[] f, double[] q) {
    double[] p = q.clone();
    for (int it = 0; it < 1_000_000; it++) {
      double[] np = q.clone();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          double v = 0;
          for (int c = 0; c < 2; c++) {
            for (int d = 0; d < 2; d++) {
              v += f[c * 2 + i] * p[c * 2 + d] * f[d * 2 + j];
            }
          }
          np[i * 2 + j] += GAMMA * v;
        }
      }
      double delta = Math.abs(np[0] - p[0]) + Math.abs(np[1] - p[1]) + Math.abs(np[3] - p[3]);
      p = np;
      if (delta < 1e-13 * (1 + Math.abs(p[0]) + Math.abs(p[3]))) {
        break;
      }
    }
    return p;
  }

  /** J*(m): the discounted Riccati gain for mass m (iterated to its fixed point), evaluated exactly. */
  static double optimalJ(double m) {
    double b0 = ReacherDesign.B0 / m;
    double b1 = ReacherDesign.B1 / m;
    double r = ReacherDesign.R;
    double[] p = {ReacherDesign.Q0, 0, 0, ReacherDesign.Q1};
    double k0 = 0;
    double k1 = 0;
    for (int it = 0; it < 1_000_000; it++) {
      double pb0 = p[0] * b0 + p[1] * b1;
      double pb1 = p[2] * b0 + p[3] * b1;
      double s = r + GAMMA * (b0 * pb0 + b1 * pb1);
      // K = γ (R + γ BᵀPB)⁻¹ BᵀPA with A = [[1, dt], [0, 1]].
      double nk0 = GAMMA * pb0 / s;
      double nk1 = GAMMA * (pb0 * DT + pb1) / s;
      double[] f = {1 - b0 * nk0, DT - b0 * nk1, -b1 * nk0, 1 - b1 * nk1};
      double[] q = {ReacherDesign.Q0 + r * nk0 * nk0, r * nk0 * nk1, r * nk0 * nk1, ReacherDesign.Q1 + r * nk1 * nk1};
      double[] np = q.clone();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          double v = 0;
          for (int c = 0; c < 2; c++) {
            for (int d = 0; d < 2; d++) {
              v += f[c * 2 + i] * p[c * 2 + d] * f[d * 2 + j];
            }
          }
          np[i * 2 + j] += GAMMA * v;
        }
      }
      double delta = Math.abs(nk0 - k0) + Math.abs(nk1 - k1);
      p = np;
      k0 = nk0;
      k1 = nk1;
      if (it > 10 && delta < 1e-14) {
        break;
      }
    }
    return exactJ(k0, k1, m);
  }

  /** N(1, σ²) on the design entry θ[2] only (the policy has no prior). */
  static Prior designPrior(double sigma) {
    return new Prior() {
      @Override
      public double value(double[] theta) {
        double d = (theta[2] - 1.0) / sigma;
        return 0.5 * d * d;
      }

      @Override
      public void addGradient(double[] theta, double[] g) {
        g[2] += (theta[2] - 1.0) / (sigma * sigma);
      }
    };
  }

  static DsoOptimizer optimizer(long seed) {
    return ReacherDesignDso.optimizer().seed(seed).batch(100).iterations(400).threads(2).randomTermination(true)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.1, 100), 0.9, 0.999, 1e-8)).clipGradientNorm(10)
        .progress(null);
  }

  @Test
  void jointDesignBeatsTheBestPolicyForTheInitialDesignAndThePriorKeepsItPhysical() {
    double best = optimalJ(1.0);
    // The exact optimum of the regularized objective J(K, m) + (m − 1)²/(2·0.25²), by Nelder–Mead.
    PointValuePair exact = new SimplexOptimizer(1e-13, 1e-13).optimize(new MaxEval(20_000),
        new ObjectiveFunction((MultivariateFunction) z -> z[2] > 0
            ? exactJ(z[0], z[1], z[2]) + designPrior(0.25).value(z) : Double.POSITIVE_INFINITY),
        GoalType.MINIMIZE, new InitialGuess(new double[] {2, 2, 1}),
        new NelderMeadSimplex(new double[] {0.3, 0.3, 0.1}));
    double[] z = exact.getPoint();
    System.out.printf(Locale.ROOT, "exact optimum with the prior: K = (%.4f, %.4f), m = %.4f, J = %.6f,"
        + " J + prior = %.6f%n",
        z[0], z[1], z[2], exactJ(z[0], z[1], z[2]), exact.getValue());
    for (long seed = 1; seed <= 3; seed++) {
      // The initial design held fixed (bounds pin m = 1), same optimizer and budget: the policy-only optimum.
      double[] fixed = optimizer(seed).bounds(new double[] {-20, -20, 1}, new double[] {20, 20, 1}).run().theta();
      double[] joint = optimizer(seed).prior(designPrior(0.25)).run().theta();
      double jf = exactJ(fixed[0], fixed[1], 1.0);
      double jj = exactJ(joint[0], joint[1], joint[2]);
      System.out.printf(Locale.ROOT, "seed %d: fixed design K = (%.4f, %.4f), J = %.6f; joint K = (%.4f, %.4f),"
          + " m = %.4f,"
          + " J = %.6f; J*(1) = %.6f, J*(m) = %.6f%n", seed, fixed[0], fixed[1], jf, joint[0], joint[1], joint[2], jj,
          best, optimalJ(joint[2]));
      assertTrue(jf >= best, "no policy beats the Riccati optimum");
      assertTrue(jj < best, "seed " + seed + ": joint J " + jj + " is not below the best fixed-design J " + best);
      assertTrue(joint[2] > 0.5 && joint[2] < 1.0, "seed " + seed + ": m = " + joint[2]);
      // DSO's regularized objective is within 1% of the exact optimum's.
      double objective = jj + designPrior(0.25).value(joint);
      assertTrue(objective < 1.01 * exact.getValue(), "seed " + seed + ": J + prior = " + objective);
    }
    // Without the prior the design leaves the physical range: m reaches 0.05 or less (or the run diverges).
    double[] minMass = {Double.POSITIVE_INFINITY};
    String outcome;
    try {
      Result r = optimizer(1).iterations(1000)
          .onIteration((k, theta, rec) -> minMass[0] = Math.min(minMass[0], theta[2])).run();
      outcome = "final m = " + r.theta()[2];
    } catch (NumericalException e) {
      outcome = "diverged: " + e.getMessage();
    }
    System.out.printf(Locale.ROOT, "without the prior: smallest m %.4f; %s%n", minMass[0], outcome);
    assertTrue(minMass[0] <= 0.05, "without the prior m stayed at or above " + minMass[0]);
  }
}
