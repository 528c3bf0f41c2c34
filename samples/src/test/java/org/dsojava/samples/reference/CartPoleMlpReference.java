package org.dsojava.samples.reference;

/**
 * Hand-written reference for {@code CartPoleMlp}. θ = (w1[256], b1[64], w2[4096], b2[64], w3[64], b3),
 * row-major ({@code w1[i*4 + j]}, {@code w2[i*64 + j]}); draws = (a), a ∈ {0, 1} as a double.
 *
 * <p>L does not depend on θ. With η = MLP(x), ∂ ln P/∂η = a − σ(η), back-propagated through the two tanh
 * layers.
 */
public final class CartPoleMlpReference {
  public static final int IN = 4;
  public static final int H = 64;
  public static final int PARAM_COUNT = H * IN + H + H * H + H + H + 1;
  public static final int STATE_DIM = 4;
  public static final int DRAW_COUNT = 1;

  private CartPoleMlpReference() {}

  private static TanhMlp mlp() {
    return new TanhMlp(IN, H, 0);
  }

  /** η = MLP(x). */
  public static double logit(double[] theta, double[] x) {
    return mlp().forward(theta, x);
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

  /** g += wL·∇θ L + wP·∇θ ln P (∇θ L = 0). */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    TanhMlp net = mlp();
    double eta = net.forward(theta, x);
    net.backward(theta, x, wP * (draws[0] - RefMath.sigmoid(eta)), g);
  }
}
