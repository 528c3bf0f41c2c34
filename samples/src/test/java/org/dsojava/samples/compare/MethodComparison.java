package org.dsojava.samples.compare;

import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.IterationListener;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.reference.LqrReference;

/**
 * Issue 4's comparison: Adam (Algorithm 1), natural gradient, PCO and Chain Iteration on LQR and on
 * CartPole-v1 (linear policy), five seeds each, with the metric recorded after every iteration against
 * env steps and against the optimizer's own wall time.
 *
 * <ul>
 *   <li>LQR: exact J(K)/J* − 1 (Lyapunov equation; J* from the Riccati recursion), 3M env steps per run.
 *   <li>CartPole-v1: the deterministic policy's mean return over 100 episodes (fixed per seed); a run
 *       stops at 475 or after 150k env steps.
 * </ul>
 *
 * The time an iteration's evaluation takes is subtracted from the optimizer's clock, and one full
 * warm-up run of every method (seed 99, discarded) lets the JIT compile before anything is timed. Also run: a
 * natural-gradient δ sweep on LQR. Writes {@code curves.csv}, {@code RESULTS.md}, {@code lqr.png} and
 * {@code cartpole.png} to {@code docs/comparison/} (or the directory given as the only argument).
 *
 * <p>Not a test (CI does not run it); from the project root, after {@code mvn install -DskipTests}:
 * <pre>
 * mvn -pl samples test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.dsojava.samples.compare.MethodComparison
 * </pre>
 */
