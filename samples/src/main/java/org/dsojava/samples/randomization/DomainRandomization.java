package org.dsojava.samples.randomization;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.MlpBaseline;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.PendulumPhysics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Domain randomization on Pendulum-v1 (issue 14, item 6): the same method and budget train the mass-blind MLP
 * policy on the nominal pendulum ({@link NominalPendulum}, m = 1) and on pendulums whose mass every rollout
 * draws from U[0.5, 3] ({@link RandomizedPendulum}, rollout-specific chains P_m, section 4.1); then both
 * deterministic policies are evaluated on fresh episodes at held-out masses, inside and outside the training
 * range. Method: {@code PendulumMain}'s PCO configuration (batch 8 episodes, 4 epochs × 4 minibatches, clip 0.2,
 * target KL 0.02, inner Adam 0.002, TD(0.95), MLP baseline), whose baseline also sees m (V̂ may read any state
 * entry; the policy does not). Prints a table mass → mean return ± 95% CI, fraction upright at the end and
 * the paired difference for both, and writes it (CSV), a plot and the two learning curves to {@code target/}.
 *
 * <p>Arguments: {@code [iterations] [seed] [episodes] [threads]} (defaults 250, 1, 100, 2; the results do not
 * depend on the thread count): 250 iterations = 400 000 env steps per policy. The range, the masses and the
 * budget were chosen on tuning seed 101 (docs/APPLICATIONS.md reports seeds 1–5).
 */
public final class DomainRandomization {
  /** The held-out masses: below, inside and above the training range [0.5, 3]. */
  public static final double[] MASSES = {0.3, 0.6, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0};

  private DomainRandomization() {}

  /** The baseline's inputs: (cos th, sin th, thdot, m, c, t/200), c the cost of the last step. */
  public static Features inputs() {
    return new Features() {
      @Override
      public int size() {
        return 6;
      }

      @Override
      public void compute(double[] x, int t, double[] phi) {
        phi[0] = Math.cos(x[0]);
        phi[1] = Math.sin(x[0]);
        phi[2] = x[1];
        phi[3] = x[2];
        phi[4] = x[3];
        phi[5] = t / 200.0;
      }
    };
  }

  /** Trains from θ₀ = initialParams(seed) with {@code PendulumMain}'s PCO configuration. */
  public static Result train(DsoOptimizer optimizer, int iterations, long seed, int threads) {
    return train(optimizer, iterations, seed, threads, null);
  }

  /** As {@link #train(DsoOptimizer, int, long, int)}, with a progress line labelled {@code log} every 25 iterations. */
  public static Result train(DsoOptimizer optimizer, int iterations, long seed, int threads, String log) {
    if (log != null) {
      optimizer.onIteration((k, theta, rec) -> {
        if ((k + 1) % 25 == 0) {
          System.out.printf(Locale.ROOT, "  %s, iteration %3d: %7d env steps, batch mean return %7.1f%n", log, k + 1,
              rec.envSteps(), -rec.meanCost());
        }
      });
    }
    return optimizer.seed(seed).batch(8).threads(threads).tdLambda(0.95).gae(true)
        .baseline(new MlpBaseline(inputs(), 64, 10, 64, 0.003, seed))
        .pco(new ProximalChainOptimization.Settings(0.2, 4, 4, 0.02, StepRule.adam(0.002)))
        .initialTheta(NominalPendulumDso.initialParams(seed)).iterations(iterations).progress(null).run();
  }

  /** The deterministic policy θ on {@code episodes} fresh episodes of the pendulum of mass m. */
  public static Evaluation evaluate(double[] theta, double mass, int episodes, long seed) {
    ChainKernel k = new AtMass(RandomizedPendulumDso.kernel(), mass);
    return Evaluation.run(k, theta, episodes, true, seed, 0);
  }

  /**
   * The paired difference of two policies' returns on the same episodes (the same initial states: the
   * deterministic policies draw nothing else): its mean and the half-width of its 95% normal interval.
   */
  public static double[] pairedDifference(Evaluation a, Evaluation b) {
    int n = a.episodes();
    double[] d = new double[n];
    double mean = 0;
    for (int e = 0; e < n; e++) {
      d[e] = a.episodeCosts()[e] - b.episodeCosts()[e];
      mean += d[e] / n;
    }
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    return new double[] {mean, 1.959963984540054 * sd / Math.sqrt(n)};
  }

  /**
   * The fraction of {@code episodes} fresh episodes (stream {@code seed}) whose deterministic policy holds the
   * pendulum of mass m upright at the end: |angle| &lt; 0.5 rad over the last 20 of the 200 steps — a swing-up.
   */
  public static double uprightFraction(double[] theta, double mass, int episodes, long seed) {
    ChainKernel k = new AtMass(RandomizedPendulumDso.kernel(), mass);
    double[] x = new double[k.stateDim()];
    double[] next = new double[k.stateDim()];
    double[] draws = new double[k.drawCount()];
    Rng rng = new Rng(seed, 0);
    int up = 0;
    for (int e = 0; e < episodes; e++) {
      rng.reseed(seed, e);
      k.initialState(theta, e, rng, x);
      boolean upright = true;
      for (int t = 0; t < k.horizon(); t++) {
        k.samplePolicyMean(theta, x, t, e, rng, draws, next);
        System.arraycopy(next, 0, x, 0, x.length);
        if (t >= k.horizon() - 20 && Math.abs(PendulumPhysics.angleNormalize(x[0])) >= 0.5) {
          upright = false;
        }
      }
      up += upright ? 1 : 0;
    }
    return (double) up / episodes;
  }

