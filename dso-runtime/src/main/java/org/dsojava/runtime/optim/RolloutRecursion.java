package org.dsojava.runtime.optim;

import java.util.Arrays;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;

/**
 * Algorithm 1 for one rollout n on one thread's kernel: the forward pass x_{t+1} ~ P(·|x_t, θ) until the
 * rollout ends, then the backward recursion
 *
 * <pre>G_t = γG_{t+1} + ∇L(x_t) + γ∇ln P(x_{t+1}|x_t)(R_{t+1} − V̂(f(x_t,θ))),  R_t = γR_{t+1} + L(x_t)</pre>
 *
 * (eq. 59 for the baseline term) with one fused kernel call per step ({@code accumulateGradient},
 * weights γᵗ and γᵗ⁺¹(R − V̂)), written out as G₀ⁿ and a {@link RolloutSummary}. Which rollout, stream and
 * trajectory a lane runs is the {@link RolloutScheduler}'s choice; this class computes the same bits
 * for a rollout whoever runs it.
 *
 * <p>Termination: the horizon H cuts a rollout after H transitions, and the cut state is charged only
 * in the time-varying setting, where V_T = L_T (eq. 9), so an episodic objective with horizon H sums
 * x₀…x_{H−1}; before that, terminal states end a rollout and are charged L; with random termination a
 * rollout stops with probability 1 − γ before each step and sums are then not discounted again
 * (section 4.1). The average-cost setting charges L − the previous batch's mean cost after a burn-in.
 *
 * <p>Numerical trouble: a next state with an entry beyond ±{@code blowupThreshold} (or non-finite) ends
 * the rollout at the current state as if it were terminal, and a non-finite cost ends it too; a rollout
 * whose summed cost R₀, gradient G₀ or, when recorded, ln P is not finite is marked not finite, with
 * the reason built off the hot path. The checks run once per rollout on its sums, never per step.
 *
 * <p>Baselines (section 4.1): V̂ ≡ 0 ({@link ValueBaseline#none()}) skips the mean step f(x,θ); a
 * baseline with {@link ValueBaseline#statistics()} gets this rollout's sufficient statistics, summed
 * here; any other gets the rollout's (state, step, target) samples. Targets are the returns R_t, or
 * TD(λ) returns; with {@code gae} the gradient's R_{t+1} is the TD(λ) return too.
 *
 * <p>The forward and backward passes allocate nothing: the buffers are the lane's and this object's,
 * grown only when a rollout is longer than any before.
 */
final class RolloutRecursion implements RolloutScheduler.Stepper<RolloutRecursion.Rollout> {
  /**
   * Trailing doubles on the buffers written at every step (g, φ, the fit statistics): 128 bytes, two
   * cache lines (the adjacent-line prefetcher pairs them), so that whatever the garbage collector
   * copies next to them — possibly the other thread's buffers — shares no line with what this thread
   * writes. Together with the padding of {@link Rollout} and {@link org.dsojava.runtime.Rng}.
   */
  static final int PAD = 16;

  final ChainKernel kernel;
  final EstimatorConfig config;
  final int dim;
  final double limit;
  final int paramCount;
  private final double[] mean;
  /**
   * This rollout's G₀ in its first {@link #paramCount} entries, copied to the batch's row at the end
   * (not written there step by step).
   */
  private final double[] g;
  /** Feature buffer for a baseline with statistics (grown to its work size on first use). */
  double[] phi = new double[0];
  /**
   * This rollout's baseline statistics, copied to its summary at the end: accumulating straight into
   * the summaries' arrays, which lie next to each other in memory and go to either thread, made the
   * two threads write the same cache lines at every step.
   */
  private double[] stats = new double[0];
  /** Rollout n's G₀ goes to results[n], its summary to summaries[n]. */
  final double[][] results;
  final RolloutSummary[] summaries;
  /** This batch's inputs (see {@link #batch}). */
  double[] theta;
  ValueBaseline baseline;
  ValueBaseline.Statistics linear;
  boolean zero;
  double averageCost;

  /**
   * The recursion on {@code kernel} (owned by this thread), writing rollout n's G₀ to {@code results[n]}
   * (rows of the kernel's parameter count) and its summary to {@code summaries[n]}.
   */
  RolloutRecursion(ChainKernel kernel, EstimatorConfig config, double[][] results, RolloutSummary[] summaries) {
    this.kernel = kernel;
    this.config = config;
    this.dim = kernel.stateDim();
    this.limit = config.blowupThreshold();
    this.mean = new double[dim];
    this.paramCount = kernel.paramCount();
    this.g = new double[paramCount + PAD];
    this.results = results;
    this.summaries = summaries;
  }

