package org.dsojava.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.data.DataSet;

/**
 * DSO gradient estimation, Algorithm 1 (the sample form of eq. 32 with the baseline of eqs. 58–59), over
 * a generated kernel: the composition of
 * {@link RolloutScheduler} (the loop over a batch's N rollouts on several threads, the random stream and
 * trajectory of each, the mean in rollout order) and {@link RolloutRecursion} (one rollout's forward pass
 * and backward recursion
 *
 * <pre>G_t = γG_{t+1} + ∇L(x_t) + γ∇ln P(x_{t+1}|x_t)(R_{t+1} − V̂(f(x_t,θ))),  R_t = γR_{t+1} + L(x_t)</pre>
 *
 * on each thread's kernel), and the batch's checks and baseline fit here. Results are bit-identical for
 * any thread count (see {@link RolloutScheduler}).
 *
 * <p>Baselines (section 4.1), through {@link ValueBaseline} alone: one with
 * {@link ValueBaseline#statistics()} is fitted from per-rollout sufficient statistics accumulated on
 * the sampling threads (summed in rollout order), so the fit runs in parallel; with
 * {@link ValueBaseline#none()} the mean step f(x,θ) is not evaluated at all; any other baseline gets the
 * batch's samples in one {@link ValueBaseline#fit} call after sampling. V̂ is refitted on a batch only
 * after that batch's gradient, so the estimate stays unbiased.
 *
 * <p>Numerical trouble: a rollout that blew up ends early or, with non-finite sums, is left out of the
 * batch ({@link RolloutRecursion}); both count in {@link Estimate#blowups()}. If more than half of a
 * batch's rollouts blew up (all of them in particular), or the batch's mean cost, mean gradient or
 * baseline fit is not finite, the batch fails with a {@link NumericalException} that names the model,
 * the iteration, the count and the first non-finite quantity; a minority of blow-ups is only counted
 * (the estimate comes from the other rollouts).
 */
public final class GradientEstimator implements AutoCloseable {
  private final EstimatorConfig config;
  private final int paramCount;
  /** Thread w's recursion (its kernel is the thread's). */
  private final RolloutRecursion[] recursions;
  private final RolloutScheduler<RolloutRecursion.Rollout> scheduler;
  /** Rollout n's G₀ (written by whichever thread ran it). */
  private final double[][] rolloutGradients;
  private final RolloutRecursion.RolloutSummary[] summaries;
  /** Null: the rollouts run on the scheduler's threads; else where an engine runs them. */
  private final RolloutEngine.Runner remote;
  /** The trajectories rollouts are tied to (eq. 99), or null. */
  private final DataSet trajectories;
  private Team team;

  public GradientEstimator(KernelFactory factory, EstimatorConfig config) {
    this(factory, config, null);
  }

  /**
   * An estimator whose rollouts run the rollout-specific chains Pⁿ of the trajectories of
   * {@code trajectories} (eq. 99, section 4.1), binding every kernel the factory creates to it (null:
   * rollouts are not tied to data, as with the two-argument constructor). Rollout i of a batch of
   * B = qN + r rollouts over N trajectories runs trajectory i mod N when i &lt; qN, and otherwise the
   * (i − qN)-th of r distinct trajectories drawn uniformly for (seed, iteration) by a
   * {@link org.dsojava.runtime.data.MinibatchSampler} (increasing order), so every trajectory has the
   * same expected share of rollouts; the kernel receives that n as its rollout index, the random stream
   * stays rollout i's. Rollout i is cut after min(H, length(n) − 1) transitions (H the horizon, if any),
   * so no call reads past the trajectory's last record t = length(n) − 1; as at the horizon, the cut
   * state is charged only in the time-varying setting.
   */
  public GradientEstimator(KernelFactory factory, EstimatorConfig config, DataSet trajectories) {
    this(trajectories == null ? factory : bindAll(Numerics.factory(factory), trajectories), config, trajectories,
        null, 0);
  }

  /**
   * An estimator whose threads each run {@code lockstep} = K rollouts in lockstep through the model's
   * lockstep kernel (issue 19) when it has one (0: one rollout at a time); the same estimates bit for bit.
   */
  public GradientEstimator(KernelFactory factory, EstimatorConfig config, int lockstep) {
    this(Numerics.factory(factory), config, null, null, lockstep);
  }

