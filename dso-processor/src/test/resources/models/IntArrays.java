package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * int[] arrays: a local new int[K] filled by a void helper taking an int[] parameter, an int[] initializer,
 * and int[] elements read in int contexts (as an index, inside a loop whose body the reverse sweep replays).
 * The θ entry g[j] weighting position i is chosen through the permutation idx[lag[i]]. draws = (x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class IntArrays {
  static final int K = 3;

  @Param(length = K, value = 0.5)
  double[] g;

  void order(double[] x, int[] idx) {
    idx[0] = x[0] > 0 ? 0 : 1;
    idx[1] = 1 - idx[0];
    idx[2] = 2;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int[] idx = new int[K];
    order(x, idx);
    int[] lag = {1, 0, 2};
    double m = 0.0;
    for (int i = 0; i < K; i++) {
      int j = idx[lag[i]];
      m += g[j] * g[j] * (i + 1);
    }
    next[0] = noise.gaussian(0.5 * x[0] + 0.1 * m, 0.2);
    next[1] = noise.gaussian(0.5 * x[1] + 0.1 * idx[0], 0.2);
  }

  @Cost
  double cost(double[] x) {
    int[] w = {1, 2};
    return w[0] * x[0] * x[0] + w[1] * x[1] * x[1];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
