package org.dsojava.runtime.optim;

import java.io.PrintStream;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;

/**
 * Natural gradient descent with the chain Fisher of eq. 72 (section 4.4): the direction d solves
 * (F̃ + λI) d = ∇̃J by conjugate gradients on matrix-free Fisher–vector products, and the step is
 * scaled so the quadratic KL estimate ½ dᵀF̃d equals the trust-region size δ (as in natural policy
 * gradient). With a {@code @Bottleneck} whose sites provide Fisher information, F̃v uses the bottleneck
 * form of eq. 73 (eq. 74 for Gaussian sites), which averages over x' exactly. A CG that does not
 * converge uses its last iterate, with the reason logged.
 */
public final class NaturalGradient {
  private final KernelFactory factory;
  private final EstimatorConfig config;
  private final double klStep;
  private final double damping;
  private final int cgIterations;
  private final ValueBaseline baseline;
  private final PrintStream progress;
  private final double[] lower;
  private final double[] upper;
  private IterationListener listener;
  private CompositeObjective objective = new CompositeObjective();
  private final CheckpointSettings checkpoints = new CheckpointSettings();
  private BatchLoop.Limits limits = BatchLoop.Limits.NONE;

  /**
   * The natural gradient's own settings (section 4.4, the chain Fisher of eq. 72, its bottleneck form
   * eq. 73), for {@link DsoOptimizer#naturalGradient(Settings)}; immutable, each {@code with…} method
   * returns a copy with one setting changed. Bad values fail here, with the message the constructor gives.
   *
   * @param klStep δ &gt; 0: each step is scaled so ½ dᵀF̃d = δ (about this much KL between the chains)
   * @param damping λ ≥ 0 added to F̃ (keeps CG well posed where F̃ is singular)
   * @param cgIterations CG iterations on (F̃ + λI) d = ∇̃J per iteration (at least 1)
   */
  public record Settings(double klStep, double damping, int cgIterations) {
    public Settings {
      check(klStep, damping, cgIterations);
    }

    /** δ = 0.01, λ = 1e-3, 20 CG iterations. */
    public static Settings defaults() {
      return new Settings(0.01, 1e-3, 20);
    }

    public Settings withKlStep(double delta) {
      return new Settings(delta, damping, cgIterations);
    }

    public Settings withDamping(double lambda) {
      return new Settings(klStep, lambda, cgIterations);
    }

    public Settings withCgIterations(int n) {
      return new Settings(klStep, damping, n);
    }
  }

  private static void check(double klStep, double damping, int cgIterations) {
    if (!(klStep > 0)) {
      throw new IllegalArgumentException("KL step δ = " + klStep + " must be positive");
    }
    if (!(damping >= 0)) {
      throw new IllegalArgumentException("damping λ = " + damping + " must be >= 0");
    }
    if (cgIterations < 1) {
      throw new IllegalArgumentException("cgIterations = " + cgIterations + " must be at least 1");
    }
  }

  /**
   * The low-level API: most programs choose the natural gradient with
   * {@code MyModelDso.optimizer().naturalGradient(settings)} (see {@link DsoOptimizer#naturalGradient(Settings)}),
   * which adds stop rules, budgets and a learning-curve file and runs exactly this (same seed and θ₀:
   * the same θ, bit for bit).
   *
   * @param klStep δ: each step moves the chain by about this much KL
   * @param damping λ ≥ 0 added to F̃ (keeps CG well posed where F̃ is singular)
   */
  public NaturalGradient(KernelFactory factory, EstimatorConfig config, double klStep, double damping, int cgIterations,
      ValueBaseline baseline, double[] lower, double[] upper, PrintStream progress) {
    BatchLoop.checkArguments(factory, config, baseline);
    Numerics.checkBounds(lower, upper);
    check(klStep, damping, cgIterations);
    this.factory = factory;
    this.config = config;
    this.klStep = klStep;
    this.damping = damping;
    this.cgIterations = cgIterations;
    this.baseline = baseline;
    this.lower = lower == null ? null : lower.clone();
    this.upper = upper == null ? null : upper.clone();
    this.progress = progress;
  }

