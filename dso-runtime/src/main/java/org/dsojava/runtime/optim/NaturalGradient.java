package org.dsojava.runtime.optim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.annotations.Setting;
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

  /**
   * @param klStep δ: each step moves the chain by about this much KL
   * @param damping λ ≥ 0 added to F̃ (keeps CG well posed where F̃ is singular)
   */
  public NaturalGradient(KernelFactory factory, EstimatorConfig config, double klStep, double damping, int cgIterations,
      ValueBaseline baseline, double[] lower, double[] upper, PrintStream progress) {
    if (!(klStep > 0)) {
      throw new IllegalArgumentException("KL step δ = " + klStep + " must be positive");
    }
    if (!(damping >= 0)) {
      throw new IllegalArgumentException("damping λ = " + damping + " must be >= 0");
    }
    if (cgIterations < 1) {
      throw new IllegalArgumentException("cgIterations = " + cgIterations + " must be at least 1");
    }
    this.factory = factory;
    this.config = config;
    this.klStep = klStep;
    this.damping = damping;
    this.cgIterations = cgIterations;
    this.baseline = baseline;
    this.lower = lower;
    this.upper = upper;
    this.progress = progress;
  }

  /**
   * Whether to use the bottleneck form (eq. 73): when the model declares a bottleneck whose noise
   * sites provide their Fisher information.
   */
  private static boolean useBottleneck(ChainKernel k) {
    if (k.bottleneckDim() == 0) {
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

  public NaturalGradient onIteration(IterationListener l) {
    this.listener = l;
    return this;
  }

  public Result run(double[] theta0, int iterations) {
    double[] theta = theta0.clone();
    int p = theta.length;
    List<IterationRecord> curve = new ArrayList<>();
    long steps = 0;
    int blowups = 0;
    double averageCost = 0;
    long start = System.nanoTime();
    ChainKernel kernel = factory.create();
    try (GradientEstimator estimator = new GradientEstimator(factory, config)) {
      for (int k = 1; k <= iterations; k++) {
        Batch batch = estimator.sample(theta, k - 1, baseline, averageCost);
        if (config.setting() == Setting.AVERAGE) {
          averageCost = batch.estimate().meanCost();
        }
        steps += batch.estimate().envSteps();
        blowups += batch.estimate().blowups();
        double[] g = batch.estimate().gradient();
        double norm = Math.sqrt(TrustRegionCg.dot(g, g));
        if (!batch.rollouts().isEmpty() && norm > 0) {
          boolean bottleneck = useBottleneck(kernel);
          TrustRegionCg.Operator fisher = (v, out) -> {
            if (bottleneck) {
              SampleCurvature.bottleneckFisherVector(batch, kernel, v, out);
            } else {
              SampleCurvature.fisherVector(batch, kernel, v, out);
            }
            for (int i = 0; i < p; i++) {
              out[i] += damping * v[i];
            }
          };
          // Minimizing g·d + ½dᵀ(F + λ)d gives d = −(F + λ)⁻¹g: CG with an effectively unbounded region.
          TrustRegionCg.Solution sol = TrustRegionCg.solve(fisher, g, Double.MAX_VALUE / 4, cgIterations, 1e-8);
          if (sol.outcome() != TrustRegionCg.Outcome.CONVERGED && progress != null) {
            progress.printf(Locale.ROOT, "      iteration %d: %s%n", k, sol.outcome().reason());
          }
          double[] d = sol.step();
          double[] fd = new double[p];
          fisher.apply(d, fd);
          double quad = TrustRegionCg.dot(d, fd);
          if (quad > 0 && Double.isFinite(quad)) {
            double scale = Math.sqrt(2 * klStep / quad);
            for (int i = 0; i < p; i++) {
              theta[i] += scale * d[i];
              if (lower != null) {
                theta[i] = Math.min(upper[i], Math.max(lower[i], theta[i]));
              }
            }
          } else if (progress != null) {
            progress.printf(Locale.ROOT, "      iteration %d: the Fisher quadratic form is not positive; no step%n", k);
          }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        IterationRecord record = new IterationRecord(k, steps, batch.estimate().meanCost(), norm,
            batch.estimate().blowups(), seconds);
        curve.add(record);
        if (progress != null) {
          progress.printf(Locale.ROOT, "%5d %12d %14.6g %12.4g %10.3f%n", k, steps, batch.estimate().meanCost(), norm, seconds);
        }
        if (listener != null) {
          listener.iteration(k, theta.clone(), record);
        }
      }
    }
    return new Result(theta, List.copyOf(curve), steps, (System.nanoTime() - start) * 1e-9, blowups);
  }
}
