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
  static double exactJ(double k0, double k1, double m) {
    return ReacherDesignMain.exactJ(k0, k1, m);
  }

  static double optimalJ(double m) {
    return ReacherDesignMain.optimalJ(m);
  }

  static Prior designPrior(double sigma) {
    return ReacherDesignMain.designPrior(sigma);
  }

  static DsoOptimizer optimizer(long seed) {
    return ReacherDesignMain.optimizer(seed);
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

  @Test
  void theMainWritesTheTableCsvAndPlot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ReacherDesignMain.main(new String[] {dir.toString()});
    assertTrue(java.nio.file.Files.readAllLines(dir.resolve("reacher-design.csv")).size() > 400);
    assertTrue(javax.imageio.ImageIO.read(dir.resolve("reacher-design.png").toFile()).getHeight() > 300);
  }
}
