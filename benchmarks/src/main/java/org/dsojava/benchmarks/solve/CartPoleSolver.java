package org.dsojava.benchmarks.solve;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.IterationListener;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.CartPoleLinearDso;

/**
 * Time-to-solve on CartPole-v1 (linear policy): runs one configured method from θ₀ = 0 (the uniform
 * random policy) and after every iteration evaluates the deterministic policy on 100 episodes (the same
 * 100 starts throughout a run, stream seed + 1000); the run stops when that mean return is ≥ 475 or the
 * budget is spent. The evaluation's episodes count as env steps (they decide when the run stops: issue 16,
 * DESIGN §9) — {@link Outcome#envSteps} includes them, {@link Outcome#rolloutSteps} does not — and their
 * time is subtracted from the optimization seconds. The final θ is always also evaluated on 100 other,
 * fresh episodes ({@link Outcome#freshReturn}), since the stopping evaluation's own figure is selected.
 *
 * <p>Also tracks the CleanRL-style training line: the training episodes are the batches' rollouts of
 * the stochastic policy, taken in rollout order, episode n of a batch ending at (env steps before the
 * batch) + (lengths of rollouts 0…n); the first env step count at which the mean return of the last 20
 * training episodes is ≥ 475 is recorded (the run continues until the evaluation line is reached; the
 * training line usually comes later: the run goes on, without evaluations, until both lines are reached
 * or the budget is spent; the evaluation line's figures are those of the iteration that reached it).
 *
 * <p>With {@code stop=budget} no evaluation runs during the optimization: the run spends a budget of rollout
 * env steps fixed in advance and the final θ is evaluated once on fresh episodes (the honest form of
 * time-to-solve when evaluations would otherwise decide the stop).
 *
 * <p>A configuration is a list of {@code key=value}: {@code method} ∈ {adam, ng, pco, ci}, {@code batch},
 * {@code threads}, and each method's settings (see {@link #DEFAULTS}).
 */
public final class CartPoleSolver {
  /** Every key a configuration may set, with its default. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("method", "ng");
    m.put("batch", "10");
    m.put("threads", "2");
    m.put("budget", "200000");
    m.put("rate", "0.1"); // adam, pco inner
    m.put("clip", "0"); // adam gradient-norm clip (0: none)
    m.put("delta", "0.01"); // ng
    m.put("damping", "0.001"); // ng
    m.put("cg", "20"); // ng, ci
    m.put("eps", "0.2"); // pco
    m.put("epochs", "4"); // pco
    m.put("minibatches", "2"); // pco
    m.put("kl", "0.05"); // pco
    m.put("kappa", "1"); // ci
    m.put("radius", "0.25"); // ci
    m.put("newton", "2"); // ci
    m.put("stop", "both"); // eval: stop at the evaluation line; both: go on to the training line too;
    // budget: no evaluations, run `budget` rollout env steps, then evaluate the final θ on fresh episodes
    m.put("tdLambda", "1"); // λ of the baseline's TD(λ) targets (1: Monte Carlo returns)
    m.put("horizon", "500"); // training rollouts' cap (evaluation always uses CartPole-v1's 500)
    m.put("gamma", "1"); // < 1: the DISCOUNTED objective with this γ (rollouts still capped at horizon)
    m.put("randomTermination", "false"); // with gamma < 1: end rollouts w.p. 1 − γ per step instead
    m.put("features", "quadratic"); // baseline features: quadratic, or quadraticTime (× t/500 copies too)
    m.put("ridge", "1e-6"); // the baseline's relative ridge
    m.put("radiusGrowth", "0"); // ci: Δ_k = radius + radiusGrowth·‖θ_k‖
    m.put("antithetic", "false"); // rollouts in antithetic pairs (EstimatorConfig.antithetic)
    return m;
  }

  /**
   * The outcome of one run.
   *
   * @param solved whether the evaluation line reached 475
   * @param envSteps env steps when it did (or at the end): the rollouts' and the stopping evaluations'
   *     (every evaluation up to and including the one that reached 475)
   * @param rolloutSteps the rollouts' env steps alone at the same point
   * @param iterations iterations run
   * @param optSeconds optimization wall seconds (evaluation excluded)
   * @param evalSeconds seconds spent in the per-iteration evaluations
   * @param evalReturn the last evaluation's mean return
   * @param freshReturn the final θ on 100 other episodes (stream seed + 7000)
   * @param trainSteps env steps at which the last-20 training-episode mean first reached 475 (−1: not
   *     within the run)
   * @param trainEpisodes training episodes run
   * @param trainSeconds optimization wall seconds (evaluations excluded) when the training line was
   *     reached (NaN: not reached)
   */
  public record Outcome(boolean solved, long envSteps, long rolloutSteps, int iterations, double optSeconds, double evalSeconds,
      double evalReturn, double freshReturn, long trainSteps, int trainEpisodes, double trainSeconds) {}

