package org.dsojava.runtime.optim;

/**
 * The composite objective inside the batch methods (PCO, Chain Iteration, natural gradient) at one
 * iteration: their sample surrogate of J, weighted by w_R, plus the data blocks at the perturbed θ,
 *
 * <pre>S̃_total(θ, α) = w_R·S̃(θ, α) + Σ_k w_k L_k(θ + α),</pre>
 *
 * so that ∇α S̃_total at α = 0 is the composite gradient (eq. 67 plus the blocks' exact or minibatch
 * gradients) and its Hessian–vector products add Σ_k w_k ∇²L_k·v (the kernels' {@code dataCostHvp}) to
 * eq. 76's. The data terms are deterministic in α (the minibatches are drawn once per iteration), so a
 * trust-region method can compare values at different α.
 */
final class Composite {
  private final double rolloutWeight;
  private final DataTerms terms;
  private final double[] point;
  /** w_R ∇̃J + Σ_k w_k ∇L_k at the iteration's θ (set by {@link BatchLoop}). */
  double[] gradient;
  /** The blocks' values at the iteration's θ. */
  double[] values;

  Composite(double rolloutWeight, DataTerms terms, int p) {
    this.rolloutWeight = rolloutWeight;
    this.terms = terms;
    this.point = new double[p];
    this.values = new double[terms == null ? 0 : terms.count()];
  }

  boolean hasData() {
    return terms != null;
  }

  /** Draws iteration k's minibatches (0-based) and sets {@link #gradient} and {@link #values} at θ. */
  void begin(int iteration, double[] theta, double[] rolloutGradient) {
    gradient = rolloutGradient.clone();
    scale(gradient);
    values = new double[values.length];
    if (terms != null) {
      terms.draw(iteration);
      terms.addGradient(theta, gradient, values);
    }
  }

  private void scale(double[] a) {
    if (rolloutWeight != 1) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= rolloutWeight;
      }
    }
  }

  private double[] at(double[] theta, double[] alpha) {
    for (int i = 0; i < point.length; i++) {
      point[i] = theta[i] + alpha[i];
    }
    return point;
  }

  /** w_R·S̃(θ, α) + Σ_k w_k L_k(θ + α). */
  double value(Surrogate s, double[] theta, double[] alpha) {
    double v = rolloutWeight * s.value(alpha);
    return terms == null ? v : v + terms.value(at(theta, alpha));
  }

  /** out = w_R·∇α S̃(θ, α) + Σ_k w_k ∇L_k(θ + α). */
  void gradient(Surrogate s, double[] theta, double[] alpha, double[] out) {
    s.gradient(alpha, out);
    scale(out);
    if (terms != null) {
      terms.addGradient(at(theta, alpha), out);
    }
  }

  /** out = w_R·∇²α S̃(θ, α)·v + Σ_k w_k ∇²L_k(θ + α)·v. */
  void hessianVector(Surrogate s, double[] theta, double[] alpha, double[] v, double[] out) {
    s.hessianVector(alpha, v, out);
    scale(out);
    if (terms != null) {
      terms.addHessianVector(at(theta, alpha), v, out);
    }
  }
}
