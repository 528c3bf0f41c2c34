package org.dsojava.runtime.optim;

/**
 * A numerical blow-up the runtime will not average over or step with: a batch in which more than half
 * of the rollouts blew up (all of them, in particular), or a non-finite mean cost, gradient, baseline
 * fit, curvature product or θ update. The message names the model, the iteration, how many rollouts
 * blew up of how many, the first non-finite quantity (a state entry, a cost, ln P, or a gradient entry
 * by its parameter name) and what to try. Nothing non-finite is ever kept in θ: {@link #theta()} is
 * the last finite θ (the one the failing batch was drawn at, or θ before the rejected update), from
 * which a run can be resumed with safer settings.
 */
public final class NumericalException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** What the messages suggest. */
  static final String ADVICE = "Try: bound the noise scale away from 0 (e.g. σ = 0.01 + softplus(s) instead of"
      + " exp(s) or s), lower the learning rate or step size, clip the gradient norm (clipGradientNorm), add"
      + " parameter bounds, or start from a θ whose dynamics are stable";

  private final double[] theta;

  public NumericalException(String message) {
    this(message, null);
  }

  /** With the last finite θ (copied), or null if there is none to offer. */
  public NumericalException(String message, double[] theta) {
    super(message);
    this.theta = theta == null ? null : theta.clone();
  }

  /** The last finite θ (a copy), or null when the failure did not happen inside an optimization. */
  public double[] theta() {
    return theta == null ? null : theta.clone();
  }
}
