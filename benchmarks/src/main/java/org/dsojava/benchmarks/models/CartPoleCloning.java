package org.dsojava.benchmarks.models;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.DataCost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.samples.CartPolePhysics;

/**
 * CartPole-v1 with the linear policy of the samples (physics from the samples' {@code CartPolePhysics} part,
 * read from the samples jar) and a behavioral-cloning block (L_clone, section 5.1) on recorded (x̄, ā):
 * −ln P(ā | x̄) of the Bernoulli-logit policy. Used by {@code solve.DataAugmentedCartPole}.
 */
@Chain(stateDim = 4, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class CartPoleCloning {
  final CartPolePhysics physics = new CartPolePhysics();

  @Param(length = 4)
  double[] w;

  @Param
  double b;

  @Bottleneck
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

  /** L_clone = −ln P(ā | x̄) = softplus(−(2ā − 1)·logit(x̄)). */
  @DataCost
  double clone(@Recorded(value = "x", length = 4) double[] x, @Recorded(value = "a", length = 1) double[] a) {
    double s = (2 * a[0] - 1) * (w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] + b);
    return Math.max(-s, 0.0) + Math.log1p(Math.exp(-Math.abs(s)));
  }
}