  /**
   * This batch's θ, baseline V̂ (fitted on earlier batches only, so the estimate stays unbiased) and, in
   * the average-cost setting, the previous batch's mean cost; set before the batch's rollouts run.
   */
  void batch(double[] theta, ValueBaseline baseline, double averageCost) {
    this.theta = theta;
    this.baseline = baseline;
    this.linear = baseline.statistics();
    this.zero = baseline == ValueBaseline.none();
    this.averageCost = averageCost;
  }

  /** A rollout in flight, with room for the horizon's states (grown for longer rollouts). */
  @Override
  public Rollout newLane() {
    return new Rollout(dim, kernel.drawCount(), config.horizon() > 0 ? config.horizon() + 1 : 1024);
  }

  /**
   * Draws x₀ ~ P₀ from the lane's stream; a rollout starting at an unusable state ends here, written
   * out as blown up with G₀ = 0.
   */
  @Override
  public boolean start(Rollout lane) {
    kernel.initialState(theta, lane.traj, lane.rng, lane.states[0]);
    lane.t = 0;
    lane.charged = true;
    lane.blownUp = false;
    if (usable(lane.states[0])) {
      return true;
    }
    RolloutSummary out = summaries[lane.n];
    out.fitCount = 0;
    out.set(0, true, false);
    out.problem = "the initial state " + stateEntry(lane.states[0]) + " at step 0";
    Arrays.fill(results[lane.n], 0.0);
    return false;
  }

  /**
   * One step of the forward pass: charges L(x_t), then stops (horizon, terminal state, random
   * termination, blow-up) or samples x_{t+1}. Returns whether the rollout goes on.
   */
  @Override
  public boolean advance(Rollout lane) {
    ChainKernel k = kernel;
    double[] theta = this.theta;
    int t = lane.t;
    int n = lane.traj;
    double[] x = lane.states[t];
    double c = k.cost(theta, x, t, n);
    lane.costs[t] = c;
    if (!Double.isFinite(c)) {
      lane.blownUp = true;
      return false;
    }
    if (t >= lane.cap) {
      lane.charged = config.setting() == Setting.TIME_VARYING;
      return false;
    }
    if (k.terminal(x, t, n)) {
      if (config.setting() == Setting.AVERAGE) {
        throw new IllegalStateException(k.modelName() + " reached a terminal state at step " + t
            + " of rollout " + lane.n + ", but the average-cost setting needs an ergodic chain that never"
            + " terminates; use FIRST_EXIT or DISCOUNTED, or remove the @Terminal states");
      }
      return false;
    }
    if (config.randomTermination() && lane.rng.uniform() >= config.discount()) {
      return false;
    }
    if (t + 1 >= lane.states.length) {
      lane.grow();
    }
    double[] nextState = lane.states[t + 1];
    k.sample(theta, x, t, n, lane.rng, lane.draws[t], nextState);
    if (!usable(nextState)) {
      lane.blownUp = true; // end at x_t as if terminal: the bad transition never enters the estimate
      return false;
    }
    lane.t = t + 1;
    return true;
  }

