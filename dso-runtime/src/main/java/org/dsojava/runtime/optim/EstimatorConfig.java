package org.dsojava.runtime.optim;

import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;

/**
 * How rollouts are drawn for one gradient estimate. Built by {@link DsoOptimizer}; every field is
 * validated with a message that says what to change.
 *
 * @param setting the objective (from the model's {@code @Chain} unless overridden)
 * @param discount γ
 * @param horizon rollout cap (0: none)
 * @param randomTermination stop each rollout with probability 1 − γ per step (section 4.1)
 * @param batch rollouts per estimate (N of Algorithm 1)
 * @param threads worker threads
 * @param seed the seed every rollout stream derives from
 * @param burnIn average cost: steps skipped before the stationary density is assumed reached
 * @param blowupThreshold a state entry beyond ±this (or non-finite) ends the rollout as blown up
 * @param tdLambda λ of the TD(λ) targets V̂ is fitted to (1: Monte Carlo returns); unless {@code gae},
 *     the gradient always uses the Monte Carlo R of Algorithm 1, so λ affects only the baseline, never
 *     the bias
 * @param antithetic draw rollouts in antithetic pairs: rollout 2j+1 of a batch uses the random stream
 *     of rollout 2j reflected ({@link org.dsojava.runtime.Rng#reseed(long, long, boolean)}); an odd
 *     batch's last rollout is unpaired. Each rollout is still drawn from the chain, so Algorithm 1's
 *     estimate stays unbiased; only the correlation between its N samples changes (default off)
 * @param gae optional, off by default: the gradient's R_{t+1} (eq. 59) is replaced by the same TD(λ)
 *     return V̂ is fitted to, as in generalized advantage estimation [13]. That trades bias (zero only
 *     when V̂ is exact) for less variance; with λ = 1 it changes nothing. Not for random termination:
 *     there the TD(λ) targets bootstrap V̂ at states known to survive their coin flip, which V̂
 *     underestimates
 */
public record EstimatorConfig(Setting setting, double discount, int horizon, boolean randomTermination,
    int batch, int threads, long seed, int burnIn, double blowupThreshold, double tdLambda, boolean antithetic,
    boolean gae) implements java.io.Serializable {

  /** Algorithm 1's unbiased estimator over independent rollouts ({@code antithetic} and {@code gae} off). */
  public EstimatorConfig(Setting setting, double discount, int horizon, boolean randomTermination, int batch,
      int threads, long seed, int burnIn, double blowupThreshold, double tdLambda) {
    this(setting, discount, horizon, randomTermination, batch, threads, seed, burnIn, blowupThreshold, tdLambda, false,
        false);
  }

  public EstimatorConfig {
    if (setting == null) {
      throw new IllegalArgumentException("setting is null; pass one of " + java.util.Arrays.toString(Setting.values()));
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch = " + batch + ": a batch needs at least 1 rollout; set batch(n) with n >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ": use at least 1 thread");
    }
    if (!(discount > 0 && discount <= 1)) {
      throw new IllegalArgumentException("discount γ = " + discount + " is outside (0, 1]; set discount(γ) with 0 < γ <= 1");
    }
    if (horizon < 0) {
      throw new IllegalArgumentException("horizon = " + horizon + " is negative; use 0 for no cap or a positive step count");
    }
    if (!(tdLambda >= 0 && tdLambda <= 1)) {
      throw new IllegalArgumentException("tdLambda = " + tdLambda + " is outside [0, 1]; 1 fits V̂ to Monte Carlo returns");
    }
    if (!(blowupThreshold > 0)) {
      throw new IllegalArgumentException("blowupThreshold = " + blowupThreshold + " must be positive");
    }
    if (randomTermination && (setting != Setting.DISCOUNTED || discount >= 1)) {
      throw new IllegalArgumentException("random termination realizes a discount γ < 1 and applies to DISCOUNTED chains;"
          + " this chain is " + setting + " with γ = " + discount);
    }
    switch (setting) {
      case AVERAGE:
        if (discount != 1) {
          throw new IllegalArgumentException("the average-cost setting is undiscounted, but γ = " + discount + "; set discount(1)");
        }
        if (horizon == 0) {
          throw new IllegalArgumentException("the average-cost setting needs long rollouts of a fixed length; set horizon(T)");
        }
        if (burnIn < 0 || burnIn >= horizon) {
          throw new IllegalArgumentException("burnIn = " + burnIn + " must be in [0, horizon = " + horizon + ")");
        }
        break;
      case TIME_VARYING:
        if (horizon == 0) {
          throw new IllegalArgumentException("a time-varying chain needs its horizon T; set horizon(T)");
        }
        if (discount != 1) {
          throw new IllegalArgumentException("time-varying chains are undiscounted (fold discounting into L_t), but γ = " + discount);
        }
        break;
      case DISCOUNTED:
        if (horizon == 0 && !randomTermination) {
          throw new IllegalArgumentException("a DISCOUNTED chain without a horizon needs random termination;"
              + " set horizon(T) or randomTermination(true)");
        }
        break;
      default:
        break;
    }
  }

  /** The same configuration on {@code n} threads (results do not depend on the thread count). */
  public EstimatorConfig withThreads(int n) {
    return new EstimatorConfig(setting, discount, horizon, randomTermination, batch, n, seed, burnIn, blowupThreshold,
        tdLambda, antithetic, gae);
  }

  /** Checks what only the kernel knows. */
  void validateAgainst(ChainKernel k) {
    if (k.stateDim() < 1 || k.drawCount() < 0 || k.paramCount() < 0) {
      throw new IllegalArgumentException(k.modelName() + " reports an invalid shape: stateDim " + k.stateDim()
          + ", drawCount " + k.drawCount() + ", paramCount " + k.paramCount());
    }
  }
}
