package org.dsojava.benchmarks.models;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Transition;

/** {@link MlpFlat} written with loops: the same network, operations and summation order. */
@Chain(stateDim = 4, discount = 0.99)
public class MlpLoops {
  @Param(length = 256, initStd = 0.5) double[] w1;
  @Param(length = 64, initStd = 0.1) double[] b1;
  @Param(length = 4096, initStd = 0.125) double[] w2;
  @Param(length = 64, initStd = 0.1) double[] b2;
  @Param(length = 64, initStd = 0.1) double[] w3;
  @Param(initStd = 0.1) double b3;
  @Param(value = -0.5) double logStd;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] h0 = new double[64];
    for (int i = 0; i < 64; i++) {
      double z = b1[i];
      for (int j = 0; j < 4; j++) {
        z += w1[i * 4 + j] * x[j];
      }
      h0[i] = Math.tanh(z);
    }
    double[] h1 = new double[64];
    for (int i = 0; i < 64; i++) {
      double z = b2[i];
      for (int j = 0; j < 64; j++) {
        z += w2[i * 64 + j] * h0[j];
      }
      h1[i] = Math.tanh(z);
    }
    double mu = b3;
    for (int j = 0; j < 64; j++) {
      mu += w3[j] * h1[j];
    }
    double a = noise.gaussian(mu, Math.exp(logStd));
    next[0] = x[0] + 0.05 * x[1];
    next[1] = x[1] + 0.05 * (a - 0.3 * x[2]);
    next[2] = x[2] + 0.05 * x[3];
    next[3] = x[3] + 0.05 * (x[2] - a);
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + 0.1 * x[1] * x[1] + x[2] * x[2] + 0.1 * x[3] * x[3];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < 4; i++) {
      x[i] = noise.uniform(-0.5, 0.5);
    }
  }
}