  /**
   * The backward recursion of Algorithm 1 over the lane's ended rollout T = t: G_T = ∇L(x_T) and
   * R_T = L(x_T) when x_T is charged (else 0), then t = T − 1 … 0; writes G₀ and the summary.
   */
  @Override
  public void finish(Rollout lane) {
    double[] result = results[lane.n];
    RolloutSummary out = summaries[lane.n];
    double[] theta = this.theta;
    ValueBaseline baseline = this.baseline;
    double averageCost = this.averageCost;
    double[] g = this.g;
    Arrays.fill(g, 0, paramCount, 0.0);
    boolean zero = this.zero;
    ValueBaseline.Statistics linear = this.linear;
    if (linear != null && phi.length != linear.workSize() + PAD) {
      phi = new double[linear.workSize() + PAD];
    }
    ChainKernel k = kernel;
    Setting setting = config.setting();
    double gamma = config.discount();
    int n = lane.traj;
    int t = lane.t;
    boolean charged = lane.charged;
    boolean blownUp = lane.blownUp;
    double[][] states = lane.states;
    double[][] draws = lane.draws;
    double[] costs = lane.costs;
    if (blownUp && !Double.isFinite(costs[t])) {
      // The cost itself blew up: drop the whole rollout rather than let a non-finite value in.
      out.fitCount = 0;
      out.set(t, true, false);
      out.problem = "the cost L(x_" + t + ") = " + costs[t] + " at step " + t;
      System.arraycopy(g, 0, result, 0, paramCount);
      return;
    }
    int last = t;
    double ge = config.randomTermination() || setting != Setting.DISCOUNTED ? 1.0 : gamma;
    boolean average = setting == Setting.AVERAGE;
    int burnIn = average ? Math.min(config.burnIn(), last) : 0;
    double norm = average ? 1.0 / Math.max(1, last - burnIn) : 1.0;
    double shift = average ? averageCost : 0.0;
    if (linear != null) {
      int size = linear.size();
      if (stats.length != size + PAD) {
        stats = new double[size + PAD];
      } else {
        Arrays.fill(stats, 0, size, 0.0);
      }
    } else if (!zero) {
      out.ensure(last + 1, dim);
    }
    double r = 0;
    int fit = 0;
    Batch.Rollout rec = out.record;
    if (rec != null) {
      rec.reset(n, last, states, draws);
    }
    if (charged && !average) {
      r = costs[last];
      k.accumulateGradient(theta, states[last], last, n, draws[0], pow(ge, last), 0.0, g);
      storeFit(out, fit++, states[last], last, r, zero, linear);
      if (rec != null) {
        rec.terminalWeight = pow(ge, last);
      }
    }
    double lambda = config.tdLambda();
    boolean gae = config.gae() && lambda < 1;
    double target = r; // the TD(λ) return V̂ is fitted to; equals r when λ = 1
    double averageSum = 0;
    double logDensitySum = 0;
    for (int s = last - 1; s >= 0; s--) {
      double discountS = pow(ge, s);
      if (s >= burnIn) {
        double b = 0.0;
        if (!zero) {
          k.meanStep(theta, states[s], s, n, mean);
          b = baselineValue(baseline, linear, mean, s + 1);
        }
        // R_{s+1}: the Monte Carlo return, or with gae the TD(λ) return from s + 1 (target, not yet stepped back)
        double ret = gae ? target : r;
        k.accumulateGradient(theta, states[s], s, n, draws[s], discountS * norm, discountS * ge * (ret - b) * norm, g);
        averageSum += costs[s];
        if (rec != null) {
          rec.costWeight[s] = discountS * norm;
          rec.ratioWeight[s] = discountS * ge * (ret - b) * norm;
          // A transition is recorded only if the rollout survived the stop at s: with random
          // termination that is one factor γ more than the state's ρ-weight, which eq. 72 must not have.
          rec.fisherWeight[s] = discountS * norm / (config.randomTermination() ? gamma : 1.0);
        }
      }
      if (rec != null) {
        double lp = k.logDensity(theta, states[s], s, n, draws[s]);
        rec.logDensity[s] = lp;
        logDensitySum += lp;
      }
      if (lambda < 1) {
        // At the end the value is known: the charged last cost, or 0 where the horizon cut the rollout.
        double bootstrap = s + 1 == last ? (charged && !average ? costs[last] : 0.0)
            : zero ? 0.0 : baselineValue(baseline, linear, states[s + 1], s + 1);
        target = costs[s] - shift + ge * ((1 - lambda) * bootstrap + lambda * target);
      }
      r = ge * r + costs[s] - shift;
      storeFit(out, fit++, states[s], s, lambda < 1 ? target : r, zero, linear);
    }
    out.fitCount = fit;
    out.cost = average ? averageSum * norm : r;
    boolean finite = Double.isFinite(out.cost) && Double.isFinite(logDensitySum);
    for (int i = 0; i < paramCount && finite; i++) {
      finite = Double.isFinite(g[i]);
    }
    out.set(last, blownUp, finite);
    if (!finite) {
      out.problem = diagnose(theta, lane, last, out.cost, g);
    } else if (blownUp) {
      out.problem = "the state x_" + (last + 1) + " " + stateEntry(states[last + 1]) + " (the rollout ended at x_"
          + last + ")";
    }
    System.arraycopy(g, 0, result, 0, paramCount);
    if (linear != null) {
      int size = linear.size();
      if (out.stats.length != size) {
        out.stats = new double[size];
      }
      System.arraycopy(stats, 0, out.stats, 0, size);
    }
  }

  boolean usable(double[] x) {
    for (double v : x) {
      if (!(Math.abs(v) <= limit)) {
        return false;
      }
    }
    return true;
  }

  /** "x[i] = v (beyond ±limit)" for the first entry of x that is not usable. */
  String stateEntry(double[] x) {
    for (int i = 0; i < x.length; i++) {
      if (!(Math.abs(x[i]) <= limit)) {
        return "has x[" + i + "] = " + x[i] + (Double.isFinite(x[i]) ? " (beyond ±blowupThreshold = " + limit + ")" : "");
      }
    }
    return "is usable";
  }

