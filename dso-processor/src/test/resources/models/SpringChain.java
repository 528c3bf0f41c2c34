package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Three masses on springs between walls, pushed by two noisy controls u ~ N(−Kx, 0.5²): a loop whose
 * iterations differ only through comparisons of the index (the wall terms, which masses are pushed), so
 * unrolling must fold {@code i > 0 ? … : 0.0} and {@code i % 2 == 0 ? u[i / 2] : 0.0}; a branch on the index
 * that declares a local must stay a branch. draws = (u₀, u₁, x'₀, …, x'₅).
 */
@Chain(stateDim = 6, setting = Setting.DISCOUNTED, discount = 0.9)
public class SpringChain {
  static final int MASSES = 3;

  @Param(length = 12, initStd = 0.1)
  double[] k;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] u = new double[2];
    for (int c = 0; c < 2; c++) {
      double s = 0.0;
      for (int j = 0; j < 6; j++) {
        s += k[c * 6 + j] * x[j];
      }
      u[c] = noise.gaussian(-s, 0.5);
    }
    for (int i = 0; i < MASSES; i++) {
      double p = x[2 * i];
      double v = x[2 * i + 1];
      double left = i > 0 ? x[2 * i - 2] : 0.0;
      double right = i < MASSES - 1 ? x[2 * i + 2] : 0.0;
      double force = i % 2 == 0 && !(i > 2) ? u[i / 2] : 0.0;
      if (i == 1) {
        double d = 0.25 * v;
        v = v - d;
      }
      double acc = left - 2.0 * p + right - 0.5 * v + force;
      next[2 * i] = noise.gaussian(p + 0.1 * v, 0.05);
      next[2 * i + 1] = noise.gaussian(v + 0.1 * acc, 0.05);
    }
  }

  @Cost
  double cost(double[] x) {
    double c = 0.0;
    for (int j = 0; j < 6; j++) {
      c += x[j] * x[j];
    }
    return c;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < 6; i++) {
      x[i] = noise.uniform(-1.0, 1.0);
    }
  }
}
