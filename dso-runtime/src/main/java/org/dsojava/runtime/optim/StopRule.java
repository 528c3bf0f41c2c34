package org.dsojava.runtime.optim;

import org.dsojava.runtime.ChainKernel;

/** Ends an optimization early once θ is good enough (checked after every step). */
public interface StopRule {
  boolean done(double[] theta, int iteration);

  /**
   * Stops once the deterministic (mean-step) policy's mean cost over {@code episodes} evaluation
   * episodes is at most {@code targetCost} (for reward tasks, a cost of −(target return)). The
   * evaluation's transitions are not counted as training env steps.
   */
  static StopRule meanCostAtMost(KernelFactory factory, int episodes, double targetCost, long seed) {
    ChainKernel k = factory.create();
    return (theta, iteration) -> Evaluation.run(k, theta, episodes, true, seed, 0).meanCost() <= targetCost;
  }
}
