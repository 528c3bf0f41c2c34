package org.dsojava.runtime.mdp;

/**
 * The G-MDP step cost ℓ(x,a,θ) of eq. 12, which may depend on the policy parameters (as the entropy
 * and KL terms of eqs. 19–20 do), with its exact derivative in θ.
 */
public interface StepCost {
  /** Writes {@code out[a]} = ℓ(x,a,θ) for every action a. */
  void cost(int x, double[] theta, double[] out);

  /** Writes {@code out[k][a]} = ∂ℓ(x,a,θ)/∂θ_k (all zero for a cost that ignores θ). */
  void gradient(int x, double[] theta, double[][] out);

  /** The standard cost r(x,a), independent of θ (S-MDP, eq. 17). The array r[x][a] is copied. */
  static StepCost of(double[][] r) {
    double[][] c = Checks.copy(r);
    for (int x = 0; x < c.length; x++) {
      Checks.finite(c[x], "r[" + x + "]");
    }
    return new StepCost() {
      @Override public void cost(int x, double[] theta, double[] out) {
        System.arraycopy(c[x], 0, out, 0, out.length);
      }

      @Override public void gradient(int x, double[] theta, double[][] out) {
        for (double[] row : out) {
          java.util.Arrays.fill(row, 0.0);
        }
      }
    };
  }
}
