package org.dsojava.samples.sysid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Sensor calibration against the closed-form maximum likelihood (section 5.1's L_calib; issue 14 item 1),
 * end to end: records states and measurements y = C x + ξ (C = [[1, 0.5], [−0.3, 2]], σ = (0.1, 0.2); 40
 * trajectories × 50 records), fits {@link SensorCalibration}'s block alone and compares with the
 * least-squares C = (Σ y xᵀ)(Σ x xᵀ)⁻¹ and σᵢ² = mean squared residual; prints the table and writes
 * {@code calibration.csv} and {@code calibration.png} (distance of each θ entry to the closed form against
 * iteration). Argument: the output directory (default {@code target}).
 */
public final class CalibrationMain {
  static final double[][] C = {{1.0, 0.5}, {-0.3, 2.0}};
  static final double[] SIGMA = {0.1, 0.2};

  private CalibrationMain() {}

  /** The recorded (x, y) of a slowly drifting state and the true sensor. */
  public static DataSet record(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DataSet.Builder b = DataSet.builder(DataSchema.of(DataSchema.field("x", 2), DataSchema.field("y", 2)));
    for (int n = 0; n < 40; n++) {
      double[] x = {r.nextGaussian(), r.nextGaussian()};
      for (int t = 0; t < 50; t++) {
        double[] y = new double[2];
        for (int i = 0; i < 2; i++) {
          y[i] = C[i][0] * x[0] + C[i][1] * x[1] + SIGMA[i] * r.nextGaussian();
        }
        b.add(n, t, x[0], x[1], y[0], y[1]);
        x = new double[] {x[0] + 0.1 * r.nextGaussian(), x[1] + 0.1 * r.nextGaussian()};
      }
    }
    return b.build();
  }

  /**
   * The closed-form maximum likelihood in θ's layout (C row-major, then log σ) and the standard errors of
   * C's entries, σᵢ·√((Σ x xᵀ)⁻¹)ⱼⱼ.
   */
  public record ClosedForm(double[] theta, double[] standardErrors) {}

  public static ClosedForm closedForm(DataSet d) {
    double[][] sxx = new double[2][2];
    double[][] syx = new double[2][2];
    double[] x = new double[2];
    double[] y = new double[2];
    int count = 0;
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t < d.length(n); t++) {
        d.read(n, t, "x", x, 0);
        d.read(n, t, "y", y, 0);
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            sxx[i][j] += x[i] * x[j];
            syx[i][j] += y[i] * x[j];
          }
        }
        count++;
      }
    }
    RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(sxx)).getSolver().getInverse();
    RealMatrix ls = new Array2DRowRealMatrix(syx).multiply(inv);
    double[] ss = new double[2];
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t < d.length(n); t++) {
        d.read(n, t, "x", x, 0);
        d.read(n, t, "y", y, 0);
        for (int i = 0; i < 2; i++) {
          double e = y[i] - ls.getEntry(i, 0) * x[0] - ls.getEntry(i, 1) * x[1];
          ss[i] += e * e;
        }
      }
    }
    double[] theta = new double[6];
    double[] se = new double[4];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        theta[2 * i + j] = ls.getEntry(i, j);
        se[2 * i + j] = Math.sqrt(ss[i] / count) * Math.sqrt(inv.getEntry(j, j));
      }
      theta[4 + i] = 0.5 * Math.log(ss[i] / count);
    }
    return new ClosedForm(theta, se);
  }

  /** DSO: the calib block alone (no rollouts), Adam with an inverse-time rate, 4000 iterations, 2 threads. */
  public static DsoOptimizer dso(DataSet d) {
    return SensorCalibrationDso.optimizer().data(d).dataCost("calib", 1.0).rollouts(0).threads(2).seed(1)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.05, 300), 0.9, 0.999, 1e-8)).iterations(4000);
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    Files.createDirectories(out);
    DataSet d = record(7);
    ClosedForm ml = closedForm(d);
    List<double[]> path = new ArrayList<>();
    Result r = dso(d).progress(null).onIteration((k, theta, rec) -> {
      double[] row = new double[7];
      row[0] = k;
      System.arraycopy(theta, 0, row, 1, 6);
      path.add(row);
      if (k % 500 == 0) {
        System.out.printf(Locale.ROOT, "iteration %4d: C = [[%.5f, %.5f], [%.5f, %.5f]], σ = (%.5f, %.5f)%n", k,
            theta[0], theta[1], theta[2], theta[3], Math.exp(theta[4]), Math.exp(theta[5]));
      }
    }).run();
    String[] names = {"C[0][0]", "C[0][1]", "C[1][0]", "C[1][1]", "log σ[0]", "log σ[1]"};
    double[] truth = {C[0][0], C[0][1], C[1][0], C[1][1], Math.log(SIGMA[0]), Math.log(SIGMA[1])};
    System.out.println("entry      DSO         closed form (± SE)      truth");
    for (int k = 0; k < 6; k++) {
      System.out.printf(Locale.ROOT, "%-9s  %.6f   %.6f%s   %.4f%n", names[k], r.theta()[k], ml.theta()[k],
          k < 4 ? String.format(Locale.ROOT, " ± %.6f", ml.standardErrors()[k]) : "           ", truth[k]);
    }
    StringBuilder csv = new StringBuilder("iteration,c00,c01,c10,c11,logSigma0,logSigma1\n");
    double[] it = new double[path.size()];
    double[][] dist = new double[6][path.size()];
    for (int i = 0; i < path.size(); i++) {
      double[] p = path.get(i);
      csv.append((int) p[0]);
      for (int k = 0; k < 6; k++) {
        csv.append(',').append(p[k + 1]);
        dist[k][i] = Math.max(Math.abs(p[k + 1] - ml.theta()[k]), 1e-12);
      }
      csv.append('\n');
      it[i] = p[0];
    }
    Files.writeString(out.resolve("calibration.csv"), csv);
    XYChart chart = new XYChartBuilder().width(720).height(440)
        .title("Sensor calibration: DSO (L_calib, Adam) against the closed-form maximum likelihood")
        .xAxisTitle("iteration").yAxisTitle("|DSO - closed form|").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(0);
    for (int k = 0; k < 6; k++) {
      chart.addSeries(names[k], it, dist[k]);
    }
    BitmapEncoder.saveBitmap(chart, out.resolve("calibration").toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("wrote " + out.resolve("calibration.csv") + " and " + out.resolve("calibration.png"));
  }
}
