package org.dsojava.runtime.mdp;

import java.util.Arrays;
import java.util.Objects;
import org.dsojava.runtime.Rng;

/**
 * Off-chain Z-learning (section 4.7, eq. 92) on a first-exit or discounted {@link Lmdp}, tabular or
 * with features (Ẑ = exp(−θᵀφ)): Ẑ(x) is moved toward a target at each visited state with the step
 * size α = c / (c + k), k the number of earlier updates of that state. Episodes start at a uniformly drawn non-terminal state and
 * end at a terminal state (first exit) or, after each step, with probability 1 − γ (discounted).
 *
 * <ul>
 *   <li>{@link Update#BASELINE}: x' ~ p̄(·|x), target exp(−r(x)) Ẑ(x')^γ (eq. 90); 1 sample a step.
 *   <li>{@link Update#GREEDY}: x' ~ P(·|x) ∝ p̄ Ẑ^γ, the current chain of eq. 89, target
 *       exp(−r(x)) [p̄(x'|x)/P(x'|x)] Ẑ(x')^γ (eq. 91); 1 sample a step. By eq. 93 the weighted
 *       target is exp(−r) G[Ẑ^γ](x) whatever x' is, so it needs p̄'s whole row (the model).
 *   <li>{@link Update#DOUBLE_SAMPLING}: y ~ p̄(·|x), target exp(−r(x)) Ẑ(y)^γ, then x' ~ P(·|x);
 *       2 samples a step.
 * </ul>
 *
 * Deterministic: the same (LMDP, update, features, c, seed) gives the same Ẑ. Not thread-safe.
 */
public final class ZLearning {
  /** The update rules of eq. 92 and the double sampling that follows eq. 94. */
  public enum Update {
    /** Sample the passive chain p̄. */
    BASELINE,
    /** Sample the current chain P(·|x,θ) with importance weights. */
    GREEDY,
    /** Target from a p̄ sample, move with the current chain. */
    DOUBLE_SAMPLING
  }

  private final Update update;
  private final double c;
  private final Rng rng;
  private final int n;
  private final double gamma;
  private final boolean[] terminal;
  private final int[] starts;
  private final double[] z;
  private final long[] visits;
  private final double[][] pbar;
  private final double[] q;
  private final double[] row;
  private final double[][] phi; // null: tabular
  private final double[] norm2;
  private final double[] theta;
  private long samples;
  private int x = -1;

  /**
   * Tabular Z-learning.
   *
   * @param lmdp a first-exit or discounted LMDP
   * @param update the update rule
   * @param stepScale c &gt; 0 in α = c / (c + k)
   * @param seed the random stream
   */
  public ZLearning(Lmdp lmdp, Update update, double stepScale, long seed) {
    this(lmdp, update, null, stepScale, seed);
  }

  /**
   * Z-learning with features: Ẑ(x) = exp(−θᵀφ(x)) (the Z(x,θ) of eq. 89) at non-terminal states,
   * θ = 0 at the start; each target t moves θ along φ(x)/|φ(x)|² by the energy change
   * ΔE = −ln(1 − α + α t/Ẑ(x)) that takes Ẑ(x) exactly α of the way to t, as the table does (one-hot
   * features give the table). Terminal states keep Z = exp(−r).
   *
   * @param features features[x][k] = φ_k(x), n × p, each row non-zero at non-terminal states
   */
  public ZLearning(Lmdp lmdp, Update update, double[][] features, double stepScale, long seed) {
    Objects.requireNonNull(lmdp, "lmdp");
    this.update = Objects.requireNonNull(update, "update");
    if (lmdp.isAverageCost()) {
      throw new IllegalArgumentException("Z-learning here needs a first-exit or discounted LMDP; the "
          + "average-cost Z is an eigenvector (section 4.7) and needs the eigenvalue as well");
    }
    if (!(stepScale > 0 && Double.isFinite(stepScale))) {
      throw new IllegalArgumentException("stepScale c must be positive and finite, got " + stepScale);
    }
    this.c = stepScale;
    this.rng = new Rng(seed);
    this.n = lmdp.states();
    this.gamma = lmdp.gamma();
    this.terminal = new boolean[n];
    for (int t : lmdp.terminals()) {
      terminal[t] = true;
    }
    this.starts = java.util.stream.IntStream.range(0, n).filter(i -> !terminal[i]).toArray();
    if (starts.length == 0) {
      throw new IllegalArgumentException("every state is terminal: nothing to learn");
    }
    this.pbar = lmdp.passive();
    this.q = new double[n];
    this.z = new double[n];
    for (int i = 0; i < n; i++) {
      q[i] = Math.exp(-lmdp.stateCost(i));
      z[i] = terminal[i] ? q[i] : 1.0; // terminal Z = exp(−r) is known; the rest start at 1
    }
    if (features != null) {
      if (features.length != n) {
        throw new IllegalArgumentException("features has " + features.length + " rows, expected " + n);
      }
      int p = features[0].length;
      this.phi = Checks.copy(features);
      this.norm2 = new double[n];
      for (int i = 0; i < n; i++) {
        if (phi[i].length != p) {
          throw new IllegalArgumentException("features[" + i + "] has length " + phi[i].length
              + ", expected " + p);
        }
        Checks.finite(phi[i], "features[" + i + "]");
        norm2[i] = Checks.dot(phi[i], phi[i]);
        if (!terminal[i] && norm2[i] == 0) {
          throw new IllegalArgumentException("features[" + i + "] is all zero: state " + i
              + " could not be learned");
        }
      }
      this.theta = new double[p];
    } else {
      this.phi = null;
      this.norm2 = null;
      this.theta = null;
    }
    this.visits = new long[n];
    this.row = new double[n];
  }