  /**
   * Whether to use the bottleneck form (eq. 73): when the kernel is a {@link BottleneckKernel} (the model
   * declares a bottleneck) whose noise sites provide their Fisher information ({@code bottleneckFisher}
   * does not throw).
   */
  private static boolean useBottleneck(ChainKernel kernel) {
    if (!(kernel instanceof BottleneckKernel k) || k.bottleneckDim() == 0) {
      return false;
    }
    try {
      k.bottleneckFisher(new double[k.bottleneckDim()], new double[k.stateDim()], 0, 0, new double[k.drawCount()],
          new double[k.bottleneckDim() * k.bottleneckDim()]);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Writes a checkpoint to {@code file} after every {@code everyIterations} iterations and after the
   * last one (atomically; see {@link DsoOptimizer#checkpoint}): θ, the baseline's fit, the method's own
   * state, the counters, Ĵ and the learning curve. Null: none (the default).
   */
  public NaturalGradient checkpoint(java.nio.file.Path file, int everyIterations) {
    checkpoints.checkpoint(file, everyIterations);
    return this;
  }

  /**
   * {@link #run} continues the run saved in {@code file} bit for bit (see {@link DsoOptimizer#resume});
   * a checkpoint of another model, library version or configuration, or a truncated or corrupt file, is
   * refused with a {@link CheckpointException} naming what differs. Null: start anew.
   */
  public NaturalGradient resume(java.nio.file.Path file) {
    checkpoints.resume(file, false);
    return this;
  }

  /** {@link #resume} if {@code file} exists, else start anew. */
  public NaturalGradient resumeIfPresent(java.nio.file.Path file) {
    checkpoints.resume(file, true);
    return this;
  }

  /**
   * The objective: w_R·J + Σ_k w_k L_k over a recorded data set (section 5; default J alone). The
   * direction then solves (F̃ + λI) d = w_R ∇̃J + Σ_k w_k ∇L_k: the metric stays the chain Fisher of eq. 72
   * (a KL step measures the change of the chain; the data blocks have no chain of their own), only the
   * gradient is the composite one.
   * A pure data objective (rollouts(0)) is refused: use {@link DsoOptimizer}.
   */
  public NaturalGradient objective(CompositeObjective o) {
    this.objective = Numerics.nonNull(o, "objective is null; pass new CompositeObjective() for J alone").copy();
    return this;
  }

  /** A stop rule and budgets (for {@link DsoOptimizer}). */
  NaturalGradient limits(BatchLoop.Limits l) {
    this.limits = l;
    return this;
  }

  public NaturalGradient onIteration(IterationListener l) {
    this.listener = l;
    return this;
  }

  public Result run(double[] theta0, int iterations) {
    Numerics.theta0(theta0);
    ChainKernel kernel = factory.create();
    Numerics.checkBoundsLength(kernel, lower);
    int p = theta0.length;
    boolean bottleneck = useBottleneck(kernel);
    java.util.Map<String, String> methodConfig = new java.util.LinkedHashMap<>();
    methodConfig.put("klStep", Double.toString(klStep));
    methodConfig.put("damping", Double.toString(damping));
    methodConfig.put("cgIterations", Integer.toString(cgIterations));
    methodConfig.put("bounds", RunCheckpoint.bounds(lower, upper));
    return BatchLoop.run(factory, config, objective, "NaturalGradient", baseline, theta0, iterations, progress, listener,
        (k, batch, theta, team, composite) -> {
      double[] g = composite.gradient;
      if (batch.rollouts().isEmpty() || TrustRegionCg.dot(g, g) == 0) {
        return "";
      }
      // F_η of every step is assembled once per batch, not in every CG step.
      SampleCurvature.BottleneckFisher assembled = bottleneck ? new SampleCurvature.BottleneckFisher(batch, team) : null;
      TrustRegionCg.Operator fisher = (v, out) -> {
        if (bottleneck) {
          assembled.apply(team, v, out);
        } else {
          SampleCurvature.fisherVector(batch, team, v, out);
        }
        for (int i = 0; i < p; i++) {
          out[i] += damping * v[i];
        }
      };
      // Minimizing g·d + ½dᵀ(F + λ)d gives d = −(F + λ)⁻¹g: CG with an effectively unbounded region.
      TrustRegionCg.Solution sol = TrustRegionCg.solve(fisher, g, Double.MAX_VALUE / 4, cgIterations, 1e-8);
      if (sol.outcome() != TrustRegionCg.Outcome.CONVERGED) {
        BatchLoop.log(progress, k, sol.outcome().reason());
      }
      double[] d = sol.step();
      String where = kernel.modelName();
      Numerics.checkParamVector(kernel, where, "the natural-gradient direction (F̃ + λI)⁻¹∇̃J", d, theta);
      double[] fd = new double[p];
      fisher.apply(d, fd);
      double quad = TrustRegionCg.dot(d, fd);
      Numerics.checkScalar(where, "the Fisher quadratic form dᵀ(F̃ + λI)d", quad, theta);
      if (quad > 0) {
        BatchLoop.step(theta, Math.sqrt(2 * klStep / quad), d, lower, upper);
      } else {
        BatchLoop.log(progress, k, "the Fisher quadratic form is not positive; no step");
      }
      return "";
    }, checkpoints, methodConfig, null, limits);
  }
}
