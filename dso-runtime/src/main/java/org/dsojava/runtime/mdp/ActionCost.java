package org.dsojava.runtime.mdp;

/** The D-MDP cost r(x,a) with a continuous action a ∈ ℝ^d, differentiable in a (eq. 18). */
public interface ActionCost {
  /** r(x,a). */
  double cost(int x, double[] a);

  /** Writes {@code out[j]} = ∂r(x,a)/∂a_j. */
  void gradient(int x, double[] a, double[] out);

  /**
   * r(x,a) = c(x) + Σ_j g[x][j] a_j + ½ Σ_j h[x][j] a_j²: a separable quadratic (arrays copied).
   */
  static ActionCost quadratic(double[] c, double[][] g, double[][] h) {
    double[] cc = c.clone();
    double[][] gg = Checks.copy(g);
    double[][] hh = Checks.copy(h);
    return new ActionCost() {
      @Override public double cost(int x, double[] a) {
        double s = cc[x];
        for (int j = 0; j < a.length; j++) {
          s += gg[x][j] * a[j] + 0.5 * hh[x][j] * a[j] * a[j];
        }
        return s;
      }

      @Override public void gradient(int x, double[] a, double[] out) {
        for (int j = 0; j < a.length; j++) {
          out[j] = gg[x][j] + hh[x][j] * a[j];
        }
      }
    };
  }
}
