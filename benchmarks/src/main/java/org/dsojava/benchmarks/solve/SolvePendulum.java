package org.dsojava.benchmarks.solve;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.IterationListener;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.MlpBaseline;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.PendulumMain;
import org.dsojava.samples.PendulumMlpDso;

/**
 * Pendulum-v1 (MLP policy, θ₀ = initialParams(seed)) within a budget of training env steps (default
 * 200k): runs one configured method (by default the one chosen on tuning seeds 101–105: PCO, batch 8
 * episodes, 4 epochs × 4 minibatches, clip ε 0.2, target KL 0.02, inner Adam 0.002, GAE-style gradient
 * with TD(0.95) returns, MLP baseline on (cos th, sin th, thdot, c, t/200)); every {@code every} iterations and at the end the deterministic
 * policy (mean action) is evaluated on 100 episodes (stream seed + 1000, the same throughout a run; time
 * excluded from the optimization seconds). The evaluations only observe θ: they never steer the
 * optimizer. Prints one line with the best and the final evaluation and the final θ on 100 fresh
 * episodes (stream seed + 7000).
 *
 * <p>Arguments: {@code seed [key=value...]} or {@code from..to [key=value...]} (a range of seeds in one
 * JVM, with a median [min, max] summary line). Keys: {@code method} ∈ {adam, ng, pco, ci}, {@code batch}
 * (episodes of 200 steps per iteration), {@code threads}, {@code budget}, {@code every}, and each
 * method's settings (see {@link #DEFAULTS}, which are the chosen configuration), and {@code lockstep} = K
 * rollouts per thread in lockstep (issue 19; θ is the same bit for bit, which the printed digest of the
 * final θ shows). The line also splits the optimization seconds into rollouts (the batch's forward and
 * backward passes), the baseline fit and the method's update (PCO's surrogate passes), timed around the
 * baseline's fit. The earlier
 * configuration (Algorithm 1 + Adam) is {@code method=adam batch=16 rate=0.003 baseline=linear
 * features=quad tdLambda=1 gae=false}.
 */
public final class SolvePendulum {
  /** Every key a configuration may set, with its default. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("method", "pco");
    m.put("batch", "8");
    m.put("threads", "2");
    m.put("lockstep", "0"); // K rollouts per thread in lockstep (DsoOptimizer.lockstep, issue 19); 0: one at a time
    m.put("budget", "200000");
    m.put("every", "5");
    m.put("rate", "0.002"); // adam, pco inner Adam
    m.put("decay", "0"); // > 0: the rate halves after this many (outer or inner) steps (Schedule.inverseTime)
    m.put("clip", "100"); // adam gradient-norm clip (0: none)
    m.put("delta", "0.01"); // ng
    m.put("damping", "0.001"); // ng
    m.put("cg", "10"); // ng, ci
    m.put("eps", "0.2"); // pco
    m.put("epochs", "4"); // pco
    m.put("minibatches", "4"); // pco
    m.put("kl", "0.02"); // pco
    m.put("kappa", "1"); // ci
    m.put("radius", "0.1"); // ci
    m.put("newton", "2"); // ci
    m.put("baseline", "mlp"); // linear | mlp | none
    m.put("features", "trig"); // quad: quadratic in x = (th, thdot, c); trig: see trig() / PendulumMain.inputs()
    m.put("hidden", "64"); // mlp baseline
    m.put("vepochs", "10"); // mlp baseline
    m.put("vminibatch", "64"); // mlp baseline
    m.put("vrate", "0.003"); // mlp baseline
    m.put("tdLambda", "0.95"); // λ of the baseline's TD(λ) targets (1: Monte Carlo returns)
    m.put("gae", "true"); // true: the gradient uses the TD(λ) return too (GAE-style, biased unless V̂ is exact)
    m.put("gamma", "1"); // < 1: the DISCOUNTED objective with this γ, rollouts cut at 200 steps
    return m;
  }

  /** The outcome of one run. */
  public record Outcome(long envSteps, int iterations, double optSeconds, double evalSeconds, double bestReturn,
      long bestAt, double finalReturn, double freshReturn, String thetaDigest, double rolloutSeconds,
      double fitSeconds, double updateSeconds) {}

