package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A mixture step: a component c is drawn from probabilities computed by a hand-written, max-shifted
 * softmax of θ-dependent scores (noise.categorical), then x' is Gaussian around centers[c] + x/2 with a
 * local array initializer for the centers. draws = (c, x').
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9)
public class HandSoftmax {
  static final int K = 3;

  @Param(length = K, initStd = 0.5)
  double[] w;

  @Param(length = K)
  double[] b;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] p = new double[K];
    double mx = w[0] * x[0] + b[0];
    for (int k = 1; k < K; k++) {
      mx = Math.max(mx, w[k] * x[0] + b[k]);
    }
    double sum = 0.0;
    for (int k = 0; k < K; k++) {
      p[k] = Math.exp(w[k] * x[0] + b[k] - mx);
      sum += p[k];
    }
    for (int k = 0; k < K; k++) {
      p[k] /= sum;
    }
    int c = noise.categorical(p);
    double[] centers = {-1.0, 0.0, 1.5};
    next[0] = noise.gaussian(centers[c] + 0.5 * x[0], 0.3);
  }

  @Cost
  double cost(double[] x) {
    return (x[0] - 0.5) * (x[0] - 0.5);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.gaussian(0.0, 1.0);
  }
}