  /**
   * Why a finished rollout's sums are not finite (only called then): its summed cost, the first
   * transition whose ln P is not finite, or the first non-finite gradient entry.
   */
  String diagnose(double[] theta, Rollout lane, int last, double cost, double[] g) {
    if (!Double.isFinite(cost)) {
      return "its summed cost R₀ = " + cost + " (each cost is finite: their sum overflowed)";
    }
    for (int s = 0; s < last; s++) {
      double lp = kernel.logDensity(theta, lane.states[s], s, lane.traj, lane.draws[s]);
      if (!Double.isFinite(lp)) {
        return "ln P(x_" + (s + 1) + "|x_" + s + ") = " + lp + " at step " + s
            + " (a degenerate or vanishing noise scale makes the density, and ∇ln P, non-finite)";
      }
    }
    int i = Numerics.firstNonFinite(Arrays.copyOf(g, paramCount));
    if (i >= 0) {
      return "its gradient G₀ has " + Numerics.paramEntry(kernel, g, i) + " (∇L or ∇ln P overflowed, or V̂ is"
          + " not finite)";
    }
    return "its sums are not finite";
  }

  static double pow(double base, int exponent) {
    return base == 1.0 ? 1.0 : Math.pow(base, exponent);
  }

  /** V̂(x, t), through this thread's feature buffer when V̂ has statistics (no thread-local lookup). */
  double baselineValue(ValueBaseline baseline, ValueBaseline.Statistics linear, double[] x, int t) {
    return linear != null ? linear.value(x, t, phi) : baseline.value(x, t);
  }

  private void storeFit(RolloutSummary out, int i, double[] x, int t, double target, boolean zero,
      ValueBaseline.Statistics linear) {
    storeFit(out, i, x, t, target, zero, linear, stats);
  }

  /** Stores a fit sample of V̂ (or accumulates it into {@code stats}, this rollout's statistics). */
  void storeFit(RolloutSummary out, int i, double[] x, int t, double target, boolean zero,
      ValueBaseline.Statistics linear, double[] stats) {
    if (zero) {
      return;
    }
    if (linear != null) {
      linear.accumulate(x, t, target, stats, phi);
      return;
    }
    System.arraycopy(x, 0, out.fitStates[i], 0, x.length);
    out.fitSteps[i] = t;
    out.fitTargets[i] = target;
  }

  /** What one rollout reports to the batch (rewritten in place each batch). */
  static final class RolloutSummary {
    /** Non-null when the batch is recorded for the surrogate (see {@link GradientEstimator#sample}). */
    Batch.Rollout record;
    /** R₀ (or, average cost, the mean of L − the shift after the burn-in). */
    double cost;
    int steps;
    boolean blownUp;
    boolean finite;
    /** What went non-finite or blew up first in this rollout (null when nothing did); built off the hot path. */
    String problem;
    double[][] fitStates = new double[0][];
    int[] fitSteps = new int[0];
    double[] fitTargets = new double[0];
    int fitCount;
    /** With a baseline that has statistics: this rollout's sufficient statistics instead of its samples. */
    double[] stats = new double[0];

    void set(int steps, boolean blownUp, boolean finite) {
      this.steps = steps;
      this.blownUp = blownUp;
      this.finite = finite;
      this.problem = null;
    }

    void ensure(int n, int dim) {
      if (fitStates.length < n) {
        int cap = Math.max(n, 2 * fitStates.length);
        double[][] s = Arrays.copyOf(fitStates, cap);
        for (int i = fitStates.length; i < cap; i++) {
          s[i] = new double[dim];
        }
        fitStates = s;
        fitSteps = Arrays.copyOf(fitSteps, cap);
        fitTargets = Arrays.copyOf(fitTargets, cap);
      }
    }
  }

  /**
   * A lane's fields written at every step, kept apart from other threads' data by the padding that
   * follows them in {@link Rollout} (a subclass's fields are laid out after its superclass's).
   */
  static class LaneSteps extends RolloutScheduler.Lane {
    /** The step the forward pass has reached (T once the rollout has ended). */
    int t;
    /** Whether x_T is charged L (not where the horizon cut the rollout, except time-varying). */
    boolean charged;
    boolean blownUp;
  }

  /** One rollout in flight: its states, draws and costs so far, and where its forward pass stands. */
  static final class Rollout extends LaneSteps {
    final int dim;
    final int drawCount;
    double[][] states;
    double[][] draws;
    double[] costs;
    /** After {@link LaneSteps}' fields. */
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;

    Rollout(int dim, int drawCount, int capacity) {
      this.dim = dim;
      this.drawCount = drawCount;
      this.states = new double[capacity][dim];
      this.draws = new double[capacity][drawCount];
      this.costs = new double[capacity];
    }

    void grow() {
      int cap = states.length * 2;
      int old = states.length;
      states = Arrays.copyOf(states, cap);
      draws = Arrays.copyOf(draws, cap);
      costs = Arrays.copyOf(costs, cap);
      for (int i = old; i < cap; i++) {
        states[i] = new double[dim];
        draws[i] = new double[drawCount];
      }
    }
  }
}
