package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Static final double/int/boolean constants in array lengths, loop bounds (N * 2 + 1, Constants.N) and
 * arithmetic; int-to-double casts; prefix and postfix ++/--; a local array whose initializer reads θ; x'
 * drawn with noise.draw("gaussian", ...) in a loop. Average-cost setting. draws = (x0', x1', x2').
 */
@Chain(stateDim = 3, setting = Setting.AVERAGE)
public class Constants {
  static final int N = 3;
  static final int LEN = 2 * N + 1;
  static final double GAIN = 0.5;
  static final double HALF = GAIN / 2;
  static final boolean DAMPED = true;

  @Param(length = N, value = 0.1)
  double[] k;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double[] buf = new double[LEN];
    double[] diff = new double[N * 2 - 1];
    for (int i = 0; i < N * 2 + 1; i++) {
      buf[i] = (double) i * HALF + x[i % N];
    }
    for (int i = 0; i < diff.length; i++) {
      diff[i] = buf[i + 1] - buf[i];
    }
    int j = N;
    j--;
    --j;
    ++j;
    j++;
    double[] mix = {k[0] * k[1], 1.0 - k[2], 2.0};
    double damp = DAMPED ? 0.9 : 1.0;
    for (int i = 0; i < Constants.N; i++) {
      double mu = damp * x[i] + k[i] * diff[(i + j) % diff.length] + 0.1 * mix[i];
      next[i] = noise.draw("gaussian", mu, 0.1);
    }
  }

  @Cost
  double cost(double[] x) {
    double c = 0.0;
    for (int i = 0; i <= N - 1; i++) {
      c += (i + 1) * x[i] * x[i];
    }
    return c / N;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < LEN / 2; i++) {
      x[i] = noise.uniform(-1.0, 1.0);
    }
  }
}
