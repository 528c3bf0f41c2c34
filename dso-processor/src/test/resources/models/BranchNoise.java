package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A state-dependent switch: for x0 > 0 two Gaussian sites (one with θ-dependent std), otherwise one uniform
 * site with a θ-dependent upper bound; then a Bernoulli site (θ logit) whose value decides by an if without
 * else whether to reflect x1'. draws = (g0, g1, flip) or (u0, flip).
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)
public class BranchNoise {
  @Param(length = 2, value = 0.2)
  double[] m;

  @Param(value = -0.5)
  double logS;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    if (x[0] > 0) {
      next[0] = noise.gaussian(m[0] + 0.5 * x[0], Math.exp(logS));
      next[1] = noise.gaussian(m[1] * x[1], 0.2);
    } else {
      next[0] = noise.uniform(x[0] - 1.0, x[0] + 1.0 + m[0] * m[0]);
      next[1] = x[1];
    }
    int flip = noise.bernoulliLogit(m[1] - x[1]);
    if (flip == 1) {
      next[1] = -next[1];
    }
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + x[1] * x[1];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
