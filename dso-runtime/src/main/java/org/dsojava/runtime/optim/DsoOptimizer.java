package org.dsojava.runtime.optim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSet;

/**
 * Runs any of the DSO methods on a model, with one set of options. By default first-order DSO:
 * Algorithm 1's gradient estimates fed to SGD or Adam, with optional parameter bounds and prior (section
 * 5.1). Defaults: the model's setting, γ and horizon; batch 16; Adam(0.05); a linear baseline on
 * quadratic features; all cores; seed 1; a progress line per iteration.
 *
 * <pre>{@code
 * Result r = DsoOptimizer.of(CartPoleLinearDso.factory()).batch(10).iterations(40).run();
 * Result p = CartPoleLinearDso.optimizer().batch(10).pco().maxEnvSteps(200_000).run();
 * }</pre>
 *
 * <p>Choosing the method: {@link #sgd}, {@link #adam} or {@link #stepRule} (first-order, the default),
 * {@link #pco(ProximalChainOptimization.Settings)} (section 4.3),
 * {@link #naturalGradient(NaturalGradient.Settings)} (section 4.4, eqs. 72–73) or
 * {@link #chainIteration(ChainIteration.Settings)} (section 4.2, eq. 63); the last of these three calls
 * wins, and each has a form without arguments for its defaults. For every method {@link #run} applies
 * the iterations, {@link #maxEnvSteps} and {@link #maxSeconds} budgets, {@link #stopWhen}, {@link #onIteration},
 * {@link #learningCurve}, {@link #progress}, the estimator's options (setting, γ, horizon, batch, seed,
 * threads, baseline, TD(λ), GAE, antithetic draws), {@link #initialTheta}, the composite objective and
 * checkpoints, and the result is bit for bit that of the method's own class (e.g.
 * {@link ProximalChainOptimization}) with the same seed and θ₀. {@link #bounds} apply to every method
 * (θ is projected after each update). The options of SGD and Adam alone — {@link #stepRule} (and
 * {@link #sgd}, {@link #adam}), {@link #prior} and {@link #clipGradientNorm} — are refused by the other
 * methods with an {@link IllegalArgumentException} naming the method and the option.
 *
 * <p>Composite objectives (section 5): with {@link #data}, {@link #dataCost} and {@link #rollouts}
 * the objective is w_R·J(θ) + Σ_k w_k·L_k(θ) (see {@link CompositeObjective}), and each iteration steps
 * with w_R × Algorithm 1's estimate of ∇J plus Σ_k w_k ∇L_k (exact, or an unbiased minibatch estimate;
 * see {@link DataCosts}). Every iteration's record carries the blocks' values.
 *
 * <p>Checkpoints ({@link #checkpoint}) and exact resume ({@link #resume}, {@link #resumeIfPresent}): a run
 * resumed from the checkpoint after iteration k continues bit for bit as if never interrupted. A trained
 * θ is saved for use with {@link Policy#save}.
 */
public final class DsoOptimizer {
  private final KernelFactory factory;
  private final ChainKernel probe;
  private Setting setting;
  private double discount;
  private int horizon;
  private boolean randomTermination;
  private int batch = 16;
  private int threads = Runtime.getRuntime().availableProcessors();
  private RolloutEngine engine;
  /** Lanes per thread of lockstep rollouts, 0 for one at a time. */
  private int lockstep;
  private long seed = 1L;
  private int iterations = 50;
  private int burnIn = -1;
  private double blowupThreshold = 1e8;
  private double tdLambda = 1.0;
  private boolean antithetic;
  private boolean gae;
  private StepRule stepRule = StepRule.adam(0.05);
  private ValueBaseline baseline;
  private double[] initialTheta;
  private double[] lower;
  private double[] upper;
  private Prior prior;
  private PrintStream progress = System.out;
  private StopRule stopRule;
  /** JSON Lines metrics file (one object per iteration), or null. */
  private java.nio.file.Path metricsFile;
  // Per run: the stop rule's evaluation steps already added to the env-step count, the last progress time.
  private long evaluationStepsCounted;
  private double lastProgress;
  private Metrics metrics;
  private double clipNorm = Double.POSITIVE_INFINITY;
  private java.nio.file.Path curveFile;
  private IterationListener listener;
  private java.nio.file.Path checkpointFile;
  private int checkpointEvery;
  private java.nio.file.Path resumeFile;
  private boolean resumeIfPresent;
  private final CompositeObjective objective = new CompositeObjective();
  /** The chosen method's settings; null: SGD or Adam with {@link #stepRule}. */
  private Record method;
  private boolean stepRuleSet;
  private long maxEnvSteps = Long.MAX_VALUE;
  private double maxSeconds = Double.POSITIVE_INFINITY;

  private DsoOptimizer(KernelFactory factory) {
    this.factory = Numerics.factory(factory);
    this.probe = Numerics.nonNull(factory.create(), "the kernel factory returned null; it must return a new kernel");
    this.setting = probe.setting();
    this.discount = probe.discount();
    this.horizon = probe.horizon();
  }

