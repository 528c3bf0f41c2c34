package org.dsojava.runtime.optim;

import org.dsojava.runtime.ChainKernel;

/** Ends an optimization early once θ is good enough (checked after every step). */
public interface StopRule {
  boolean done(double[] theta, int iteration);

  /**
   * The environment steps the rule's own evaluations have used so far (0 for a rule that runs none). The
   * optimizers add them to the run's env-step count, so that a time-to-solve figure includes the episodes
   * that decided it was solved (docs/DESIGN.md §9: honest figures).
   */
  default long evaluationSteps() {
    return 0;
  }

  /**
   * Stops once the deterministic policy's mean cost over {@code episodes} fresh evaluation episodes is at
   * most {@code targetCost} (for reward tasks, a cost of −(target return)). The evaluation's transitions count
   * as environment steps of the run ({@link #evaluationSteps()}).
   */
  static StopRule meanCostAtMost(KernelFactory factory, int episodes, double targetCost, long seed) {
    ChainKernel k = factory.create();
    return new StopRule() {
      private long used;

      @Override
      public boolean done(double[] theta, int iteration) {
        Evaluation e = Evaluation.run(k, theta, episodes, true, seed, 0);
        used += Math.round(e.meanLength() * e.episodes());
        return e.meanCost() <= targetCost;
      }

      @Override
      public long evaluationSteps() {
        return used;
      }

      @Override
      public String toString() {
        return "mean cost of the deterministic policy over " + episodes + " episodes at most " + targetCost;
      }
    };
  }
}