public final class MethodComparison {
  private static final long[] SEEDS = {1, 2, 3, 4, 5};
  private static final long WARMUP_SEED = 99;
  private static final int THREADS = 2;
  private static final int MAX_ITERATIONS = 1_000_000;
  private static final double[] LOWER = {0, 0};
  private static final double[] UPPER = {20, 20};
  private static final double J_STAR = LqrReference.exactJ(LqrReference.riccatiGain());
  private static final Color[] COLORS = {
    new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728)
  };

  private MethodComparison() {}

  /** The metric of θ for a seed's run. */
  private interface Metric {
    double of(long seed, double[] theta);
  }

  /** Runs one configured optimizer from its θ₀ for a seed, calling the listener after every iteration. */
  private interface Runner {
    void run(long seed, IterationListener listener);
  }

  private record Method(String name, String settings, Runner runner) {}

  /**
   * @param goals metric levels to reach (at most, or at least when {@code lowerIsBetter} is false)
   * @param stopAtGoal end a run once the last goal is reached
   * @param fresh the final θ's metric on episodes the run did not see (null: same as {@code metric})
   */
  private record Task(String id, String title, String metricName, boolean lowerIsBetter, double[] goals,
      String[] goalNames, boolean stopAtGoal, long budget, LongFunction<double[]> theta0,
      Metric metric, Metric fresh, DoubleFunction<String> format, List<Method> methods) {
    boolean reached(double value, double goal) {
      return lowerIsBetter ? value <= goal : value >= goal;
    }
  }

  /** After an iteration (iteration 0: θ₀): env steps so far, optimizer seconds so far, metric. */
  private record Point(int iteration, long envSteps, double seconds, double metric) {}

  private record Run(Task task, Method method, long seed, List<Point> points, double fresh) {
    double stepsTo(double goal) {
      for (Point p : points) {
        if (task.reached(p.metric(), goal)) {
          return p.envSteps();
        }
      }
      return Double.POSITIVE_INFINITY;
    }

    double secondsTo(double goal) {
      for (Point p : points) {
        if (task.reached(p.metric(), goal)) {
          return p.seconds();
        }
      }
      return Double.POSITIVE_INFINITY;
    }

    double last() {
      return points.get(points.size() - 1).metric();
    }

    /** The metric after the last iteration at or before x (env steps, or seconds if bySeconds). */
    double at(double x, boolean bySeconds) {
      double v = points.get(0).metric();
      for (Point p : points) {
        if ((bySeconds ? p.seconds() : p.envSteps()) > x) {
          break;
        }
        v = p.metric();
      }
      return v;
    }
  }

  /** Thrown by the listener to end a run (only DsoOptimizer has a stop rule of its own). */
  private static final class RunOver extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunOver() {
      super(null, null, false, false);
    }
  }

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path out = args.length > 0 ? Path.of(args[0]) : projectRoot().resolve("docs").resolve("comparison");
    long start = System.nanoTime();
    List<Task> tasks = List.of(lqr(), cartPole());
    Task sweep = naturalGradientSweep();
    for (Task t : tasks) {
      for (Method m : t.methods()) {
        record(t, m, WARMUP_SEED, t.budget());
      }
    }
    List<Run> runs = new ArrayList<>();
    for (Task t : List.of(tasks.get(0), tasks.get(1), sweep)) {
      for (Method m : t.methods()) {
        for (long seed : SEEDS) {
          Run r = record(t, m, seed, t.budget());
          runs.add(r);
          System.out.printf(Locale.ROOT, "%-9s %-26s seed %d: %s%n", t.id(), m.name(), seed, summary(r));
        }
      }
    }
    double minutes = (System.nanoTime() - start) * 1e-9 / 60;
    Files.createDirectories(out);
    writeCsv(out.resolve("curves.csv"), runs);
    writeResults(out.resolve("RESULTS.md"), tasks, sweep, runs, minutes);
    plot(out.resolve("lqr.png"), tasks.get(0), runs);
    plot(out.resolve("cartpole.png"), tasks.get(1), runs);
    System.out.printf(Locale.ROOT, "done in %.1f min; wrote curves.csv, RESULTS.md, lqr.png, cartpole.png to %s%n",
        minutes, out.toAbsolutePath());
  }

  // ---------------------------------------------------------------------------------------------
  // The tasks and the methods' settings (from the tests that exercise each optimizer).

  private static Task lqr() {
    List<Method> methods = List.of(
        new Method("Adam", "batch 200, Adam with rate 0.1/(1 + k/100), gradient-norm clip 10, K ∈ [0, 20]²",
            (seed, l) -> LqrDso.optimizer().seed(seed).batch(200).threads(THREADS).randomTermination(true)
                .stepRule(StepRule.adam(Schedule.inverseTime(0.1, 100), 0.9, 0.999, 1e-8)).clipGradientNorm(10)
                .bounds(LOWER, UPPER).iterations(MAX_ITERATIONS).progress(null).onIteration(l).run()),
        new Method("natural gradient", "batch 500, δ 0.01, damping 1e-3, 20 CG iterations, K ∈ [0, 20]²",
            (seed, l) -> naturalGradient(seed, 500, 0.01).onIteration(l).run(LqrDso.initialParams(seed), MAX_ITERATIONS)),
        new Method("PCO", "batch 200, ε 0.2, 4 epochs × 2 minibatches, target KL 0.05, inner Adam(0.05) on"
            + " gradients clipped to norm 10 (PCO takes no bounds)",
            (seed, l) -> new ProximalChainOptimization(LqrDso.factory(), lqrConfig(seed, 200), 0.2, 4, 2, 0.05,
                clipped(StepRule.adam(0.05), 10), baseline(2), null).onIteration(l)
                .run(LqrDso.initialParams(seed), MAX_ITERATIONS)),
        new Method("Chain Iteration", "batch 5000, κ 1, trust region Δ 0.5, 2 Newton steps × 30 CG, K ∈ [0, 20]²",
            (seed, l) -> new ChainIteration(LqrDso.factory(), lqrConfig(seed, 5000), 1.0, 0.5, 2, 30, baseline(2),
                LOWER, UPPER, null).onIteration(l).run(LqrDso.initialParams(seed), MAX_ITERATIONS)));
    return new Task("lqr", "LQR", "J(K)/J* − 1", true, new double[] {0.01, 0.001}, new String[] {"1%", "0.1%"},
        false, 3_000_000, LqrDso::initialParams, (seed, theta) -> LqrReference.exactJ(theta) / J_STAR - 1,
        null, v -> Double.isFinite(v) ? String.format(Locale.ROOT, "%.2g%%", 100 * v) : "∞", methods);
  }

  private static Task naturalGradientSweep() {
    List<Method> methods = new ArrayList<>();
    for (double delta : new double[] {0.003, 0.01, 0.03}) {
      methods.add(new Method("natural gradient δ " + delta, "batch 500, δ " + delta + ", otherwise as above",
          (seed, l) -> naturalGradient(seed, 500, delta).onIteration(l).run(LqrDso.initialParams(seed), MAX_ITERATIONS)));
    }
    Task base = lqr();
    return new Task("lqr-ng-δ", "LQR, natural gradient δ sweep", base.metricName(), true, base.goals(),
        base.goalNames(), false, base.budget(), base.theta0(), base.metric(), null, base.format(), methods);
  }

  private static Task cartPole() {
    ChainKernel kernel = CartPoleLinearDso.kernel();
    List<Method> methods = List.of(
        new Method("Adam", "batch 10, Adam(0.1)",
            (seed, l) -> CartPoleLinearDso.optimizer().seed(seed).batch(10).threads(THREADS).adam(0.1)
                .iterations(MAX_ITERATIONS).progress(null).onIteration(l).run()),
        new Method("natural gradient", "batch 10, δ 0.01, damping 1e-3, 20 CG iterations",
            (seed, l) -> new NaturalGradient(CartPoleLinearDso.factory(), cartPoleConfig(seed, 10), 0.01, 1e-3, 20,
                baseline(4), null, null, null).onIteration(l).run(CartPoleLinearDso.initialParams(seed), MAX_ITERATIONS)),
        new Method("PCO", "batch 10, ε 0.2, 4 epochs × 2 minibatches, target KL 0.05, inner Adam(0.05)",
            (seed, l) -> new ProximalChainOptimization(CartPoleLinearDso.factory(), cartPoleConfig(seed, 10), 0.2, 4, 2,
                0.05, StepRule.adam(0.05), baseline(4), null).onIteration(l)
                .run(CartPoleLinearDso.initialParams(seed), MAX_ITERATIONS)),
        new Method("Chain Iteration", "batch 10, κ 1, trust region Δ 0.25, 2 Newton steps × 30 CG",
            (seed, l) -> new ChainIteration(CartPoleLinearDso.factory(), cartPoleConfig(seed, 10), 1.0, 0.25, 2, 30,
                baseline(4), null, null, null).onIteration(l).run(CartPoleLinearDso.initialParams(seed), MAX_ITERATIONS)));
    return new Task("cartpole", "CartPole-v1", "mean return", false, new double[] {475}, new String[] {"475"}, true,
        150_000, CartPoleLinearDso::initialParams,
        (seed, theta) -> Evaluation.run(kernel, theta, 100, true, 1000 + seed, 0).meanReturn(),
        (seed, theta) -> Evaluation.run(kernel, theta, 100, true, 7 * seed + 3, 0).meanReturn(),
        v -> String.format(Locale.ROOT, "%.1f", v), methods);
  }

  private static NaturalGradient naturalGradient(long seed, int batch, double delta) {
    return new NaturalGradient(LqrDso.factory(), lqrConfig(seed, batch), delta, 1e-3, 20, baseline(2), LOWER, UPPER,
        null);
  }

  private static EstimatorConfig lqrConfig(long seed, int batch) {
    return LqrDso.optimizer().seed(seed).batch(batch).threads(THREADS).randomTermination(true).config();
  }

  private static EstimatorConfig cartPoleConfig(long seed, int batch) {
    return CartPoleLinearDso.optimizer().seed(seed).batch(batch).threads(THREADS).config();
  }

  private static LinearBaseline baseline(int stateDim) {
    return new LinearBaseline(Features.quadratic(stateDim, 0), 1e-6);
  }

  /**
   * {@code rule} on the gradient rescaled to norm at most {@code max}. Near K = 0 the LQR returns are
   * heavy-tailed; one huge surrogate gradient inflates Adam's second moment and stalls PCO for
   * hundreds of iterations (DsoOptimizer's Adam has {@code clipGradientNorm} for the same reason).
   */
  private static StepRule clipped(StepRule rule, double max) {
    return (theta, g, k) -> {
      double norm = Math.sqrt(Arrays.stream(g).map(v -> v * v).sum());
      double[] h = g.clone();
      if (norm > max) {
        for (int i = 0; i < h.length; i++) {
          h[i] *= max / norm;
        }
      }
      rule.step(theta, h, k);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Running and recording.

  private static Run record(Task task, Method method, long seed, long budget) {
    List<Point> points = new ArrayList<>();
    double[] theta0 = task.theta0().apply(seed);
    points.add(new Point(0, 0, 0, task.metric().of(seed, theta0)));
    double[][] lastTheta = {theta0};
    double[] evaluationSeconds = {0};
    double goal = task.goals()[task.goals().length - 1];
    try {
      method.runner().run(seed, (k, theta, r) -> {
        long t0 = System.nanoTime();
        double value = task.metric().of(seed, theta);
        // r.seconds() counts from the start of the run, including earlier iterations' evaluations.
        points.add(new Point(k, r.envSteps(), r.seconds() - evaluationSeconds[0], value));
        lastTheta[0] = theta;
        evaluationSeconds[0] += (System.nanoTime() - t0) * 1e-9;
        if (r.envSteps() >= budget || (task.stopAtGoal() && task.reached(value, goal))) {
          throw new RunOver();
        }
      });
    } catch (RunOver over) {
      // budget spent or goal reached
    }
    double fresh = task.fresh() != null ? task.fresh().of(seed, lastTheta[0]) : points.get(points.size() - 1).metric();
    return new Run(task, method, seed, List.copyOf(points), fresh);
  }

  private static String summary(Run r) {
    StringBuilder b = new StringBuilder();
    Task t = r.task();
    for (int i = 0; i < t.goals().length; i++) {
      double steps = r.stepsTo(t.goals()[i]);
      b.append(t.goalNames()[i]).append(" at ").append(Double.isFinite(steps)
          ? String.format(Locale.ROOT, "%s steps (%.2f s)", steps(steps), r.secondsTo(t.goals()[i])) : "—").append("; ");
    }
    Point end = r.points().get(r.points().size() - 1);
    return b.append(String.format(Locale.ROOT, "final %s after %d iterations, %s steps, %.2f s", t.format().apply(r.last()),
        end.iteration(), steps(end.envSteps()), end.seconds())).toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Output: CSV, Markdown tables, plots.

  private static void writeCsv(Path file, List<Run> runs) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("task,method,seed,iteration,env_steps,seconds,metric\n");
      for (Run r : runs) {
        for (Point p : r.points()) {
          w.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.5f,%.9g%n", r.task().id(), r.method().name(), r.seed(),
              p.iteration(), p.envSteps(), p.seconds(), p.metric()));
        }
      }
    }
  }

  private static void writeResults(Path file, List<Task> tasks, Task sweep, List<Run> runs, double minutes)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Method comparison: results\n\n")
        .append("Generated by `org.dsojava.samples.compare.MethodComparison` (").append(SEEDS.length)
        .append(" seeds per method, ").append(String.format(Locale.ROOT, "%.1f", minutes))
        .append(" min in all). Each cell: median [min, max] over seeds; a seed that never reached the goal")
        .append(" counts as ∞ (shown as —, with the number that did). Seconds are the optimizer's own wall time")
        .append(" (").append(THREADS).append(" sampling threads), evaluation excluded. Curves: `curves.csv`.\n\n");
    for (Task t : tasks) {
      md.append("## ").append(t.title()).append("\n\n");
      if (t.id().equals("lqr")) {
        md.append("Metric: exact J(K)/J* − 1. Budget: ").append(steps(t.budget())).append(" env steps per run.\n\n");
      } else {
        md.append("Metric: the deterministic policy's mean return over 100 episodes (the same 100 starts at every")
            .append(" iteration of a seed); a run stops at 475 or after ").append(steps(t.budget()))
            .append(" env steps. \"Fresh\": the final θ on 100 other episodes.\n\n");
      }
      table(md, t, runs);
      md.append("\nSettings:\n\n");
      for (Method m : t.methods()) {
        md.append("- ").append(m.name()).append(": ").append(m.settings()).append('\n');
      }
      md.append('\n');
      winners(md, t, runs);
    }
    md.append("## ").append(sweep.title()).append("\n\n")
        .append("Natural gradient steps a fixed KL δ every iteration, so δ trades speed against the level it")
        .append(" jitters at near the optimum.\n\n");
    table(md, sweep, runs);
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }

  private static void table(StringBuilder md, Task t, List<Run> runs) {
    md.append("| method |");
    for (String g : t.goalNames()) {
      md.append(" env steps to ").append(g).append(" | seconds to ").append(g).append(" |");
    }
    md.append(" final ").append(t.metricName()).append(" |").append(t.fresh() != null ? " final, fresh |" : "")
        .append("\n|---|");
    md.append("---:|".repeat(2 * t.goals().length + 1 + (t.fresh() != null ? 1 : 0))).append('\n');
    for (Method m : t.methods()) {
      List<Run> rs = runsOf(runs, t, m);
      md.append("| ").append(m.name()).append(" |");
      for (double g : t.goals()) {
        md.append(' ').append(cell(rs.stream().mapToDouble(r -> r.stepsTo(g)).toArray(), MethodComparison::steps))
            .append(" | ").append(cell(rs.stream().mapToDouble(r -> r.secondsTo(g)).toArray(), MethodComparison::seconds))
            .append(" |");
      }
      md.append(' ').append(cell(rs.stream().mapToDouble(Run::last).toArray(), t.format())).append(" |");
      if (t.fresh() != null) {
        md.append(' ').append(cell(rs.stream().mapToDouble(Run::fresh).toArray(), t.format())).append(" |");
      }
      md.append('\n');
    }
  }

  /** The method with the best median per column. */
  private static void winners(StringBuilder md, Task t, List<Run> runs) {
    md.append("Best medians:\n\n");
    for (int i = 0; i < t.goals().length; i++) {
      double g = t.goals()[i];
      md.append("- fewest env steps to ").append(t.goalNames()[i]).append(": ")
          .append(best(t, runs, r -> r.stepsTo(g), true, MethodComparison::steps))
          .append("; least wall time: ").append(best(t, runs, r -> r.secondsTo(g), true, v -> seconds(v) + " s"))
          .append('\n');
    }
    md.append("- best final ").append(t.metricName()).append(": ")
        .append(best(t, runs, Run::last, t.lowerIsBetter(), t.format())).append("\n\n");
  }

  private static String best(Task t, List<Run> runs, ToDoubleFunction<Run> f, boolean lowest,
      DoubleFunction<String> format) {
    String name = "none";
    double bestValue = lowest ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (Method m : t.methods()) {
      double v = median(runsOf(runs, t, m).stream().mapToDouble(f).toArray());
      if (Double.isFinite(v) && (lowest ? v < bestValue : v > bestValue)) {
        bestValue = v;
        name = m.name();
      }
    }
    return Double.isFinite(bestValue) ? name + " (median " + format.apply(bestValue) + ")" : name;
  }

  private static String cell(double[] values, DoubleFunction<String> format) {
    double[] s = values.clone();
    Arrays.sort(s);
    long reached = Arrays.stream(s).filter(Double::isFinite).count();
    if (reached == 0 && s[0] == Double.POSITIVE_INFINITY) {
      return "— (0/" + s.length + ")";
    }
    String max = Double.isFinite(s[s.length - 1]) ? format.apply(s[s.length - 1]) : "—";
    String c = format.apply(median(s)) + " [" + format.apply(s[0]) + ", " + max + "]";
    return reached < s.length && s[s.length - 1] == Double.POSITIVE_INFINITY ? c + " " + reached + "/" + s.length : c;
  }

  private static void plot(Path file, Task t, List<Run> runs) throws IOException {
    boolean lqr = t.lowerIsBetter();
    String what = lqr ? "J(K)/J* − 1 (log scale)" : "return (deterministic, 100 episodes)";
    LinePlot bySteps = new LinePlot(t.title() + ": median of " + SEEDS.length + " seeds, band min–max",
        lqr ? "env steps (log scale)" : "env steps", what);
    LinePlot bySeconds = new LinePlot(t.title() + ": the same against wall time",
        "optimizer wall time, s (log scale)", what).logX();
    long minSteps = Long.MAX_VALUE;
    long maxSteps = 0;
    double minSeconds = Double.POSITIVE_INFINITY;
    double maxSeconds = 0;
    for (Run r : runs) {
      if (r.task() == t) {
        Point end = r.points().get(r.points().size() - 1);
        maxSteps = Math.max(maxSteps, end.envSteps());
        maxSeconds = Math.max(maxSeconds, end.seconds());
        minSteps = Math.min(minSteps, r.points().get(1).envSteps());
        minSeconds = Math.min(minSeconds, r.points().get(1).seconds());
      }
    }
    double[] stepGrid = new double[400];
    double[] secondGrid = new double[400];
    for (int i = 0; i < stepGrid.length; i++) {
      double f = (double) i / (stepGrid.length - 1);
      stepGrid[i] = lqr ? minSteps * Math.pow((double) maxSteps / minSteps, f) : maxSteps * f;
      secondGrid[i] = minSeconds * Math.pow(maxSeconds / minSeconds, f);
    }
    for (int i = 0; i < t.methods().size(); i++) {
      List<Run> rs = runsOf(runs, t, t.methods().get(i));
      addBand(bySteps, t.methods().get(i).name(), COLORS[i], rs, stepGrid, false);
      addBand(bySeconds, t.methods().get(i).name(), COLORS[i], rs, secondGrid, true);
    }
    if (lqr) {
      bySteps.logX().xRange(decadeBelow(minSteps), decadeAbove(maxSteps));
    } else {
      bySteps.xRange(0, maxSteps);
    }
    bySeconds.xRange(decadeBelow(minSeconds), decadeAbove(maxSeconds));
    for (LinePlot p : new LinePlot[] {bySteps, bySeconds}) {
      for (int g = 0; g < t.goals().length; g++) {
        p.reference(t.goals()[g], t.goalNames()[g]);
      }
      if (lqr) {
        p.logY().yRange(1e-5, 100);
      } else {
        p.yRange(0, 510).legendAtBottom();
      }
    }
    LinePlot.save(file, bySteps, bySeconds);
  }

  /** Median and min–max over seeds on a grid; a run that ended (e.g. at 475) holds its last value. */
  private static void addBand(LinePlot plot, String name, Color color, List<Run> rs, double[] grid, boolean bySeconds) {
    double[] median = new double[grid.length];
    double[] lo = new double[grid.length];
    double[] hi = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      double x = grid[i];
      double[] v = rs.stream().mapToDouble(r -> r.at(x, bySeconds)).sorted().toArray();
      median[i] = median(v);
      lo[i] = v[0];
      hi[i] = v[v.length - 1];
    }
    plot.series(name, color, grid, median, lo, hi);
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers.

  private static List<Run> runsOf(List<Run> runs, Task t, Method m) {
    return runs.stream().filter(r -> r.task() == t && r.method() == m).toList();
  }

  private static double decadeBelow(double v) {
    return Math.pow(10, Math.floor(Math.log10(v)));
  }

  private static double decadeAbove(double v) {
    return Math.pow(10, Math.ceil(Math.log10(v)));
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String steps(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    return v >= 1e4 ? String.format(Locale.ROOT, "%.0fk", v / 1e3) : String.format(Locale.ROOT, "%.1fk", v / 1e3);
  }

  private static String seconds(double v) {
    return String.format(Locale.ROOT, v < 0.1 ? "%.3f" : v < 1 ? "%.2f" : "%.1f", v);
  }

  /** The directory holding dso-runtime/ (the project root), searched upwards from the working directory. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("dso-runtime")) && Files.isDirectory(p.resolve("samples"))) {
        return p;
      }
    }
    return here;
  }
}