  /**
   * Wall time of an iteration's three phases, from the baseline's fit (which the estimator calls once
   * per batch, after the rollouts) and the iteration listener (after the method's update): rollouts from
   * the end of the previous iteration to the fit, the fit, and the update from the fit to the listener.
   */
  static final class Split {
    long mark;
    long fitStart;
    long fitEnd;
    long rollouts;
    long fit;
    long update;

    void fitStarts() {
      fitStart = System.nanoTime();
      rollouts += fitStart - mark;
    }

    void fitEnds() {
      fitEnd = System.nanoTime();
      fit += fitEnd - fitStart;
    }

    /** At the listener's entry: the update took from the fit's end until now. */
    void updated(long now) {
      update += now - fitEnd;
    }

    /** At the listener's exit (after the evaluation, which is in no phase). */
    void next() {
      mark = System.nanoTime();
    }

    ValueBaseline timed(ValueBaseline v) {
      if (v == ValueBaseline.none()) {
        return v; // the estimator recognizes none() and skips the mean step; there is no fit to time
      }
      Split split = this;
      ValueBaseline.Statistics linear = v.statistics();
      ValueBaseline.Statistics stats = linear == null ? null : new ValueBaseline.Statistics() {
        @Override
        public int workSize() {
          return linear.workSize();
        }

        @Override
        public int size() {
          return linear.size();
        }

        @Override
        public double value(double[] x, int t, double[] work) {
          return linear.value(x, t, work);
        }

        @Override
        public void accumulate(double[] x, int t, double target, double[] st, double[] work) {
          linear.accumulate(x, t, target, st, work);
        }

        @Override
        public boolean fit(double[] sum) {
          split.fitStarts();
          try {
            return linear.fit(sum);
          } finally {
            split.fitEnds();
          }
        }
      };
      return new ValueBaseline() {
        @Override
        public double value(double[] x, int t) {
          return v.value(x, t);
        }

        @Override
        public void fit(double[][] states, int[] steps, double[] targets, int count) {
          split.fitStarts();
          try {
            v.fit(states, steps, targets, count);
          } finally {
            split.fitEnds();
          }
        }

        @Override
        public ValueBaseline.Statistics statistics() {
          return stats;
        }

        @Override
        public String toString() {
          return v.toString();
        }
      };
    }
  }

