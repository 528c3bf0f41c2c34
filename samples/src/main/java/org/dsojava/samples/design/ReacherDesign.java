package org.dsojava.samples.design;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Mechanism design on a point-mass reacher (section 5.2, eq. 95): the moving mass m (θ_f, initial design 1) is
 * optimized with the feedback gain K (θ_μ). x = (p, v), p the distance to the target; a deterministic policy
 * u = −K x (D-MDP) drives m's acceleration u/m, and the state noise w ~ N(0, σ_w² I) is the noise site through
 * which θ reaches the next state: x' = A x + (B/m)·u + w. Cost L_Dmdp = r(x, μ(x)) = p² + 0.1 v² + R u². A lighter
 * body needs less force for the same motion, so the task cost falls all the way to m → 0: only a prior keeps
 * the design physical. θ = (k[0], k[1], mass).
 */
@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 200)
public class ReacherDesign {
  static final double DT = 0.1;
  static final double B0 = 0.5 * DT * DT;
  static final double B1 = DT;
  static final double Q0 = 1.0;
  static final double Q1 = 0.1;
  static final double R = 0.1;
  static final double SIGMA_W = 0.05;

  @Param(length = 2)
  double[] k;

  /** The moving mass, a design parameter (initial design 1). */
  @Param(value = 1.0)
  double mass;

  double force(double[] x) {
    return -(k[0] * x[0] + k[1] * x[1]);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    double acc = force(x) / mass;
    next[0] = noise.gaussian(x[0] + DT * x[1] + B0 * acc, SIGMA_W);
    next[1] = noise.gaussian(x[1] + B1 * acc, SIGMA_W);
  }

  @Cost
  double cost(double[] x) {
    double u = force(x);
    return Q0 * x[0] * x[0] + Q1 * x[1] * x[1] + R * u * u;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
    x[1] = noise.uniform(-1.0, 1.0);
  }
}
