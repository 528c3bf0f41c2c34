package org.dsojava.runtime.optim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * Proximal Chain Optimization (section 4.3): per batch of rollouts drawn at θ, several epochs of
 * minibatch Adam on the clipped sample surrogate S̃(θ, α) (eq. 66 with ratios clipped to [1−ε, 1+ε]),
 * stopped early once the estimated KL between the old and new chains exceeds its target; then
 * θ ← θ + α. Minibatches are shuffled from the stream (seed, iteration), so runs are reproducible.
 */
public final class ProximalChainOptimization {
  private final KernelFactory factory;
  private final EstimatorConfig config;
  private final double clip;
  private final int epochs;
  private final int minibatches;
  private final double targetKl;
  private final StepRule inner;
  private final ValueBaseline baseline;
  private final PrintStream progress;
  private IterationListener listener;
  private CompositeObjective objective = new CompositeObjective();
  private final CheckpointSettings checkpoints = new CheckpointSettings();
  private BatchLoop.Limits limits = BatchLoop.Limits.NONE;
  private double[] lower;
  private double[] upper;

  /**
   * PCO's own settings (section 4.3), for {@link DsoOptimizer#pco(Settings)}; immutable, each
   * {@code with…} method returns a copy with one setting changed. Bad values fail here, with the
   * message the constructor gives.
   *
   * <p>The inner rule is an object with state (Adam's moments): a run continues from the state the
   * previous run with the same rule left, so give each run its own (e.g. {@link #defaults()} or
   * {@link #withInner} with a new {@code StepRule.adam(...)}).
   *
   * @param clip ε &gt; 0 of the ratio clipping to [1 − ε, 1 + ε] (PPO's usual 0.2)
   * @param epochs passes over each batch (at least 1)
   * @param minibatches minibatches per epoch, among which the rollouts are split (at least 1, at most the
   *     batch)
   * @param targetKl an iteration's epochs stop once the mean KL between the old and new chains exceeds
   *     this (positive; infinity: never)
   * @param inner the step rule on α, whose state persists across iterations as in PPO
   */
  public record Settings(double clip, int epochs, int minibatches, double targetKl, StepRule inner) {
    public Settings {
      if (inner == null) {
        throw new IllegalArgumentException("inner step rule is null; pass the rule on α, e.g. StepRule.adam(0.002)");
      }
      check(clip, epochs, minibatches, targetKl);
    }

    /**
     * ε = 0.2, 4 epochs × 4 minibatches, target KL 0.02, inner Adam(0.002) (a new one on every call):
     * the configuration tuned for Pendulum-v1 in docs/benchmarks-solve.md.
     */
    public static Settings defaults() {
      return new Settings(0.2, 4, 4, 0.02, StepRule.adam(0.002));
    }

    public Settings withClip(double epsilon) {
      return new Settings(epsilon, epochs, minibatches, targetKl, inner);
    }

    public Settings withEpochs(int n) {
      return new Settings(clip, n, minibatches, targetKl, inner);
    }

    public Settings withMinibatches(int n) {
      return new Settings(clip, epochs, n, targetKl, inner);
    }

    public Settings withTargetKl(double kl) {
      return new Settings(clip, epochs, minibatches, kl, inner);
    }

    public Settings withInner(StepRule rule) {
      return new Settings(clip, epochs, minibatches, targetKl, rule);
    }
  }

