package org.dsojava.samples.sysid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.Result;
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
  @Test
  void dsoAndLevenbergMarquardtAgreeAndFindTheTruth() {
    DataSet d = SysIdMain.record(2026);
    Result dso = SysIdMain.dso(d).progress(null).run();
    double[] theta = dso.theta(); // g, m, friction
    SysIdMain.Fit lm = SysIdMain.levenbergMarquardt(d);
    double[] fit = lm.estimate();
    double[] truth = {SysIdMain.G, SysIdMain.M, SysIdMain.B};
    String[] names = {"g", "m", "b"};
    StringBuilder report = new StringBuilder();
    for (int k = 0; k < 3; k++) {
      report.append(String.format("%s: DSO %.6f, LM %.6f ± %.6f (SE), truth %.3f%n", names[k], theta[k], fit[k],
          lm.standardErrors()[k], truth[k]));
    }
    System.out.print(report);
    for (int k = 0; k < 3; k++) {
      double se = lm.standardErrors()[k];
      assertEquals(fit[k], theta[k], 1e-3 * Math.abs(fit[k]) + 1e-4, names[k] + ": DSO against LM\n" + report);
      assertEquals(truth[k], fit[k], 0.01 * Math.max(Math.abs(truth[k]), 0.3), names[k] + ": LM against the truth\n" + report);
      assertTrue(Math.abs(fit[k] - truth[k]) <= 4 * se, names[k] + ": truth within 4 SE\n" + report);
    }
  }

  @Test
  void theMainWritesTheTableCsvAndPlot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    SysIdMain.main(new String[] {dir.toString()});
    java.util.List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("sysid.csv"));
    assertEquals(4001, csv.size(), "a header and one row per iteration");
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve("sysid.png").toFile());
    assertEquals(720, png.getWidth());
  }
}