  private static KernelFactory bindAll(KernelFactory factory, DataSet data) {
    return () -> {
      ChainKernel k = factory.create();
      return k == null ? null : DataCosts.bind(k, data);
    };
  }

  /**
   * With {@code factory}'s kernels already bound to {@code trajectories} (when given), the batches' rollouts
   * run by {@code engine} (null: on this JVM's threads), and with {@code lockstep} = K ≥ 1 each thread runs
   * K rollouts in lockstep through the model's {@link LockstepKernel} (issue 19) when it has one; 0, a model
   * without one, rollouts tied to data or a remote engine run them one at a time. The estimate is the same
   * bit for bit either way.
   */
  GradientEstimator(KernelFactory factory, EstimatorConfig config, DataSet trajectories, RolloutEngine engine,
      int lockstep) {
    if (lockstep < 0) {
      throw new IllegalArgumentException("lockstep = " + lockstep + ": use 0 (off) or K >= 1 lanes per thread");
    }
    Numerics.factory(factory);
    this.config = Numerics.nonNull(config, "config is null; pass an EstimatorConfig, e.g. DsoOptimizer.of(factory).config()");
    ChainKernel probe = Numerics.nonNull(factory.create(), "the kernel factory returned null; it must return a new kernel");
    this.paramCount = probe.paramCount();
    config.validateAgainst(probe);
    this.rolloutGradients = new double[config.batch()][paramCount];
    this.summaries = new RolloutRecursion.RolloutSummary[config.batch()];
    for (int n = 0; n < summaries.length; n++) {
      summaries[n] = new RolloutRecursion.RolloutSummary();
    }
    this.recursions = new RolloutRecursion[config.threads()];
    // Each thread's kernel and recursion are made as the scheduler allocates that thread's lanes, so one
    // thread's buffers lie together, between the scheduler's padding arrays.
    this.scheduler = new RolloutScheduler<>(config, trajectories, w -> {
      ChainKernel kernel = w == 0 ? probe : factory.create();
      RolloutRecursion r = new RolloutRecursion(kernel, config, rolloutGradients, summaries);
      recursions[w] = r;
      LockstepKernel lanes = lockstep > 0 && trajectories == null && engine == null
          ? LockstepKernel.of(kernel, lockstep) : null;
      return lanes == null ? r : new LockstepRecursion(r, lanes);
    });
    this.trajectories = trajectories;
    this.remote = engine == null ? null : Numerics.nonNull(engine.open(config, paramCount), "the rollout engine "
        + engine + " returned no runner");
  }

  public int paramCount() {
    return paramCount;
  }

  /**
   * Estimates ∇J(θ) from batch {@code iteration} with baseline {@code baseline} (fitted on earlier
   * batches); then refits the baseline on this batch for the next call.
   */
  public Estimate estimate(double[] theta, int iteration, ValueBaseline baseline, double averageCost) {
    ChainKernel probe = recursions[0].kernel;
    Numerics.checkTheta(probe, "θ", theta);
    Numerics.nonNull(baseline, "baseline is null; pass ValueBaseline.none() for no baseline, or e.g. a LinearBaseline");
    if (!Double.isFinite(averageCost)) {
      throw new IllegalArgumentException("averageCost = " + averageCost + " is not finite; pass the previous batch's"
          + " mean cost (average-cost setting) or 0");
    }
    int batch = config.batch();
    if (remote == null) {
      runHere(theta, baseline, averageCost, iteration, 0, batch);
    } else {
      runRemotely(theta, iteration, baseline, averageCost, probe);
    }
    double[] rolloutCosts = new double[batch];
    int[] rolloutSteps = new int[batch];
    boolean[] usedRollout = new boolean[batch];
    double cost = 0;
    long steps = 0;
    int used = 0;
    int blowups = 0;
    for (int n = 0; n < batch; n++) {
      RolloutRecursion.RolloutSummary s = summaries[n];
      steps += s.steps;
      blowups += s.blownUp || !s.finite ? 1 : 0;
      rolloutSteps[n] = s.steps;
      rolloutCosts[n] = s.finite ? s.cost : Double.NaN;
      usedRollout[n] = s.finite;
      if (s.finite) {
        used++;
        cost += s.cost;
      }
    }
    if (used == 0 || 2 * blowups > batch) {
      throw new NumericalException(batchFailure(probe, iteration, blowups, batch - used), theta);
    }
    cost /= used;
    String where = where(probe, iteration);
    Numerics.checkScalar(where, "the mean cost over " + used + " rollouts", cost, theta);
    double[] mean = new double[paramCount];
    scheduler.meanInRolloutOrder(rolloutGradients, usedRollout, used, mean);
    Numerics.checkParamVector(probe, where, "the mean gradient over " + used + " rollouts", mean, theta);
    fitBaseline(baseline, where, theta);
    return new Estimate(mean, cost, steps, used, blowups, (double) steps / batch, rolloutCosts, rolloutSteps);
  }

