package test;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Transition;

/** Three-way choice with probabilities softmax(η) computed by hand and drawn with categorical(probs). */
@Chain(stateDim = 1, discount = 0.9)
public class ProbsBottleneck {
  @Param(length = 3, initStd = 0.5) double[] w;

  @Bottleneck(dim = 3)
  void scores(double[] x, double[] eta) {
    for (int k = 0; k < 3; k++) {
      eta[k] = w[k] * x[0];
    }
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] s = new double[3];
    scores(x, s);
    double[] p = new double[3];
    double z = 0;
    for (int k = 0; k < 3; k++) {
      p[k] = Math.exp(s[k]);
      z += p[k];
    }
    for (int k = 0; k < 3; k++) {
      p[k] = p[k] / z;
    }
    int a = noise.categorical(p);
    next[0] = noise.gaussian(0.5 * x[0] + a, 0.2);
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1, 1);
  }
}
