package org.dsojava.samples.design;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Mechanism design on the LQR sample (section 5.2): the double integrator's actuator gain g (the design, θ_f)
 * is optimized jointly with the feedback gain K (the policy, θ_μ): x' = A x + g·B u + w, u ~ N(−Kx, σ_u²), the
 * same cost as {@code Lqr} (E_u[xᵀQx + R u²]: a stronger actuator needs less command). θ = (k[0], k[1], g).
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 200)
public class LqrDesign {
  static final double DT = 0.1;
  static final double B0 = 0.5 * DT * DT;
  static final double B1 = DT;
  static final double Q0 = 1.0;
  static final double Q1 = 0.1;
  static final double R = 0.1;
  static final double SIGMA_U = 0.5;
  static final double SIGMA_W = 0.05;

  @Param(length = 2)
  double[] k;

  /** The actuator gain, a design parameter (initial design 1). */
  @Param(value = 1.0)
  double gain;

  double mean(double[] x) {
    return -(k[0] * x[0] + k[1] * x[1]);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(mean(x), SIGMA_U);
    next[0] = noise.gaussian(x[0] + DT * x[1] + gain * B0 * u, SIGMA_W);
    next[1] = noise.gaussian(x[1] + gain * B1 * u, SIGMA_W);
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
  }
}
