package org.dsojava.samples.sysid;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.DataCost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * System identification (paper section 5.1, L_sysid; section 5.2): a torque-driven damped pendulum of known
 * length l = 1 whose gravity g, mass m and friction b are unknown, identified from recorded transitions
 * (x̄ₜ, āₜ, x̄ₜ₊₁) by the data cost block {@code sysid} = ‖x̄ₜ₊₁ − f(x̄ₜ, āₜ; g, m, b)‖² / dt². Dynamics
 * (semi-implicit Euler, dt = 0.05): ω' = ω + dt·(−(g/l)·sin φ + (u − b·ω)/(m l²)), φ' = φ + dt·ω'.
 * The chain (random torques, small state noise) makes the model a DSO chain too; identification uses the
 * data block alone ({@code rollouts(0)}).
 */
@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 100)
public class PendulumSysId {
  static final double DT = 0.05;
  static final double L = 1.0;

  /** Gravity (initial guess 9). */
  @Param(value = 9.0)
  double g;

  /** Mass (initial guess 1.5). */
  @Param(value = 1.5)
  double m;

  /** Viscous friction (initial guess 0). */
  @Param(value = 0.0)
  double friction;

  /** f(x, u; g, m, b): one semi-implicit Euler step. */
  void physics(double[] x, double u, double[] next) {
    double acc = -g / L * Math.sin(x[0]) + (u - friction * x[1]) / (m * L * L);
    double w = x[1] + DT * acc;
    next[0] = x[0] + DT * w;
    next[1] = w;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double u = noise.gaussian(0.0, 1.0);
    double[] mean = new double[2];
    physics(x, u, mean);
    next[0] = noise.gaussian(mean[0], 0.001);
    next[1] = noise.gaussian(mean[1], 0.01);
  }

  @Cost
  double cost(double[] x) {
    return 0.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = 0.0;
  }

  /** L_sysid: the squared one-step prediction error of the recorded transition, scaled by 1/dt². */
  @DataCost
  double sysid(@Recorded(value = "x", length = 2) double[] x, @Recorded(value = "u", length = 1) double[] u,
      @Recorded(value = "x", length = 2, ahead = 1) double[] xNext) {
    double[] predicted = new double[2];
    physics(x, u[0], predicted);
    double e0 = (xNext[0] - predicted[0]) / DT;
    double e1 = (xNext[1] - predicted[1]) / DT;
    return e0 * e0 + e1 * e1;
  }
}
