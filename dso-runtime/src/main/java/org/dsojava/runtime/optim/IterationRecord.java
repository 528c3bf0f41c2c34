package org.dsojava.runtime.optim;

/**
 * One row of the learning curve.
 *
 * @param iteration 1-based
 * @param envSteps transitions sampled so far (all iterations)
 * @param meanCost the batch's estimate of J at the θ it was drawn with
 * @param gradientNorm ‖∇̃J‖ of the batch (prior included)
 * @param blowups rollouts of this batch ended by a non-finite or blown-up state
 * @param seconds wall time since the run started
 * @param rolloutCosts this batch's rollouts' summed costs in rollout order (NaN: left out as non-finite);
 *     for reward tasks the negated training-episode returns of the stochastic policy
 * @param rolloutSteps this batch's rollouts' transitions, in rollout order
 * @param dataCosts the value L_k(θ) of each data cost block of the objective at the θ the iteration
 *     started from, in the order they were added (the minibatch estimate for a minibatched block; empty
 *     without blocks); unweighted, see {@link Result#dataCostNames()}
 */
public record IterationRecord(int iteration, long envSteps, double meanCost, double gradientNorm, int blowups,
    double seconds, double[] rolloutCosts, int[] rolloutSteps, double[] dataCosts) {
  /** A row without data cost blocks. */
  public IterationRecord(int iteration, long envSteps, double meanCost, double gradientNorm, int blowups,
      double seconds, double[] rolloutCosts, int[] rolloutSteps) {
    this(iteration, envSteps, meanCost, gradientNorm, blowups, seconds, rolloutCosts, rolloutSteps, new double[0]);
  }

  /** A row without per-rollout detail. */
  public IterationRecord(int iteration, long envSteps, double meanCost, double gradientNorm, int blowups,
      double seconds) {
    this(iteration, envSteps, meanCost, gradientNorm, blowups, seconds, new double[0], new int[0], new double[0]);
  }

  /** The standard deviation of the batch's rollout costs about their mean (0 for fewer than 2 rollouts). */
  public double costStd() {
    return Numerics.sampleStd(rolloutCosts, meanCost);
  }

  /** An iteration's row with its batch's per-rollout costs and lengths. */
  static IterationRecord of(int iteration, long envSteps, Estimate e, double gradientNorm, double seconds,
      double[] dataCosts) {
    return new IterationRecord(iteration, envSteps, e.meanCost(), gradientNorm, e.blowups(), seconds,
        e.rolloutCosts(), e.rolloutSteps(), dataCosts);
  }
}
