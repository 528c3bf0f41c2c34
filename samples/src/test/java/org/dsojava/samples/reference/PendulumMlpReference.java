package org.dsojava.samples.reference;

/**
 * Hand-written reference for {@code PendulumMlp}, with Gymnasium {@code Pendulum-v1}
 * ({@code gymnasium/envs/classic_control/pendulum.py}) transcribed independently.
 *
 * <p>State x = (th, thdot, c), c the Gymnasium cost of the step that led to x (0 at x_0); L(x) = c, free of θ.
 * θ = (w1[192], b1[64], w2[4096], b2[64], w3[64], b3, logStd), row-major ({@code w1[i*3 + j]}); draws = (a),
 * the unclipped action. With μ = MLP(cos th, sin th, thdot) and σ = e^logStd,
 * ln P = −½((a − μ)/σ)² − logStd − ½ ln 2π, so ∂ ln P/∂μ = (a − μ)/σ² (back-propagated through the MLP) and
 * ∂ ln P/∂logStd = ((a − μ)/σ)² − 1.
 */
public final class PendulumMlpReference {
  public static final double MAX_SPEED = 8;
  public static final double MAX_TORQUE = 2.0;
  public static final double DT = 0.05;
  public static final double G = 10.0;
  public static final double M = 1.0;
  public static final double L = 1.0;
  public static final int HORIZON = 200;

  public static final int OBS = 3;
  public static final int H = 64;
  public static final int LOG_STD = H * OBS + H + H * H + H + H + 1;
  public static final int PARAM_COUNT = LOG_STD + 1;
  public static final int STATE_DIM = 3;
  public static final int DRAW_COUNT = 1;

  private PendulumMlpReference() {}

  /** Gymnasium's {@code angle_normalize}: ((x + π) mod 2π) − π with Python's floored modulo. */
  public static double angleNormalize(double x) {
    double y = x + Math.PI;
    double m = 2 * Math.PI;
    double r = y % m; // Java's % truncates; Python's % floors
    if (r < 0) {
      r += m;
    }
    return r - Math.PI;
  }

  /** Gymnasium's step cost (the negated reward) of action {@code a} at (th, thdot). */
  public static double gymCost(double th, double thdot, double a) {
    double u = Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
    double an = angleNormalize(th);
    return an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
  }

  /** The observation (cos th, sin th, thdot). */
  public static double[] observation(double[] x) {
    return new double[] {Math.cos(x[0]), Math.sin(x[0]), x[1]};
  }

  /** Policy mean μ(x). */
  public static double mean(double[] theta, double[] x) {
    return new TanhMlp(OBS, H, 0).forward(theta, observation(x));
  }

  public static double cost(double[] theta, double[] x) {
    return x[2];
  }

  /** The next state the recorded draws produce. */
  public static void transition(double[] x, double[] draws, double[] next) {
    double th = x[0];
    double thdot = x[1];
    double u = Math.min(Math.max(draws[0], -MAX_TORQUE), MAX_TORQUE);
    double newthdot = thdot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    next[0] = th + newthdot * DT;
    next[1] = newthdot;
    next[2] = gymCost(th, thdot, draws[0]);
  }

  public static double logDensity(double[] theta, double[] x, double[] draws) {
    return RefMath.logGaussian(draws[0], mean(theta, x), Math.exp(theta[LOG_STD]));
  }

  /** g += wL·∇θ L + wP·∇θ ln P (∇θ L = 0). */
  public static void accumulateGradient(double[] theta, double[] x, double[] draws, double wL, double wP,
      double[] g) {
    TanhMlp net = new TanhMlp(OBS, H, 0);
    double[] obs = observation(x);
    double mu = net.forward(theta, obs);
    double sigma = Math.exp(theta[LOG_STD]);
    double z = (draws[0] - mu) / sigma;
    net.backward(theta, obs, wP * z / sigma, g);
    g[LOG_STD] += wP * (z * z - 1);
  }
}
