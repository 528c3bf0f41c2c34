package org.dsojava.samples;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.CategoricalHead;
import org.dsojava.parts.Mlp;

/** CartPoleMlp without the {@code @Bottleneck} annotation: the same chain, differentiated the plain way. */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleMlpPlain {
  final CartPolePhysics physics = new CartPolePhysics();
  final Mlp policy = new Mlp(4, 64, 64, 1);

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int a = CategoricalHead.bernoulli(noise, policy.value(x));
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