  private static final boolean TRACE = Boolean.getBoolean("solve.trace");
  private final Map<String, String> config;

  public CartPoleSolver(Map<String, String> overrides) {
    this.config = merged(DEFAULTS, overrides);
  }

  /** {@code defaults} with {@code overrides} applied; a key {@code defaults} lacks is an error naming it. */
  static Map<String, String> merged(Map<String, String> defaults, Map<String, String> overrides) {
    Map<String, String> c = new LinkedHashMap<>(defaults);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!c.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown setting " + e.getKey() + "; known: " + defaults.keySet());
      }
      c.put(e.getKey(), e.getValue());
    }
    return c;
  }

  /** Parses {@code key=value} arguments. */
  public static Map<String, String> parse(String[] args, int from) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("expected key=value, got " + args[i]);
      }
      m.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return m;
  }

  /** The configuration as {@code key=value} pairs that differ from nothing (all of them). */
  public String describe() {
    StringBuilder b = new StringBuilder();
    String method = config.get("method");
    b.append("method=").append(method).append(" batch=").append(config.get("batch"));
    String[] keys = switch (method) {
      case "adam" -> new String[] {"rate", "clip"};
      case "ng" -> new String[] {"delta", "damping", "cg"};
      case "pco" -> new String[] {"rate", "eps", "epochs", "minibatches", "kl"};
      case "ci" -> new String[] {"kappa", "radius", "newton", "cg"};
      default -> new String[0];
    };
    for (String k : keys) {
      b.append(' ').append(k).append('=').append(config.get(k));
    }
    if (!config.get("stop").equals("both")) {
      b.append(" stop=").append(config.get("stop"));
      if (config.get("stop").equals("budget")) {
        b.append(" budget=").append(config.get("budget"));
      }
    }
    if (!config.get("tdLambda").equals("1")) {
      b.append(" tdLambda=").append(config.get("tdLambda"));
    }
    if (!config.get("horizon").equals("500")) {
      b.append(" horizon=").append(config.get("horizon"));
    }
    for (String k : new String[] {"features", "ridge", "antithetic", "radiusGrowth"}) {
      if (!config.get(k).equals(DEFAULTS.get(k))) {
        b.append(' ').append(k).append('=').append(config.get(k));
      }
    }
    if (!config.get("gamma").equals("1")) {
      b.append(" gamma=").append(config.get("gamma")).append(" randomTermination=").append(config.get("randomTermination"));
    }
    return b.toString();
  }

  private double d(String key) {
    return Double.parseDouble(config.get(key));
  }

  private int i(String key) {
    return Integer.parseInt(config.get(key));
  }

  /** Thrown by the listener to end a run. */
  private static final class RunOver extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunOver() {
      super(null, null, false, false);
    }
  }

  public Outcome run(long seed) {
    ChainKernel evalKernel = CartPoleLinearDso.kernel();
    long evalSeed = seed + 1000;
    long budget = Long.parseLong(config.get("budget"));
    double[] theta0 = new double[5];
    double[] lastTheta = theta0.clone();
    double[] evalSeconds = {0};
    Evaluation first = Evaluation.run(evalKernel, theta0, 100, true, evalSeed, 0);
    double[] lastEval = {first.meanReturn()};
    long[] evalSteps = {steps(first)};
    long[] solvedAt = {-1};
    int[] iterations = {0};
    double[] optSeconds = {0};
    ArrayDeque<Double> window = new ArrayDeque<>();
    double[] windowSum = {0};
    long[] trainAt = {-1};
    int[] episodes = {0};
    long[] stepsBefore = {0};
    double[] trainSeconds = {Double.NaN};
    boolean both = config.get("stop").equals("both");
    boolean fixedBudget = config.get("stop").equals("budget");
    IterationListener listener = (k, theta, r) -> {
      long t0 = System.nanoTime();
      if (fixedBudget) {
        iterations[0] = k;
        optSeconds[0] = r.seconds();
        stepsBefore[0] = r.envSteps();
        System.arraycopy(theta, 0, lastTheta, 0, theta.length);
        if (r.envSteps() >= budget) {
          throw new RunOver();
        }
        return;
      }
      trainingLine(r, stepsBefore[0], window, windowSum, trainAt, episodes);
      stepsBefore[0] = r.envSteps();
      if (trainAt[0] >= 0 && Double.isNaN(trainSeconds[0])) {
        trainSeconds[0] = r.seconds() - evalSeconds[0];
      }
      if (solvedAt[0] < 0) {
        iterations[0] = k;
        optSeconds[0] = r.seconds() - evalSeconds[0];
        System.arraycopy(theta, 0, lastTheta, 0, theta.length);
        Evaluation e = Evaluation.run(evalKernel, theta, 100, true, evalSeed, 0);
        evalSteps[0] += steps(e);
        double value = e.meanReturn();
        lastEval[0] = value;
        evalSeconds[0] += (System.nanoTime() - t0) * 1e-9;
        if (TRACE) {
          double ret = 0;
          for (double c : r.rolloutCosts()) {
            ret -= c;
          }
          System.err.printf(Locale.ROOT, "  k %d steps %d train %.1f eval %.1f θ %s%n", k, r.envSteps(),
              ret / r.rolloutCosts().length, value, java.util.Arrays.toString(theta));
        }
        if (value >= 475) {
          solvedAt[0] = r.envSteps();
        }
      }
      if ((solvedAt[0] >= 0 && (trainAt[0] >= 0 || !both)) || r.envSteps() >= budget) {
        throw new RunOver();
      }
    };
    try {
      start(seed, theta0, listener);
    } catch (RunOver over) {
      // solved or out of budget
    }
    double fresh = Evaluation.run(evalKernel, lastTheta, 100, true, seed + 7000, 0).meanReturn();
    if (fixedBudget) {
      // No evaluation steered the run: solved means the final θ's fresh evaluation reaches 475.
      return new Outcome(fresh >= 475, stepsBefore[0], stepsBefore[0], iterations[0], optSeconds[0], 0, fresh, fresh,
          -1, 0, Double.NaN);
    }
    boolean solved = solvedAt[0] >= 0;
    long rollouts = solved ? solvedAt[0] : stepsBefore[0];
    return new Outcome(solved, rollouts + evalSteps[0], rollouts, iterations[0], optSeconds[0], evalSeconds[0],
        lastEval[0], fresh, trainAt[0], episodes[0], trainSeconds[0]);
  }

  /** The env steps an evaluation ran (its episodes' transitions). */
  private static long steps(Evaluation e) {
    return Math.round(e.meanLength() * e.episodes());
  }

  private static void trainingLine(IterationRecord r, long before, ArrayDeque<Double> window, double[] sum,
      long[] at, int[] episodes) {
    long steps = before;
    double[] costs = r.rolloutCosts();
    int[] lengths = r.rolloutSteps();
    for (int n = 0; n < costs.length; n++) {
      steps += lengths[n];
      double ret = Double.isNaN(costs[n]) ? 0 : -costs[n];
      episodes[0]++;
      window.addLast(ret);
      sum[0] += ret;
      if (window.size() > 20) {
        sum[0] -= window.removeFirst();
      }
      if (at[0] < 0 && window.size() == 20 && sum[0] / 20 >= 475) {
        at[0] = steps;
      }
    }
  }

  private void start(long seed, double[] theta0, IterationListener listener) {
    int batch = i("batch");
    int threads = i("threads");
    EstimatorConfig cfg = optimizer(seed).config();
    LinearBaseline baseline = new LinearBaseline(switch (config.get("features")) {
      case "quadratic" -> Features.quadratic(4, 0);
      case "quadraticTime" -> Features.quadratic(4, 500);
      case "constant" -> polynomial(0);
      case "linear" -> polynomial(1);
      default -> throw new IllegalArgumentException("unknown features " + config.get("features"));
    }, d("ridge"));
    int forever = 1_000_000;
    switch (config.get("method")) {
      case "adam" -> {
        var o = optimizer(seed).adam(d("rate"))
            .initialTheta(theta0).baseline(baseline).iterations(forever).progress(null).onIteration(listener);
        if (d("clip") > 0) {
          o.clipGradientNorm(d("clip"));
        }
        o.run();
      }
      case "ng" -> new NaturalGradient(CartPoleLinearDso.factory(), cfg, d("delta"), d("damping"), i("cg"), baseline,
          null, null, null).onIteration(listener).run(theta0, forever);
      case "pco" -> new ProximalChainOptimization(CartPoleLinearDso.factory(), cfg, d("eps"), i("epochs"),
          i("minibatches"), d("kl"), StepRule.adam(d("rate")), baseline, null).onIteration(listener)
          .run(theta0, forever);
      case "ci" -> {
        ChainIteration ci = new ChainIteration(CartPoleLinearDso.factory(), cfg, d("kappa"), d("radius"), i("newton"),
            i("cg"), baseline, null, null, null).radiusGrowth(d("radiusGrowth"));
        ci.onIteration(listener).run(theta0, forever);
      }
      default -> throw new IllegalArgumentException("unknown method " + config.get("method"));
    }
  }

  /** Value-baseline features of degree 0 (the constant 1) or 1 (1 and x). */
  private static Features polynomial(int degree) {
    int size = degree == 0 ? 1 : 5;
    return new Features() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public void compute(double[] x, int t, double[] phi) {
        phi[0] = 1;
        for (int i = 1; i < size; i++) {
          phi[i] = x[i - 1];
        }
      }
    };
  }

  private org.dsojava.runtime.optim.DsoOptimizer optimizer(long seed) {
    var o = CartPoleLinearDso.optimizer().seed(seed).batch(i("batch")).threads(i("threads")).horizon(i("horizon"))
        .tdLambda(d("tdLambda")).antithetic(Boolean.parseBoolean(config.get("antithetic")));
    if (d("gamma") < 1) {
      o.setting(org.dsojava.annotations.Setting.DISCOUNTED).discount(d("gamma"))
          .randomTermination(Boolean.parseBoolean(config.get("randomTermination")));
    }
    return o;
  }

  /** One machine-readable line. */
  public static String line(String task, long seed, Outcome o) {
    return String.format(Locale.ROOT,
        "%s seed=%d solved=%b env_steps=%d rollout_steps=%d iterations=%d opt_seconds=%.4f eval_seconds=%.4f eval_return=%.1f"
            + " fresh_return=%.1f train20_env_steps=%d train20_opt_seconds=%.4f train_episodes=%d",
        task, seed, o.solved(), o.envSteps(), o.rolloutSteps(), o.iterations(), o.optSeconds(), o.evalSeconds(), o.evalReturn(),
        o.freshReturn(), o.trainSteps(), o.trainSeconds(), o.trainEpisodes());
  }
}
