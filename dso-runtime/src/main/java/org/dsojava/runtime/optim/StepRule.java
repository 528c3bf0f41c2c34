package org.dsojava.runtime.optim;

/**
 * A first-order update θ ← θ − step(g); implementations keep their own state (moments). The built-in
 * rules are {@link Checkpointable}: a checkpoint saves their state (Adam's moments) so a resumed run
 * continues bit for bit; a custom rule must implement {@link Checkpointable} to be checkpointed.
 */
public interface StepRule {
  /** Updates θ in place from the gradient estimate {@code g} at iteration {@code k} (1-based). */
  void step(double[] theta, double[] g, int k);

  /** Plain stochastic gradient descent with a constant rate. */
  static StepRule sgd(double rate) {
    return sgd(Schedule.constant(rate));
  }

  /** Stochastic gradient descent with a rate schedule. */
  static StepRule sgd(Schedule schedule) {
    return new StepRules.Sgd(schedule);
  }

  /** Adam (Kingma &amp; Ba) with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  static StepRule adam(double rate) {
    return adam(rate, 0.9, 0.999, 1e-8);
  }

  static StepRule adam(double rate, double beta1, double beta2, double epsilon) {
    return adam(Schedule.constant(rate), beta1, beta2, epsilon);
  }

  /** Adam with a rate schedule. */
  static StepRule adam(Schedule schedule, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam needs 0 <= β₁, β₂ < 1; got " + beta1 + ", " + beta2);
    }
    return new StepRules.Adam(schedule, beta1, beta2, epsilon);
  }
}
