package org.dsojava.benchmarks.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dsojava.benchmarks.models.CartPoleCloningDso;
import org.dsojava.benchmarks.models.CartPoleTrackingDso;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StopRule;

/**
 * Data-augmented policy optimization on CartPole-v1 (paper section 5.2, issue 14 item 3): env steps to solve
 * (the deterministic policy's mean return ≥ 475 over 100 fresh episodes, those episodes counted) for
 * (a) policy optimization alone, (b) behavioral cloning (no env steps) then policy optimization, (c) cloning
 * and policy optimization in parallel (the sum of the costs). Demonstrations: 5 episodes of an expert linear
 * policy (its stochastic policy, recorded (x, a)). Configuration fixed in advance, no tuning: Adam 0.1, batch
 * 10, at most 300 iterations; clone weight 1 (per-trajectory average of −ln P, about 500 terms); cloning first
 * runs 200 data-only iterations. Seeds 1–5. Prints one line per run and a median [min, max] summary.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar org.dsojava.benchmarks.solve.DataAugmentedCartPole [plot dir]}
 * (seed 1's learning curves to {@code data-augmented-seed1.png}, default {@code benchmarks/target}).
 */
public final class DataAugmentedCartPole {
  private DataAugmentedCartPole() {}

  /** A linear CartPole policy that solves it (the main job's result for seed 1). */
  static final double[] EXPERT = {0.02658, 0.3280, 3.235, 2.307, -0.08504};

  static DataSet demonstrations(int episodes, long seed) {
    ChainKernel k = CartPoleCloningDso.kernel();
    DataSet.Builder d = DataSet.builder(DataSchema.of(DataSchema.field("x", 4), DataSchema.field("a", 1)));
    double[] x = new double[4];
    double[] next = new double[4];
    double[] draws = new double[k.drawCount()];
    Rng rng = new Rng(seed, 0);
    for (int e = 0; e < episodes; e++) {
      rng.reseed(seed, e);
      k.initialState(EXPERT, e, rng, x);
      for (int t = 0; t < 500 && !k.terminal(x, t, e); t++) {
        k.sample(EXPERT, x, t, e, rng, draws, next);
        d.add(e, t, x[0], x[1], x[2], x[3], draws[0]);
        System.arraycopy(next, 0, x, 0, 4);
      }
    }
    return d.build();
  }

  static DsoOptimizer po(long seed, Solved rule) {
    return CartPoleCloningDso.optimizer().seed(seed).batch(10).threads(2).adam(0.1).iterations(300).progress(null)
        .stopWhen(rule);
  }

  /** CartPole-v1's stop rule (100 episodes of the deterministic policy, mean return ≥ 475), remembering whether it fired. */
  static final class Solved implements StopRule {
    private final StopRule rule;
    private boolean fired;

    Solved(long seed) {
      rule = StopRule.meanCostAtMost(CartPoleCloningDso.factory(), 100, -475, seed + 1000);
    }

    @Override
    public boolean done(double[] theta, int iteration) {
      fired = rule.done(theta, iteration);
      return fired;
    }

    @Override
    public long evaluationSteps() {
      return rule.evaluationSteps();
    }
  }


  /** The demonstrations' states alone (what a video would give): variant (d) has no actions. */
  static DataSet statesOnly(DataSet demos) {
    DataSet.Builder d = DataSet.builder(DataSchema.of(DataSchema.field("x", 4)));
    double[] r = new double[demos.schema().width()];
    for (int n = 0; n < demos.trajectories(); n++) {
      for (int t = 0; t < demos.length(n); t++) {
        demos.readRecord(n, t, r, 0);
        d.add(n, t, r[0], r[1], r[2], r[3]);
      }
    }
    return d.build();
  }

  /**
   * {env steps when the stop rule fired (rollouts and its evaluation episodes), rollout steps alone} or −1s
   * when it never did; the fresh return of the final θ on 100 other episodes (stream seed + 7000) is
   * reported beside it, since the stopping evaluation's own figure is selected.
   */
  static long[] solved(Result r, Solved rule) {
    long rollouts = 0;
    for (var rec : r.curve()) {
      for (int n : rec.rolloutSteps()) {
        rollouts += n;
      }
    }
    return rule.fired ? new long[] {r.envSteps(), rollouts} : new long[] {-1, -1};
  }

  static double fresh(Result r, long seed) {
    return Evaluation.run(CartPoleCloningDso.kernel(), r.theta(), 100, true, seed + 7000, 0).meanReturn();
  }

  /** Clone weights tried for (c) on the tuning seeds. */
  static final double[] CLONE_WEIGHTS = {0.1, 1, 10, 100, 1000, 10000};

  /** The clone weight of (c), chosen on tuning seeds 101–105 ({@code tune}); see docs/APPLICATIONS.md. */
  static final double CLONE_WEIGHT = 10000;

