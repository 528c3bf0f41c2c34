package org.dsojava.runtime.optim;

import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * A test chain whose numerical trouble can be dialled in: x' ~ N(a·x, σ²) with θ = (a, σ) and σ taken
 * as is (so σ = 0 is allowed, and makes ln P = −½(r/σ)² − ln σ NaN), cost x² (or a constant). The
 * first {@code exploding} rollouts of every batch jump to x = 1e10 at step 3 (a blow-up beyond any
 * threshold below that), and the first {@code nanCost} rollouts (or evaluation episodes) cost NaN at
 * step 2. Derivatives are by hand; discounted, γ = 0.95, horizon 20.
 */
final class Noisy implements ChainKernel {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final int exploding;
  private final int nanCost;
  private final double constantCost;
  private final double[] gw = new double[2];

  Noisy(int exploding, int nanCost, double constantCost) {
    this.exploding = exploding;
    this.nanCost = nanCost;
    this.constantCost = constantCost;
  }

  /** No trouble besides what θ brings. */
  Noisy() {
    this(0, 0, Double.NaN);
  }

  @Override
  public String modelName() {
    return "Noisy";
  }

  @Override
  public int paramCount() {
    return 2;
  }

  @Override
  public int stateDim() {
    return 1;
  }

  @Override
  public int drawCount() {
    return 1;
  }

  @Override
  public int bottleneckDim() {
    return 0;
  }

  @Override
  public Setting setting() {
    return Setting.DISCOUNTED;
  }

  @Override
  public double discount() {
    return 0.95;
  }

  @Override
  public int horizon() {
    return 20;
  }

  @Override
  public String paramName(int i) {
    return i == 0 ? "a" : "sigma";
  }

  @Override
  public void initialParams(long seed, double[] theta) {
    theta[0] = 0.5;
    theta[1] = 0.3;
  }

  @Override
  public void initialState(double[] theta, int n, Rng rng, double[] x) {
    x[0] = rng.uniform() * 2 - 1;
  }

  @Override
  public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    double v = theta[0] * x[0] + theta[1] * rng.gaussian();
    if (n < exploding && t == 3) {
      v = 1e10;
    }
    draws[0] = v;
    next[0] = v;
  }

  @Override
  public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
    mean[0] = theta[0] * x[0];
  }

  @Override
  public boolean terminal(double[] x, int t, int n) {
    return false;
  }

  @Override
  public double cost(double[] theta, double[] x, int t, int n) {
    if (n < nanCost && t == 2) {
      return Double.NaN;
    }
    return Double.isNaN(constantCost) ? x[0] * x[0] : constantCost;
  }

  @Override
  public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
    double r = draws[0] - theta[0] * x[0];
    double s = theta[1];
    return -0.5 * (r * r) / (s * s) - Math.log(Math.abs(s)) - HALF_LOG_2PI;
  }

  @Override
  public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] g) {
    double r = draws[0] - theta[0] * x[0];
    double s = theta[1];
    g[0] += wP * r * x[0] / (s * s);
    g[1] += wP * (r * r / (s * s * s) - 1 / s);
  }

  @Override
  public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) {
    gw[0] = 0;
    gw[1] = 0;
    accumulateGradient(theta, x, t, n, draws, wL, wP, gw);
    return gw[0] * v[0] + gw[1] * v[1];
  }

  @Override
  public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v,
      double[] out) {
    double r = draws[0] - theta[0] * x[0];
    double s = theta[1];
    double haa = -x[0] * x[0] / (s * s);
    double has = -2 * r * x[0] / (s * s * s);
    double hss = -3 * r * r / (s * s * s * s) + 1 / (s * s);
    out[0] += wP * (haa * v[0] + has * v[1]);
    out[1] += wP * (has * v[0] + hss * v[1]);
  }
}
