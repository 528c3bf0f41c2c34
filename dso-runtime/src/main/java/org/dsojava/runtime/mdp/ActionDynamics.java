package org.dsojava.runtime.mdp;

/**
 * Transition probabilities p(x'|x,a) of a finite-state MDP with a continuous action a ∈ ℝ^d,
 * differentiable in a: the dynamics of a D-MDP (eq. 18), whose policy gradient (eq. 52) differentiates
 * through the action. Implementations write every entry of the output arrays.
 */
public interface ActionDynamics {
  /** n, the number of states. */
  int states();

  /** d, the dimension of the action. */
  int actionDim();

  /** Writes {@code out[x']} = p(x'|x,a). */
  void transition(int x, double[] a, double[] out);

  /** Writes {@code out[j][x']} = ∂p(x'|x,a)/∂a_j. */
  void jacobian(int x, double[] a, double[][] out);

  /**
   * p(x'|x,a) = softmax_x'(bias[x][x'] + Σ_j a_j features[x][j][x']). A bias of −∞ forbids x → x'.
   * The arrays are copied.
   *
   * @param bias n × n, finite or −∞, at least one finite entry per row
   * @param features n × d × n, finite
   */
  static ActionDynamics softmax(double[][] bias, double[][][] features) {
    int n = bias.length;
    int d = features[0].length;
    double[][] b = Checks.copy(bias);
    double[][][] f = new double[n][][];
    if (features.length != n) {
      throw new IllegalArgumentException("features has " + features.length + " states, bias has " + n);
    }
    for (int x = 0; x < n; x++) {
      if (b[x].length != n) {
        throw new IllegalArgumentException("row " + x + " of bias has length " + b[x].length + ", expected "
            + n);
      }
      boolean any = false;
      for (int y = 0; y < n; y++) {
        any |= b[x][y] > Double.NEGATIVE_INFINITY;
        if (Double.isNaN(b[x][y]) || b[x][y] == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException("bias[" + x + "][" + y + "] = " + b[x][y]
              + " must be finite or −∞");
        }
      }
      if (!any) {
        throw new IllegalArgumentException("row " + x + " of bias is all −∞: state " + x
            + " would have no successor");
      }
      if (features[x].length != d) {
        throw new IllegalArgumentException("features[" + x + "] has " + features[x].length
            + " action dimensions, expected " + d);
      }
      f[x] = Checks.copy(features[x]);
      for (int j = 0; j < d; j++) {
        Checks.finite(f[x][j], "features[" + x + "][" + j + "]");
      }
    }
    return new ActionDynamics() {
      @Override public int states() { return n; }
      @Override public int actionDim() { return d; }

      @Override public void transition(int x, double[] a, double[] out) {
        for (int y = 0; y < n; y++) {
          double z = b[x][y];
          if (z != Double.NEGATIVE_INFINITY) {
            for (int j = 0; j < d; j++) {
              z += a[j] * f[x][j][y];
            }
          }
          out[y] = z;
        }
        SoftmaxPolicy.softmax(out, out);
      }

      @Override public void jacobian(int x, double[] a, double[][] out) {
        double[] pr = new double[n];
        transition(x, a, pr);
        for (int j = 0; j < d; j++) {
          double mean = Checks.dot(pr, f[x][j]);
          for (int y = 0; y < n; y++) {
            out[j][y] = pr[y] * (f[x][j][y] - mean);
          }
        }
      }
    };
  }
}
