package org.dsojava.samples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.data.DataSets;
import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated model's data cost block driven by the optimizer (issue 13): demonstrations written to CSV
 * and read back, behavioral cloning alone (no rollouts) converging to the maximum-likelihood answer computed
 * independently (normal equations for (k, b), the residual RMS for σ), the same θ with 1 and 2 threads, and
 * cloning next to the rollout objective.
 */
class CloningTest {
  @TempDir Path dir;

  static final DataSchema SCHEMA = DataSchema.of(DataSchema.field("x", 2), DataSchema.field("u", 1));

  /** 20 demonstrations of 15 steps from the expert u = −1.5·x₀ − 0.8·x₁ + 0.2 + N(0, 0.3²). */
  private Path demonstrations() throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    StringBuilder csv = new StringBuilder("n,t,x[0],x[1],u\n");
    for (int n = 0; n < 20; n++) {
      double x0 = 2 * r.nextDouble() - 1;
      double x1 = 0;
      for (int t = 0; t < 15; t++) {
        double u = -1.5 * x0 - 0.8 * x1 + 0.2 + 0.3 * r.nextGaussian();
        csv.append(n).append(',').append(t).append(',').append(x0).append(',').append(x1).append(',').append(u)
            .append('\n');
        double nx0 = x0 + 0.1 * x1;
        x1 = x1 + 0.1 * u;
        x0 = nx0;
      }
    }
    Path file = dir.resolve("demos.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void cloningAloneConvergesToTheMaximumLikelihoodPolicy() throws Exception {
    DataSet demos = DataSets.readCsv(demonstrations(), SCHEMA);
    ChainKernel k = CloneLinearDso.kernel();
    assertFalse(k.chainReadsRecords());
    // Least squares for (w0, w1, b): normal equations AᵀA β = Aᵀu.
    double[][] ata = new double[3][3];
    double[] atu = new double[3];
    double[] x = new double[2];
    double[] u = new double[1];
    int count = 0;
    for (int n = 0; n < demos.trajectories(); n++) {
      for (int t = 0; t < demos.length(n); t++) {
        demos.read(n, t, "x", x, 0);
        demos.read(n, t, "u", u, 0);
        double[] a = {x[0], x[1], 1.0};
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            ata[i][j] += a[i] * a[j];
          }
          atu[i] += a[i] * u[0];
        }
        count++;
      }
    }
    double[] beta = new CholeskyDecomposition(new Array2DRowRealMatrix(ata)).getSolver()
        .solve(new ArrayRealVector(atu)).toArray();
    double sse = 0;
    for (int n = 0; n < demos.trajectories(); n++) {
      for (int t = 0; t < demos.length(n); t++) {
        demos.read(n, t, "x", x, 0);
        demos.read(n, t, "u", u, 0);
        double e = u[0] - beta[0] * x[0] - beta[1] * x[1] - beta[2];
        sse += e * e;
      }
    }
    double sigma = Math.sqrt(sse / count);

    Result one = CloneLinearDso.optimizer().data(demos).dataCost("clone", 1.0).rollouts(0).threads(1).seed(3)
        .adam(0.05).iterations(1500).run();
    Result two = CloneLinearDso.optimizer().data(demos).dataCost("clone", 1.0).rollouts(0).threads(2).seed(3)
        .adam(0.05).iterations(1500).run();
    assertArrayEquals(one.theta(), two.theta(), 0.0);
    double[] theta = one.theta();
    // θ = (policy.w[0], policy.w[1], policy.b[0], logStd); at the optimum Adam's steps shrink to ~lr·(noise
    // of a deterministic gradient) = 0, so the answer is exact up to the iteration budget.
    assertEquals(beta[0], theta[0], 2e-3);
    assertEquals(beta[1], theta[1], 2e-3);
    assertEquals(beta[2], theta[2], 2e-3);
    assertEquals(Math.log(sigma), theta[3], 2e-3);
    assertEquals(-1.5, theta[0], 0.15); // and the expert's gain, within the sampling error of 300 records
  }

  @Test
  void cloningNextToTheRolloutObjectiveMovesTowardTheExpert() throws Exception {
    DataSet demos = DataSets.readCsv(demonstrations(), SCHEMA);
    Result r = CloneLinearDso.optimizer().data(demos).dataCost("clone", 5.0).batch(8).threads(2).seed(9)
        .adam(0.05).iterations(40).run();
    assertTrue(r.theta()[0] < -0.5, "policy.w[0] = " + r.theta()[0]);
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> CloneLinearDso.optimizer().data(demos).dataCost("cloning", 1.0).iterations(1).run());
    assertTrue(unknown.getMessage().contains("clone"), unknown.getMessage());
  }
}
