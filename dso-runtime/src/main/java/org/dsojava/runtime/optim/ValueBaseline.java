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

  /**
   * Optional: this baseline fitted from sums of per-sample sufficient statistics (a least-squares fit), which
   * the estimator then accumulates per rollout on the sampling threads and adds in rollout order — a parallel
   * fit, the same for any thread count — instead of collecting the samples for {@link #fit}. Null (the
   * default) for a baseline fitted from the samples themselves.
   */
  default Statistics statistics() {
    return null;
  }

  /** A baseline's sufficient-statistics form (see {@link ValueBaseline#statistics()}). */
  interface Statistics {
    /** Length of the caller-owned work buffer of {@link #value} and {@link #accumulate} (e.g. the features). */
    int workSize();

    /** Length of the statistics of a fit. */
    int size();

    /** V̂(x, t) with a caller-owned work buffer: no allocation, no thread-local. */
    double value(double[] x, int t, double[] work);

    /** stats += the sample's contribution; sums over a batch in any fixed grouping are what {@link #fit} takes. */
    void accumulate(double[] x, int t, double target, double[] stats, double[] work);

    /** Refits from summed statistics; false (keeping the previous fit) if the solution is not finite. */
    boolean fit(double[] sum);
  }

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
