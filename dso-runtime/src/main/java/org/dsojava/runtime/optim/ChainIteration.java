package org.dsojava.runtime.optim;

import java.io.PrintStream;

/**
 * DSO Chain Iteration (eq. 63): at each θ_k, α* = argmin_α S̃(θ_k, α) by trust-region truncated
 * Newton, with Hessian–vector products of the sample surrogate (eq. 76) inside Steihaug–Toint CG; then
 * θ_{k+1} = θ_k + κα* (κ = 1: the full step; κ &lt; 1: the damped, conservative step). Numerical trouble
 * (an indefinite Hessian, a CG that does not converge, a step the surrogate rejects) falls back safely
 * and is reported on the progress stream with its reason.
 */
public final class ChainIteration {
  private final KernelFactory factory;
  private final EstimatorConfig config;
  private final double kappa;
  private final double radius;
  private final int newtonSteps;
  private final int cgIterations;
  private final ValueBaseline baseline;
  private final PrintStream progress;
  private final double[] lower;
  private final double[] upper;
  private IterationListener listener;
  private CompositeObjective objective = new CompositeObjective();
  private final CheckpointSettings checkpoints = new CheckpointSettings();
  private double radiusGrowth;
  private BatchLoop.Limits limits = BatchLoop.Limits.NONE;

  /**
   * Chain Iteration's own settings (section 4.2, eq. 63; the surrogate's Hessian–vector products of
   * eq. 76), for {@link DsoOptimizer#chainIteration(Settings)}; immutable, each {@code with…} method
   * returns a copy with one setting changed. Bad values fail here, with the message the constructor or
   * {@link ChainIteration#radiusGrowth} gives.
   *
   * @param kappa step fraction κ ∈ (0, 1] (1: the full step θ + α*)
   * @param radius trust-region radius Δ &gt; 0 on each Newton step in α
   * @param newtonSteps Newton steps on S̃ per iteration (at least 1)
   * @param cgIterations CG iterations per Newton step (at least 1)
   * @param radiusGrowth c ≥ 0: Δ_k = Δ + c‖θ_k‖ (0: a fixed trust region; see {@link ChainIteration#radiusGrowth})
   */
  public record Settings(double kappa, double radius, int newtonSteps, int cgIterations, double radiusGrowth) {
    public Settings {
      check(kappa, radius, newtonSteps, cgIterations);
      checkGrowth(radiusGrowth);
    }

    /** κ = 1, Δ = 0.5, 2 Newton steps of at most 30 CG iterations, a fixed trust region. */
    public static Settings defaults() {
      return new Settings(1.0, 0.5, 2, 30, 0);
    }

    public Settings withKappa(double k) {
      return new Settings(k, radius, newtonSteps, cgIterations, radiusGrowth);
    }

    public Settings withRadius(double delta) {
      return new Settings(kappa, delta, newtonSteps, cgIterations, radiusGrowth);
    }

    public Settings withNewtonSteps(int n) {
      return new Settings(kappa, radius, n, cgIterations, radiusGrowth);
    }

    public Settings withCgIterations(int n) {
      return new Settings(kappa, radius, newtonSteps, n, radiusGrowth);
    }

    public Settings withRadiusGrowth(double c) {
      return new Settings(kappa, radius, newtonSteps, cgIterations, c);
    }
  }

  private static void check(double kappa, double radius, int newtonSteps, int cgIterations) {
    if (!(kappa > 0 && kappa <= 1)) {
      throw new IllegalArgumentException("κ = " + kappa + " is outside (0, 1]; κ = 1 is the full Chain Iteration step,"
          + " smaller values damp it");
    }
    if (!(radius > 0)) {
      throw new IllegalArgumentException("trust-region radius Δ = " + radius + " must be positive");
    }
    if (newtonSteps < 1 || cgIterations < 1) {
      throw new IllegalArgumentException("newtonSteps and cgIterations must be at least 1, got " + newtonSteps + ", "
          + cgIterations);
    }
  }

  private static void checkGrowth(double c) {
    if (!(c >= 0)) {
      throw new IllegalArgumentException("radius growth c = " + c + " must be >= 0 (0: a fixed trust region)");
    }
  }

  /**
   * The low-level API: most programs choose Chain Iteration with
   * {@code MyModelDso.optimizer().chainIteration(settings)} (see {@link DsoOptimizer#chainIteration(Settings)}),
   * which adds stop rules, budgets and a learning-curve file and runs exactly this (same seed and θ₀:
   * the same θ, bit for bit).
   *
   * @param kappa step fraction κ ∈ (0, 1]
   * @param radius trust-region radius Δ on each Newton step in α
   * @param newtonSteps Newton steps on S̃ per iteration (the surrogate is not quadratic in α)
   * @param cgIterations CG iterations per Newton step
   */
  public ChainIteration(KernelFactory factory, EstimatorConfig config, double kappa, double radius, int newtonSteps,
      int cgIterations, ValueBaseline baseline, double[] lower, double[] upper, PrintStream progress) {
    BatchLoop.checkArguments(factory, config, baseline);
    Numerics.checkBounds(lower, upper);
    check(kappa, radius, newtonSteps, cgIterations);
    this.factory = factory;
    this.config = config;
    this.kappa = kappa;
    this.radius = radius;
    this.newtonSteps = newtonSteps;
    this.cgIterations = cgIterations;
    this.baseline = baseline;
    this.lower = lower == null ? null : lower.clone();
    this.upper = upper == null ? null : upper.clone();
    this.progress = progress;
  }

