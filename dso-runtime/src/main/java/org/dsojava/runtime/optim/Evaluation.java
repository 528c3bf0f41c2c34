package org.dsojava.runtime.optim;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * Evaluates θ by rollouts: either the stochastic chain, or its deterministic mean step f(x,θ) (every
 * noise site at its mean; for a discrete action, the most likely one: the "deterministic policy").
 *
 * @param meanCost mean over episodes of the undiscounted summed cost (charged as in the estimator)
 * @param meanLength mean number of transitions
 * @param episodes episodes run
 */
public record Evaluation(double meanCost, double meanLength, int episodes) {
  /** Mean return = −mean cost (for models whose cost is a negated reward). */
  public double meanReturn() {
    return -meanCost;
  }

  /**
   * Runs {@code episodes} episodes of at most {@code horizon} transitions (0: the kernel's horizon),
   * deterministic (mean step) or sampled. The state where the horizon cuts an episode is not charged,
   * except in time-varying chains (eq. 9), as in {@link GradientEstimator}.
   *
   * <p>An episode whose state or cost turns non-finite has no cost to average: that is a
   * {@link NumericalException} naming the model, the episode, the step and the quantity (a mean
   * cost over the other episodes, or over a truncated one, would flatter a policy that diverges).
   */
  public static Evaluation run(ChainKernel k, double[] theta, int episodes, boolean deterministic, long seed,
      int horizon) {
    Numerics.nonNull(k, "kernel is null; pass a kernel of the model, e.g. MyModelDso.kernel()");
    Numerics.checkTheta(k, "θ", theta);
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes = " + episodes + " must be at least 1");
    }
    int cap = horizon > 0 ? horizon : k.horizon();
    if (cap <= 0) {
      throw new IllegalArgumentException(k.modelName() + " has no horizon; pass one to evaluate episodes of finite length");
    }
    boolean chargeCut = k.setting() == org.dsojava.annotations.Setting.TIME_VARYING;
    Rng rng = new Rng(seed, Long.MAX_VALUE);
    double[] x = new double[k.stateDim()];
    double[] next = new double[k.stateDim()];
    double[] draws = new double[k.drawCount()];
    double total = 0;
    long steps = 0;
    for (int e = 0; e < episodes; e++) {
      rng.reseed(seed ^ 0x5DEECE66DL, e);
      k.initialState(theta, e, rng, x);
      checkState(k, x, e, episodes, 0, theta);
      int t = 0;
      double cost = 0;
      while (true) {
        if (t == cap) {
          if (chargeCut) {
            cost += k.cost(theta, x, t, e);
          }
          break;
        }
        if (k.terminal(x, t, e)) {
          cost += k.cost(theta, x, t, e);
          break;
        }
        cost += k.cost(theta, x, t, e);
        if (deterministic) {
          k.meanStep(theta, x, t, e, next);
        } else {
          k.sample(theta, x, t, e, rng, draws, next);
        }
        checkState(k, next, e, episodes, t + 1, theta);
        System.arraycopy(next, 0, x, 0, x.length);
        t++;
      }
      if (!Double.isFinite(cost)) {
        int s = 0;
        // Find the first non-finite cost of this episode (off the hot path: only when the sum is bad).
        rng.reseed(seed ^ 0x5DEECE66DL, e);
        k.initialState(theta, e, rng, x);
        double c = k.cost(theta, x, 0, e);
        while (Double.isFinite(c) && s < t) {
          if (deterministic) {
            k.meanStep(theta, x, s, e, next);
          } else {
            k.sample(theta, x, s, e, rng, draws, next);
          }
          System.arraycopy(next, 0, x, 0, x.length);
          s++;
          c = k.cost(theta, x, s, e);
        }
        throw new NumericalException(k.modelName() + ": evaluation episode " + e + " of " + episodes + ": "
            + (Double.isFinite(c) ? "its summed cost = " + cost + " (each cost is finite: their sum overflowed)"
                : "the cost L(x_" + s + ") = " + c + " at step " + s)
            + ". " + NumericalException.ADVICE, theta);
      }
      total += cost;
      steps += t;
    }
    return new Evaluation(total / episodes, (double) steps / episodes, episodes);
  }

  private static void checkState(ChainKernel k, double[] x, int e, int episodes, int t, double[] theta) {
    int i = Numerics.firstNonFinite(x);
    if (i >= 0) {
      throw new NumericalException(k.modelName() + ": evaluation episode " + e + " of " + episodes + ": the state x_"
          + t + " has x[" + i + "] = " + x[i] + " at step " + t + " (the dynamics diverged). "
          + NumericalException.ADVICE, theta);
    }
  }
}
