package org.dsojava.samples.runtime;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Rollout;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * Rollout-specific chains Pⁿ: rollout n starts at x₀ = n mod 2 and its noise scale grows with n mod 3.
 * With horizon 2 (x₀ and x₁ charged) and x₁ ~ N(a·x₀, σₙ²), J = mean over n of
 * x₀² + γ(a²x₀² + σₙ²), and ∂J/∂a = γ·2a·mean(x₀²).
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9, horizon = 2)
public class Randomized {
  @Param(value = 0.7) double a;

  @Transition
  void step(double[] x, Noise noise, double[] next, @Rollout int n) {
    next[0] = noise.gaussian(a * x[0], 0.1 * (1 + n % 3));
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0];
  }

  @Initial
  void reset(Noise noise, double[] x, @Rollout int n) {
    x[0] = n % 2;
  }
}
