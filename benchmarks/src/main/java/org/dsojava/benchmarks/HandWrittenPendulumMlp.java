package org.dsojava.benchmarks;

import org.dsojava.runtime.Rng;

/**
 * A hand-written, allocation-free kernel of the samples' {@code PendulumMlp} (Pendulum-v1 under a Gaussian
 * policy a ~ N(μ, σ²), μ = MLP(cos th, sin th, thdot) with 3 → 64 tanh → 64 tanh → 1, σ = e^{logStd};
 * θ of 4482 entries in the generated layout, logStd last; x = (th, thdot, cost of the step that led here)).
 *
 * <p>{@link #sample} draws the same action and reaches bitwise the same next state as the generated
 * {@code PendulumMlpKernel} (same forward order, same {@link Rng} call, Gymnasium's expressions; sin th is
 * computed once and shared by the observation and the dynamics). {@link #accumulateGradient}: the cost
 * x[2] has no θ, and with z = (a − μ)/σ, ∂ln P/∂μ = z/σ and ∂ln P/∂logStd = z² − 1, so
 * g[logStd] += wP·(z² − 1) and wP·z/σ is backpropagated by {@link TanhMlp64#backward}.
 *
 * <p>One instance per thread: it owns the observation, activation and adjoint work arrays.
 */
public final class HandWrittenPendulumMlp {
  public static final int PARAM_COUNT = 3 * 64 + 64 + 64 * 64 + 64 + 64 + 1 + 1;
  public static final int LOG_STD = PARAM_COUNT - 1;
  /** The {@code TimeLimit} of Pendulum-v1; there are no terminal states. */
  public static final int HORIZON = 200;

  private static final double PI = Math.PI;
  private static final double TWO_PI = 2 * Math.PI;

  private final double[] obs = new double[3];
  private final double[] h1 = new double[TanhMlp64.H];
  private final double[] h2 = new double[TanhMlp64.H];
  private final double[] d1 = new double[TanhMlp64.H];
  private final double[] d2 = new double[TanhMlp64.H];

  /** th ~ U(−π, π), thdot ~ U(−1, 1), c = 0: the generated {@code initialState}'s draws. */
  public static void initialState(Rng rng, double[] x) {
    x[0] = rng.uniform(-PI, PI);
    x[1] = rng.uniform(-1.0, 1.0);
    x[2] = 0.0;
  }

  /** x' ~ P(·|x,θ); records and returns the unclipped action a ({@code draws[0]}). */
  public double sample(double[] theta, double[] x, Rng rng, double[] draws, double[] next) {
    double th = x[0];
    double thdot = x[1];
    double sinTh = Math.sin(th);
    obs[0] = Math.cos(th);
    obs[1] = sinTh;
    obs[2] = thdot;
    double mu = TanhMlp64.forward(theta, obs, 3, h1, h2);
    double a = rng.gaussian(mu, Math.exp(theta[LOG_STD]));
    draws[0] = a;
    double u = Math.min(Math.max(a, -2.0), 2.0);
    double y = th + PI;
    double an = y - TWO_PI * Math.floor(y / TWO_PI) - PI;
    // 3g/(2l) = 15 and 3/(m l²) = 3, as javac folds the model's constant expressions.
    double newthdot = thdot + (15.0 * sinTh + 3.0 * u) * 0.05;
    newthdot = Math.min(Math.max(newthdot, -8.0), 8.0);
    next[0] = th + newthdot * 0.05;
    next[1] = newthdot;
    next[2] = an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
    return a;
  }

  /** g += wL·∇L + wP·∇ln P with ∇L = 0. */
  public void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    if (wP == 0.0) {
      return;
    }
    double th = x[0];
    obs[0] = Math.cos(th);
    obs[1] = Math.sin(th);
    obs[2] = x[1];
    double mu = TanhMlp64.forward(theta, obs, 3, h1, h2);
    double sigma = Math.exp(theta[LOG_STD]);
    double z = (draws[0] - mu) / sigma;
    g[LOG_STD] += wP * (z * z - 1.0);
    TanhMlp64.backward(theta, obs, 3, wP * z / sigma, h1, h2, d2, d1, g);
  }
}
