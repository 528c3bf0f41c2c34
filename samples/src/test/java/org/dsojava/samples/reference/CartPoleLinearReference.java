package org.dsojava.samples.reference;

/**
 * Hand-written reference for {@code CartPoleLinear}. θ = (w[0..3], b); draws = (a), a ∈ {0, 1} as a double.
 *
 * <p>L(x) = terminal(x) ? 0 : −1 does not depend on θ. With η = w·x + b,
 * ln P(x'|x,θ) = ln σ(η) if a = 1 else ln(1 − σ(η)), so ∂ ln P/∂η = a − σ(η),
 * ∂/∂w_i = (a − σ(η))·x_i and ∂/∂b = a − σ(η).
 */
public final class CartPoleLinearReference {
  public static final int PARAM_COUNT = 5;
  public static final int STATE_DIM = 4;
  public static final int DRAW_COUNT = 1;

  private CartPoleLinearReference() {}

  /** η = w·x + b. */
  public static double logit(double[] theta, double[] x) {
    return theta[0] * x[0] + theta[1] * x[1] + theta[2] * x[2] + theta[3] * x[3] + theta[4];
  }

  public static double cost(double[] theta, double[] x) {
    return CartPoleDynamics.cost(x);
  }

  public static boolean terminal(double[] x) {
    return CartPoleDynamics.terminal(x);
  }

  /** The next state the recorded draws produce. */
  public static void transition(double[] x, double[] draws, double[] next) {
    CartPoleDynamics.step(x, (int) draws[0], next);
  }

  public static double logDensity(double[] theta, double[] x, double[] draws) {
    return RefMath.logBernoulliLogit(draws[0], logit(theta, x));
  }

  /** g += wL·∇θ L + wP·∇θ ln P. */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    double d = wP * (draws[0] - RefMath.sigmoid(logit(theta, x)));
    for (int i = 0; i < 4; i++) {
      g[i] += d * x[i];
    }
    g[4] += d;
  }
}
