package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Rollout;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A point mass pushed by a noisy linear policy; the mass (1, 1.5 or 2) and the cost weight of the position
 * depend on the rollout index n (domain randomization), and so does the initial position.
 * Additive state noise written both as e + noise and noise + e. draws = (force, x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9, horizon = 50)
public class DomainRandomized {
  static final double DT = 0.1;
  static final int VARIANTS = 3;

  @Param(length = 2, value = 0.3)
  double[] w;

  double mass(int n) {
    return 1.0 + 0.5 * (n % VARIANTS);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next, @Rollout int n) {
    double force = noise.gaussian(-(w[0] * x[0] + w[1] * x[1]), 0.5);
    double acc = force / mass(n);
    next[0] = x[0] + DT * x[1] + noise.gaussian(0.0, 0.02);
    next[1] = noise.gaussian(0.0, 0.02) + x[1] + DT * acc;
  }

  @Cost
  double cost(double[] x, @Rollout int n) {
    double scale = n % 2 == 0 ? 1.0 : 2.0;
    return scale * x[0] * x[0] + 0.1 * x[1] * x[1];
  }

  @Initial
  void reset(Noise noise, double[] x, @Rollout int n) {
    x[0] = n % 2 == 0 ? 1.0 : -1.0;
    x[1] = noise.uniform(-0.1, 0.1);
  }
}
