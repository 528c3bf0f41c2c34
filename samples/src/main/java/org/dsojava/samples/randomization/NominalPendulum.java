package org.dsojava.samples.randomization;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.GaussianHead;
import org.dsojava.parts.Mlp;

/**
 * The baseline of the domain-randomization sample: Pendulum-v1 ({@link MassPendulum}, x = (th, thdot, m)) whose
 * every rollout has Gymnasium's mass m = 1. The model is {@link RandomizedPendulum} but for its initial state.
 * The policy is {@code PendulumMlp}'s: a ~ N(μ, σ²), μ = Mlp(cos th, sin th, thdot), which does not see m.
 */
@Chain(stateDim = 3, setting = Setting.TIME_VARYING, discount = 1.0, horizon = 200)
public class NominalPendulum {
  static final double PI = Math.PI;

  final Mlp policy = new Mlp(3, 64, 64, 1);
  final GaussianHead head = new GaussianHead(1);

  /** η = (policy mean, policy log-std); the mass x[2] is not an input. */
  @Bottleneck(dim = 2)
  void policy(double[] x, double[] eta) {
    double[] obs = new double[3];
    obs[0] = Math.cos(x[0]);
    obs[1] = Math.sin(x[0]);
    obs[2] = x[1];
    eta[0] = policy.value(obs);
    eta[1] = head.logStd(0);
  }

  /** One step; returns Gymnasium's cost ℓ(x, a) of it (an action-dependent step cost). */
  @Transition
  double step(double[] x, Noise noise, double[] next) {
    double[] eta = new double[2];
    policy(x, eta);
    return MassPendulum.step(x, GaussianHead.draw(noise, eta[0], eta[1]), next);
  }

  @Cost
  double cost(double[] x) {
    return 0.0;
  }

  /** Gymnasium's reset, and the nominal mass. */
  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-PI, PI);
    x[1] = noise.uniform(-1.0, 1.0);
    x[2] = MassPendulum.NOMINAL_MASS;
  }
}
