package org.dsojava.runtime.optim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;

/**
 * The outer loop of the methods that work on recorded batches (PCO, Chain Iteration, natural
 * gradient): draw batch k at θ, let the method update θ, then record, report and notify. The
 * average-cost estimate Ĵ of each batch feeds the next, as in {@link DsoOptimizer}.
 *
 * <p>With a {@link CompositeObjective} the kernels are bound to its data set, rollouts may be tied to
 * trajectories (eq. 99), and each iteration's {@link Composite} (minibatches drawn for the iteration)
 * gives the method w_R·S̃ + Σ_k w_k L_k; the recorded gradient norm is that of the composite gradient
 * w_R ∇̃J + Σ_k w_k ∇L_k at θ, and the records carry the blocks' values.
 */
final class BatchLoop {
  /**
   * One method's update of θ (in place) from a batch drawn at θ, with the estimator's threads and
   * kernels for its passes over the batch; returns extra progress text or "".
   */
  interface Step {
    String apply(int k, Batch batch, double[] theta, Team team, Composite objective);
  }

  private BatchLoop() {}

  static Result run(KernelFactory factory, EstimatorConfig config, CompositeObjective objective, String method,
      ValueBaseline baseline, double[] theta0, int iterations, PrintStream progress, IterationListener listener,
      Step step) {
    return run(factory, config, objective, method, baseline, theta0, iterations, progress, listener, step, null,
        Map.of(), null);
  }

  /**
   * With checkpoints and resume ({@code checkpoints} null: neither): {@code methodConfig} is what a
   * checkpoint of this method must agree with besides the shared configuration, {@code methodState} the
   * method's own state across iterations (null: none).
   */
  static Result run(KernelFactory factory, EstimatorConfig config, CompositeObjective objective, String method,
      ValueBaseline baseline, double[] theta0, int iterations, PrintStream progress, IterationListener listener,
      Step step, CheckpointSettings checkpoints, Map<String, String> methodConfig, Checkpointable methodState) {
    return run(factory, config, objective, method, baseline, theta0, iterations, progress, listener, step, checkpoints,
        methodConfig, methodState, Limits.NONE);
  }

  /**
   * When a run ends before {@code iterations}: a stop rule checked after every iteration (a stopped run
   * is not continued on resume) and budgets of env steps and wall-clock seconds checked between iterations;
   * and where the batches' rollouts run ({@code engine}, null: on this JVM's threads, {@code lockstep} lanes
   * per thread, 0: one rollout at a time; see {@link GradientEstimator}).
   */
  record Limits(StopRule stopRule, long maxEnvSteps, double maxSeconds, RolloutEngine engine, int lockstep) {
    static final Limits NONE = new Limits(null, Long.MAX_VALUE, Double.POSITIVE_INFINITY, null, 0);

    /** Why the budget is used up after {@code steps} env steps and {@code seconds}, or null. */
    String exhausted(long steps, double seconds) {
      if (steps >= maxEnvSteps) {
        return "env-step budget of " + maxEnvSteps + " reached (" + steps + " env steps)";
      }
      if (seconds >= maxSeconds) {
        return String.format(Locale.ROOT, "time budget of %s s reached (%.3f s)", maxSeconds, seconds);
      }
      return null;
    }
  }