  public static DsoOptimizer of(KernelFactory factory) {
    return new DsoOptimizer(factory);
  }

  public DsoOptimizer setting(Setting s) {
    this.setting = Numerics.nonNull(s, "setting is null; pass one of " + java.util.Arrays.toString(Setting.values()));
    return this;
  }

  public DsoOptimizer discount(double gamma) {
    this.discount = gamma;
    return this;
  }

  public DsoOptimizer horizon(int steps) {
    this.horizon = steps;
    return this;
  }

  /** Ends rollouts at random with probability 1 − γ per step (section 4.1). */
  public DsoOptimizer randomTermination(boolean on) {
    this.randomTermination = on;
    return this;
  }

  public DsoOptimizer batch(int rollouts) {
    this.batch = rollouts;
    return this;
  }

  public DsoOptimizer threads(int n) {
    this.threads = n;
    return this;
  }

  /**
   * Runs every batch's rollouts on {@code e} (e.g. dso-spark's engine on Spark executors) instead of this
   * JVM's threads; θ comes out bit for bit the same ({@link RolloutEngine}). Null restores the local engine.
   * With rollouts tied to data trajectories ({@link #rolloutsFromData}), the engine's workers need the
   * same data set ({@link RolloutWorker}).
   */
  public DsoOptimizer engine(RolloutEngine e) {
    this.engine = e;
    return this;
  }

  /**
   * Runs K rollouts per thread in lockstep through the model's generated lockstep kernel (issue 19: one
   * kernel call steps K rollouts, whose layers the JIT can vectorize across them); 0 (the default) runs
   * them one at a time. θ comes out bit for bit the same either way. A model without a lockstep kernel
   * (its generated {@code <Model>LockstepKernel} says why), rollouts tied to data trajectories and remote
   * engines run one rollout at a time. It pays for models whose steps are matrix–vector work (MLP
   * policies) with long episodes and K ≥ 32 rollouts per thread, run with {@code --add-modules
   * jdk.incubator.vector} so the tanh lanes use the Vector API: Pendulum-MLP about 2× (JDK 17, AVX-512).
   * Small models, short uneven episodes and K ≤ 16 run slower than one rollout at a time
   * (docs/BENCHMARKS.md, "Lockstep kernels"), hence off by default.
   */
  public DsoOptimizer lockstep(int lanes) {
    if (lanes < 0) {
      throw new IllegalArgumentException("lockstep = " + lanes + ": use 0 (off) or K >= 1 lanes per thread");
    }
    this.lockstep = lanes;
    return this;
  }

  public DsoOptimizer seed(long s) {
    this.seed = s;
    return this;
  }

