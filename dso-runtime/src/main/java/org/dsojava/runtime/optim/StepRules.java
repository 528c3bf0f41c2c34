package org.dsojava.runtime.optim;

/** The built-in {@link StepRule}s, with their state saved and restored for checkpoints. */
final class StepRules {
  private StepRules() {}

  /**
   * The rates at a few iterations, saved with a rule's state so that a checkpoint resumed with another
   * rate or schedule is refused (a schedule is a function, so it is compared at these points).
   */
  static String scheduleSignature(Schedule schedule) {
    StringBuilder b = new StringBuilder();
    for (int k : new int[] {1, 2, 10, 100, 1000, 10000, 100000}) {
      b.append(k == 1 ? "" : " ").append(schedule.rate(k));
    }
    return b.toString();
  }

  static final class Sgd implements StepRule, Checkpointable {
    private final Schedule schedule;

    Sgd(Schedule schedule) {
      this.schedule = schedule;
    }

    @Override
    public void step(double[] theta, double[] g, int k) {
      double rate = schedule.rate(k);
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= rate * g[i];
      }
    }

    @Override
    public void saveState(SavedState out) {
      out.putString("kind", "sgd");
      out.putString("rates", scheduleSignature(schedule));
    }

    @Override
    public void restoreState(SavedState in) {
      Checkpointable.expect(in, "kind", "the step rule", "sgd");
      Checkpointable.expect(in, "rates", "the step rule's rates at k = 1, 2, 10, …", scheduleSignature(schedule));
    }

    @Override
    public String toString() {
      return "sgd(rate " + schedule.rate(1) + " at k = 1)";
    }
  }

  static final class Adam implements StepRule, Checkpointable {
    private final Schedule schedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double[] m;
    private double[] v;

    Adam(Schedule schedule, double beta1, double beta2, double epsilon) {
      this.schedule = schedule;
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.epsilon = epsilon;
    }

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

    /** The moments m and v and the hyperparameters (the step count k is the optimizer's iteration). */
    @Override
    public void saveState(SavedState out) {
      out.putString("kind", "adam");
      out.putString("hyper", beta1 + " " + beta2 + " " + epsilon);
      out.putString("rates", scheduleSignature(schedule));
      out.putBoolean("started", m != null);
      if (m != null) {
        out.putDoubles("m", m);
        out.putDoubles("v", v);
      }
    }

    @Override
    public void restoreState(SavedState in) {
      Checkpointable.expect(in, "kind", "the step rule", "adam");
      Checkpointable.expect(in, "hyper", "Adam's β₁ β₂ ε =", beta1 + " " + beta2 + " " + epsilon);
      Checkpointable.expect(in, "rates", "the step rule's rates at k = 1, 2, 10, …", scheduleSignature(schedule));
      if (in.getBoolean("started")) {
        double[] mm = in.getDoubles("m");
        double[] vv = in.getDoubles("v", mm.length);
        m = mm;
        v = vv;
      } else {
        m = null;
        v = null;
      }
    }

    @Override
    public String toString() {
      return "adam(rate " + schedule.rate(1) + " at k = 1, β₂ = " + beta2 + ")";
    }
  }
}
