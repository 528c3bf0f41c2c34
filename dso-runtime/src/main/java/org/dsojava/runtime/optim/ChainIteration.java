package org.dsojava.runtime.optim;

import java.io.PrintStream;
import org.dsojava.runtime.ChainKernel;

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
  private double radiusGrowth;
  private double fisherDamping = -1;

  /**
   * @param kappa step fraction κ ∈ (0, 1]
   * @param radius trust-region radius Δ on each Newton step in α
   * @param newtonSteps Newton steps on S̃ per iteration (the surrogate is not quadratic in α)
   * @param cgIterations CG iterations per Newton step
   */
  public ChainIteration(KernelFactory factory, EstimatorConfig config, double kappa, double radius, int newtonSteps,
      int cgIterations, ValueBaseline baseline, double[] lower, double[] upper, PrintStream progress) {
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
    this.factory = factory;
    this.config = config;
    this.kappa = kappa;
    this.radius = radius;
    this.newtonSteps = newtonSteps;
    this.cgIterations = cgIterations;
    this.baseline = baseline;
    this.lower = lower;
    this.upper = upper;
    this.progress = progress;
  }

  /** Calls {@code l} after every iteration with the new θ. */
  public ChainIteration onIteration(IterationListener l) {
    this.listener = l;
    return this;
  }

  /**
   * Grows the trust region with θ: Δ_k = Δ + c‖θ_k‖ (default c = 0, a fixed Δ). For a policy whose
   * action depends on θ only through a logit that is linear in θ, a fixed Δ turns θ's direction by
   * less and less as ‖θ‖ grows; c &gt; 0 keeps the relative step from shrinking.
   */
  public ChainIteration radiusGrowth(double c) {
    if (!(c >= 0)) {
      throw new IllegalArgumentException("radius growth c = " + c + " must be >= 0 (0: a fixed trust region)");
    }
    this.radiusGrowth = c;
    return this;
  }

  /**
   * Measures the trust region in the chain's Fisher metric instead of the Euclidean one: each Newton
   * step p must satisfy pᵀ M p ≤ Δ² with M = F̃/T̄ + λ(tr F̃/T̄ / n)I, where F̃ is the batch's chain Fisher
   * (eq. 72; its bottleneck form, eq. 73, when the model has one whose sites give their Fisher), T̄ the
   * mean number of transitions per rollout (so pᵀF̃p/T̄ ≈ twice the mean KL divergence per transition)
   * and λ the relative damping. M is built explicitly (n Fisher–vector products) and the Steihaug–Toint
   * solve runs in the coordinates Lᵀp of its Cholesky factor M = LLᵀ, so this suits small n. Off by
   * default (a negative λ).
   *
   * @param damping relative damping λ ≥ 0
   */
  public ChainIteration fisherMetric(double damping) {
    if (!(damping >= 0)) {
      throw new IllegalArgumentException("Fisher-metric damping λ = " + damping + " must be >= 0");
    }
    this.fisherDamping = damping;
    return this;
  }

  /** Whether the kernel's bottleneck sites provide their Fisher information (eq. 73). */
  private static boolean hasBottleneckFisher(ChainKernel k) {
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

  /** The lower Cholesky factor of the metric M of {@link #fisherMetric}, or null if M is not positive definite. */
  private double[][] metricFactor(Batch batch, ChainKernel kernel, boolean bottleneck) {
    int p = batch.theta().length;
    double[][] m = new double[p][p];
    double[] e = new double[p];
    double[] col = new double[p];
    long transitions = 0;
    for (Batch.Rollout r : batch.rollouts()) {
      transitions += r.length();
    }
    double steps = Math.max(1.0, (double) transitions / batch.rollouts().size());
    double trace = 0;
    for (int j = 0; j < p; j++) {
      e[j] = 1;
      if (bottleneck) {
        SampleCurvature.bottleneckFisherVector(batch, kernel, e, col);
      } else {
        SampleCurvature.fisherVector(batch, kernel, e, col);
      }
      e[j] = 0;
      for (int i = 0; i < p; i++) {
        m[i][j] = col[i] / steps;
      }
      trace += m[j][j];
    }
    double lambda = fisherDamping * Math.max(trace / p, 1e-12);
    double[][] l = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0.5 * (m[i][j] + m[j][i]) + (i == j ? lambda : 0);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  /** out = L⁻¹ v (forward substitution). */
  private static void lowerSolve(double[][] l, double[] v, double[] out) {
    for (int i = 0; i < v.length; i++) {
      double s = v[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * out[k];
      }
      out[i] = s / l[i][i];
    }
  }

  /** out = L⁻ᵀ v (back substitution). */
  private static void upperSolve(double[][] l, double[] v, double[] out) {
    for (int i = v.length - 1; i >= 0; i--) {
      double s = v[i];
      for (int k = i + 1; k < v.length; k++) {
        s -= l[k][i] * out[k];
      }
      out[i] = s / l[i][i];
    }
  }

  /** Runs {@code iterations} Chain Iteration steps from {@code theta0}. */
  public Result run(double[] theta0, int iterations) {
    ChainKernel kernel = factory.create();
    int p = theta0.length;
    boolean bottleneck = hasBottleneckFisher(kernel);
    return BatchLoop.run(factory, config, baseline, theta0, iterations, progress, listener, (k, batch, theta) -> {
      if (batch.rollouts().isEmpty()) {
        return "";
      }
      Surrogate s = new Surrogate(batch, kernel);
      double[] alpha = new double[p];
      double[] g = new double[p];
      double[] trial = new double[p];
      double delta = radius + radiusGrowth * Math.sqrt(TrustRegionCg.dot(theta, theta));
      double[][] factor = fisherDamping >= 0 ? metricFactor(batch, kernel, bottleneck) : null;
      if (fisherDamping >= 0 && factor == null) {
        BatchLoop.log(progress, k, "the Fisher metric is not positive definite; using the Euclidean trust region");
      }
      double[] u = new double[p];
      double[] hu = new double[p];
      for (int j = 0; j < newtonSteps; j++) {
        s.gradient(alpha, g);
        double[] at = alpha.clone();
        TrustRegionCg.Solution sol;
        if (factor == null) {
          sol = TrustRegionCg.solve((v, out) -> s.hessianVector(at, v, out), g, delta, cgIterations, 1e-6);
        } else {
          // In β = Lᵀp the region is the ball ‖β‖ ≤ Δ, the gradient L⁻¹g and the Hessian L⁻¹HL⁻ᵀ.
          double[] gb = new double[p];
          lowerSolve(factor, g, gb);
          TrustRegionCg.Solution sb = TrustRegionCg.solve((v, out) -> {
            upperSolve(factor, v, u);
            s.hessianVector(at, u, hu);
            lowerSolve(factor, hu, out);
          }, gb, delta, cgIterations, 1e-6);
          double[] step = new double[p];
          upperSolve(factor, sb.step(), step);
          sol = new TrustRegionCg.Solution(step, sb.outcome(), sb.iterations(), sb.modelDecrease());
        }
        if (sol.outcome() == TrustRegionCg.Outcome.NEGATIVE_CURVATURE
            || sol.outcome() == TrustRegionCg.Outcome.MAX_ITERATIONS) {
          BatchLoop.log(progress, k, sol.outcome().reason());
        }
        for (int i = 0; i < p; i++) {
          trial[i] = alpha[i] + sol.step()[i];
        }
        double before = s.value(alpha);
        double after = s.value(trial);
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
    });
  }
}