  /** With {@code limits} (a stop rule, budgets) besides checkpoints. */
  static Result run(KernelFactory factory, EstimatorConfig config, CompositeObjective objective, String method,
      ValueBaseline baseline, double[] theta0, int iterations, PrintStream progress, IterationListener listener,
      Step step, CheckpointSettings checkpoints, Map<String, String> methodConfig, Checkpointable methodState,
      Limits limits) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations = " + iterations + " is negative; pass 0 or more");
    }
    Numerics.theta0(theta0);
    CompositeObjective obj = objective.copy();
    ChainKernel probe = Numerics.nonNull(factory.create(), "the kernel factory returned null; it must return a new kernel");
    obj.validate(probe);
    if (obj.rolloutWeight() == 0) {
      throw new IllegalArgumentException(method + " works on batches of rollouts, but the objective has rollouts(0);"
          + " use DsoOptimizer for a pure data objective");
    }
    List<String> names = List.of();
    double[] theta = theta0.clone();
    List<IterationRecord> curve = new ArrayList<>();
    long steps = 0;
    int blowups = 0;
    double averageCost = 0;
    long start = System.nanoTime();
    int first = 1;
    boolean stopped = false;
    StopRule stopRule = limits.stopRule();
    Map<String, String> configuration = null;
    Checkpointable state = methodState != null ? methodState : new Stateless(method);
    if (checkpoints != null && checkpoints.active()) {
      if (!(baseline instanceof Checkpointable)) {
        throw new IllegalArgumentException("the baseline " + baseline + " (" + baseline.getClass().getName() + ") does"
            + " not implement Checkpointable, so a checkpoint could not save its fit; implement it, or use"
            + " LinearBaseline, MlpBaseline or ValueBaseline.none()");
      }
      configuration = RunCheckpoint.configuration(config, obj, probe, baseline, theta0);
      configuration.putAll(methodConfig);
      if (checkpoints.resuming()) {
        RunCheckpoint.State s = RunCheckpoint.read(checkpoints.resume, method, probe, configuration, "method", state,
            (Checkpointable) baseline, stopRule);
        if (s.iteration() > iterations) {
          throw new IllegalArgumentException(checkpoints.resume + " is a checkpoint after iteration " + s.iteration()
              + ", beyond the " + iterations + " iterations asked for; ask for at least " + s.iteration());
        }
        theta = s.theta();
        curve.addAll(s.curve());
        steps = s.envSteps();
        blowups = s.blowups();
        averageCost = s.averageCost();
        first = s.iteration() + 1;
        stopped = s.stopped();
        start -= (long) (s.seconds() * 1e9);
        if (progress != null) {
          progress.printf(Locale.ROOT, "resumed from %s after iteration %d%s%n", checkpoints.resume, s.iteration(),
              stopped ? " (its stop rule was met)" : "");
        }
      }
    }
    try (GradientEstimator estimator = new GradientEstimator(obj.bound(factory), config,
        obj.tiesRollouts(probe) ? obj.data() : null, limits.engine(), limits.lockstep())) {
      ChainKernel kernel = estimator.team().kernel(0);
      DataTerms terms = DataTerms.of(obj, estimator.team(), config.discount(), config.seed());
      if (terms != null) {
        names = List.of(terms.names());
      }
      Composite composite = new Composite(obj.rolloutWeight(), terms, theta.length);
      Numerics.checkTheta(kernel, "θ₀", theta);
      double[] before = new double[theta.length];
      String exhausted = first > 1 && first <= iterations && !stopped
          ? limits.exhausted(steps, (System.nanoTime() - start) * 1e-9) : null;
      if (exhausted != null && progress != null) {
        progress.printf(Locale.ROOT, "%s before iteration %d%n", exhausted, first);
      }
      long evaluationStepsCounted = 0;
      for (int k = first; k <= iterations && !stopped && exhausted == null; k++) {
        // Fails with a NumericalException if most rollouts blew up or the mean is not finite.
        Batch batch = estimator.sample(theta, k - 1, baseline, averageCost);
        Estimate e = batch.estimate();
        if (config.setting() == Setting.AVERAGE) {
          averageCost = e.meanCost();
        }
        steps += e.envSteps();
        blowups += e.blowups();
        composite.begin(k - 1, theta, e.gradient());
        double norm = Math.sqrt(TrustRegionCg.dot(composite.gradient, composite.gradient));
        System.arraycopy(theta, 0, before, 0, theta.length);
        String where = kernel.modelName() + ", iteration " + k + " (" + e.blowups() + " of " + config.batch()
            + " rollouts blew up)";
        String extra;
        try {
          extra = step.apply(k, batch, theta, estimator.team(), composite);
        } catch (NumericalException ex) {
          // The method's passes name the model; say which iteration too, and keep θ as it was.
          System.arraycopy(before, 0, theta, 0, theta.length);
          String m = ex.getMessage();
          String prefix = kernel.modelName() + ": ";
          throw new NumericalException(m.startsWith(prefix) ? where + ": " + m.substring(prefix.length())
              : where + ": " + m, before);
        }
        int bad = Numerics.firstNonFinite(theta);
        if (bad >= 0) {
          String entry = Numerics.paramEntry(kernel, theta, bad);
          System.arraycopy(before, 0, theta, 0, theta.length);
          throw new NumericalException(where + ": the update made θ non-finite (" + entry + "); θ is restored to"
              + " its value before the update. " + NumericalException.ADVICE, before);
        }
        // The stop rule runs before the iteration's record, so that its evaluation episodes are counted.
        boolean met = stopRule != null && stopRule.done(theta, k);
        if (stopRule != null) {
          steps += stopRule.evaluationSteps() - evaluationStepsCounted;
          evaluationStepsCounted = stopRule.evaluationSteps();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        IterationRecord record = IterationRecord.of(k, steps, e, norm, seconds, composite.values);
        curve.add(record);
        if (progress != null) {
          progress.printf(Locale.ROOT, "%5d %12d %14.6g %12.4g %10.3f%s%n", k, steps, e.meanCost(), norm, seconds, extra);
        }
        if (listener != null) {
          listener.iteration(k, theta.clone(), record);
        }
        if (met) {
          if (progress != null) {
            progress.printf(Locale.ROOT, "stop rule met after iteration %d%n", k);
          }
          stopped = true;
        }
        exhausted = stopped || k == iterations ? null : limits.exhausted(steps, (System.nanoTime() - start) * 1e-9);
        if (exhausted != null && progress != null) {
          progress.printf(Locale.ROOT, "%s after iteration %d%n", exhausted, k);
        }
        if (checkpoints != null && (checkpoints.due(k, iterations)
            || checkpoints.file != null && (stopped || exhausted != null))) {
          RunCheckpoint.write(checkpoints.file, method, probe, configuration, new RunCheckpoint.State(k, theta, steps,
              blowups, (System.nanoTime() - start) * 1e-9, averageCost, stopped, curve), "method", state,
              (Checkpointable) baseline, stopRule);
        }
      }
    }
    return new Result(theta, List.copyOf(curve), steps, (System.nanoTime() - start) * 1e-9, blowups, names);
  }

  /** The state of a method that keeps none across iterations (Chain Iteration, natural gradient). */
  private record Stateless(String method) implements Checkpointable {
    @Override
    public void saveState(SavedState out) {
      out.putString("kind", method + " (no state across iterations)");
    }

    @Override
    public void restoreState(SavedState in) {
      Checkpointable.expect(in, "kind", "method", method + " (no state across iterations)");
    }
  }

  /** Checks the arguments every batch method's constructor takes. */
  static void checkArguments(KernelFactory factory, EstimatorConfig config, ValueBaseline baseline) {
    Numerics.factory(factory);
    Numerics.nonNull(config, "config is null; pass an EstimatorConfig, e.g. DsoOptimizer.of(factory).batch(n).config()");
    Numerics.nonNull(baseline, "baseline is null; pass ValueBaseline.none() for no baseline, or e.g."
        + " new LinearBaseline(Features.quadratic(stateDim, 0), 1e-6)");
  }

  /** Reports why an iteration fell back (numerical trouble), on the progress stream if any. */
  static void log(PrintStream progress, int k, String reason) {
    if (progress != null) {
      progress.printf(Locale.ROOT, "      iteration %d: %s%n", k, reason);
    }
  }

  /** θ += scale·d, projected onto [lower, upper] when bounds are given. */
  static void step(double[] theta, double scale, double[] d, double[] lower, double[] upper) {
    for (int i = 0; i < theta.length; i++) {
      theta[i] += scale * d[i];
    }
    project(theta, lower, upper);
  }

  /** Projects θ onto the box [lower, upper]; no-op without bounds. */
  static void project(double[] theta, double[] lower, double[] upper) {
    if (lower == null) {
      return;
    }
    for (int i = 0; i < theta.length; i++) {
      theta[i] = Math.min(upper[i], Math.max(lower[i], theta[i]));
    }
  }
}