  /**
   * Draws batch {@code iteration} exactly as {@link #estimate} does (same streams, same gradient) and
   * also records every rollout (states, draws, and the weights γᵗ and γᵗ⁺¹R̂ of eq. 66), so the sample
   * surrogate S̃(θ, α) can be evaluated at any α on the same data ({@link Surrogate}).
   */
  public Batch sample(double[] theta, int iteration, ValueBaseline baseline, double averageCost) {
    int batch = config.batch();
    Batch.Rollout[] records = new Batch.Rollout[batch];
    for (int n = 0; n < batch; n++) {
      records[n] = new Batch.Rollout();
      summaries[n].record = records[n];
    }
    Estimate e;
    try {
      e = estimate(theta, iteration, baseline, averageCost);
    } finally {
      for (RolloutRecursion.RolloutSummary s : summaries) {
        s.record = null;
      }
    }
    List<Batch.Rollout> used = new ArrayList<>();
    for (int n = 0; n < batch; n++) {
      if (summaries[n].finite) {
        used.add(records[n]);
      }
    }
    return new Batch(theta.clone(), used, e);
  }

  /** Rollouts from…to−1 of batch {@code iteration} on this JVM's threads, each into its slot. */
  private void runHere(double[] theta, ValueBaseline baseline, double averageCost, int iteration, int from, int to) {
    for (RolloutRecursion r : recursions) {
      r.batch(theta, baseline, averageCost);
    }
    scheduler.run(iteration, from, to);
  }

  /** The batch's rollouts through the engine: the request out, each range's results into their slots. */
  private void runRemotely(double[] theta, int iteration, ValueBaseline baseline, double averageCost, ChainKernel k) {
    boolean record = summaries[0].record != null;
    byte[] request = RolloutCodec.request(iteration, theta, averageCost, baseline, record, trajectories, k.modelName());
    boolean[] done = new boolean[config.batch()];
    for (byte[] part : remote.run(request)) {
      int[] range = RolloutCodec.results(part, rolloutGradients, summaries);
      for (int n = range[0]; n < range[1]; n++) {
        if (done[n]) {
          throw new IllegalStateException(where(k, iteration) + ": the rollout engine returned rollout " + n + " twice");
        }
        done[n] = true;
      }
    }
    for (int n = 0; n < done.length; n++) {
      if (!done[n]) {
        throw new IllegalStateException(where(k, iteration) + ": the rollout engine returned no result for rollout " + n);
      }
    }
  }

  /**
   * A worker's share of a batch: rollouts {@code from}…{@code to − 1} of the batch in {@code request}, with V̂
   * restored into {@code baseline}; the encoded results ({@link RolloutWorker}).
   */
  byte[] runRange(byte[] request, int from, int to, ValueBaseline baseline) {
    RolloutCodec.Request r = RolloutCodec.request(request);
    ChainKernel probe = recursions[0].kernel;
    if (r.theta().length != paramCount) {
      throw new IllegalArgumentException(probe.modelName() + ": the batch request has θ of " + r.theta().length
          + " entries; this worker's model has " + paramCount + " parameters (a different model on the workers?)");
    }
    if (from < 0 || to > config.batch() || from > to) {
      throw new IllegalArgumentException("rollouts " + from + "…" + (to - 1) + " are outside the batch of "
          + config.batch());
    }
    int count = trajectories == null ? -1 : trajectories.trajectories();
    long records = trajectories == null ? -1 : trajectories.totalRecords();
    if (r.dataTrajectories() != count || r.dataRecords() != records) {
      throw new IllegalArgumentException(probe.modelName() + ": the driver's rollouts are " + (r.dataTrajectories() < 0
          ? "not tied to data" : "tied to " + r.dataTrajectories() + " trajectories (" + r.dataRecords() + " records)")
          + ", this worker's " + (count < 0 ? "are not" : "to " + count + " trajectories (" + records + " records)")
          + "; give the engine's workers the same data set as the optimizer");
    }
    ValueBaseline v = RolloutCodec.baseline(r, baseline);
    for (int n = from; n < to; n++) {
      summaries[n].record = r.record() ? new Batch.Rollout() : null;
    }
    try {
      runHere(r.theta(), v, r.averageCost(), r.iteration(), from, to);
      return RolloutCodec.results(from, to, rolloutGradients, summaries,
          v != ValueBaseline.none() && v.statistics() == null);
    } finally {
      for (int n = from; n < to; n++) {
        summaries[n].record = null;
      }
    }
  }

