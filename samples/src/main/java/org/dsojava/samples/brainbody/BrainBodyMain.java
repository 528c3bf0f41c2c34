package org.dsojava.samples.brainbody;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsojava.plots.Plots;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StopRule;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Brain-body dynamics (eq. 100) on CartPole-v1 with the velocities hidden: trains the recurrent policy
 * {@link RecurrentCartPole} and the static policies {@link StaticLinearCartPole} and {@link StaticMlpCartPole}
 * on the same observations with the same method and budget, and reports, per seed, the env steps to solve,
 * the seconds and the deterministic policy's mean return on 100 fresh episodes.
 *
 * <p><b>Method</b> (one for all three, chosen on tuning seeds 101–105 with the recurrent policy): the natural
 * gradient (section 4.4, eqs. 72–73) with KL step 0.1, damping 0.01, 50 CG iterations, batches of 20
 * episodes, the default quadratic value baseline, one thread. Natural-gradient steps are invariant to how θ
 * is scaled, which matters here: the units' noise ε_g is small, so the Fisher of W_I, W_R is about
 * 1/σ_g² larger than the readout's, and Adam (per-coordinate steps) let those weights random-walk.
 *
 * <p><b>Solved</b>: the deterministic policy's mean return over 100 episodes is ≥ 475 (Gymnasium's
 * threshold for CartPole-v1). After every iteration the deterministic policy runs 3 screening episodes
 * (stream seed + 1500); if their mean return is ≥ 475 it runs 100 evaluation episodes (stream seed + 1000) and
 * the run stops when they pass. All of these episodes count as env steps. The budget, {@value #BUDGET} env
 * steps, includes them. The final θ is then evaluated on 100 fresh episodes (stream seed + 7000, not counted).
 *
 * <p>Arguments: {@code [seeds=1,2,3,4,5] [budget=500000] [policies=recurrent,linear,mlp] [freezeNetwork=false]}
 * (the last: the ablation of {@link #train(Policy, long, long, boolean, boolean)}). Writes
 * {@code target/brainbody-learning-curves.png} (the batches' mean return of each policy, first seed) and
 * {@code target/brainbody-recurrent.png} (the recurrent run's learning curve, first seed).
 */
public final class BrainBodyMain {
  /** The env-step budget of every run (training, screening and evaluation episodes). */
  public static final long BUDGET = 500_000;
  /** The seeds the configuration was chosen on; reported runs use others. */
  public static final long[] TUNING_SEEDS = {101, 102, 103, 104, 105};
  /** Gymnasium's "solved" threshold for CartPole-v1. */
  public static final double SOLVED_RETURN = 475;

  private BrainBodyMain() {}

  /** The three policies on the same observations. */
  public enum Policy {
    RECURRENT("recurrent (eq. 100)"),
    LINEAR("static linear"),
    MLP("static MLP 16×16");

    private final String label;

    Policy(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public ChainKernel kernel() {
      return switch (this) {
        case RECURRENT -> RecurrentCartPoleDso.kernel();
        case LINEAR -> StaticLinearCartPoleDso.kernel();
        case MLP -> StaticMlpCartPoleDso.kernel();
      };
    }

    DsoOptimizer optimizer() {
      return switch (this) {
        case RECURRENT -> RecurrentCartPoleDso.optimizer();
        case LINEAR -> StaticLinearCartPoleDso.optimizer();
        case MLP -> StaticMlpCartPoleDso.optimizer();
      };
    }

    double[] initialTheta(long seed) {
      return switch (this) {
        case RECURRENT -> RecurrentCartPoleDso.initialParams(seed);
        case LINEAR -> StaticLinearCartPoleDso.initialParams(seed);
        case MLP -> StaticMlpCartPoleDso.initialParams(seed);
      };
    }
  }

  /** One run: the optimizer's result, whether the stop rule found it solved, and the fresh evaluation. */
  public record Run(Policy policy, long seed, Result result, boolean solved, Evaluation fresh) {}

  /** The optimizer of every run: natural gradient, batch 20, one thread, the budget and the solved rule. */
  public static DsoOptimizer configure(Policy policy, long seed, long budget, StopRule rule) {
    return policy.optimizer().seed(seed).batch(20).threads(1)
        .naturalGradient(NaturalGradient.Settings.defaults().withKlStep(0.1).withDamping(0.01).withCgIterations(50))
        .initialTheta(policy.initialTheta(seed)).iterations(1_000_000).maxEnvSteps(budget)
        .stopWhen(rule).progress(null);
  }

  /**
   * The solved rule: 3 screening episodes of the deterministic policy (stream seed + 1500), then, if they
   * average ≥ 475, 100 evaluation episodes (stream seed + 1000) that must average ≥ 475. Every episode run is
   * counted as env steps.
   */
  public static final class Solved implements StopRule {
    private final ChainKernel kernel;
    private final long seed;
    private long used;
    private boolean met;

    public Solved(ChainKernel kernel, long seed) {
      this.kernel = kernel;
      this.seed = seed;
    }

    @Override
    public boolean done(double[] theta, int iteration) {
      Evaluation screen = Evaluation.run(kernel, theta, 3, true, seed + 1500, 0);
      used += Math.round(screen.meanLength() * screen.episodes());
      if (screen.meanReturn() < SOLVED_RETURN) {
        return false;
      }
      Evaluation e = Evaluation.run(kernel, theta, 100, true, seed + 1000, 0);
      used += Math.round(e.meanLength() * e.episodes());
      met = e.meanReturn() >= SOLVED_RETURN;
      return met;
    }

    @Override
    public long evaluationSteps() {
      return used;
    }

    /** Whether the rule has been met (the run stopped on it). */
    public boolean met() {
      return met;
    }
  }

  /** Trains {@code policy} from its seeded θ₀ and evaluates the final θ on 100 fresh episodes. */
  public static Run train(Policy policy, long seed, long budget, boolean progress) {
    return train(policy, seed, budget, progress, false);
  }

  /**
   * As {@link #train(Policy, long, long, boolean)}; with {@code freezeNetwork} (an ablation, recurrent policy
   * only) the bounds hold the input and recurrent weights and the units' bias at θ₀, so only W_O, W_D and the
   * action's bias learn.
   */
  public static Run train(Policy policy, long seed, long budget, boolean progress, boolean freezeNetwork) {
    Solved rule = new Solved(policy.kernel(), seed);
    DsoOptimizer o = configure(policy, seed, budget, rule);
    if (freezeNetwork) {
      ChainKernel k = policy.kernel();
      double[] t0 = policy.initialTheta(seed);
      double[] lo = new double[t0.length];
      double[] hi = new double[t0.length];
      for (int i = 0; i < t0.length; i++) {
        boolean network = k.paramName(i).startsWith("brain.");
        lo[i] = network ? t0[i] : Double.NEGATIVE_INFINITY;
        hi[i] = network ? t0[i] : Double.POSITIVE_INFINITY;
      }
      o.bounds(lo, hi);
    }
    if (progress) {
      o.onIteration((k, theta, rec) -> {
        if (k % 25 == 0) {
          System.out.printf(Locale.ROOT, "    %s seed %d, iteration %4d: %7d env steps, batch mean return %6.1f, %5.1f s%n",
              policy.label(), seed, k, rec.envSteps(), -rec.meanCost(), rec.seconds());
        }
      });
    }
    Result r = o.run();
    Evaluation fresh = Evaluation.run(policy.kernel(), r.theta(), 100, true, seed + 7000, 0);
    return new Run(policy, seed, r, rule.met(), fresh);
  }

  /**
   * How far each block of θ moved: ‖θ − θ₀‖ / ‖θ₀‖ for the input and recurrent weights (random at θ₀), ‖θ‖ for
   * the output and direct weights (0 at θ₀).
   */
  static String blockChanges(ChainKernel k, double[] theta0, double[] theta) {
    String[] blocks = {"brain.wx", "brain.wh", "brain.b", "output", "direct"};
    StringBuilder sb = new StringBuilder();
    for (String b : blocks) {
      double d2 = 0;
      double n0 = 0;
      double n1 = 0;
      for (int i = 0; i < theta.length; i++) {
        if (k.paramName(i).startsWith(b + "[")) {
          d2 += (theta[i] - theta0[i]) * (theta[i] - theta0[i]);
          n0 += theta0[i] * theta0[i];
          n1 += theta[i] * theta[i];
        }
      }
      sb.append(String.format(Locale.ROOT, "%s: |θ₀| %.3f, |θ| %.3f, |θ − θ₀| %.3f; ", b, Math.sqrt(n0), Math.sqrt(n1),
          Math.sqrt(d2)));
    }
    return sb.toString();
  }

  static String arg(String[] args, String key, String dflt) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return dflt;
  }

  static String medianRange(double[] v, String format) {
    double[] s = v.clone();
    Arrays.sort(s);
    double median = s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    return String.format(Locale.ROOT, format + " [" + format + ", " + format + "]", median, s[0], s[s.length - 1]);
  }

  public static void main(String[] args) throws IOException {
    long[] seeds = Arrays.stream(arg(args, "seeds", "1,2,3,4,5").split(",")).mapToLong(Long::parseLong).toArray();
    long budget = Long.parseLong(arg(args, "budget", Long.toString(BUDGET)));
    List<Policy> policies = new ArrayList<>();
    for (String p : arg(args, "policies", "recurrent,linear,mlp").split(",")) {
      policies.add(Policy.valueOf(p.toUpperCase(Locale.ROOT)));
    }
    boolean freeze = Boolean.parseBoolean(arg(args, "freezeNetwork", "false"));
    System.out.printf(Locale.ROOT, "CartPole-v1 with the velocities hidden (observations: x/2.4, θ/12°); natural gradient,"
        + " batch 20, KL step 0.1; budget %d env steps; seeds %s%n", budget, Arrays.toString(seeds));
    Map<Policy, List<Run>> runs = new LinkedHashMap<>();
    for (Policy policy : policies) {
      List<Run> list = new ArrayList<>();
      for (long seed : seeds) {
        Run run = train(policy, seed, budget, true, freeze);
        list.add(run);
        System.out.printf(Locale.ROOT, "  %-20s seed %d: %s after %d env steps, %.1f s, %d iterations; fresh 100 episodes:"
            + " mean return %.1f ± %.1f (95%% CI)%n", policy.label(), seed, run.solved() ? "solved" : "NOT solved",
            run.result().envSteps(), run.result().seconds(), run.result().curve().size(), run.fresh().meanReturn(),
            run.fresh().confidence95());
        if (policy == Policy.RECURRENT) {
          System.out.println("    " + blockChanges(policy.kernel(), policy.initialTheta(seed), run.result().theta()));
        }
      }
      runs.put(policy, list);
    }
    System.out.println();
    System.out.println("| policy | θ entries | solved | env steps | seconds | fresh mean return (100 episodes) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (Map.Entry<Policy, List<Run>> e : runs.entrySet()) {
      List<Run> list = e.getValue();
      double[] steps = list.stream().mapToDouble(r -> r.result().envSteps()).toArray();
      double[] secs = list.stream().mapToDouble(r -> r.result().seconds()).toArray();
      double[] fresh = list.stream().mapToDouble(r -> r.fresh().meanReturn()).toArray();
      long solved = list.stream().filter(Run::solved).count();
      System.out.printf(Locale.ROOT, "| %s | %d | %d of %d | %s | %s | %s |%n", e.getKey().label(),
          e.getKey().kernel().paramCount(), solved, list.size(), medianRange(steps, "%.0f"), medianRange(secs, "%.1f"),
          medianRange(fresh, "%.1f"));
    }
    Path dir = Path.of("target");
    Files.createDirectories(dir);
    if (runs.containsKey(Policy.RECURRENT)) {
      Run first = runs.get(Policy.RECURRENT).get(0);
      Path png = dir.resolve("brainbody-recurrent.png");
      Plots.learningCurve(first.result(), png, "CartPole-v1, velocities hidden, recurrent policy (seed " + first.seed() + ")");
      System.out.println("learning curve: " + png);
    }
    Path comparison = dir.resolve("brainbody-learning-curves.png");
    comparisonPlot(runs, comparison);
    System.out.println("comparison: " + comparison);
  }

  /** The batches' mean return against env steps, one series per policy (its first seed). */
  static void comparisonPlot(Map<Policy, List<Run>> runs, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(720).height(440)
        .title("CartPole-v1, velocities hidden: batch mean return (first seed)")
        .xAxisTitle("environment steps").yAxisTitle("mean return of the batch").build();
    Color[] colors = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44)};
    int c = 0;
    for (Map.Entry<Policy, List<Run>> e : runs.entrySet()) {
      List<IterationRecord> curve = e.getValue().get(0).result().curve();
      double[] x = curve.stream().mapToDouble(IterationRecord::envSteps).toArray();
      double[] y = curve.stream().mapToDouble(r -> -r.meanCost()).toArray();
      XYSeries s = chart.addSeries(e.getKey().label(), x, y);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(colors[c++ % colors.length]);
    }
    String name = file.getFileName().toString();
    Path base = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
    BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
