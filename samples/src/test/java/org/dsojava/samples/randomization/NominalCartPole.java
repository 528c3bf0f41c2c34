package org.dsojava.samples.randomization;

import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;

/** {@code CartPoleLinear} on {@link PoleLengthCartPole} with Gymnasium's half-length 0.5 in every rollout. */
@Chain(stateDim = 5, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 500)
public class NominalCartPole {
  final PoleLengthCartPole physics = new PoleLengthCartPole();

  @Param(length = 4)
  double[] w;

  @Param
  double b;

  /** The logit of P(push right); the length x[4] is not an input. */
  @Bottleneck
  double logit(double[] x) {
    return w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] + b;
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int a = noise.bernoulliLogit(logit(x));
    double[] force = new double[1];
    force[0] = a == 1 ? PoleLengthCartPole.FORCE_MAG : -PoleLengthCartPole.FORCE_MAG;
    physics.step(x, force, next);
  }

  @Terminal
  boolean fallen(double[] x) {
    return PoleLengthCartPole.fallen(x);
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
    x[4] = PoleLengthCartPole.NOMINAL_LENGTH;
  }
}
