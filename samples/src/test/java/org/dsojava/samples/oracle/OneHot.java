package org.dsojava.samples.oracle;

import java.util.Arrays;
import org.dsojava.runtime.optim.Features;

/**
 * One-hot features of the state index x[0] ∈ {0 … n−1}: V̂ is then a free value per state, i.e. the
 * linear baseline can represent the exact V. With {@code horizon} T &gt; 0 (time-varying chains) the
 * one-hot is over the pairs (x, t), t = 0 … T, so V̂_t(x) is a free value per state and step.
 */
final class OneHot implements Features {
  private final int states;
  private final int horizon;

  OneHot(int states, int horizon) {
    this.states = states;
    this.horizon = horizon;
  }

  @Override
  public int size() {
    return horizon > 0 ? states * (horizon + 1) : states;
  }

  @Override
  public void compute(double[] x, int t, double[] phi) {
    Arrays.fill(phi, 0.0);
    int s = (int) x[0];
    phi[horizon > 0 ? Math.min(t, horizon) * states + s : s] = 1.0;
  }
}
