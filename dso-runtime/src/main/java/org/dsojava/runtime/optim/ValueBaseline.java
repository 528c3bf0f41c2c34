package org.dsojava.runtime.optim;

/**
 * The value approximation V̂ of Algorithm 1, evaluated at the mean next state f(x_t, θ) (eq. 59) and
 * fitted only on earlier batches, so the gradient estimate stays unbiased. {@link #value} is called
 * concurrently from rollout threads between fits and must not mutate state; {@link #fit} runs alone.
 */
public interface ValueBaseline {
  /** V̂ at state x and step t (t is the step of x within its rollout). */
  double value(double[] x, int t);

  /** Refits on one batch of (state, step, target) samples, given in a fixed order. */
  void fit(double[][] states, int[] steps, double[] targets, int count);

  /** V̂ ≡ 0: Algorithm 1 without variance reduction. */
  static ValueBaseline none() {
    return Zero.INSTANCE;
  }

  /** The one V̂ ≡ 0 (the estimator recognizes it and skips the mean step f(x,θ) it would not use). */
  final class Zero implements ValueBaseline, Checkpointable {
    static final Zero INSTANCE = new Zero();

    private Zero() {}

    @Override
    public double value(double[] x, int t) {
      return 0;
    }

    @Override
    public void fit(double[][] states, int[] steps, double[] targets, int count) {}

    @Override
    public void saveState(SavedState out) {
      out.putString("kind", "none");
    }

    @Override
    public void restoreState(SavedState in) {
      Checkpointable.expect(in, "kind", "the baseline", "none");
    }

    @Override
    public String toString() {
      return "none";
    }
  }
}
