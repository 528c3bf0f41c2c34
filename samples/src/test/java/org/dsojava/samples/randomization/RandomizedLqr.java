package org.dsojava.samples.randomization;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Domain randomization on the {@code Lqr} sample: the actuator gain g is a state entry, x = (position, velocity,
 * g), drawn by the initial state from U[G_LOW, G_HIGH] and carried unchanged, so rollout n runs the chain
 * x' = A x + gⁿ·B u + w of its own actuator (section 4.1). Everything else is {@code Lqr}'s (θ = K, the same
 * layout): u ~ N(−K x, σ_u²), which does not see g, and L = E_u[xᵀQx + R u²].
 */
@Chain(stateDim = 3, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 200)
public class RandomizedLqr {
  static final double DT = 0.1;
  static final double B0 = 0.5 * DT * DT;
  static final double B1 = DT;
  static final double Q0 = 1.0;
  static final double Q1 = 0.1;
  static final double R = 0.1;
  static final double SIGMA_U = 0.5;
  static final double SIGMA_W = 0.05;
  /** The training range of the actuator gain (the nominal {@code Lqr} has g = 1). */
  static final double G_LOW = 0.5;
  static final double G_HIGH = 12.0;

  @Param(length = 2)
  double[] k;

  double mean(double[] x) {
    return -(k[0] * x[0] + k[1] * x[1]);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(mean(x), SIGMA_U);
    double g = x[2];
    next[0] = noise.gaussian(x[0] + DT * x[1] + g * B0 * u, SIGMA_W);
    next[1] = noise.gaussian(x[1] + g * B1 * u, SIGMA_W);
    next[2] = g;
  }

  @Cost
  double cost(double[] x) {
    double mu = mean(x);
    return Q0 * x[0] * x[0] + Q1 * x[1] * x[1] + R * (mu * mu + SIGMA_U * SIGMA_U);
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
    x[2] = noise.uniform(G_LOW, G_HIGH);
  }
}
