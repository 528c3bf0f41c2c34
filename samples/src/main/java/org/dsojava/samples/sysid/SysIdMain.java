package org.dsojava.samples.sysid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * System identification against Levenberg–Marquardt (section 5.1's L_sysid; issue 14 item 1), end to end:
 * records 50 trajectories × 100 transitions of a damped pendulum with known g = 9.81, m = 1, b = 0.3 under
 * random torques and velocity noise, fits {@link PendulumSysId}'s block alone by Algorithm 1's optimizer
 * (Adam on the exact data gradient) and Commons Math's Levenberg–Marquardt on the same residuals, prints the
 * table, and writes the estimates' path to {@code sysid.csv} and {@code sysid.png} (relative distance to the
 * LM estimate against iteration). Argument: the output directory (default {@code target}).
 */
public final class SysIdMain {
  static final double G = 9.81;
  static final double M = 1.0;
  static final double B = 0.3;
  static final double DT = 0.05;

  private SysIdMain() {}

  /** One semi-implicit Euler step of the true pendulum (l = 1) with parameters (g, m, b). */
  static double[] step(double[] x, double u, double g, double m, double b) {
    double acc = -g * Math.sin(x[0]) + (u - b * x[1]) / m;
    double w = x[1] + DT * acc;
    return new double[] {x[0] + DT * w, w};
  }

  /** 50 trajectories × 101 records (x, u) of the true pendulum, torques N(0, 2²), velocity noise N(0, 0.005²). */
  public static DataSet record(long seed) {
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
    int rows = rows(d);
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

  private static int rows(DataSet d) {
    int rows = 0;
    for (int n = 0; n < d.trajectories(); n++) {
      rows += 2 * (d.length(n) - 1);
    }
    return rows;
  }

  /** Levenberg–Marquardt's estimate (g, m, b) and its standard errors from σ̂²(JᵀJ)⁻¹. */
  public record Fit(double[] estimate, double[] standardErrors) {}

  public static Fit levenbergMarquardt(DataSet d) {
    int rows = rows(d);
    LeastSquaresOptimizer.Optimum lm = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
        .start(new double[] {9.0, 1.5, 0.0}).model(p -> residuals(d, p)).target(new double[rows])
        .maxEvaluations(1000).maxIterations(1000).build());
    double sigma2 = lm.getCost() * lm.getCost() / (rows - 3);
    RealMatrix cov = lm.getCovariances(1e-14).scalarMultiply(sigma2);
    double[] se = new double[3];
    for (int k = 0; k < 3; k++) {
      se[k] = Math.sqrt(cov.getEntry(k, k));
    }
    return new Fit(lm.getPoint().toArray(), se);
  }

  /** DSO: the sysid block alone (no rollouts), Adam with an inverse-time rate, 4000 iterations, 2 threads. */
  public static org.dsojava.runtime.optim.DsoOptimizer dso(DataSet d) {
    return PendulumSysIdDso.optimizer().data(d).dataCost("sysid", 1.0).rollouts(0).threads(2).seed(1)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.05, 300), 0.9, 0.999, 1e-8)).iterations(4000);
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    Files.createDirectories(out);
    DataSet d = record(2026);
    Fit lm = levenbergMarquardt(d);
    List<double[]> path = new ArrayList<>();
    Result r = dso(d).progress(null).onIteration((k, theta, rec) -> {
      path.add(new double[] {k, theta[0], theta[1], theta[2]});
      if (k % 500 == 0) {
        System.out.printf(Locale.ROOT, "iteration %4d: g %.6f, m %.6f, b %.6f%n", k, theta[0], theta[1], theta[2]);
      }
    }).run();
    String[] names = {"g", "m", "b"};
    double[] truth = {G, M, B};
    System.out.println("parameter  DSO        LM ± SE                truth");
    for (int k = 0; k < 3; k++) {
      System.out.printf(Locale.ROOT, "%-9s  %.6f   %.6f ± %.6f   %.3f%n", names[k], r.theta()[k], lm.estimate()[k],
          lm.standardErrors()[k], truth[k]);
    }
    StringBuilder csv = new StringBuilder("iteration,g,m,b\n");
    double[] it = new double[path.size()];
    double[][] rel = new double[3][path.size()];
    for (int i = 0; i < path.size(); i++) {
      double[] p = path.get(i);
      csv.append((int) p[0]).append(',').append(p[1]).append(',').append(p[2]).append(',').append(p[3]).append('\n');
      it[i] = p[0];
      for (int k = 0; k < 3; k++) {
        rel[k][i] = Math.max(Math.abs(p[k + 1] - lm.estimate()[k]) / Math.abs(lm.estimate()[k]), 1e-12);
      }
    }
    Files.writeString(out.resolve("sysid.csv"), csv);
    XYChart chart = new XYChartBuilder().width(720).height(440)
        .title("System identification: DSO (L_sysid, Adam) against Levenberg-Marquardt")
        .xAxisTitle("iteration").yAxisTitle("|DSO - LM| / |LM|").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(0);
    for (int k = 0; k < 3; k++) {
      chart.addSeries(names[k], it, rel[k]);
    }
    BitmapEncoder.saveBitmap(chart, out.resolve("sysid").toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("wrote " + out.resolve("sysid.csv") + " and " + out.resolve("sysid.png"));
  }
}
