package org.dsojava.samples.randomization;

import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * A pendulum kernel ({@link NominalPendulum} or {@link RandomizedPendulum}, state (th, thdot, m, c)) whose
 * initial state has the mass m fixed at a given value: the chain P_m of one held-out mass, for evaluating a
 * policy there with {@code Evaluation.run}. Everything else is the wrapped kernel's (the policy never reads m,
 * so both models' θ run on either).
 */
public final class AtMass implements ChainKernel {
  private final ChainKernel k;
  private final double mass;

  public AtMass(ChainKernel kernel, double mass) {
    if (!(mass > 0) || !Double.isFinite(mass)) {
      throw new IllegalArgumentException("mass = " + mass + " must be positive and finite");
    }
    if (kernel.stateDim() < 3) {
      throw new IllegalArgumentException(kernel.modelName() + " has state dimension " + kernel.stateDim()
          + "; the mass is x[2] of a pendulum model of this package");
    }
    this.k = kernel;
    this.mass = mass;
  }

  @Override
  public void initialState(double[] theta, int n, Rng rng, double[] x) {
    k.initialState(theta, n, rng, x);
    x[2] = mass;
  }

  @Override
  public String modelName() {
    return k.modelName() + " at m = " + mass;
  }

  @Override
  public int paramCount() {
    return k.paramCount();
  }

  @Override
  public int stateDim() {
    return k.stateDim();
  }

  @Override
  public int drawCount() {
    return k.drawCount();
  }

  @Override
  public int bottleneckDim() {
    return k.bottleneckDim();
  }

  @Override
  public Setting setting() {
    return k.setting();
  }

  @Override
  public double discount() {
    return k.discount();
  }

  @Override
  public int horizon() {
    return k.horizon();
  }

  @Override
  public String paramName(int i) {
    return k.paramName(i);
  }

  @Override
  public void initialParams(long seed, double[] theta) {
    k.initialParams(seed, theta);
  }

  @Override
  public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    k.sample(theta, x, t, n, rng, draws, next);
  }

  @Override
  public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
    k.meanStep(theta, x, t, n, mean);
  }

  @Override
  public void samplePolicyMean(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    k.samplePolicyMean(theta, x, t, n, rng, draws, next);
  }

  @Override
  public boolean terminal(double[] x, int t, int n) {
    return k.terminal(x, t, n);
  }

  @Override
  public double cost(double[] theta, double[] x, int t, int n) {
    return k.cost(theta, x, t, n);
  }

  @Override
  public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
    return k.logDensity(theta, x, t, n, draws);
  }

  @Override
  public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] g) {
    k.accumulateGradient(theta, x, t, n, draws, wL, wP, g);
  }

  @Override
  public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) {
    return k.jvp(theta, x, t, n, draws, wL, wP, v);
  }

  @Override
  public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v,
      double[] out) {
    k.hvp(theta, x, t, n, draws, wL, wP, v, out);
  }
}