  public DsoOptimizer iterations(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("iterations = " + n + " is negative");
    }
    this.iterations = n;
    return this;
  }

  /** Average cost: steps discarded at the start of each rollout (default horizon / 10). */
  public DsoOptimizer burnIn(int steps) {
    this.burnIn = steps;
    return this;
  }

  public DsoOptimizer blowupThreshold(double limit) {
    this.blowupThreshold = limit;
    return this;
  }

  /** Fits V̂ to TD(λ) targets (λ = 1, the default, fits Monte Carlo returns). */
  public DsoOptimizer tdLambda(double lambda) {
    this.tdLambda = lambda;
    return this;
  }

  /**
   * Draws each batch's rollouts in antithetic pairs (see {@link EstimatorConfig#antithetic()}): still
   * N rollouts of the chain, so the estimate of Algorithm 1 stays unbiased (default off).
   */
  public DsoOptimizer antithetic(boolean on) {
    this.antithetic = on;
    return this;
  }

  /**
   * Optional (off by default): the gradient uses the TD(λ) return of {@link #tdLambda} instead of the
   * Monte Carlo R, as in generalized advantage estimation. Less variance, but biased unless V̂ is exact.
   */
  public DsoOptimizer gae(boolean on) {
    this.gae = on;
    return this;
  }

  /**
   * The step rule of first-order DSO (default Adam(0.05)). Only SGD and Adam take one: with
   * {@link #pco(ProximalChainOptimization.Settings)}, {@link #naturalGradient(NaturalGradient.Settings)}
   * or {@link #chainIteration(ChainIteration.Settings)}, {@link #run} refuses it.
   */
  public DsoOptimizer stepRule(StepRule rule) {
    this.stepRule = Numerics.nonNull(rule, "step rule is null; pass e.g. StepRule.adam(0.05) or StepRule.sgd(0.01)");
    this.stepRuleSet = true;
    return this;
  }

  /** First-order DSO with Adam at a constant rate (see {@link #stepRule}). */
  public DsoOptimizer adam(double rate) {
    return stepRule(StepRule.adam(rate));
  }

  /** First-order DSO with SGD at a constant rate (see {@link #stepRule}). */
  public DsoOptimizer sgd(double rate) {
    return stepRule(StepRule.sgd(rate));
  }

  /**
   * Proximal Chain Optimization (section 4.3) instead of SGD/Adam: per batch, epochs of minibatch steps
   * of {@code settings.inner()} on the clipped sample surrogate S̃(θ, α) (eq. 66), with a KL early stop
   * (see {@link ProximalChainOptimization}). Bounds, if any, project θ + α.
   */
  public DsoOptimizer pco(ProximalChainOptimization.Settings settings) {
    this.method = settings("pco", settings, "ProximalChainOptimization.Settings.defaults()");
    return this;
  }

  /** {@link #pco(ProximalChainOptimization.Settings)} with {@link ProximalChainOptimization.Settings#defaults()}. */
  public DsoOptimizer pco() {
    return pco(ProximalChainOptimization.Settings.defaults());
  }

  /**
   * Natural gradient descent (section 4.4) instead of SGD/Adam: the direction solves (F̃ + λI)d = ∇̃J with
   * the chain Fisher of eq. 72 (its bottleneck form eq. 73 when the model has one), the step scaled to a
   * KL of δ (see {@link NaturalGradient}).
   */
  public DsoOptimizer naturalGradient(NaturalGradient.Settings settings) {
    this.method = settings("naturalGradient", settings, "NaturalGradient.Settings.defaults()");
    return this;
  }

  /** {@link #naturalGradient(NaturalGradient.Settings)} with {@link NaturalGradient.Settings#defaults()}. */
  public DsoOptimizer naturalGradient() {
    return naturalGradient(NaturalGradient.Settings.defaults());
  }

  /**
   * DSO Chain Iteration (section 4.2, eq. 63) instead of SGD/Adam: α* = argmin S̃(θ, α) by trust-region
   * truncated Newton, θ += κα* (see {@link ChainIteration}).
   */
  public DsoOptimizer chainIteration(ChainIteration.Settings settings) {
    this.method = settings("chainIteration", settings, "ChainIteration.Settings.defaults()");
    return this;
  }

  /** {@link #chainIteration(ChainIteration.Settings)} with {@link ChainIteration.Settings#defaults()}. */
  public DsoOptimizer chainIteration() {
    return chainIteration(ChainIteration.Settings.defaults());
  }

  private static Record settings(String call, Record settings, String example) {
    if (settings == null) {
      throw new IllegalArgumentException(call + " settings are null; pass e.g. " + example + ", or call " + call
          + "() for the defaults");
    }
    return settings;
  }

  /**
   * Ends the run, for every method, after the first iteration at which the env steps sampled so far reach
   * {@code steps} (checked between iterations, so the last batch may take the total past it). A resumed
   * run counts the steps before its checkpoint. Default: no budget.
   */
  public DsoOptimizer maxEnvSteps(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("maxEnvSteps = " + steps + " must be at least 1");
    }
    this.maxEnvSteps = steps;
    return this;
  }

  /**
   * Ends the run, for every method, after the first iteration at which the wall time since the start
   * (before a resume included) reaches {@code seconds} (checked between iterations). Default: no budget.
   */
  public DsoOptimizer maxSeconds(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("maxSeconds = " + seconds + " must be positive");
    }
    this.maxSeconds = seconds;
    return this;
  }

  /** The value baseline V̂; {@link ValueBaseline#none()} for none (default: linear on quadratic features). */
  public DsoOptimizer baseline(ValueBaseline b) {
    if (b == null) {
      throw new IllegalArgumentException("baseline is null; pass ValueBaseline.none() for no baseline, or e.g."
          + " new LinearBaseline(Features.quadratic(stateDim, 0), 1e-6); leave it unset for that default");
    }
    this.baseline = b;
    return this;
  }

  /** Starts from (or resumes at) {@code theta}, which must have the model's parameter count. */
  public DsoOptimizer initialTheta(double[] theta) {
    Numerics.nonNull(theta, "initial θ is null; pass " + probe.paramCount() + " parameters, or leave it unset for"
        + " the model's initialParams(seed)");
    if (theta.length != probe.paramCount()) {
      throw new IllegalArgumentException("initial θ has length " + theta.length + ", but " + probe.modelName()
          + " has " + probe.paramCount() + " parameters; resume with a θ saved from this model");
    }
    Numerics.checkTheta(probe, "initial θ", theta);
    this.initialTheta = theta.clone();
    return this;
  }

  /** Box constraints: θ is projected onto [lower, upper] after every step. */
  public DsoOptimizer bounds(double[] lower, double[] upper) {
    Numerics.nonNull(lower, "lower bounds are null; pass one entry per parameter (-infinity for none)");
    Numerics.nonNull(upper, "upper bounds are null; pass one entry per parameter (infinity for none)");
    Numerics.checkBoundsLength(probe, lower);
    Numerics.checkBounds(probe, lower, upper);
    this.lower = lower.clone();
    this.upper = upper.clone();
    return this;
  }

  /** Adds L_prior to J (section 5.1); null for none (the default). SGD and Adam only. */
  public DsoOptimizer prior(Prior p) {
    this.prior = p;
    return this;
  }

  /**
   * Rescales a gradient estimate whose norm exceeds {@code maxNorm} to that norm: heavy-tailed
   * returns (an unstable policy, a long random rollout) then cannot throw θ far in one step. SGD and Adam
   * only.
   */
  public DsoOptimizer clipGradientNorm(double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("clipGradientNorm = " + maxNorm + " must be positive");
    }
    this.clipNorm = maxNorm;
    return this;
  }

  /**
   * Ends the run early, for every method, when {@code rule} says θ is good enough (checked after every
   * iteration; null: never). A checkpoint written then records it, and a resume does not continue.
   */
  public DsoOptimizer stopWhen(StopRule rule) {
    this.stopRule = rule;
    return this;
  }

  /** Calls {@code l} after every iteration with the new θ, for every method (null: no listener). */
  public DsoOptimizer onIteration(IterationListener l) {
    this.listener = l;
    return this;
  }

  /** Writes the learning curve as CSV to {@code file} when the run ends (atomically); null: no file. */
  public DsoOptimizer learningCurve(java.nio.file.Path file) {
    this.curveFile = file;
    return this;
  }

  /**
   * Writes a checkpoint to {@code file} after every {@code everyIterations} iterations and after the
   * last one (also when a stop rule ends the run): θ, the step rule's state (Adam's moments), the value
   * baseline's fit, the iteration, env-step and blow-up counts, the elapsed time, the average-cost
   * estimate, a {@link Checkpointable} stop rule's state, the learning curve so far, and the model's
   * fingerprint and the run's configuration, for {@link #resume} to check. Each write is atomic (a
   * temporary file in the same directory, forced to disk, renamed over {@code file}), so a crash or
   * SIGKILL at any moment leaves the previous checkpoint or the new one. A custom step rule or baseline
   * must implement {@link Checkpointable}. Null: no checkpoints (the default).
   */
  public DsoOptimizer checkpoint(java.nio.file.Path file, int everyIterations) {
    if (file != null && everyIterations < 1) {
      throw new IllegalArgumentException("checkpoint every " + everyIterations + " iterations: pass 1 or more");
    }
    this.checkpointFile = file;
    this.checkpointEvery = everyIterations;
    return this;
  }

  /**
   * Continues the run saved in the checkpoint {@code file} (written by {@link #checkpoint}) instead of
   * starting anew: {@link #run} restores its state and runs iterations k + 1 … {@link #iterations}, and
   * its {@link Result} (θ, learning curve, totals) is bit for bit that of a run never interrupted, env
   * steps included (the seconds are wall time, so they are not). The configuration must be the one the
   * checkpoint was written with — model and generated code, library version, setting, γ, horizon,
   * batch, seed, step rule, baseline, prior, bounds, clipping, data objective, θ₀ — otherwise
   * {@link #run} throws a {@link CheckpointException} naming what differs, as for a truncated or corrupt
   * file; the thread count and the number of iterations may differ. A missing file is an error (see
   * {@link #resumeIfPresent}). Null: start anew (the default).
   */
  public DsoOptimizer resume(java.nio.file.Path file) {
    this.resumeFile = file;
    this.resumeIfPresent = false;
    return this;
  }

  /**
   * {@link #resume} if {@code file} exists, else start anew: with {@code checkpoint(file, n)}, the same
   * program restarted after a crash continues where its last checkpoint left off.
   */
  public DsoOptimizer resumeIfPresent(java.nio.file.Path file) {
    this.resumeFile = file;
    this.resumeIfPresent = true;
    return this;
  }

  /**
   * Writes one JSON object per iteration to {@code file} (JSON Lines), flushed as the run goes, for every
   * method: {@code {"iteration", "envSteps", "meanCost", "costStd", "gradientNorm", "seconds", "blowups",
   * "dataCosts": {name: value}}} (docs/ARCHITECTURE.md §6).
   */
  public DsoOptimizer metrics(java.nio.file.Path file) {
    this.metricsFile = file;
    return this;
  }

  /** Time left at the current pace: by iterations, or by the env-step or time budget when that is nearer. */
  private String eta(double seconds, int done, int iterationsLeft, long steps) {
    if (done <= 0) {
      return "";
    }
    double left = seconds / done * iterationsLeft;
    if (maxEnvSteps > 0 && steps > 0) {
      left = Math.min(left, seconds * Math.max(0, maxEnvSteps - steps) / steps);
    }
    if (maxSeconds > 0) {
      left = Math.min(left, Math.max(0, maxSeconds - seconds));
    }
    return left < 60 ? String.format(Locale.ROOT, "%.0fs", left)
        : left < 3600 ? String.format(Locale.ROOT, "%.0fm%02.0fs", Math.floor(left / 60), left % 60)
        : String.format(Locale.ROOT, "%.0fh%02.0fm", Math.floor(left / 3600), Math.floor(left % 3600 / 60));
  }

  /** Where progress lines go; null for silence. */
  public DsoOptimizer progress(PrintStream out) {
    this.progress = out;
    return this;
  }

  /**
   * The recorded data set 𝒟 (section 5.1): bound to every kernel the factory creates (one per thread),
   * read by the data cost blocks and, when the model reads records in its chain, by the rollouts
   * (rollout-specific chains, eq. 99; see {@link CompositeObjective}). Null: none (the default).
   */
  public DsoOptimizer data(DataSet d) {
    objective.data(d);
    return this;
  }

  /** Adds weight·L_name(θ) to the objective, the block summed exactly over 𝒟 at every iteration. */
  public DsoOptimizer dataCost(String name, double weight) {
    objective.dataCost(name, weight);
    return this;
  }

  /**
   * Adds weight·L_name(θ) to the objective, estimated at every iteration from a uniform minibatch of
   * {@code minibatchTrajectories} whole trajectories of 𝒟 (unbiased).
   */
  public DsoOptimizer dataCost(String name, double weight, int minibatchTrajectories) {
    objective.dataCost(name, weight, minibatchTrajectories);
    return this;
  }

  /**
   * w_R, the weight of the chain objective J in the composite objective (default 1); 0 is a pure data
   * objective, for which no rollouts are run at all.
   */
  public DsoOptimizer rollouts(double weight) {
    objective.rollouts(weight);
    return this;
  }

  /**
   * Whether rollouts are tied to 𝒟's trajectories (eq. 99); default: when the model reads records in its
   * chain. See {@link CompositeObjective}.
   */
  public DsoOptimizer rolloutsFromData(boolean on) {
    objective.rolloutsFromData(on);
    return this;
  }

  /**
   * The gradient iteration {@code iteration} (0-based) of {@link #run} would step with at θ, before the
   * prior and clipping: w_R × Algorithm 1's estimate from batch {@code iteration} (with a fresh default
   * baseline, which is V̂ = 0 on a first batch, or the configured baseline) plus Σ_k w_k ∇L_k over that
   * iteration's minibatches. For checking the composite estimator against exact gradients.
   */
  public double[] gradient(double[] theta, int iteration) {
    Numerics.checkTheta(probe, "θ", theta);
    CompositeObjective obj = objective.copy();
    obj.validate(probe);
    EstimatorConfig config = config();
    ValueBaseline v = baselineOrDefault();
    try (GradientEstimator estimator = estimator(obj, config)) {
      DataTerms terms = DataTerms.of(obj, estimator.team(), config.discount(), seed);
      return step(estimator, terms, obj.rolloutWeight(), theta, iteration, v, 0.0,
          new double[terms == null ? 0 : terms.count()]).gradient();
    }
  }

  private GradientEstimator estimator(CompositeObjective obj, EstimatorConfig config) {
    return new GradientEstimator(obj.bound(factory), config, obj.tiesRollouts(probe) ? obj.data() : null, engine,
        lockstep);
  }

  private ValueBaseline baselineOrDefault() {
    return baseline != null ? baseline : defaultBaseline(probe.stateDim(), config());
  }

  /**
   * The baseline an optimizer uses when none is set: least squares on quadratic features of the state
   * (and, time-varying, of the step) with ridge 10⁻⁶ — e.g. for a remote engine's workers, which need a
   * baseline of the same kind as the driver's.
   */
  public static ValueBaseline defaultBaseline(int stateDim, EstimatorConfig config) {
    return new LinearBaseline(Features.quadratic(stateDim,
        config.setting() == Setting.TIME_VARYING ? config.horizon() : 0), 1e-6);
  }

  /**
   * One iteration's composite estimate: Algorithm 1's batch (skipped when w_R = 0) scaled by w_R, plus
   * the data blocks' gradients over this iteration's draw; {@code values} receives the blocks' values.
   */
  private Estimate step(GradientEstimator estimator, DataTerms terms, double rolloutWeight, double[] theta,
      int iteration, ValueBaseline v, double averageCost, double[] values) {
    Estimate e;
    if (rolloutWeight > 0) {
      // Fails with a NumericalException if most rollouts blew up or the mean is not finite.
      e = estimator.estimate(theta, iteration, v, averageCost);
      if (rolloutWeight != 1) {
        double[] g = e.gradient();
        for (int i = 0; i < g.length; i++) {
          g[i] *= rolloutWeight;
        }
      }
    } else {
      e = new Estimate(new double[theta.length], Double.NaN, 0, 0, 0, 0, new double[0], new int[0]);
    }
    if (terms != null) {
      terms.draw(iteration);
      terms.addGradient(theta, e.gradient(), values);
    }
    return e;
  }

  /** The estimator configuration these settings give (validated). */
  public EstimatorConfig config() {
    int b = burnIn >= 0 ? burnIn : (setting == Setting.AVERAGE ? horizon / 10 : 0);
    return new EstimatorConfig(setting, discount, horizon, randomTermination, batch, threads, seed, b, blowupThreshold,
        tdLambda, antithetic, gae);
  }

  /**
   * Runs the chosen method (SGD/Adam unless {@link #pco(ProximalChainOptimization.Settings)},
   * {@link #naturalGradient(NaturalGradient.Settings)} or {@link #chainIteration(ChainIteration.Settings)}
   * was called) for {@link #iterations}, or until a stop rule or budget ends it.
   */
  public Result run() {
    if (method != null) {
      return writeCurve(runBatchMethod());
    }
    CompositeObjective obj = objective.copy();
    obj.validate(probe);
    EstimatorConfig config = config();
    double[] theta = initialTheta != null ? initialTheta.clone() : initial();
    ValueBaseline v = baselineOrDefault();
    List<IterationRecord> curve = new ArrayList<>();
    long steps = 0;
    int blowups = 0;
    double averageCost = 0;
    int first = 1;
    boolean stopped = false;
    long start = System.nanoTime();
    java.util.Map<String, String> configuration = null;
    if (checkpointFile != null || resumeFile != null) {
      checkCheckpointable(v);
      configuration = configuration(obj, config, theta, v);
    }
    if (progress != null) {
      progress.printf(Locale.ROOT, "%s: %d parameters, %s, γ = %s, horizon %d, batch %d, %d thread(s), %s, baseline %s%n",
          probe.modelName(), theta.length, setting, discount, horizon, batch, threads, stepRule, v);
    }
    if (resumeFile != null && !(resumeIfPresent && !java.nio.file.Files.exists(resumeFile))) {
      RunCheckpoint.State s = RunCheckpoint.read(resumeFile, "DsoOptimizer", probe, configuration, "stepRule",
          (Checkpointable) stepRule, (Checkpointable) v, stopRule);
      if (s.iteration() > iterations) {
        throw new IllegalArgumentException(resumeFile + " is a checkpoint after iteration " + s.iteration()
            + ", beyond iterations(" + iterations + "); ask for at least " + s.iteration() + " iterations");
      }
      theta = s.theta();
      curve.addAll(s.curve());
      steps = s.envSteps();
      blowups = s.blowups();
      averageCost = s.averageCost();
      stopped = s.stopped();
      first = s.iteration() + 1;
      start -= (long) (s.seconds() * 1e9);
      if (progress != null) {
        progress.printf(Locale.ROOT, "resumed from %s after iteration %d%s%n", resumeFile, s.iteration(),
            stopped ? " (its stop rule was met)" : "");
      }
    }
    List<String> names = List.of();
    BatchLoop.Limits limits = limits();
    try (GradientEstimator estimator = estimator(obj, config)) {
      DataTerms terms = DataTerms.of(obj, estimator.team(), config.discount(), seed);
      if (terms != null) {
        names = List.of(terms.names());
      }
      if (progress != null) {
        progress.printf(Locale.ROOT, "%5s %12s %14s %12s %10s %12s %8s", "iter", "env steps", "mean cost", "|grad|",
            "seconds", "steps/s", "eta");
        for (String name : names) {
          progress.printf(Locale.ROOT, " %14s", name);
        }
        progress.println();
      }
      String exhausted = first > 1 && first <= iterations && !stopped
          ? limits.exhausted(steps, (System.nanoTime() - start) * 1e-9) : null;
      if (exhausted != null && progress != null) {
        progress.printf(Locale.ROOT, "%s before iteration %d%n", exhausted, first);
      }
      evaluationStepsCounted = 0;
      lastProgress = Double.NEGATIVE_INFINITY;
      metrics = metricsFile == null ? null : new Metrics(metricsFile, curve, names);
      for (int k = first; k <= iterations && !stopped && exhausted == null; k++) {
        double[] values = new double[names.size()];
        Estimate e = step(estimator, terms, obj.rolloutWeight(), theta, k - 1, v, averageCost, values);
        if (setting == Setting.AVERAGE && obj.rolloutWeight() > 0) {
          averageCost = e.meanCost();
        }
        double[] g = e.gradient();
        String where = probe.modelName() + ", iteration " + k + " (" + e.blowups() + " of " + batch
            + " rollouts blew up)";
        if (prior != null) {
          prior.addGradient(theta, g);
          Numerics.checkParamVector(probe, where, "the gradient with the prior's added", g, theta);
        }
        double norm = 0;
        for (double d : g) {
          norm += d * d;
        }
        norm = Math.sqrt(norm);
        Numerics.checkScalar(where, "the gradient norm (its entries are finite: their squares overflowed)", norm, theta);
        if (norm > clipNorm) {
          for (int i = 0; i < g.length; i++) {
            g[i] *= clipNorm / norm;
          }
        }
        double[] before = theta.clone();
        stepRule.step(theta, g, k);
        project(theta);
        int bad = Numerics.firstNonFinite(theta);
        if (bad >= 0) {
          String entry = Numerics.paramEntry(probe, theta, bad);
          System.arraycopy(before, 0, theta, 0, theta.length);
          throw new NumericalException(where + ": the " + stepRule + " step made θ non-finite (" + entry
              + "); θ is restored to its value before the step. " + NumericalException.ADVICE, before);
        }
        steps += e.envSteps();
        blowups += e.blowups();
        // The stop rule runs before the iteration's record, so that its evaluation episodes are counted.
        boolean met = stopRule != null && stopRule.done(theta, k);
        if (stopRule != null) {
          steps += stopRule.evaluationSteps() - evaluationStepsCounted;
          evaluationStepsCounted = stopRule.evaluationSteps();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        IterationRecord record = IterationRecord.of(k, steps, e, norm, seconds, values);
        curve.add(record);
        if (listener != null) {
          listener.iteration(k, theta.clone(), record);
        }
        if (metrics != null) {
          metrics.write(k, record, names);
        }
        if (progress != null && (k <= first + 9 || k == iterations || met || seconds - lastProgress >= 1.0)) {
          lastProgress = seconds;
          progress.printf(Locale.ROOT, "%5d %12d %14.6g %12.4g %10.3f %12.0f %8s", k, steps, e.meanCost(), norm, seconds,
              steps / Math.max(seconds, 1e-9), eta(seconds, k - first + 1, iterations - k, steps));
          for (double value : values) {
            progress.printf(Locale.ROOT, " %14.6g", value);
          }
          progress.printf(Locale.ROOT, "%s%n", e.blowups() > 0 ? "  (" + e.blowups() + " blown up)" : "");
        }
        if (met) {
          if (progress != null) {
            progress.printf(Locale.ROOT, "stop rule met after iteration %d (its evaluation episodes are counted in"
                + " the env steps)%n", k);
          }
          stopped = true;
        }
        exhausted = stopped || k == iterations ? null : limits.exhausted(steps, (System.nanoTime() - start) * 1e-9);
        if (exhausted != null && progress != null) {
          progress.printf(Locale.ROOT, "%s after iteration %d%n", exhausted, k);
        }
        if (checkpointFile != null && (k % checkpointEvery == 0 || k == iterations || stopped || exhausted != null)) {
          RunCheckpoint.write(checkpointFile, "DsoOptimizer", probe, configuration,
              new RunCheckpoint.State(k, theta, steps, blowups, (System.nanoTime() - start) * 1e-9, averageCost,
                  stopped, curve), "stepRule", (Checkpointable) stepRule, (Checkpointable) v, stopRule);
        }
      }
    }
    return writeCurve(new Result(theta, List.copyOf(curve), steps, (System.nanoTime() - start) * 1e-9, blowups, names));
  }

  private Result writeCurve(Result result) {
    if (curveFile != null) {
      try {
        result.writeCsv(curveFile);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("could not write the learning curve to " + curveFile, e);
      }
    }
    return result;
  }

  private BatchLoop.Limits limits() {
    return new BatchLoop.Limits(stopRule, maxEnvSteps, maxSeconds, engine, lockstep);
  }

  /** The chosen method's name, for messages. */
  private String methodName() {
    if (method instanceof ProximalChainOptimization.Settings) {
      return "PCO (pco)";
    }
    if (method instanceof NaturalGradient.Settings) {
      return "the natural gradient (naturalGradient)";
    }
    return "Chain Iteration (chainIteration)";
  }

  /** Refuses the options of SGD/Adam that the chosen batch method has no use for. */
  private void refuseFirstOrderOptions() {
    String name = methodName();
    if (stepRuleSet) {
      String inner = method instanceof ProximalChainOptimization.Settings
          ? "; PCO's rule on α is its settings' inner rule: pco(ProximalChainOptimization.Settings.defaults()"
              + ".withInner(" + stepRule + "))"
          : "; its step size is set by its settings";
      throw new IllegalArgumentException(name + " does not take a step rule, but stepRule/adam/sgd set " + stepRule
          + inner + ". Remove the stepRule/adam/sgd call, or drop the method choice for SGD/Adam");
    }
    if (prior != null) {
      throw new IllegalArgumentException(name + " does not support a prior (prior(...) is applied by SGD/Adam only);"
          + " remove the prior, or drop the method choice for SGD/Adam");
    }
    if (clipNorm != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " does not clip gradients (clipGradientNorm(" + clipNorm + ") is for"
          + " SGD/Adam only); remove the clipGradientNorm call, or drop the method choice for SGD/Adam");
    }
  }

  /** PCO, natural gradient or Chain Iteration with this builder's options (their classes, run as such). */
  private Result runBatchMethod() {
    refuseFirstOrderOptions();
    EstimatorConfig config = config();
    double[] theta0 = initialTheta != null ? initialTheta.clone() : initial();
    ValueBaseline v = baselineOrDefault();
    if (progress != null) {
      progress.printf(Locale.ROOT, "%s: %d parameters, %s, γ = %s, horizon %d, batch %d, %d thread(s), %s, baseline %s%n",
          probe.modelName(), theta0.length, setting, discount, horizon, batch, threads,
          methodName().replaceFirst(" \\(.*", "") + " " + method.toString().replaceFirst("^Settings", ""), v);
      progress.printf(Locale.ROOT, "%5s %12s %14s %12s %10s%n", "iter", "env steps", "mean cost", "|grad|", "seconds");
    }
    BatchLoop.Limits limits = limits();
    IterationListener listener = this.listener;
    if (metricsFile != null) {
      List<String> blockNames = objective.blocks().stream().map(CompositeObjective.Block::name).toList();
      Metrics m = new Metrics(metricsFile, List.of(), blockNames);
      IterationListener user = listener;
      listener = (k, theta, record) -> {
        m.write(k, record, blockNames);
        if (user != null) {
          user.iteration(k, theta, record);
        }
      };
    }
    if (method instanceof ProximalChainOptimization.Settings s) {
      ProximalChainOptimization m = new ProximalChainOptimization(factory, config, s.clip(), s.epochs(), s.minibatches(),
          s.targetKl(), s.inner(), v, progress).objective(objective).onIteration(listener)
          .checkpoint(checkpointFile, checkpointEvery).bounds(lower, upper).limits(limits);
      return resume(m::resume, m::resumeIfPresent).run(theta0, iterations);
    }
    if (method instanceof NaturalGradient.Settings s) {
      NaturalGradient m = new NaturalGradient(factory, config, s.klStep(), s.damping(), s.cgIterations(), v, lower, upper,
          progress).objective(objective).onIteration(listener).checkpoint(checkpointFile, checkpointEvery).limits(limits);
      return resume(m::resume, m::resumeIfPresent).run(theta0, iterations);
    }
    ChainIteration.Settings s = (ChainIteration.Settings) method;
    ChainIteration m = new ChainIteration(factory, config, s.kappa(), s.radius(), s.newtonSteps(), s.cgIterations(), v,
        lower, upper, progress).radiusGrowth(s.radiusGrowth()).objective(objective).onIteration(listener)
        .checkpoint(checkpointFile, checkpointEvery).limits(limits);
    return resume(m::resume, m::resumeIfPresent).run(theta0, iterations);
  }

  private <T> T resume(java.util.function.Function<java.nio.file.Path, T> always,
      java.util.function.Function<java.nio.file.Path, T> ifPresent) {
    return resumeIfPresent ? ifPresent.apply(resumeFile) : always.apply(resumeFile);
  }

  private void checkCheckpointable(ValueBaseline v) {
    if (!(stepRule instanceof Checkpointable)) {
      throw new IllegalArgumentException("the step rule " + stepRule + " (" + stepRule.getClass().getName()
          + ") does not implement Checkpointable, so a checkpoint could not save its state; implement it, or use"
          + " StepRule.sgd/adam");
    }
    if (!(v instanceof Checkpointable)) {
      throw new IllegalArgumentException("the baseline " + v + " (" + v.getClass().getName() + ") does not implement"
          + " Checkpointable, so a checkpoint could not save its fit; implement it, or use LinearBaseline, MlpBaseline"
          + " or ValueBaseline.none()");
    }
  }

  /** What a checkpoint must agree with to be resumed (everything that changes the run's numbers). */
  private java.util.Map<String, String> configuration(CompositeObjective obj, EstimatorConfig config, double[] theta0,
      ValueBaseline v) {
    java.util.Map<String, String> c = RunCheckpoint.configuration(config, obj, probe, v, theta0);
    c.put("stepRule", stepRule.toString());
    c.put("prior", RunCheckpoint.describe(prior));
    c.put("clipGradientNorm", Double.toString(clipNorm));
    c.put("bounds", RunCheckpoint.bounds(lower, upper));
    return c;
  }

  private double[] initial() {
    double[] theta = new double[probe.paramCount()];
    probe.initialParams(seed, theta);
    return theta;
  }

  private void project(double[] theta) {
    BatchLoop.project(theta, lower, upper);
  }

  /** θ's entries by name, for printing. */
  public String describe(double[] theta) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(theta.length, 12); i++) {
      b.append(i == 0 ? "" : ", ").append(probe.paramName(i)).append(" = ").append(String.format(Locale.ROOT, "%.4g", theta[i]));
    }
    if (theta.length > 12) {
      b.append(", … (").append(theta.length).append(" entries)");
    }
    return b.toString();
  }

}
