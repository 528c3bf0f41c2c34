package org.dsojava.runtime.optim;

/**
 * One batch's result: the Algorithm 1 gradient estimate and what the batch saw.
 *
 * @param gradient the mean of the rollout gradients G₀ⁿ (Algorithm 1's last line)
 * @param meanCost the mean of the rollouts' cost R₀ⁿ (an estimate of J; for average cost, the mean
 *     cost per step after burn-in)
 * @param envSteps transitions sampled in this batch
 * @param rollouts rollouts that entered the estimate
 * @param blowups rollouts that blew up: ended early by a non-finite or blown-up state or cost, or left
 *     out because their summed cost, gradient or ln P was not finite (reported, not propagated; a batch
 *     with more than half blown up fails with a {@link NumericalException} instead)
 * @param meanLength mean number of transitions per rollout
 * @param rolloutCosts every rollout's summed cost R₀ⁿ in rollout order (NaN for a rollout left out as
 *     non-finite): for reward tasks, −(training-episode return) of the stochastic policy
 * @param rolloutSteps every rollout's number of transitions, in rollout order
 */
public record Estimate(double[] gradient, double meanCost, long envSteps, int rollouts, int blowups,
    double meanLength, double[] rolloutCosts, int[] rolloutSteps) {}
