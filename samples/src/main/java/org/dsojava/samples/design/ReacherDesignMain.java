package org.dsojava.samples.design;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.NumericalException;
import org.dsojava.runtime.optim.Prior;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Mechanism design on the point-mass reacher ({@link ReacherDesign}; issue 14 item 2), end to end: for seeds
 * 1–3, the policy alone with the initial design fixed, the design m jointly with the policy under the prior
 * N(1, 0.25²), and the joint run without the prior; every J exact (Lyapunov, Riccati). Prints the table and
 * writes {@code reacher-design.csv} and {@code reacher-design.png} (seed 1: the exact J(K, m) and the mass
 * against iteration for the three runs, with J*(1)). Argument: the output directory (default {@code target}).
 */
public final class ReacherDesignMain {
  private ReacherDesignMain() {}

  static final double GAMMA = 0.95;
  static final double DT = ReacherDesign.DT;

  /** Exact discounted J of u = −Kx with mass m, x₀ ~ U(−1, 1)²; ∞ when γ·ρ(F)² ≥ 1 or m ≤ 0 makes it so. */
  public static double exactJ(double k0, double k1, double m) {
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
  public static double[] lyapunov(double[] f, double[] q) {
    double[] p = q.clone();
    for (int it = 0; it < 1_000_000; it++) {
      double[] np = Lyapunov2.step(f, p, q, GAMMA);
      double delta = Math.abs(np[0] - p[0]) + Math.abs(np[1] - p[1]) + Math.abs(np[3] - p[3]);
      p = np;
      if (delta < 1e-13 * (1 + Math.abs(p[0]) + Math.abs(p[3]))) {
        break;
      }
    }
    return p;
  }

  /** J*(m): the discounted Riccati gain for mass m (iterated to its fixed point), evaluated exactly. */
  public static double optimalJ(double m) {
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
      double[] np = Lyapunov2.step(f, p, q, GAMMA);
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
  public static Prior designPrior(double sigma) {
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

  public static DsoOptimizer optimizer(long seed) {
    return ReacherDesignDso.optimizer().seed(seed).batch(100).iterations(400).threads(2).randomTermination(true)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.1, 100), 0.9, 0.999, 1e-8)).clipGradientNorm(10)
        .progress(null);
  }


  /** One run's exact J(K, m) and mass after every iteration (until it ends or diverges). */
  record Path3(List<double[]> rows, String outcome) {}

  static Path3 trace(DsoOptimizer o) {
    List<double[]> rows = new ArrayList<>();
    String outcome;
    try {
      double[] th = o.onIteration((k, theta, rec) -> rows.add(new double[] {k, exactJ(theta[0], theta[1], theta[2]),
          theta[2]})).run().theta();
      outcome = String.format(Locale.ROOT, "K = (%.4f, %.4f), m = %.4f, J = %.6f", th[0], th[1], th[2],
          exactJ(th[0], th[1], th[2]));
    } catch (NumericalException e) {
      outcome = "diverged after " + rows.size() + " iterations";
    }
    return new Path3(rows, outcome);
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    Files.createDirectories(out);
    double best = optimalJ(1.0);
    System.out.printf(Locale.ROOT, "J*(1) = %.6f: the best any policy achieves with the initial design%n", best);
    Path3[] seed1 = null;
    for (long seed = 1; seed <= 3; seed++) {
      Path3 fixed = trace(optimizer(seed).bounds(new double[] {-20, -20, 1}, new double[] {20, 20, 1}));
      Path3 joint = trace(optimizer(seed).prior(designPrior(0.25)));
      Path3 free = trace(optimizer(seed).iterations(1000));
      System.out.printf(Locale.ROOT, "seed %d: fixed design %s; joint with prior %s; without prior %s%n", seed,
          fixed.outcome(), joint.outcome(), free.outcome());
      if (seed == 1) {
        seed1 = new Path3[] {fixed, joint, free};
      }
    }
    String[] names = {"policy only, m = 1", "joint, prior N(1, 0.25^2)", "joint, no prior"};
    StringBuilder csv = new StringBuilder("run,iteration,J,mass\n");
    XYChart jChart = new XYChartBuilder().width(720).height(380).title("Reacher design, seed 1: exact task cost")
        .xAxisTitle("iteration").yAxisTitle("J(K, m)").build();
    XYChart mChart = new XYChartBuilder().width(720).height(380).title("Reacher design, seed 1: the mass m")
        .xAxisTitle("iteration").yAxisTitle("m").build();
    jChart.getStyler().setMarkerSize(0);
    mChart.getStyler().setMarkerSize(0);
    for (int r = 0; r < 3; r++) {
      List<double[]> rows = seed1[r].rows();
      double[] it = new double[rows.size()];
      double[] j = new double[rows.size()];
      double[] m = new double[rows.size()];
      for (int i = 0; i < it.length; i++) {
        double[] row = rows.get(i);
        it[i] = row[0];
        j[i] = Math.min(row[1], 10.0);
        m[i] = row[2];
        csv.append(r).append(',').append((int) row[0]).append(',').append(row[1]).append(',').append(row[2]).append('\n');
      }
      if (it.length > 0) {
        jChart.addSeries(names[r], it, j);
        mChart.addSeries(names[r], it, m);
      }
    }
    jChart.addSeries("J*(1)", new double[] {0, 400}, new double[] {best, best});
    Files.writeString(out.resolve("reacher-design.csv"), csv);
    BitmapEncoder.saveBitmap(List.of(jChart, mChart), 2, 1, out.resolve("reacher-design").toString(),
        BitmapEncoder.BitmapFormat.PNG);
    System.out.println("wrote " + out.resolve("reacher-design.csv") + " and " + out.resolve("reacher-design.png"));
  }
}
