package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;

/**
 * A first-exit chain with boolean logic: boolean locals combined with ! && || == !=, a boolean constant,
 * a Bernoulli site (read with noise.draw("bernoulliLogit", logit)) compared inside a ternary, and a
 * Bernoulli site on the right of && (drawn only when |x1| >= 0.5), and a @Terminal method reused by the
 * cost. draws = (push, [kick], x0', x1').
 */
@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, horizon = 100)
public class BoolGate {
  static final double LIMIT = 3.0;
  static final boolean SYMMETRIC = true;

  @Param(length = 2)
  double[] w;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    boolean left = x[0] < 0.0;
    boolean fast = Math.abs(x[1]) >= 0.5;
    boolean brake = (left && !fast) || (!left && fast);
    boolean same = left == fast;
    double push = noise.draw("bernoulliLogit", w[0] * x[0] + w[1] * x[1]) == 1 ? 1.0 : -1.0;
    boolean kick = fast && noise.bernoulliLogit(w[1]) == 1;
    double v = x[1];
    if (kick) {
      v -= 0.1;
    }
    if (brake != SYMMETRIC || same) {
      v = v + 0.2 * push;
    } else if (!(x[1] <= 0.0) && left) {
      v = 0.5 * v;
    }
    next[0] = noise.gaussian(x[0] + 0.1 * v, 0.05);
    next[1] = noise.gaussian(v, 0.05);
  }

  @Terminal
  boolean out(double[] x) {
    boolean far = Math.abs(x[0]) > LIMIT;
    return far || !(x[1] < LIMIT) || x[1] <= -LIMIT;
  }

  @Cost
  double cost(double[] x) {
    return out(x) ? 0.0 : 1.0 + 0.1 * x[0] * x[0];
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-0.5, 0.5);
    x[1] = noise.uniform(-0.5, 0.5);
  }
}