  /**
   * The objective: w_R·J + Σ_k w_k L_k over a recorded data set (section 5; default J alone). The
   * Newton steps then minimize w_R·S̃(θ, α) + Σ_k w_k L_k(θ + α): its gradient adds the blocks' gradients,
   * its Hessian–vector products their {@code dataCostHvp}, and a step is accepted when this total
   * decreases.
   * A pure data objective (rollouts(0)) is refused: use {@link DsoOptimizer}.
   */
  public ChainIteration objective(CompositeObjective o) {
    this.objective = Numerics.nonNull(o, "objective is null; pass new CompositeObjective() for J alone").copy();
    return this;
  }

  /** A stop rule and budgets (for {@link DsoOptimizer}). */
  ChainIteration limits(BatchLoop.Limits l) {
    this.limits = l;
    return this;
  }

  /** Calls {@code l} after every iteration with the new θ. */
  public ChainIteration onIteration(IterationListener l) {
    this.listener = l;
    return this;
  }

  /**
   * Grows the trust region of each Newton step on S̃(θ_k, α) (eqs. 63, 66, 76) with θ: Δ_k = Δ + c‖θ_k‖
   * (default c = 0, a fixed Δ). For a policy whose action depends on θ only through a logit that is
   * linear in θ, a fixed Δ turns θ's direction by less and less as ‖θ‖ grows; c &gt; 0 keeps the
   * relative step from shrinking.
   */
  public ChainIteration radiusGrowth(double c) {
    checkGrowth(c);
    this.radiusGrowth = c;
    return this;
  }

  /**
   * Writes a checkpoint to {@code file} after every {@code everyIterations} iterations and after the
   * last one (atomically; see {@link DsoOptimizer#checkpoint}): θ, the baseline's fit, the method's own
   * state, the counters, Ĵ and the learning curve. Null: none (the default).
   */
  public ChainIteration checkpoint(java.nio.file.Path file, int everyIterations) {
    checkpoints.checkpoint(file, everyIterations);
    return this;
  }

  /**
   * {@link #run} continues the run saved in {@code file} bit for bit (see {@link DsoOptimizer#resume});
   * a checkpoint of another model, library version or configuration, or a truncated or corrupt file, is
   * refused with a {@link CheckpointException} naming what differs. Null: start anew.
   */
  public ChainIteration resume(java.nio.file.Path file) {
    checkpoints.resume(file, false);
    return this;
  }

  /** {@link #resume} if {@code file} exists, else start anew. */
  public ChainIteration resumeIfPresent(java.nio.file.Path file) {
    checkpoints.resume(file, true);
    return this;
  }

  /** Runs {@code iterations} Chain Iteration steps from {@code theta0}. */
  public Result run(double[] theta0, int iterations) {
    Numerics.theta0(theta0);
    Numerics.checkBoundsLength(factory.create(), lower);
    int p = theta0.length;
    java.util.Map<String, String> methodConfig = new java.util.LinkedHashMap<>();
    methodConfig.put("kappa", Double.toString(kappa));
    methodConfig.put("radius", Double.toString(radius));
    methodConfig.put("radiusGrowth", Double.toString(radiusGrowth));
    methodConfig.put("newtonSteps", Integer.toString(newtonSteps));
    methodConfig.put("cgIterations", Integer.toString(cgIterations));
    methodConfig.put("bounds", RunCheckpoint.bounds(lower, upper));
    return BatchLoop.run(factory, config, objective, "ChainIteration", baseline, theta0, iterations, progress, listener,
        (k, batch, theta, team, composite) -> {
      if (batch.rollouts().isEmpty()) {
        return "";
      }
      Surrogate s = new Surrogate(batch, team, Double.POSITIVE_INFINITY);
      double[] alpha = new double[p];
      double[] g = new double[p];
      double[] trial = new double[p];
      double delta = radius + radiusGrowth * Math.sqrt(TrustRegionCg.dot(theta, theta));
      for (int j = 0; j < newtonSteps; j++) {
        composite.gradient(s, theta, alpha, g);
        double[] at = alpha.clone();
        TrustRegionCg.Solution sol = TrustRegionCg.solve((v, out) -> composite.hessianVector(s, theta, at, v, out), g, delta,
            cgIterations, 1e-6);
        if (sol.outcome() == TrustRegionCg.Outcome.NEGATIVE_CURVATURE
            || sol.outcome() == TrustRegionCg.Outcome.MAX_ITERATIONS) {
          BatchLoop.log(progress, k, sol.outcome().reason());
        }
        for (int i = 0; i < p; i++) {
          trial[i] = alpha[i] + sol.step()[i];
        }
        double before = composite.value(s, theta, alpha);
        Numerics.checkScalar(team.kernel(0).modelName(), "the surrogate S̃ at the accepted α (Newton step " + (j + 1) + ")", before, theta);
        double after = composite.value(s, theta, trial); // a non-finite trial is rejected below, like any step that does not decrease S̃
        if (!(after < before) || !Double.isFinite(after)) {
          BatchLoop.log(progress, k, "the Newton step did not decrease S̃ (" + before + " → " + after
              + "); keeping α and stopping the inner loop");
          break;
        }
        System.arraycopy(trial, 0, alpha, 0, p);
        if (sol.outcome() == TrustRegionCg.Outcome.CONVERGED && sol.modelDecrease() < 1e-12 * Math.abs(before)) {
          break;
        }
      }
      BatchLoop.step(theta, kappa, alpha, lower, upper);
      return "";
    }, checkpoints, methodConfig, null, limits);
  }
}
