package org.dsojava.runtime.mdp;

/**
 * A deterministic policy a = μ(x,θ) ∈ ℝ^d on a finite state space (D-MDP, eq. 18), with its Jacobian
 * ∇θμ (the factor of the deterministic policy gradient, eq. 52, and of the bottleneck form, eq. 34).
 */
public interface DeterministicPolicy {
  /** d, the dimension of the action. */
  int actionDim();

  /** The number of parameters θ. */
  int params();

  /** Writes {@code out[j]} = μ_j(x,θ). */
  void action(int x, double[] theta, double[] out);

  /** Writes {@code out[k][j]} = ∂μ_j(x,θ)/∂θ_k. */
  void jacobian(int x, double[] theta, double[][] out);

  /**
   * μ_j(x,θ) = Σ_k features[x][j][k] θ_k, linear in θ (the array is copied).
   *
   * @param features n × d × p
   */
  static DeterministicPolicy linear(double[][][] features) {
    int n = features.length;
    int d = features[0].length;
    int p = features[0][0].length;
    double[][][] f = new double[n][][];
    for (int x = 0; x < n; x++) {
      if (features[x].length != d) {
        throw new IllegalArgumentException("features[" + x + "] has " + features[x].length
            + " action dimensions, expected " + d);
      }
      f[x] = Checks.copy(features[x]);
      for (int j = 0; j < d; j++) {
        if (f[x][j].length != p) {
          throw new IllegalArgumentException("features[" + x + "][" + j + "] has length "
              + f[x][j].length + ", expected " + p);
        }
        Checks.finite(f[x][j], "features[" + x + "][" + j + "]");
      }
    }
    return new DeterministicPolicy() {
      @Override public int actionDim() { return d; }
      @Override public int params() { return p; }

      @Override public void action(int x, double[] theta, double[] out) {
        for (int j = 0; j < d; j++) {
          out[j] = Checks.dot(f[x][j], theta);
        }
      }

      @Override public void jacobian(int x, double[] theta, double[][] out) {
        for (int k = 0; k < p; k++) {
          for (int j = 0; j < d; j++) {
            out[k][j] = f[x][j][k];
          }
        }
      }
    };
  }
}
