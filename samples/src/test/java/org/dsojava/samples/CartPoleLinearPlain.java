package org.dsojava.samples;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;

/** CartPoleLinear without the {@code @Bottleneck} annotation: the same chain, differentiated the plain way. */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleLinearPlain {
  final CartPolePhysics physics = new CartPolePhysics();

  /** Policy weights on (x, x_dot, theta, theta_dot). */
  @Param(length = 4)
  double[] w;

  /** Policy bias. */
  @Param
  double b;

  /** η = w·x + b, the logit of P(push right). */
  double logit(double[] x) {
    return w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] + b;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int a = noise.bernoulliLogit(logit(x));
    double[] force = new double[1];
    force[0] = a == 1 ? CartPolePhysics.FORCE_MAG : -CartPolePhysics.FORCE_MAG;
    physics.step(x, force, next);
  }

  @Terminal
  boolean fallen(double[] x) {
    return CartPolePhysics.fallen(x);
  }

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
