package org.dsojava.benchmarks.throughput;

import org.dsojava.annotations.Setting;
import org.dsojava.benchmarks.HandWrittenCartPole;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * {@link HandWrittenCartPole} behind the {@link ChainKernel} interface, so the runtime's estimator can
 * run the hand-written kernel: the difference to the generated kernel in the same estimator is the
 * kernel's cost, and the difference to a bare loop over {@link HandWrittenCartPole} is the runtime's.
 * Implements what Algorithm 1 calls (sample, meanStep, terminal, cost, accumulateGradient); the
 * second-order and bottleneck entry points are not needed there and throw.
 */
public final class HandCartPoleKernel implements ChainKernel {
  @Override
  public String modelName() {
    return "HandCartPole";
  }

  @Override
  public int paramCount() {
    return HandWrittenCartPole.PARAM_COUNT;
  }

  @Override
  public int stateDim() {
    return HandWrittenCartPole.STATE_DIM;
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
    return Setting.FIRST_EXIT;
  }

  @Override
  public double discount() {
    return 1.0;
  }

  @Override
  public int horizon() {
    return HandWrittenCartPole.HORIZON;
  }

  @Override
  public String paramName(int i) {
    return i < 4 ? "w[" + i + "]" : "b";
  }

  @Override
  public void initialParams(long seed, double[] theta) {
    java.util.Arrays.fill(theta, 0.0);
  }

  @Override
  public void initialState(double[] theta, int n, Rng rng, double[] x) {
    HandWrittenCartPole.initialState(rng, x);
  }

  @Override
  public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    HandWrittenCartPole.sample(theta, x, rng, draws, next);
  }

  @Override
  public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
    double eta = theta[0] * x[0] + theta[1] * x[1] + theta[2] * x[2] + theta[3] * x[3] + theta[4];
    HandWrittenCartPole.euler(x[0], x[1], x[2], x[3], eta >= 0.0 ? 10.0 : -10.0, mean);
  }

  @Override
  public boolean terminal(double[] x, int t, int n) {
    return HandWrittenCartPole.terminal(x);
  }

  @Override
  public double cost(double[] theta, double[] x, int t, int n) {
    return HandWrittenCartPole.terminal(x) ? 0.0 : -1.0;
  }

  @Override
  public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
    double eta = theta[0] * x[0] + theta[1] * x[1] + theta[2] * x[2] + theta[3] * x[3] + theta[4];
    double z = (draws[0] != 0.0 ? -1.0 : 1.0) * eta;
    return -(Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z))));
  }

  @Override
  public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] g) {
    HandWrittenCartPole.accumulateGradient(theta, x, draws, wL, wP, g);
  }

  @Override
  public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) {
    throw new UnsupportedOperationException("jvp");
  }

  @Override
  public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v,
      double[] out) {
    throw new UnsupportedOperationException("hvp");
  }
}
