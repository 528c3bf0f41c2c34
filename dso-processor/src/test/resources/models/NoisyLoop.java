package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * D decoupled AR(1) coordinates with θ-dependent coefficients and a θ-dependent noise std exp(logStd); a
 * common shock made of K draws inside a loop (each of std exp(logStd)) enters every coordinate.
 * draws = (e_0 .. e_{K-1}, x0' .. x_{D-1}').
 */
@Chain(stateDim = 3, setting = Setting.DISCOUNTED, discount = 0.9)
public class NoisyLoop {
  static final int D = 3;
  static final int K = 2;

  @Param(length = D, value = 0.8)
  double[] a;

  @Param(value = -1.0)
  double logStd;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double std = Math.exp(logStd);
    double shock = 0.0;
    for (int k = 0; k < K; k++) {
      double e = noise.gaussian(0.0, std);
      shock += 0.5 * e;
    }
    for (int i = 0; i < D; i++) {
      next[i] = noise.gaussian(a[i] * x[i] + shock, std);
    }
  }

  @Cost
  double cost(double[] x) {
    double c = 0.0;
    for (int i = 0; i < D; i++) {
      c += x[i] * x[i];
    }
    return c;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < D; i++) {
      x[i] = noise.gaussian(0.0, 1.0);
    }
  }
}
