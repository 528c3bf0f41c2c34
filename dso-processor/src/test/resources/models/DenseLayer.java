package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A dense tanh layer of H = 8 rows (unroll-and-jam applies: four rows per pass), a running sum across rows
 * (it does not: each row reads the previous one's value), and a layer whose rows write a shared scalar
 * after reading it (it does not either). The dense layer's activations need no tape (each reverse
 * iteration reads only its own element); the look-ahead layer p[i] = tanh(v[i]·p[i + 1] + h[i]) does (the
 * reverse of row i − 1 reads the old p[i] that row i overwrote). draws = (x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class DenseLayer {
  static final int H = 8;

  @Param(length = H * 2, initStd = 0.5)
  double[] w;

  @Param(length = H)
  double[] b;

  @Param(length = H, initStd = 0.5)
  double[] v;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] h = new double[H];
    for (int i = 0; i < H; i++) {
      double z = b[i];
      for (int j = 0; j < 2; j++) {
        z += w[i * 2 + j] * x[j];
      }
      h[i] = Math.tanh(z);
    }
    double run = 0.0;
    double[] c = new double[H];
    for (int i = 0; i < H; i++) {
      double z = run;
      for (int j = 0; j < 2; j++) {
        z += 0.1 * w[i * 2 + j];
      }
      run = 0.5 * z;
      c[i] = run;
    }
    double u = 0.0;
    for (int i = 0; i < H; i++) {
      u += v[i] * h[i] + 0.01 * c[i];
    }
    double[] p = new double[H + 1];
    for (int i = 0; i <= H; i++) {
      p[i] = 0.3 * x[1] + 0.1 * i;
    }
    for (int i = 0; i < H; i++) {
      p[i] = Math.tanh(v[i] * p[i + 1] + h[i]);
    }
    next[0] = noise.gaussian(0.9 * x[0] + 0.1 * u, 0.2);
    next[1] = noise.gaussian(0.5 * x[1] + 0.05 * run + 0.1 * p[0], 0.3);
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
