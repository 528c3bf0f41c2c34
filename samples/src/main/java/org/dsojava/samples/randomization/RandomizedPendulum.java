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
 * Domain randomization as rollout-specific chains Pⁿ (section 4.1; section 5: "domain randomization itself is
 * easily incorporated in DSO by using different chains Pⁿ in different rollouts"): Pendulum-v1
 * ({@link MassPendulum}, x = (th, thdot, m)) whose initial state draws the pole mass m ~ U[MASS_LOW, MASS_HIGH],
 * which every later step carries unchanged. Rollout n thus runs the chain P_{mⁿ} of its own mass, and J is
 * E_m[J_m(θ)], estimated by fresh draws of m in every batch. It is {@link NominalPendulum} but for that one line
 * of the initial state. The policy does not see m: it must swing up pendulums of every mass in the range.
 */
@Chain(stateDim = 3, setting = Setting.TIME_VARYING, discount = 1.0, horizon = 200)
public class RandomizedPendulum {
  static final double PI = Math.PI;
  /** The training range of the mass (Gymnasium's is 1). */
  public static final double MASS_LOW = 0.5;
  public static final double MASS_HIGH = 3.0;

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

  /** Gymnasium's reset, and this rollout's mass. */
  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-PI, PI);
    x[1] = noise.uniform(-1.0, 1.0);
    x[2] = noise.uniform(MASS_LOW, MASS_HIGH);
  }
}
