package org.dsojava.samples.sysid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor calibration against the closed-form maximum likelihood (L_calib, section 5.1): recorded states and
 * measurements y = C x + ξ (C = [[1, 0.5], [−0.3, 2]], σ = (0.1, 0.2); 40 trajectories × 50 records) are
 * fitted by DSO's calib block alone; the answer is the least-squares C = (Σ y xᵀ)(Σ x xᵀ)⁻¹ with
 * σᵢ² = the mean squared residual of output i. Both agree to 1e-3 relative, C is within 4 standard errors of
 * the truth and σ within 5%.
 */
class SensorCalibrationTest {
  @Test
  void calibrationFindsTheMaximumLikelihoodSensor() {
    DataSet d = CalibrationMain.record(7);
    CalibrationMain.ClosedForm ml = CalibrationMain.closedForm(d);
    Result fit = CalibrationMain.dso(d).progress(null).run();
    double[] theta = fit.theta(); // sensor.c (2×2, row-major), sensor.logStd (2)
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double closed = ml.theta()[2 * i + j];
        assertEquals(closed, theta[2 * i + j], 1e-3 * Math.abs(closed), "C[" + i + "][" + j + "]");
        double se = ml.standardErrors()[2 * i + j];
        assertEquals(CalibrationMain.C[i][j], closed, 4 * se, "C[" + i + "][" + j + "] against the truth (SE " + se + ")");
      }
      double logSigma = ml.theta()[4 + i];
      assertEquals(logSigma, theta[4 + i], 1e-3 * Math.abs(logSigma), "log σ[" + i + "]");
      assertEquals(CalibrationMain.SIGMA[i], Math.exp(logSigma), 0.05 * CalibrationMain.SIGMA[i], "σ[" + i + "] against the truth");
    }
  }

  @Test
  void theMainWritesTheTableCsvAndPlot(@TempDir Path dir) throws Exception {
    CalibrationMain.main(new String[] {dir.toString()});
    assertEquals(4001, Files.readAllLines(dir.resolve("calibration.csv")).size(), "a header and one row per iteration");
    assertEquals(720, javax.imageio.ImageIO.read(dir.resolve("calibration.png").toFile()).getWidth());
  }
}
