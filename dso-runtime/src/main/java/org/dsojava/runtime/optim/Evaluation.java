package org.dsojava.runtime.optim;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSet;

/**
 * Evaluates θ by fresh rollouts: either the stochastic chain, or the deterministic policy under the real
 * environment ({@link ChainKernel#samplePolicyMean}: the noise sites that depend on θ — the policy's actions
 * — at their means, for a discrete action the most likely one, while the environment's noise sites stay
 * random). Reports the mean, the spread and a 95% interval of the episode cost, and the episodes' costs
 * themselves (for success rates against a threshold).
 *
 * @param meanCost mean over episodes of the undiscounted summed cost (charged as in the estimator)
 * @param meanLength mean number of transitions
 * @param episodes episodes run
 * @param costStd the sample standard deviation of the episode costs (0 for one episode)
 * @param episodeCosts every episode's summed cost, in episode order
 * @param terminated how many episodes ended in a terminal state (the others were cut by the horizon)
 */
public record Evaluation(double meanCost, double meanLength, int episodes, double costStd, double[] episodeCosts,
    int terminated) {
  /** Mean return = −mean cost (for models whose cost is a negated reward). */
  public double meanReturn() {
    return -meanCost;
  }

  /** Half-width of the 95% normal confidence interval of the mean cost: 1.96 · std / √episodes. */
  public double confidence95() {
    return 1.959963984540054 * costStd / Math.sqrt(episodes);
  }

  /** The fraction of episodes whose summed cost is at most {@code cost} (a success threshold). */
  public double fractionAtMost(double cost) {
    int k = 0;
    for (double c : episodeCosts) {
      k += c <= cost ? 1 : 0;
    }
    return (double) k / episodes;
  }

  /** The fraction of episodes whose return (−cost) is at least {@code threshold} (e.g. 475 for CartPole-v1). */
  public double successRate(double returnThreshold) {
    return fractionAtMost(-returnThreshold);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "mean cost %.6g ± %.3g (95%% CI, sd %.3g) over %d episodes,"
        + " mean length %.1f, %d terminated", meanCost, confidence95(), costStd, episodes, meanLength, terminated);
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
    if (k.chainReadsRecords()) {
      throw new IllegalArgumentException(k.modelName() + "'s chain reads recorded fields " + k.recordSchema()
          + ": its episodes are the data set's trajectories (eq. 99); use Evaluation.onTrajectories");
    }
    int cap = horizon > 0 ? horizon : k.horizon();
    if (cap <= 0) {
      throw new IllegalArgumentException(k.modelName() + " has no horizon; pass one to evaluate episodes of finite length");
    }
    int[] caps = new int[episodes];
    java.util.Arrays.fill(caps, cap);
    return episodes(k, theta, caps, deterministic, seed);
  }

  /**
   * Evaluates θ on the rollout-specific chains Pⁿ of a model whose chain reads recorded fields (eq. 99,
   * section 4.1): episode n runs trajectory n of {@code data} (all of them, in order) for at most
   * min(horizon, length(n) − 1) transitions (horizon 0: the kernel's), as the estimator caps them. The
   * kernel is bound to {@code data}. The deterministic policy and the charging of the cut state are as in
   * {@link #run}.
   */
  public static Evaluation onTrajectories(ChainKernel k, double[] theta, DataSet data, boolean deterministic,
      long seed, int horizon) {
    Numerics.nonNull(k, "kernel is null; pass a kernel of the model, e.g. MyModelDso.kernel()");
    Numerics.nonNull(data, "data set is null; pass the recorded trajectories the chain reads");
    Numerics.checkTheta(k, "θ", theta);
    if (!k.chainReadsRecords()) {
      throw new IllegalArgumentException(k.modelName() + "'s chain reads no recorded fields; use Evaluation.run");
    }
    DataCosts.bind(k, data);
    int h = horizon > 0 ? horizon : k.horizon() > 0 ? k.horizon() : Integer.MAX_VALUE;
    int[] caps = new int[data.trajectories()];
    for (int n = 0; n < caps.length; n++) {
      caps[n] = Math.min(h, data.length(n) - 1);
    }
    return episodes(k, theta, caps, deterministic, seed);
  }

  /** Episode e runs rollout index e for at most caps[e] transitions. */
  private static Evaluation episodes(ChainKernel k, double[] theta, int[] caps, boolean deterministic, long seed) {
    int episodes = caps.length;
    boolean chargeCut = k.setting() == org.dsojava.annotations.Setting.TIME_VARYING;
    Rng rng = new Rng(seed, Long.MAX_VALUE);
    double[] x = new double[k.stateDim()];
    double[] next = new double[k.stateDim()];
    double[] draws = new double[k.drawCount()];
    double total = 0;
    long steps = 0;
    int terminated = 0;
    double[] costs = new double[episodes];
    for (int e = 0; e < episodes; e++) {
      rng.reseed(seed ^ 0x5DEECE66DL, e);
      k.initialState(theta, e, rng, x);
      checkState(k, x, e, episodes, 0, theta);
      int t = 0;
      double cost = 0;
      int cap = caps[e];
      while (true) {
        if (t == cap) {
          if (chargeCut) {
            cost += k.cost(theta, x, t, e);
          }
          break;
        }
        if (k.terminal(x, t, e)) {
          cost += k.cost(theta, x, t, e);
          terminated++;
          break;
        }
        cost += k.cost(theta, x, t, e);
        if (deterministic) {
          k.samplePolicyMean(theta, x, t, e, rng, draws, next);
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
            k.samplePolicyMean(theta, x, s, e, rng, draws, next);
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
      costs[e] = cost;
      steps += t;
    }
    double mean = total / episodes;
    return new Evaluation(mean, (double) steps / episodes, episodes, Numerics.sampleStd(costs, mean), costs,
        terminated);
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