  public static void main(String[] args) {
    DataSet demos = demonstrations(5, 77);
    if (args.length > 0 && args[0].equals("tune")) {
      tune(demos);
      return;
    }
    DataSet states = statesOnly(demos);
    int variants = 4;
    long[][] steps = new long[variants][5];
    long[][] training = new long[variants][5];
    double[][] freshReturn = new double[variants][5];
    String[] names = {"(a) PO alone", "(b) cloning, then PO", "(c) cloning + PO in parallel",
        "(d) tracking, state-only demos"};
    for (int s = 1; s <= 5; s++) {
      Result cloned = CartPoleCloningDso.optimizer().seed(s).data(demos).dataCost("clone", 1.0).rollouts(0)
          .adam(0.1).iterations(200).progress(null).run();
      Solved[] rules = {new Solved(s), new Solved(s), new Solved(s), new Solved(s)};
      Result[] runs = {po(s, rules[0]).run(), po(s, rules[1]).initialTheta(cloned.theta()).run(),
          po(s, rules[2]).data(demos).dataCost("clone", CLONE_WEIGHT).run(), tracking(s, states, rules[3]).run()};
      if (s == 1) {
        plot(runs, names, java.nio.file.Path.of(args.length > 0 ? args[0] : "benchmarks/target"));
      }
      for (int v = 0; v < variants; v++) {
        long[] o = solved(runs[v], rules[v]);
        steps[v][s - 1] = o[0];
        training[v][s - 1] = o[1];
        freshReturn[v][s - 1] = fresh(runs[v], s);
      }
      System.out.printf(Locale.ROOT, "seed %d: (a) %d (%d in rollouts; fresh %.1f), (b) %d (%d; %.1f), (c) %d (%d; %.1f),"
          + " (d) %d (%d; %.1f) env steps%n", s, steps[0][s - 1], training[0][s - 1], freshReturn[0][s - 1],
          steps[1][s - 1], training[1][s - 1], freshReturn[1][s - 1], steps[2][s - 1], training[2][s - 1],
          freshReturn[2][s - 1], steps[3][s - 1], training[3][s - 1], freshReturn[3][s - 1]);
    }
    for (int v = 0; v < variants; v++) {
      long[] sorted = steps[v].clone();
      Arrays.sort(sorted);
      long[] roll = training[v].clone();
      Arrays.sort(roll);
      double[] f = freshReturn[v].clone();
      Arrays.sort(f);
      System.out.printf(Locale.ROOT, "%-32s median %d [%d, %d] env steps to solve; in rollouts alone %d [%d, %d];"
          + " final θ on fresh episodes %.1f [%.1f, %.1f] (5 seeds; -1: not solved)%n", names[v], sorted[2], sorted[0],
          sorted[4], roll[2], roll[0], roll[4], f[2], f[0], f[4]);
    }
    System.out.printf(Locale.ROOT, "demonstrations: %d episodes, %d steps (not counted above); clone weight %s%n",
        demos.trajectories(), demos.totalRecords(), CLONE_WEIGHT);
  }

  /**
   * Seed 1's learning curves: the batches' mean episode length (CartPole-v1's return; for (d) the tied
   * rollouts stop with their demonstrations, about 136 steps) against env steps, evaluation episodes counted.
   */
  static void plot(Result[] runs, String[] names, java.nio.file.Path dir) {
    org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(760).height(440)
        .title("Data-augmented policy optimization on CartPole-v1, seed 1")
        .xAxisTitle("env steps (stopping evaluations counted)").yAxisTitle("batch mean episode length").build();
    chart.getStyler().setMarkerSize(0);
    for (int v = 0; v < runs.length; v++) {
      var curve = runs[v].curve();
      double[] x = new double[curve.size()];
      double[] y = new double[curve.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = curve.get(i).envSteps();
        int[] lengths = curve.get(i).rolloutSteps();
        double sum = 0;
        for (int n : lengths) {
          sum += n;
        }
        y[i] = sum / Math.max(1, lengths.length);
      }
      if (x.length > 0) {
        chart.addSeries(names[v], x, y);
      }
    }
    try {
      java.nio.file.Files.createDirectories(dir);
      org.knowm.xchart.BitmapEncoder.saveBitmap(chart, dir.resolve("data-augmented-seed1").toString(),
          org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
      System.out.println("wrote " + dir.resolve("data-augmented-seed1.png"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** (d): rollouts tied to the demonstrations' states (rollout n starts at x̄₀ⁿ), stop rule on CartPole-v1 itself. */
  static DsoOptimizer tracking(long seed, DataSet states, Solved rule) {
    return CartPoleTrackingDso.optimizer().seed(seed).batch(10).threads(2).adam(0.1).iterations(300).progress(null)
        .data(states).stopWhen(rule);
  }

  /** (c) on tuning seeds 101–105 for each weight in {@link #CLONE_WEIGHTS}: median env steps to solve. */
  static void tune(DataSet demos) {
    for (double w : CLONE_WEIGHTS) {
      long[] steps = new long[5];
      for (int s = 101; s <= 105; s++) {
        Solved rule = new Solved(s);
        long[] o = solved(po(s, rule).data(demos).dataCost("clone", w).run(), rule);
        steps[s - 101] = o[0] < 0 ? Long.MAX_VALUE : o[0];
      }
      Arrays.sort(steps);
      System.out.printf(Locale.ROOT, "clone weight %s: median %s [%s, %s] env steps (tuning seeds 101-105)%n", w,
          str(steps[2]), str(steps[0]), str(steps[4]));
    }
  }

  private static String str(long steps) {
    return steps == Long.MAX_VALUE ? "unsolved" : Long.toString(steps);
  }
}
