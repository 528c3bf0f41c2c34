package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * An action drawn uniformly from a θ-dependent interval [lo + w0·x, lo + w0·x + exp(logWidth)], the next
 * state from noise.draw("gaussian", ...) around a θ-weighted mix; the cost carries an L2 regularizer on
 * every θ entry (a loop over w.length) and a θ-dependent width penalty. draws = (a, x').
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.95)
public class Regularized {
  static final double LAMBDA = 0.01;

  @Param(length = 2, value = 0.5)
  double[] w;

  @Param(value = -1.0)
  double lo;

  @Param(value = 0.0)
  double logWidth;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double left = lo + w[0] * x[0];
    double a = noise.uniform(left, left + Math.exp(logWidth));
    next[0] = noise.draw("gaussian", 0.8 * x[0] + 0.1 * a, 0.2 + 0.1 * w[1] * w[1]);
  }

  @Cost
  double cost(double[] x) {
    double reg = 0.0;
    for (int i = 0; i < w.length; i++) {
      reg += w[i] * w[i];
    }
    return x[0] * x[0] + LAMBDA * (reg + lo * lo + logWidth * logWidth) + 0.1 * Math.exp(logWidth);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.draw("uniform", -1.0, 1.0);
  }
}
