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
public final class LinearBaseline implements ValueBaseline {
  private final Features features;
  private final double ridge;
  private volatile double[] weights;
  private final ThreadLocal<double[]> buffer;

  public LinearBaseline(Features features, double ridge) {
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
    double[] phi = buffer.get();
    features.compute(x, t, phi);
    double[] w = weights;
    double v = 0;
    for (int i = 0; i < w.length; i++) {
      v += w[i] * phi[i];
    }
    return v;
  }

  @Override
  public void fit(double[][] states, int[] steps, double[] targets, int count) {
    int m = features.size();
    if (count < 1) {
      return;
    }
    double[][] gram = new double[m][m];
    double[] rhs = new double[m];
    double[] phi = new double[m];
    for (int s = 0; s < count; s++) {
      features.compute(states[s], steps[s], phi);
      for (int i = 0; i < m; i++) {
        rhs[i] += phi[i] * targets[s];
        for (int j = 0; j <= i; j++) {
          gram[i][j] += phi[i] * phi[j];
        }
      }
    }
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
        return; // keep the previous fit rather than propagate a numerical failure
      }
    }
    weights = next;
  }

  @Override
  public String toString() {
    return "linear(" + features.size() + " features, ridge " + ridge + ")";
  }
}