  /** "Model, iteration k + 1 (batch k)". */
  private static String where(ChainKernel k, int iteration) {
    return k.modelName() + ", iteration " + (iteration + 1) + " (batch " + iteration + ")";
  }

  /** The message of a batch that fails the majority rule. */
  private String batchFailure(ChainKernel k, int iteration, int blowups, int leftOut) {
    int batch = config.batch();
    StringBuilder b = new StringBuilder(where(k, iteration)).append(": ").append(blowups).append(" of ").append(batch)
        .append(" rollouts blew up (").append(leftOut).append(" left out with non-finite values, ")
        .append(blowups - leftOut).append(" ended early at a blown-up state); more than half blown up fails the batch,"
            + " since its estimate would describe the blown-up rollouts' truncation, not the chain.");
    for (int n = 0; n < batch; n++) {
      RolloutRecursion.RolloutSummary s = summaries[n];
      if (s.problem != null) {
        b.append(" First, rollout ").append(n).append(": ").append(s.problem).append('.');
        break;
      }
    }
    return b.append(" θ is left at the θ this batch was drawn with. ").append(NumericalException.ADVICE).toString();
  }

  private void fitBaseline(ValueBaseline baseline, String where, double[] theta) {
    if (baseline == ValueBaseline.none()) {
      return;
    }
    ValueBaseline.Statistics linear = baseline.statistics();
    if (linear != null) {
      double[] sum = null;
      for (RolloutRecursion.RolloutSummary s : summaries) {
        if (!s.finite || s.fitCount == 0) {
          continue;
        }
        if (sum == null) {
          sum = new double[s.stats.length];
        }
        for (int i = 0; i < sum.length; i++) {
          sum[i] += s.stats[i];
        }
      }
      if (sum != null) {
        int i = Numerics.firstNonFinite(sum);
        if (i >= 0) {
          throw new NumericalException(where + ": the linear baseline's summed statistics are not finite (entry " + i
              + " = " + sum[i] + "): the states or returns it is fitted to overflow. " + NumericalException.ADVICE, theta);
        }
        if (!linear.fit(sum)) {
          throw new NumericalException(where + ": the linear baseline's least-squares fit is not finite (" + linear
              + "); raise its ridge or use fewer features. " + NumericalException.ADVICE, theta);
        }
      }
      return;
    }
    int total = 0;
    for (RolloutRecursion.RolloutSummary s : summaries) {
      total += s.finite ? s.fitCount : 0;
    }
    if (total == 0) {
      return;
    }
    double[][] states = new double[total][];
    int[] steps = new int[total];
    double[] targets = new double[total];
    int k = 0;
    for (RolloutRecursion.RolloutSummary s : summaries) {
      if (!s.finite) {
        continue;
      }
      for (int i = 0; i < s.fitCount; i++, k++) {
        states[k] = s.fitStates[i];
        steps[k] = s.fitSteps[i];
        targets[k] = s.fitTargets[i];
      }
    }
    baseline.fit(states, steps, targets, total);
    double v = baseline.value(states[0], steps[0]);
    if (!Double.isFinite(v)) {
      throw new NumericalException(where + ": after its fit on this batch, the baseline " + baseline + " gives V̂ = " + v
          + " at the batch's first state; its fit diverged (lower its learning rate or its size). "
          + NumericalException.ADVICE, theta);
    }
  }

  /** The crew and the threads' kernels, for passes over recorded batches between estimates. */
  Team team() {
    if (team == null) {
      ChainKernel[] kernels = new ChainKernel[recursions.length];
      for (int w = 0; w < kernels.length; w++) {
        kernels[w] = recursions[w].kernel;
      }
      team = new Team(scheduler.crew(), kernels);
    }
    return team;
  }

  @Override
  public void close() {
    try {
      scheduler.close();
    } finally {
      if (remote != null) {
        remote.close();
      }
    }
  }
}
