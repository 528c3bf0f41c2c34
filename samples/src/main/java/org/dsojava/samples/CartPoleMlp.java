package org.dsojava.samples;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.CategoricalHead;
import org.dsojava.parts.Mlp;

/**
 * Gymnasium {@code CartPole-v1} under a stochastic MLP policy (4 → 64 tanh → 64 tanh → 1 logit), as a
 * first-exit DSO chain, built from parts: the physics is {@link CartPolePhysics} (shared with
 * {@link CartPoleLinear}; termination, reset, horizon and cost are those of CartPoleLinear, see there for
 * the cost timing), the policy network is the library's {@link Mlp}.
 *
 * <p><b>Policy</b>: P(a = 1) = σ(η), force = a == 1 ? +10 : −10, with the bottleneck
 * η = w3·tanh(W2·tanh(W1·x + b1) + b2) + b3. θ layout (4545 entries): {@code policy.hidden1.w[256],
 * policy.hidden1.b[64], policy.hidden2.w[4096], policy.hidden2.b[64], policy.output.w[64],
 * policy.output.b[1]} (row-major weights, {@code w[i*in + j]} connects input j to unit i). Initialization:
 * weights N(0, 1/fan_in) (0.5 and 0.125), biases 0, and the output layer N(0, 0.01²) so the initial policy
 * is close to uniform (the usual policy-head initialization). One noise site: draws = (a).
 */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleMlp {
  final CartPolePhysics physics = new CartPolePhysics();
  final Mlp policy = new Mlp(4, 64, 64, 1);

  /** η = MLP(x), the logit of P(push right). */
  @Bottleneck
  double logit(double[] x) {
    return policy.value(x);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int a = CategoricalHead.bernoulli(noise, logit(x));
    double[] force = new double[1];
    force[0] = a == 1 ? CartPolePhysics.FORCE_MAG : -CartPolePhysics.FORCE_MAG;
    physics.step(x, force, next);
  }

  @Terminal
  boolean fallen(double[] x) {
    return CartPolePhysics.fallen(x);
  }

  /** −1 (reward 1) for each step taken from a live state; 0 at a terminal state. */
  @Cost
  double cost(double[] x) {
    return fallen(x) ? 0.0 : -1.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    for (int i = 0; i < 4; i++) {
      x[i] = noise.uniform(-0.05, 0.05);
    }
  }
}
