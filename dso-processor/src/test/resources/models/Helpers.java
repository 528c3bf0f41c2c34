package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A linear-in-features tanh policy built from helpers: a void helper fills a feature array, a value helper
 * takes two arrays (one of them a θ field) and loops over a.length, helpers call helpers, and a void helper
 * with the Noise parameter writes the next state. draws = (u, x0', x1', x2').
 */
@Chain(stateDim = 3, setting = Setting.AVERAGE)
public class Helpers {
  static final int F = 4;

  @Param(length = F, initStd = 0.3)
  double[] w;

  @Param(value = 0.1)
  double b;

  void features(double[] x, double[] phi) {
    phi[0] = x[0];
    phi[1] = x[1] * x[2];
    phi[2] = Math.sin(x[2]);
    phi[3] = 1.0;
  }

  double dot(double[] a, double[] c) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * c[i];
    }
    return s;
  }

  double squash(double z) {
    return Math.tanh(z);
  }

  double policyMean(double[] x) {
    double[] phi = new double[F];
    features(x, phi);
    return 2.0 * squash(dot(w, phi) + b);
  }

  double sq(double v) {
    return v * v;
  }

  void integrate(double[] x, double u, Noise noise, double[] next) {
    next[0] = noise.gaussian(x[0] + 0.1 * x[1], 0.05);
    next[1] = noise.gaussian(x[1] + 0.1 * u, 0.05);
    next[2] = noise.gaussian(0.9 * x[2], 0.1);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(0.5 * policyMean(x) + this.b * sq(x[0]), 0.3);
    integrate(x, u, noise, next);
  }

  @Cost
  double cost(double[] x) {
    return sq(x[0]) + 0.5 * sq(x[1]) + 0.01 * sq(policyMean(x));
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < 3; i++) {
      x[i] = noise.uniform(-1.0, 1.0);
    }
  }
}
