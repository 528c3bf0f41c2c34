package org.dsojava.plots;

import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/** x' = θ·x + N(0, 0.1²) in one dimension; only what plotting a trajectory needs. */
final class RandomWalk implements ChainKernel {
  @Override public String modelName() { return "RandomWalk"; }
  @Override public int paramCount() { return 1; }
  @Override public int stateDim() { return 1; }
  @Override public int drawCount() { return 1; }
  @Override public int bottleneckDim() { return 0; }
  @Override public Setting setting() { return Setting.FIRST_EXIT; }
  @Override public double discount() { return 1.0; }
  @Override public int horizon() { return 20; }
  @Override public String paramName(int i) { return "a"; }
  @Override public void initialParams(long seed, double[] theta) { theta[0] = 0.9; }
  @Override public void initialState(double[] theta, int n, Rng rng, double[] x) { x[0] = 1.0; }

  @Override
  public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    draws[0] = rng.gaussian(theta[0] * x[0], 0.1);
    next[0] = draws[0];
  }

  @Override public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) { mean[0] = theta[0] * x[0]; }
  @Override public boolean terminal(double[] x, int t, int n) { return false; }
  @Override public double cost(double[] theta, double[] x, int t, int n) { return x[0] * x[0]; }
  @Override public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) { throw new UnsupportedOperationException(); }
  @Override public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] g) { throw new UnsupportedOperationException(); }
  @Override public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) { throw new UnsupportedOperationException(); }
  @Override public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v, double[] out) { throw new UnsupportedOperationException(); }
}
