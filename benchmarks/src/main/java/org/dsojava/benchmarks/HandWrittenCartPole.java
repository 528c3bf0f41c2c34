package org.dsojava.benchmarks;

import org.dsojava.runtime.Fdlibm;
import org.dsojava.runtime.Rng;

/**
 * A hand-written, allocation-free CartPole-v1 linear-policy kernel: what Algorithm 1 needs per step, written
 * as tightly as we can while staying bit-for-bit on the semantics of {@code CartPoleLinear} (Gymnasium's
 * Euler dynamics, the same {@link Rng} draws). It is the "practical limit" the generated
 * {@code CartPoleLinearKernel} is measured against.
 *
 * <p>θ = (w[0..3], b), η = w·x + b, a ~ Bernoulli(σ(η)), force = a == 1 ? +10 : −10. The cost has no θ, so
 * ∇L = 0 and g += wP·(a − σ(η))·(x, 1).
 *
 * <p>Choices made for speed, none of which changes a bit of the result against the generated kernel's
 * dynamics:
 * <ul>
 *   <li>no state, no work arrays, no tape: every quantity lives in a local;</li>
 *   <li>a − σ(η) needs one {@code exp} and no cancellation: with s = 2a − 1 ∈ {±1},
 *       a − σ(η) = s / (1 + e^{s·η}) (= σ(−η) for a = 1, −σ(η) for a = 0);</li>
 *   <li>{@link #sampleAndAccumulate} fuses the two calls and reuses the sampler's e^{−η}:
 *       a − σ(η) = (a == 1 ? e^{−η} : −1) / (1 + e^{−η}), so a whole step costs one {@code exp},
 *       one {@code sin} and one {@code cos};</li>
 *   <li>the dynamics are Gymnasium's expressions in Gymnasium's operation order (the divisions by the total
 *       mass are kept as divisions: multiplying by a reciprocal would change the last bits and, through the
 *       chaotic pole dynamics, eventually the draws).</li>
 * </ul>
 */
public final class HandWrittenCartPole {
  public static final int PARAM_COUNT = 5;
  public static final int STATE_DIM = 4;
  /** The {@code TimeLimit} of CartPole-v1. */
  public static final int HORIZON = 500;

  private static final double GRAVITY = 9.8;
  private static final double MASSCART = 1.0;
  private static final double MASSPOLE = 0.1;
  private static final double TOTAL_MASS = MASSPOLE + MASSCART;
  private static final double LENGTH = 0.5;
  private static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
  private static final double FORCE_MAG = 10.0;
  private static final double TAU = 0.02;
  private static final double X_THRESHOLD = 2.4;
  private static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;

  private HandWrittenCartPole() {}

  /** x₀ ~ U(−0.05, 0.05)⁴, the same draws as the generated {@code initialState}. */
  public static void initialState(Rng rng, double[] x) {
    x[0] = rng.uniform(-0.05, 0.05);
    x[1] = rng.uniform(-0.05, 0.05);
    x[2] = rng.uniform(-0.05, 0.05);
    x[3] = rng.uniform(-0.05, 0.05);
  }

  public static boolean terminal(double[] x) {
    double p = x[0];
    double th = x[2];
    return p < -X_THRESHOLD || p > X_THRESHOLD || th < -THETA_THRESHOLD_RADIANS || th > THETA_THRESHOLD_RADIANS;
  }

  /** x' ~ P(·|x,θ); records a in {@code draws[0]} (as the generated kernel does) and returns it. */
  public static int sample(double[] theta, double[] x, Rng rng, double[] draws, double[] next) {
    double x0 = x[0];
    double x1 = x[1];
    double x2 = x[2];
    double x3 = x[3];
    double eta = theta[0] * x0 + theta[1] * x1 + theta[2] * x2 + theta[3] * x3 + theta[4];
    int a = rng.bernoulliLogit(eta);
    draws[0] = a;
    euler(x0, x1, x2, x3, a == 1 ? FORCE_MAG : -FORCE_MAG, next);
    return a;
  }

  /** g += wL·∇L + wP·∇ln P with ∇L = 0: g += wP·(a − σ(η))·(x, 1). */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    double x0 = x[0];
    double x1 = x[1];
    double x2 = x[2];
    double x3 = x[3];
    double eta = theta[0] * x0 + theta[1] * x1 + theta[2] * x2 + theta[3] * x3 + theta[4];
    double s = draws[0] != 0.0 ? 1.0 : -1.0;
    double d = wP * (s / (1.0 + Math.exp(s * eta)));
    g[0] += d * x0;
    g[1] += d * x1;
    g[2] += d * x2;
    g[3] += d * x3;
    g[4] += d;
  }

  /**
   * {@link #sample} and {@link #accumulateGradient} in one pass, sharing η and e^{−η}: for the case where
   * the gradient weight is known when the step is taken. Same draws and same next state as {@link #sample}.
   */
  public static int sampleAndAccumulate(double[] theta, double[] x, Rng rng, double wP, double[] draws,
      double[] next, double[] g) {
    double x0 = x[0];
    double x1 = x[1];
    double x2 = x[2];
    double x3 = x[3];
    double eta = theta[0] * x0 + theta[1] * x1 + theta[2] * x2 + theta[3] * x3 + theta[4];
    double e = Math.exp(-eta);
    double onePlusE = 1.0 + e;
    // Rng.bernoulliLogit(eta), inlined to share e: 1 with probability 1/(1+e^(−η)).
    int a = rng.uniform() * onePlusE < 1.0 ? 1 : 0;
    draws[0] = a;
    double d = wP * ((a == 1 ? e : -1.0) / onePlusE);
    g[0] += d * x0;
    g[1] += d * x1;
    g[2] += d * x2;
    g[3] += d * x3;
    g[4] += d;
    euler(x0, x1, x2, x3, a == 1 ? FORCE_MAG : -FORCE_MAG, next);
    return a;
  }

  /** Gymnasium's Euler step, in Gymnasium's operation order. */
  public static void euler(double x0, double xDot, double theta, double thetaDot, double force, double[] next) {
    double costheta = Fdlibm.cos(theta);
    double sintheta = Fdlibm.sin(theta);
    double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    double thetaacc = (GRAVITY * sintheta - costheta * temp)
        / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
    double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;
    next[0] = x0 + TAU * xDot;
    next[1] = xDot + TAU * xacc;
    next[2] = theta + TAU * thetaDot;
    next[3] = thetaDot + TAU * thetaacc;
  }
}