  /** Runs until {@link #samples()} reaches at least {@code total}. */
  public void run(long total) {
    while (samples < total) {
      step();
    }
  }

  /** One update at the current state (starting an episode first if needed). */
  public void step() {
    if (x < 0) {
      x = starts[(int) (rng.uniform() * starts.length)];
    }
    double target;
    int next;
    switch (update) {
      case BASELINE -> {
        next = rng.categorical(pbar[x]);
        samples++;
        target = q[x] * zg(next);
      }
      case GREEDY -> {
        current(x);
        next = rng.categorical(row);
        samples++;
        target = q[x] * pbar[x][next] / row[next] * zg(next);
      }
      default -> {
        int y = rng.categorical(pbar[x]);
        target = q[x] * zg(y);
        current(x);
        next = rng.categorical(row);
        samples += 2;
      }
    }
    double alpha = c / (c + visits[x]++);
    if (phi == null) {
      z[x] += alpha * (target - z[x]);
    } else {
      // The energy change that moves Ẑ(x) exactly α of the way to the target, spread along φ(x).
      double dE = -Math.log((1 - alpha) + alpha * target / zOf(x));
      for (int k = 0; k < theta.length; k++) {
        theta[k] += dE * phi[x][k] / norm2[x];
      }
    }
    if (terminal[next] || (gamma < 1 && rng.uniform() >= gamma)) {
      x = -1;
    } else {
      x = next;
    }
  }

  /** The number of transitions sampled so far (two a step for double sampling). */
  public long samples() {
    return samples;
  }

  /** The learned Ẑ(x) at every state (exp(−r) at terminal states). */
  public double[] desirability() {
    double[] out = new double[n];
    for (int y = 0; y < n; y++) {
      out[y] = zOf(y);
    }
    return out;
  }

  /** θ of the feature form; empty for the table. */
  public double[] theta() {
    return theta == null ? new double[0] : theta.clone();
  }

  /** How many times each state has been updated. */
  public long[] visits() {
    return visits.clone();
  }

  @Override
  public String toString() {
    return "ZLearning[" + update + ", c=" + c + ", samples=" + samples + ", Ẑ=" + Arrays.toString(desirability())
        + "]";
  }

  private double zOf(int y) {
    return phi == null || terminal[y] ? z[y] : Math.exp(-Checks.dot(theta, phi[y]));
  }

  private double zg(int y) {
    double v = zOf(y);
    return gamma == 1 ? v : Math.pow(v, gamma);
  }

  /** row = P(·|x) ∝ p̄(·|x) Ẑ^γ, the chain of eq. 89 for the current table. */
  private void current(int s) {
    double sum = 0;
    for (int y = 0; y < n; y++) {
      row[y] = pbar[s][y] * zg(y);
      sum += row[y];
    }
    for (int y = 0; y < n; y++) {
      row[y] /= sum;
    }
  }
}
