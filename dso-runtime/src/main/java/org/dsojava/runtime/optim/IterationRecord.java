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
 */
public record IterationRecord(int iteration, long envSteps, double meanCost, double gradientNorm, int blowups,
    double seconds) {}