  public static void main(String[] args) throws IOException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 250;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
    int episodes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    System.out.printf(Locale.ROOT, "Pendulum-v1 domain randomization: PCO, %d iterations × 8 episodes × 200 steps"
        + " per policy (seed %d)%n", iterations, seed);
    Result nominal = train(NominalPendulumDso.optimizer(), iterations, seed, threads, "nominal");
    System.out.printf(Locale.ROOT, "  nominal (m = 1): %d env steps, %.1f s, last batch mean return %.1f%n",
        nominal.envSteps(), nominal.seconds(), -nominal.curve().get(nominal.curve().size() - 1).meanCost());
    Result randomized = train(RandomizedPendulumDso.optimizer(), iterations, seed, threads, "randomized");
    System.out.printf(Locale.ROOT, "  randomized (m ~ U[%.2g, %.2g]): %d env steps, %.1f s, last batch mean return"
        + " %.1f%n", RandomizedPendulum.MASS_LOW, RandomizedPendulum.MASS_HIGH, randomized.envSteps(),
        randomized.seconds(), -randomized.curve().get(randomized.curve().size() - 1).meanCost());
    double[] masses = new double[MASSES.length + 1];
    masses[0] = MassPendulum.NOMINAL_MASS;
    System.arraycopy(MASSES, 0, masses, 1, MASSES.length);
    java.util.Arrays.sort(masses);
    System.out.printf(Locale.ROOT, "deterministic policies, %d fresh episodes per mass (the same episodes for both):%n",
        episodes);
    System.out.println("| mass m | nominal policy: return | upright | randomized policy: return | upright"
        + " | randomized − nominal (paired) |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
    List<String> csv = new ArrayList<>();
    csv.add("mass,nominal_mean,nominal_ci95,nominal_upright,randomized_mean,randomized_ci95,randomized_upright,"
        + "difference,difference_ci95");
    double[][] rows = new double[masses.length][];
    for (int i = 0; i < masses.length; i++) {
      Evaluation a = evaluate(nominal.theta(), masses[i], episodes, seed + 9000);
      Evaluation b = evaluate(randomized.theta(), masses[i], episodes, seed + 9000);
      double[] d = pairedDifference(a, b);
      double ua = uprightFraction(nominal.theta(), masses[i], episodes, seed + 9000);
      double ub = uprightFraction(randomized.theta(), masses[i], episodes, seed + 9000);
      rows[i] = new double[] {a.meanReturn(), a.confidence95(), ua, b.meanReturn(), b.confidence95(), ub, d[0], d[1]};
      System.out.printf(Locale.ROOT, "| %.2f%s | %.1f ± %.1f | %.0f%% | %.1f ± %.1f | %.0f%% | %+.1f ± %.1f |%n",
          masses[i], masses[i] == MassPendulum.NOMINAL_MASS ? " (nominal)" : "", rows[i][0], rows[i][1], 100 * ua,
          rows[i][3], rows[i][4], 100 * ub, d[0], d[1]);
      StringBuilder line = new StringBuilder(Double.toString(masses[i]));
      for (double v : rows[i]) {
        line.append(',').append(v);
      }
      csv.add(line.toString());
    }
    Files.createDirectories(Path.of("target"));
    Path table = Path.of("target", "domain-randomization-seed" + seed + ".csv");
    Files.write(table, csv);
    Path png = Path.of("target", "domain-randomization-seed" + seed + ".png");
    plot(masses, rows, png, seed);
    nominal.writeCsv(Path.of("target", "domain-randomization-nominal-seed" + seed + ".csv"));
    randomized.writeCsv(Path.of("target", "domain-randomization-randomized-seed" + seed + ".csv"));
    System.out.printf(Locale.ROOT, "table: %s, plot: %s (evaluation: %d env steps)%n", table, png,
        4L * masses.length * episodes * 200);
  }

  private static void plot(double[] masses, double[][] rows, Path png, long seed) throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(440)
        .title("Pendulum-v1: return at held-out masses (seed " + seed + ")").xAxisTitle("pole mass m")
        .yAxisTitle("mean return (deterministic policy)").build();
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    double[] a = new double[masses.length];
    double[] ae = new double[masses.length];
    double[] b = new double[masses.length];
    double[] be = new double[masses.length];
    for (int i = 0; i < masses.length; i++) {
      a[i] = rows[i][0];
      ae[i] = rows[i][1];
      b[i] = rows[i][3];
      be[i] = rows[i][4];
    }
    chart.addSeries("trained at m = 1", masses, a, ae);
    String range = "[" + RandomizedPendulum.MASS_LOW + ", " + RandomizedPendulum.MASS_HIGH + "]";
    chart.addSeries("trained on m ~ U" + range, masses, b, be);
    System.setProperty("java.awt.headless", "true");
    String name = png.toString();
    BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - 4), BitmapEncoder.BitmapFormat.PNG);
  }
}
