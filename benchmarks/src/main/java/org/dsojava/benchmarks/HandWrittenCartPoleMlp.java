package org.dsojava.benchmarks;

import org.dsojava.runtime.Rng;

/**
 * A hand-written, allocation-free kernel of the samples' {@code CartPoleMlp} (CartPole-v1 under a
 * 4 → 64 tanh → 64 tanh → 1 logit policy, θ of 4545 entries in the generated layout): the "practical limit"
 * the generated {@code CartPoleMlpKernel} is measured against.
 *
 * <p>{@link #sample} draws the same action and reaches bitwise the same next state as the generated kernel
 * (same forward order, same {@link Rng} call, Gymnasium's Euler step). {@link #accumulateGradient}:
 * the cost has no θ, so g += wP·(a − σ(η))·∂η/∂θ, with a − σ(η) = s/(1 + e^{s·η}), s = 2a − 1 (no
 * cancellation), backpropagated by {@link TanhMlp64#backward} without a tape.
 *
 * <p>One instance per thread: it owns the activation and adjoint work arrays.
 */
public final class HandWrittenCartPoleMlp {
  public static final int PARAM_COUNT = 4 * 64 + 64 + 64 * 64 + 64 + 64 + 1;
  public static final int HORIZON = HandWrittenCartPole.HORIZON;

  private final double[] h1 = new double[TanhMlp64.H];
  private final double[] h2 = new double[TanhMlp64.H];
  private final double[] d1 = new double[TanhMlp64.H];
  private final double[] d2 = new double[TanhMlp64.H];

  /** x₀ ~ U(−0.05, 0.05)⁴, as {@link HandWrittenCartPole#initialState}. */
  public static void initialState(Rng rng, double[] x) {
    HandWrittenCartPole.initialState(rng, x);
  }

  public static boolean terminal(double[] x) {
    return HandWrittenCartPole.terminal(x);
  }

  /** x' ~ P(·|x,θ); records a in {@code draws[0]} and returns it. */
  public int sample(double[] theta, double[] x, Rng rng, double[] draws, double[] next) {
    double eta = TanhMlp64.forward(theta, x, 4, h1, h2);
    int a = rng.bernoulliLogit(eta);
    draws[0] = a;
    HandWrittenCartPole.euler(x[0], x[1], x[2], x[3], a == 1 ? 10.0 : -10.0, next);
    return a;
  }

  /** g += wL·∇L + wP·∇ln P with ∇L = 0. */
  public void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    if (wP == 0.0) {
      return;
    }
    double eta = TanhMlp64.forward(theta, x, 4, h1, h2);
    double s = draws[0] != 0.0 ? 1.0 : -1.0;
    double d = wP * (s / (1.0 + Math.exp(s * eta)));
    TanhMlp64.backward(theta, x, 4, d, h1, h2, d2, d1, g);
  }
}