  private static void check(double clip, int epochs, int minibatches, double targetKl) {
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip ε = " + clip + " must be positive; PPO's usual value is 0.2");
    }
    if (epochs < 1 || minibatches < 1) {
      throw new IllegalArgumentException("epochs and minibatches must be at least 1, got " + epochs + ", " + minibatches);
    }
    if (!(targetKl > 0)) {
      throw new IllegalArgumentException("targetKl = " + targetKl + " must be positive (use infinity to disable early stop)");
    }
  }

  /**
   * The low-level API: most programs choose PCO with {@code MyModelDso.optimizer().pco(settings)} (see
   * {@link DsoOptimizer#pco(Settings)}), which adds stop rules, budgets and a learning-curve file and runs
   * exactly this (same seed and θ₀: the same θ, bit for bit).
   *
   * @param clip ε &gt; 0 of the ratio clipping
   * @param epochs passes over each batch
   * @param minibatches minibatches per epoch (rollouts are split among them)
   * @param targetKl stop an iteration's epochs once the mean KL exceeds this (∞: never)
   * @param inner the step rule on α (its state persists across iterations, as in PPO)
   */
  public ProximalChainOptimization(KernelFactory factory, EstimatorConfig config, double clip, int epochs,
      int minibatches, double targetKl, StepRule inner, ValueBaseline baseline, PrintStream progress) {
    BatchLoop.checkArguments(factory, config, baseline);
    Numerics.nonNull(inner, "inner step rule is null; pass the rule on α, e.g. StepRule.adam(3e-4)");
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip ε = " + clip + " must be positive; PPO's usual value is 0.2");
    }
    if (epochs < 1 || minibatches < 1) {
      throw new IllegalArgumentException("epochs and minibatches must be at least 1, got " + epochs + ", " + minibatches);
    }
    if (minibatches > config.batch()) {
      throw new IllegalArgumentException(minibatches + " minibatches need at least that many rollouts; batch is "
          + config.batch());
    }
    check(clip, epochs, minibatches, targetKl);
    this.factory = factory;
    this.config = config;
    this.clip = clip;
    this.epochs = epochs;
    this.minibatches = minibatches;
    this.targetKl = targetKl;
    this.inner = inner;
    this.baseline = baseline;
    this.progress = progress;
  }

  /**
   * Writes a checkpoint to {@code file} after every {@code everyIterations} iterations and after the
   * last one (atomically; see {@link DsoOptimizer#checkpoint}): θ, the baseline's fit, the method's own
   * state, the counters, Ĵ and the learning curve. Null: none (the default).
   */
  public ProximalChainOptimization checkpoint(java.nio.file.Path file, int everyIterations) {
    checkpoints.checkpoint(file, everyIterations);
    return this;
  }

  /**
   * {@link #run} continues the run saved in {@code file} bit for bit (see {@link DsoOptimizer#resume});
   * a checkpoint of another model, library version or configuration, or a truncated or corrupt file, is
   * refused with a {@link CheckpointException} naming what differs. Null: start anew.
   */
  public ProximalChainOptimization resume(java.nio.file.Path file) {
    checkpoints.resume(file, false);
    return this;
  }

  /** {@link #resume} if {@code file} exists, else start anew. */
  public ProximalChainOptimization resumeIfPresent(java.nio.file.Path file) {
    checkpoints.resume(file, true);
    return this;
  }

  /**
   * The objective: w_R·J + Σ_k w_k L_k over a recorded data set (section 5; default J alone). The data
   * blocks join the clipped surrogate: each inner Adam step on α descends w_R·S̃_clip(θ, α) over its
   * minibatch of rollouts plus Σ_k w_k L_k(θ + α) over the iteration's data draw (the blocks are not
   * clipped: they are exact functions of θ + α, no ratio of chains). The KL early stop still measures the
   * chain alone.
   * A pure data objective (rollouts(0)) is refused: use {@link DsoOptimizer}.
   */
  public ProximalChainOptimization objective(CompositeObjective o) {
    this.objective = Numerics.nonNull(o, "objective is null; pass new CompositeObjective() for J alone").copy();
    return this;
  }

  /** A stop rule and budgets (for {@link DsoOptimizer}). */
  ProximalChainOptimization limits(BatchLoop.Limits l) {
    this.limits = l;
    return this;
  }

  /** Box bounds, θ + α projected onto them after every iteration (for {@link DsoOptimizer}; checked there). */
  ProximalChainOptimization bounds(double[] lo, double[] hi) {
    this.lower = lo == null ? null : lo.clone();
    this.upper = hi == null ? null : hi.clone();
    return this;
  }

  public ProximalChainOptimization onIteration(IterationListener l) {
    this.listener = l;
    return this;
  }

  public Result run(double[] theta0, int iterations) {
    int p = theta0.length;
    Rng shuffle = new Rng(config.seed());
    int[] innerStep = {0};
    java.util.Map<String, String> methodConfig = new java.util.LinkedHashMap<>();
    methodConfig.put("clip", Double.toString(clip));
    methodConfig.put("epochs", Integer.toString(epochs));
    methodConfig.put("minibatches", Integer.toString(minibatches));
    methodConfig.put("targetKl", Double.toString(targetKl));
    methodConfig.put("inner", inner.toString());
    if (lower != null) {
      methodConfig.put("bounds", RunCheckpoint.bounds(lower, upper));
    }
    if (checkpoints.active() && !(inner instanceof Checkpointable)) {
      throw new IllegalArgumentException("the inner step rule " + inner + " (" + inner.getClass().getName() + ") does"
          + " not implement Checkpointable, so a checkpoint could not save its state; implement it, or use"
          + " StepRule.sgd/adam");
    }
    // The inner rule's moments and step count carry over from iteration to iteration; the minibatch
    // shuffles are keyed by (seed, iteration).
    Checkpointable state = new Checkpointable() {
      @Override
      public void saveState(SavedState out) {
        out.putLong("innerSteps", innerStep[0]);
        ((Checkpointable) inner).saveState(out.section("inner"));
      }

      @Override
      public void restoreState(SavedState in) {
        int steps = in.getInt("innerSteps");
        ((Checkpointable) inner).restoreState(in.section("inner"));
        innerStep[0] = steps;
      }
    };
    return BatchLoop.run(factory, config, objective, "ProximalChainOptimization", baseline, theta0, iterations, progress,
        listener, (k, batch, theta, team, composite) -> {
      List<Batch.Rollout> rollouts = batch.rollouts();
      double[] alpha = new double[p];
      double[] point = new double[p];
      double[] g = new double[p];
      int epochsRun = 0;
      double kl = 0;
      if (rollouts.size() >= minibatches) { // fewer usable rollouts than minibatches: no step, reported below
        Surrogate whole = new Surrogate(batch, team, clip);
        shuffle.reseed(config.seed() ^ 0x50434FL, k);
        for (int epoch = 0; epoch < epochs; epoch++) {
          List<Batch.Rollout> order = new ArrayList<>(rollouts);
          for (int i = order.size() - 1; i > 0; i--) {
            int j = (int) (shuffle.uniform() * (i + 1));
            Batch.Rollout tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
          }
          for (int m = 0; m < minibatches; m++) {
            List<Batch.Rollout> part = order.subList(m * order.size() / minibatches, (m + 1) * order.size() / minibatches);
            Surrogate s = new Surrogate(new Batch(batch.theta(), part, batch.estimate()), team, clip);
            composite.gradient(s, theta, alpha, g);
            System.arraycopy(alpha, 0, point, 0, p);
            inner.step(point, g, ++innerStep[0]);
            System.arraycopy(point, 0, alpha, 0, p);
          }
          epochsRun++;
          kl = whole.meanKl(alpha);
          if (Double.isNaN(kl)) {
            throw new NumericalException(team.kernel(0).modelName() + ": the mean KL between the old and new chains is NaN after"
                + " epoch " + (epoch + 1) + " (ln P is not finite at θ + α). " + NumericalException.ADVICE, theta);
          }
          if (kl > targetKl) {
            break;
          }
        }
      }
      if (epochsRun == 0) {
        BatchLoop.log(progress, k, "only " + rollouts.size() + " usable rollouts for " + minibatches
            + " minibatches; no step");
      }
      int bad = Numerics.firstNonFinite(alpha);
      if (bad >= 0) {
        ChainKernel kernel = team.kernel(0);
        throw new NumericalException(kernel.modelName() + ": the inner " + inner + " steps made α"
            + " non-finite (" + Numerics.paramEntry(kernel, alpha, bad) + "); θ is kept. Lower the inner rate. "
            + NumericalException.ADVICE, theta);
      }
      BatchLoop.step(theta, 1.0, alpha, lower, upper);
      return String.format(Locale.ROOT, "  epochs %d, KL %.3g", epochsRun, kl);
    }, checkpoints, methodConfig, checkpoints.active() ? state : null, limits);
  }
}
