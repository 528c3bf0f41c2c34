package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Work arrays whose zero-fill must stay: {@code a} is written at six of its eight elements before all
 * eight are read, {@code r} is read (accumulated into) before it is written, and {@code s} is written
 * only under a condition. draws = (x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class PartialWrites {
  static final int N = 8;

  @Param(length = N, initStd = 0.5)
  double[] w;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] a = new double[N];
    for (int i = 0; i < N - 2; i++) {
      a[i] = Math.tanh(w[i] * x[0]);
    }
    double[] r = new double[N];
    for (int i = 0; i < N; i++) {
      r[i] = r[i] + w[i] * x[1];
    }
    double[] s = new double[N];
    for (int i = 0; i < N; i++) {
      if (w[i] > 0.0) {
        s[i] = w[i] * x[0];
      }
    }
    double u = 0.0;
    for (int i = 0; i < N; i++) {
      u += a[i] + 0.5 * r[i] * r[i] + s[i];
    }
    next[0] = noise.gaussian(0.9 * x[0] + 0.1 * u, 0.2);
    next[1] = noise.gaussian(0.5 * x[1], 0.3);
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + x[1] * x[1];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.gaussian(0.0, 1.0);
    x[1] = noise.gaussian(0.0, 1.0);
  }
}
