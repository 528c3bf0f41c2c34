package org.dsojava.samples;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A finite Markov chain on S = 4 states whose transition matrix is a row-wise softmax of θ: the
 * tabular DSO problem of paper section 2 (x discrete, integrals become sums), where J, V and ∇J follow
 * exactly from linear algebra (V = (I − γP)⁻¹ c).
 *
 * <p>x[0] holds the state index s ∈ {0,1,2,3} as a double. P(s'|s, θ) = softmax(θ_s)_{s'} with
 * θ_s = {@code logits[s*4 .. s*4+3]} (θ layout: {@code logits[16]}, row-major, zeros initially, i.e. the
 * uniform chain). One categorical site: draws = (s'). Cost c(s) = (1, 0.5, 2, 0) (independent of θ).
 * Initial state uniform over the 4 states. Setting DISCOUNTED with γ = 0.9 and no horizon cap, so the exact
 * oracle J = p₀ᵀ(I − γP)⁻¹c applies without truncation (the runtime realizes γ, e.g. by random
 * termination with probability 1 − γ per step).
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9)
public class SoftmaxChain {
  /** Number of states. */
  static final int S = 4;
  static final double C0 = 1.0;
  static final double C1 = 0.5;
  static final double C2 = 2.0;
  static final double C3 = 0.0;

  /** Row-major transition logits: P(s'|s) = softmax(logits[s*S .. s*S+S-1])[s']. */
  @Param(length = S * S)
  double[] logits;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] row = new double[S];
    for (int k = 0; k < S; k++) {
      row[k] = logits[s * S + k];
    }
    next[0] = noise.categoricalLogits(row);
  }

  @Cost
  double cost(double[] x) {
    int s = (int) x[0];
    return s == 0 ? C0 : (s == 1 ? C1 : (s == 2 ? C2 : C3));
  }

  @Initial
  void reset(Noise noise, double[] x) {
    double[] p0 = new double[S];
    for (int k = 0; k < S; k++) {
      p0[k] = 1.0 / S;
    }
    x[0] = noise.categorical(p0);
  }
}
