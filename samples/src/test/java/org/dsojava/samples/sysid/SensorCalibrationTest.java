package org.dsojava.samples.sysid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.junit.jupiter.api.Test;

/**
 * Sensor calibration against the closed-form maximum likelihood (L_calib, section 5.1): recorded states and
 * measurements y = C x + ξ (C = [[1, 0.5], [−0.3, 2]], σ = (0.1, 0.2); 40 trajectories × 50 records) are
 * fitted by DSO's calib block alone; the answer is the least-squares C = (Σ y xᵀ)(Σ x xᵀ)⁻¹ with
 * σᵢ² = the mean squared residual of output i. Both agree to 1e-3 relative, C is within 4 standard errors of
 * the truth and σ within 5%.
 */
class SensorCalibrationTest {
  static final double[][] C = {{1.0, 0.5}, {-0.3, 2.0}};
  static final double[] SIGMA = {0.1, 0.2};

  @Test
  void calibrationFindsTheMaximumLikelihoodSensor() {
    SplittableRandom r = new SplittableRandom(7);
    DataSet.Builder b = DataSet.builder(DataSchema.of(DataSchema.field("x", 2), DataSchema.field("y", 2)));
    double[][] sxx = new double[2][2];
    double[][] syx = new double[2][2];
    for (int n = 0; n < 40; n++) {
      double[] x = {r.nextGaussian(), r.nextGaussian()};
      for (int t = 0; t < 50; t++) {
        double[] y = new double[2];
        for (int i = 0; i < 2; i++) {
          y[i] = C[i][0] * x[0] + C[i][1] * x[1] + SIGMA[i] * r.nextGaussian();
        }
        b.add(n, t, x[0], x[1], y[0], y[1]);
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            sxx[i][j] += x[i] * x[j];
            syx[i][j] += y[i] * x[j];
          }
        }
        x = new double[] {x[0] + 0.1 * r.nextGaussian(), x[1] + 0.1 * r.nextGaussian()};
      }
    }
    DataSet d = b.build();
    RealMatrix ls = new Array2DRowRealMatrix(syx).multiply(new LUDecomposition(new Array2DRowRealMatrix(sxx))
        .getSolver().getInverse());
    double[] logSigma = new double[2];
    int count = 0;
    double[] x = new double[2];
    double[] y = new double[2];
    double[] ss = new double[2];
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t < d.length(n); t++) {
        d.read(n, t, "x", x, 0);
        d.read(n, t, "y", y, 0);
        for (int i = 0; i < 2; i++) {
          double e = y[i] - ls.getEntry(i, 0) * x[0] - ls.getEntry(i, 1) * x[1];
          ss[i] += e * e;
        }
        count++;
      }
    }
    for (int i = 0; i < 2; i++) {
      logSigma[i] = 0.5 * Math.log(ss[i] / count);
    }
    Result fit = SensorCalibrationDso.optimizer().data(d).dataCost("calib", 1.0).rollouts(0).threads(2).seed(1)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.05, 300), 0.9, 0.999, 1e-8)).iterations(4000).progress(null)
        .run();
    double[] theta = fit.theta(); // sensor.c (2×2, row-major), sensor.logStd (2)
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double closed = ls.getEntry(i, j);
        assertEquals(closed, theta[2 * i + j], 1e-3 * Math.abs(closed), "C[" + i + "][" + j + "]");
        // Standard error of the least-squares coefficient: σᵢ·√((Σ x xᵀ)⁻¹)ⱼⱼ.
        double se = Math.sqrt(ss[i] / count) * Math.sqrt(new LUDecomposition(new Array2DRowRealMatrix(sxx))
            .getSolver().getInverse().getEntry(j, j));
        assertEquals(C[i][j], closed, 4 * se, "C[" + i + "][" + j + "] against the truth (SE " + se + ")");
      }
      assertEquals(logSigma[i], theta[4 + i], 1e-3 * Math.abs(logSigma[i]), "log σ[" + i + "]");
      assertEquals(SIGMA[i], Math.exp(logSigma[i]), 0.05 * SIGMA[i], "σ[" + i + "] against the truth");
    }
  }
}
