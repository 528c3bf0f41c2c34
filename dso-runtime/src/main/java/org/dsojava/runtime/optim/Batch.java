package org.dsojava.runtime.optim;

import java.util.List;

/**
 * A recorded batch of rollouts drawn at θ, with what the sample surrogate S̃(θ, α) of eq. 66 needs:
 * for every step t, the state, the drawn values, the weight of L (γᵗ), the weight of the ratio
 * P̂ (γᵗ⁺¹ R̂ₜ,ₜ₊₁ with R̂ = R_{t+1} − V̂(f(x_t,θ)), eq. 65), and ln P(x_{t+1}|x_t, θ) for the ratio's
 * denominator. Rollouts ended by a blow-up with non-finite values are left out, as in the estimate.
 *
 * @param theta the θ the batch was drawn with
 * @param rollouts the recorded rollouts, in rollout order
 * @param estimate Algorithm 1's estimate from the same rollouts
 */
public record Batch(double[] theta, List<Rollout> rollouts, Estimate estimate) {
  /** One recorded rollout: steps 0…length−1 have transitions; {@code terminalWeight} charges x_length. */
  public static final class Rollout {
    int index;
    int length;
    double[][] states = new double[0][];
    double[][] draws = new double[0][];
    double[] costWeight = new double[0];
    double[] ratioWeight = new double[0];
    double[] logDensity = new double[0];
    /** ρ-weight of the transition out of x_t for the chain Fisher (eq. 72). */
    double[] fisherWeight = new double[0];
    double terminalWeight;

    void reset(int n, int last, double[][] xs, double[][] ds) {
      index = n;
      length = last;
      terminalWeight = 0;
      states = new double[last + 1][];
      for (int t = 0; t <= last; t++) {
        states[t] = xs[t].clone();
      }
      draws = new double[last][];
      for (int t = 0; t < last; t++) {
        draws[t] = ds[t].clone();
      }
      costWeight = new double[last];
      ratioWeight = new double[last];
      logDensity = new double[last];
      fisherWeight = new double[last];
    }

    /** The rollout index n (what the kernel receives as its rollout argument). */
    public int index() {
      return index;
    }

    /** A copy of the state x_t, 0 ≤ t ≤ length. */
    public double[] state(int t) {
      return states[t].clone();
    }

    /** Number of transitions. */
    public int length() {
      return length;
    }
  }
}