  /** The first 16 hex digits of the SHA-256 of θ's IEEE bits: equal digests, the same θ bit for bit. */
  static String digest(double[] theta) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * theta.length);
    for (double d : theta) {
      b.putLong(Double.doubleToRawLongBits(d));
    }
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(b.array());
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        s.append(String.format(Locale.ROOT, "%02x", h[i]));
      }
      return s.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static final boolean TRACE = Boolean.getBoolean("solve.trace");
  private final Map<String, String> config;

  public SolvePendulum(Map<String, String> overrides) {
    this.config = CartPoleSolver.merged(DEFAULTS, overrides);
  }

  /** The method and its settings, comma-separated (no spaces, so the output line stays one token per field). */
  public String describe() {
    StringBuilder b = new StringBuilder();
    String method = config.get("method");
    b.append("method=").append(method).append(",batch=").append(config.get("batch"));
    String[] keys = switch (method) {
      case "adam" -> new String[] {"rate", "decay", "clip"};
      case "ng" -> new String[] {"delta", "damping", "cg"};
      case "pco" -> new String[] {"rate", "decay", "eps", "epochs", "minibatches", "kl"};
      case "ci" -> new String[] {"kappa", "radius", "newton", "cg"};
      default -> new String[0];
    };
    for (String k : keys) {
      if (k.equals("decay") && d("decay") == 0) {
        continue;
      }
      b.append(',').append(k).append('=').append(config.get(k));
    }
    b.append(",baseline=").append(config.get("baseline"));
    if (!config.get("baseline").equals("none")) {
      b.append(",features=").append(config.get("features"));
    }
    if (config.get("baseline").equals("mlp")) {
      b.append(",hidden=").append(config.get("hidden")).append(",vepochs=").append(config.get("vepochs"))
          .append(",vminibatch=").append(config.get("vminibatch")).append(",vrate=").append(config.get("vrate"));
    }
    b.append(",tdLambda=").append(config.get("tdLambda")).append(",gae=").append(config.get("gae"))
        .append(",gamma=").append(config.get("gamma")).append(",threads=").append(config.get("threads"))
        .append(",lockstep=").append(config.get("lockstep"));
    return b.toString();
  }

  private double d(String key) {
    return Double.parseDouble(config.get(key));
  }

  private int i(String key) {
    return Integer.parseInt(config.get(key));
  }

  /**
   * Quadratic features of Gymnasium's observation (cos th, sin th, thdot/8) and the state's last cost
   * c = x[2] (which V̂ must carry, since L(x) = c), repeated with a factor t/200 (1 + 3 + 6 + 1 = 11 base
   * features, 22 in all): unlike the raw angle they do not grow when the pendulum spins.
   */
  static Features trig() {
    int base = 11;
    return new Features() {
      @Override
      public int size() {
        return 2 * base;
      }

      @Override
      public void compute(double[] x, int t, double[] phi) {
        double c = Math.cos(x[0]);
        double s = Math.sin(x[0]);
        double w = x[1] / 8.0;
        phi[0] = 1;
        phi[1] = c;
        phi[2] = s;
        phi[3] = w;
        phi[4] = c * c;
        phi[5] = c * s;
        phi[6] = c * w;
        phi[7] = s * s;
        phi[8] = s * w;
        phi[9] = w * w;
        phi[10] = x[2];
        double f = t / 200.0;
        for (int k = 0; k < base; k++) {
          phi[base + k] = f * phi[k];
        }
      }
    };
  }

  private ValueBaseline baseline(long seed) {
    boolean trig = switch (config.get("features")) {
      case "trig" -> true;
      case "quad" -> false;
      default -> throw new IllegalArgumentException("unknown features " + config.get("features") + "; use quad or trig");
    };
    return switch (config.get("baseline")) {
      case "none" -> ValueBaseline.none();
      case "linear" -> new LinearBaseline(trig ? trig() : Features.quadratic(3, 200), 1e-6);
      case "mlp" -> new MlpBaseline(trig ? PendulumMain.inputs() : Features.quadratic(3, 200), i("hidden"), i("vepochs"),
          i("vminibatch"), d("vrate"), seed);
      default -> throw new IllegalArgumentException("unknown baseline " + config.get("baseline")
          + "; use linear, mlp or none");
    };
  }

  private DsoOptimizer optimizer(long seed) {
    DsoOptimizer o = PendulumMlpDso.optimizer().seed(seed).batch(i("batch")).threads(i("threads"))
        .lockstep(i("lockstep")).tdLambda(d("tdLambda")).gae(Boolean.parseBoolean(config.get("gae")));
    if (d("gamma") < 1) {
      o.setting(Setting.DISCOUNTED).discount(d("gamma")).horizon(200);
    }
    return o;
  }

  private Schedule schedule() {
    return d("decay") > 0 ? Schedule.inverseTime(d("rate"), d("decay")) : Schedule.constant(d("rate"));
  }

  public Outcome run(long seed) {
    ChainKernel evalKernel = PendulumMlpDso.kernel();
    long evalSeed = seed + 1000;
    int every = i("every");
    int iterations = (int) (Long.parseLong(config.get("budget")) / (200L * i("batch")));
    double[] evalSeconds = {0};
    double[] best = {Double.NEGATIVE_INFINITY};
    long[] bestAt = {0};
    double[] optSeconds = {0};
    long[] steps = {0};
    double[][] finalTheta = {null};
    Split split = new Split();
    IterationListener listener = (k, theta, rec) -> {
      long t0 = System.nanoTime();
      split.updated(t0);
      optSeconds[0] = rec.seconds() - evalSeconds[0];
      steps[0] = rec.envSteps();
      finalTheta[0] = theta;
      if (k % every == 0 || k == iterations) {
        double v = Evaluation.run(evalKernel, theta, 100, true, evalSeed, 0).meanReturn();
        if (TRACE) {
          double ret = 0;
          for (double c : rec.rolloutCosts()) {
            ret -= c;
          }
          System.err.printf(Locale.ROOT, "  k %d steps %d train %.1f eval %.1f sigma %.3f%n", k, rec.envSteps(),
              ret / rec.rolloutCosts().length, v, Math.exp(theta[theta.length - 1]));
        }
        if (v > best[0]) {
          best[0] = v;
          bestAt[0] = rec.envSteps();
        }
      }
      evalSeconds[0] += (System.nanoTime() - t0) * 1e-9;
      split.next();
    };
    ChainKernel probe = PendulumMlpDso.kernel();
    double[] theta0 = new double[probe.paramCount()];
    probe.initialParams(seed, theta0);
    DsoOptimizer opt = optimizer(seed);
    EstimatorConfig cfg = opt.config();
    ValueBaseline v = split.timed(baseline(seed));
    if (i("lockstep") > 0 && !(config.get("method").equals("pco") || config.get("method").equals("adam"))) {
      throw new IllegalArgumentException("lockstep=" + config.get("lockstep") + " runs through DsoOptimizer, which"
          + " SolvePendulum uses for method=pco and method=adam only");
    }
    split.next();
    switch (config.get("method")) {
      case "adam" -> {
        opt.stepRule(StepRule.adam(schedule(), 0.9, 0.999, 1e-8)).initialTheta(theta0).baseline(v)
            .iterations(iterations).progress(null).onIteration(listener);
        if (d("clip") > 0) {
          opt.clipGradientNorm(d("clip"));
        }
        opt.run();
      }
      case "ng" -> new NaturalGradient(PendulumMlpDso.factory(), cfg, d("delta"), d("damping"), i("cg"), v, null, null,
          null).onIteration(listener).run(theta0, iterations);
      // Through DsoOptimizer (bit for bit ProximalChainOptimization's run), which takes lockstep.
      case "pco" -> opt.pco(new ProximalChainOptimization.Settings(d("eps"), i("epochs"), i("minibatches"), d("kl"),
          StepRule.adam(schedule(), 0.9, 0.999, 1e-8))).initialTheta(theta0).baseline(v).iterations(iterations)
          .progress(null).onIteration(listener).run();
      case "ci" -> new ChainIteration(PendulumMlpDso.factory(), cfg, d("kappa"), d("radius"), i("newton"), i("cg"), v,
          null, null, null).onIteration(listener).run(theta0, iterations);
      default -> throw new IllegalArgumentException("unknown method " + config.get("method"));
    }
    double[] last = finalTheta[0];
    double fin = Evaluation.run(evalKernel, last, 100, true, evalSeed, 0).meanReturn();
    double fresh = Evaluation.run(evalKernel, last, 100, true, seed + 7000, 0).meanReturn();
    return new Outcome(steps[0], iterations, optSeconds[0], evalSeconds[0], best[0], bestAt[0], fin, fresh,
        digest(last), split.rollouts * 1e-9, split.fit * 1e-9, split.update * 1e-9);
  }

  /** One machine-readable line. */
  public String line(long seed, Outcome o) {
    return String.format(Locale.ROOT,
        "pendulum seed=%d env_steps=%d iterations=%d opt_seconds=%.3f eval_seconds=%.3f best_return=%.1f"
            + " best_at_env_steps=%d final_return=%.1f fresh_return=%.1f theta=%s rollout_seconds=%.3f"
            + " fit_seconds=%.3f update_seconds=%.3f config=%s",
        seed, o.envSteps(), o.iterations(), o.optSeconds(), o.evalSeconds(), o.bestReturn(), o.bestAt(),
        o.finalReturn(), o.freshReturn(), o.thetaDigest(), o.rolloutSeconds(), o.fitSeconds(), o.updateSeconds(),
        describe());
  }

  private static String range(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", s[(s.length - 1) / 2], s[0], s[s.length - 1]);
  }

  public static void main(String[] args) {
    String first = args[0];
    long from;
    long to;
    int dots = first.indexOf("..");
    if (dots > 0) {
      from = Long.parseLong(first.substring(0, dots));
      to = Long.parseLong(first.substring(dots + 2));
    } else {
      from = Long.parseLong(first);
      to = from;
    }
    SolvePendulum solver = new SolvePendulum(CartPoleSolver.parse(args, 1));
    int n = (int) (to - from + 1);
    double[] best = new double[n];
    double[] fin = new double[n];
    double[] fresh = new double[n];
    double[] secs = new double[n];
    for (long s = from; s <= to; s++) {
      Outcome o = solver.run(s);
      int j = (int) (s - from);
      best[j] = o.bestReturn();
      fin[j] = o.finalReturn();
      fresh[j] = o.freshReturn();
      secs[j] = o.optSeconds();
      System.out.println(solver.line(s, o));
    }
    if (n > 1) {
      System.out.printf(Locale.ROOT, "summary seeds=%d..%d best %s | final %s | fresh %s | opt_s %s | %s%n", from, to,
          range(best), range(fin), range(fresh), range(secs), solver.describe());
    }
  }
}
