package test;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Transition;

/** Three-way choice whose logits are a 3-dimensional bottleneck η = W x + b, drawn from logits. */
@Chain(stateDim = 2, discount = 0.9)
public class CategoricalBottleneck {
  @Param(length = 6, initStd = 0.5) double[] w;
  @Param(length = 3) double[] b;

  @Bottleneck(dim = 3)
  void logits(double[] x, double[] eta) {
    for (int k = 0; k < 3; k++) {
      eta[k] = w[2 * k] * x[0] + w[2 * k + 1] * x[1] + b[k];
    }
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] l = new double[3];
    logits(x, l);
    int a = noise.categoricalLogits(l);
    next[0] = noise.gaussian(0.5 * x[0] + (a - 1), 0.1);
    next[1] = x[1];
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1, 1);
    x[1] = noise.uniform(-1, 1);
  }
}
