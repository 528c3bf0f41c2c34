package org.dsojava.samples.sysid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.junit.jupiter.api.Test;

/**
 * System identification against an established method (issue 14, item 1, first part): trajectories of a
 * damped pendulum with known g = 9.81, m = 1, b = 0.3 under random torques and velocity noise (σ = 0.005 per
 * step; 50 trajectories × 100 transitions) are fitted by DSO's L_sysid block alone (Adam on the exact data
 * gradient) and by Commons Math's Levenberg–Marquardt on the same residuals. The two estimates agree to 1e-3
 * relative, both are within 1% of the truth, and the truth is within 4 standard errors of LM's covariance
 * σ̂²(JᵀJ)⁻¹.
 */
class PendulumSysIdTest {
  static final double G = 9.81;
  static final double M = 1.0;
  static final double B = 0.3;
  static final double DT = 0.05;

  static double[] step(double[] x, double u, double g, double m, double b) {
    double acc = -g * Math.sin(x[0]) + (u - b * x[1]) / m;
    double w = x[1] + DT * acc;
    return new double[] {x[0] + DT * w, w};
  }

  static DataSet record(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DataSet.Builder d = DataSet.builder(DataSchema.of(DataSchema.field("x", 2), DataSchema.field("u", 1)));
    for (int n = 0; n < 50; n++) {
      double[] x = {2 * r.nextDouble() - 1, 0};
      for (int t = 0; t <= 100; t++) {
        double u = 2 * r.nextGaussian();
        d.add(n, t, x[0], x[1], u);
        double[] next = step(x, u, G, M, B);
        next[1] += 0.005 * r.nextGaussian();
        x = next;
      }
    }
    return d.build();
  }

  /** Residuals (x̄ₜ₊₁ − f(x̄ₜ, āₜ; p)) / dt and their Jacobian, for Levenberg–Marquardt. */
  static Pair<RealVector, RealMatrix> residuals(DataSet d, RealVector p) {
    double g = p.getEntry(0);
    double m = p.getEntry(1);
    double b = p.getEntry(2);
    int rows = 0;
    for (int n = 0; n < d.trajectories(); n++) {
      rows += 2 * (d.length(n) - 1);
    }
    double[] r = new double[rows];
    double[][] j = new double[rows][3];
    double[] x = new double[2];
    double[] u = new double[1];
    double[] xn = new double[2];
    int i = 0;
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t + 1 < d.length(n); t++) {
        d.read(n, t, "x", x, 0);
        d.read(n, t, "u", u, 0);
        d.read(n, t + 1, "x", xn, 0);
        double[] f = step(x, u[0], g, m, b);
        double dg = -Math.sin(x[0]);
        double dm = -(u[0] - b * x[1]) / (m * m);
        double db = -x[1] / m;
        r[i] = (xn[0] - f[0]) / DT;
        j[i] = new double[] {-DT * dg, -DT * dm, -DT * db};
        r[i + 1] = (xn[1] - f[1]) / DT;
        j[i + 1] = new double[] {-dg, -dm, -db};
        i += 2;
      }
    }
    return new Pair<>(new ArrayRealVector(r, false), new Array2DRowRealMatrix(j, false));
  }

  @Test
  void dsoAndLevenbergMarquardtAgreeAndFindTheTruth() {
    DataSet d = record(2026);
    Result dso = PendulumSysIdDso.optimizer().data(d).dataCost("sysid", 1.0).rollouts(0).threads(2).seed(1)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.05, 300), 0.9, 0.999, 1e-8)).iterations(4000).progress(null)
        .run();
    double[] theta = dso.theta(); // g, m, friction

    int rows = 2 * 50 * 100;
    LeastSquaresOptimizer.Optimum lm = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
        .start(new double[] {9.0, 1.5, 0.0}).model(p -> residuals(d, p)).target(new double[rows])
        .maxEvaluations(1000).maxIterations(1000).build());
    double[] fit = lm.getPoint().toArray();
    double sigma2 = lm.getCost() * lm.getCost() / (rows - 3);
    RealMatrix cov = lm.getCovariances(1e-14).scalarMultiply(sigma2);
    double[] truth = {G, M, B};
    String[] names = {"g", "m", "b"};
    StringBuilder report = new StringBuilder();
    for (int k = 0; k < 3; k++) {
      double se = Math.sqrt(cov.getEntry(k, k));
      report.append(String.format("%s: DSO %.6f, LM %.6f ± %.6f (SE), truth %.3f%n", names[k], theta[k], fit[k], se,
          truth[k]));
    }
    System.out.print(report);
    for (int k = 0; k < 3; k++) {
      double se = Math.sqrt(cov.getEntry(k, k));
      assertEquals(fit[k], theta[k], 1e-3 * Math.abs(fit[k]) + 1e-4, names[k] + ": DSO against LM\n" + report);
      assertEquals(truth[k], fit[k], 0.01 * Math.max(Math.abs(truth[k]), 0.3), names[k] + ": LM against the truth\n" + report);
      assertTrue(Math.abs(fit[k] - truth[k]) <= 4 * se, names[k] + ": truth within 4 SE\n" + report);
    }
  }
}
