package org.dsojava.runtime.optim;

/** A first-order update θ ← θ − step(g); implementations keep their own state (moments). */
public interface StepRule {
  /** Updates θ in place from the gradient estimate {@code g} at iteration {@code k} (1-based). */
  void step(double[] theta, double[] g, int k);

  /** Plain stochastic gradient descent with a constant rate. */
  static StepRule sgd(double rate) {
    return sgd(Schedule.constant(rate));
  }

  /** Stochastic gradient descent with a rate schedule. */
  static StepRule sgd(Schedule schedule) {
    return new StepRule() {
      @Override
      public void step(double[] theta, double[] g, int k) {
        double rate = schedule.rate(k);
        for (int i = 0; i < theta.length; i++) {
          theta[i] -= rate * g[i];
        }
      }

      @Override
      public String toString() {
        return "sgd(rate " + schedule.rate(1) + " at k = 1)";
      }
    };
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
    return new StepRule() {
      private double[] m;
      private double[] v;

      @Override
      public void step(double[] theta, double[] g, int k) {
        if (m == null) {
          m = new double[theta.length];
          v = new double[theta.length];
        }
        double rate = schedule.rate(k);
        double c1 = 1 - Math.pow(beta1, k);
        double c2 = 1 - Math.pow(beta2, k);
        for (int i = 0; i < theta.length; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
          theta[i] -= rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
        }
      }

      @Override
      public String toString() {
        return "adam(rate " + schedule.rate(1) + " at k = 1, β₂ = " + beta2 + ")";
      }
    };
  }
}
