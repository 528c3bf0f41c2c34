package org.dsojava.runtime.optim;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * V̂(x, t) = w·φ(x, t), fitted by ridge-regularized least squares (Commons Math) to the batch's
 * targets. Features are standardized by the batch's scale so one ridge constant suits any units.
 */
public final class LinearBaseline implements ValueBaseline, ValueBaseline.Statistics, Checkpointable {
  private final Features features;
  private final double ridge;
  private volatile double[] weights;
  private final ThreadLocal<double[]> buffer;

  public LinearBaseline(Features features, double ridge) {
    java.util.Objects.requireNonNull(features, "features is null; pass e.g. Features.quadratic(stateDim, 0)");
    if (!(ridge >= 0)) {
      throw new IllegalArgumentException("ridge must be >= 0, got " + ridge);
    }
    this.features = features;
    this.ridge = ridge;
    this.weights = new double[features.size()];
    this.buffer = ThreadLocal.withInitial(() -> new double[features.size()]);
  }

  @Override
  public double value(double[] x, int t) {
    return value(x, t, buffer.get());
  }

  /** Fitted from least-squares sufficient statistics (the estimator accumulates them in parallel). */
  @Override
  public Statistics statistics() {
    return this;
  }

  /** {@link #value} with a caller-owned feature buffer ({@link #workSize()} entries): no thread-local. */
  @Override
  public double value(double[] x, int t, double[] phi) {
    features.compute(x, t, phi);
    double[] w = weights;
    double v = 0;
    for (int i = 0; i < w.length; i++) {
      v += w[i] * phi[i];
    }
    return v;
  }

  @Override
  public int workSize() {
    return features.size();
  }

  /**
   * Length of the sufficient statistics of a fit: the lower triangle of ΦᵀΦ (row-major, m(m+1)/2
   * entries) followed by Φᵀy (m entries).
   */
  @Override
  public int size() {
    int m = features.size();
    return m * (m + 1) / 2 + m;
  }

  /**
   * stats += the sample's contribution (φφᵀ lower triangle, φ·target). Sums of these over a batch, in
   * any fixed grouping, are what {@link #fit(double[])} needs: the estimator accumulates them per
   * rollout on the sampling threads and adds the rollouts in order, so the fit is parallel and still
   * the same for any thread count.
   */
  @Override
  public void accumulate(double[] x, int t, double target, double[] stats, double[] phi) {
    int m = features.size();
    features.compute(x, t, phi);
    int k = 0;
    for (int i = 0; i < m; i++) {
      double pi = phi[i];
      for (int j = 0; j <= i; j++) {
        stats[k + j] += pi * phi[j];
      }
      k += i + 1;
    }
    for (int i = 0; i < m; i++) {
      stats[k + i] += phi[i] * target;
    }
  }

  /**
   * Solves the ridge-regularized normal equations from summed {@link #accumulate} statistics; returns
   * false (keeping the previous fit) if the solution is not finite.
   */
  @Override
  public boolean fit(double[] stats) {
    int m = features.size();
    double[][] gram = new double[m][m];
    double[] rhs = new double[m];
    int k = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        gram[i][j] = stats[k + j];
      }
      k += i + 1;
    }
    System.arraycopy(stats, k, rhs, 0, m);
    return solve(gram, rhs);
  }

  @Override
  public void fit(double[][] states, int[] steps, double[] targets, int count) {
    if (count < 1) {
      return;
    }
    double[] stats = new double[size()];
    double[] phi = new double[features.size()];
    for (int s = 0; s < count; s++) {
      accumulate(states[s], steps[s], targets[s], stats, phi);
    }
    fit(stats);
  }

  /** gram holds the lower triangle of ΦᵀΦ; solves (ΦᵀΦ + λI)w = rhs and installs w if finite (returns whether). */
  private boolean solve(double[][] gram, double[] rhs) {
    int m = rhs.length;
    double trace = 0;
    for (int i = 0; i < m; i++) {
      trace += gram[i][i];
      for (int j = 0; j < i; j++) {
        gram[j][i] = gram[i][j];
      }
    }
    double lambda = ridge * Math.max(trace / m, 1e-12);
    for (int i = 0; i < m; i++) {
      gram[i][i] += lambda;
    }
    Array2DRowRealMatrix a = new Array2DRowRealMatrix(gram, false);
    RealVector b = new ArrayRealVector(rhs, false);
    RealVector w;
    try {
      w = new CholeskyDecomposition(a).getSolver().solve(b);
    } catch (NonPositiveDefiniteMatrixException e) {
      w = new SingularValueDecomposition(a).getSolver().solve(b);
    }
    double[] next = w.toArray();
    for (double v : next) {
      if (!Double.isFinite(v)) {
        return false; // keep the previous fit rather than propagate a numerical failure
      }
    }
    weights = next;
    return true;
  }

  /** The fitted weights (the fit's whole state) and, to check on restore, the feature count and ridge. */
  @Override
  public void saveState(SavedState out) {
    out.putString("kind", "linear " + features.size() + " " + ridge);
    out.putDoubles("weights", weights);
  }

  @Override
  public void restoreState(SavedState in) {
    Checkpointable.expect(in, "kind", "the baseline (linear, features, ridge)", "linear " + features.size() + " " + ridge);
    weights = in.getDoubles("weights", features.size());
  }

  @Override
  public String toString() {
    return "linear(" + features.size() + " features, ridge " + ridge + ")";
  }
}
