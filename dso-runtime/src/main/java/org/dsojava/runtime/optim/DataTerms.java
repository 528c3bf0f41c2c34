package org.dsojava.runtime.optim;

import java.util.List;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.MinibatchSampler;

/**
 * The data blocks Σ_k w_k L_k(θ) of a {@link CompositeObjective} during a run: per iteration, each
 * minibatched block draws its trajectories ({@link #draw}); then value, gradient and Hessian–vector
 * product use that draw (exact blocks use every trajectory) until the next draw.
 */
final class DataTerms {
  private final DataCosts costs;
  private final String[] names;
  private final int[] index;
  private final double[] weights;
  private final MinibatchSampler[] samplers;
  private final int[][] selected;
  private final int[] all;
  private final double[] scratch;

  /** Null when the objective has no blocks. */
  static DataTerms of(CompositeObjective objective, Team team, double gamma, long seed) {
    List<CompositeObjective.Block> blocks = objective.blocks();
    return blocks.isEmpty() ? null : new DataTerms(objective, blocks, team, gamma, seed);
  }

  private DataTerms(CompositeObjective objective, List<CompositeObjective.Block> blocks, Team team, double gamma,
      long seed) {
    ChainKernel k = team.kernel(0);
    this.costs = new DataCosts(team, objective.data(), gamma);
    int m = blocks.size();
    names = new String[m];
    index = new int[m];
    weights = new double[m];
    samplers = new MinibatchSampler[m];
    selected = new int[m][];
    all = new int[objective.data().trajectories()];
    for (int n = 0; n < all.length; n++) {
      all[n] = n;
    }
    for (int i = 0; i < m; i++) {
      CompositeObjective.Block b = blocks.get(i);
      names[i] = b.name();
      index[i] = DataCosts.blockIndex(k, b.name());
      weights[i] = b.weight();
      if (b.minibatch() > 0) {
        samplers[i] = new MinibatchSampler(objective.data(), b.minibatch(), blockSeed(seed, index[i]));
        selected[i] = new int[b.minibatch()];
      } else {
        selected[i] = all;
      }
    }
    scratch = new double[k.paramCount()];
  }

  /** The seed of block k's minibatches: the optimizer's, mixed with the block's index (blocks draw independently). */
  static long blockSeed(long seed, int block) {
    return seed ^ (0x44415441L + (block + 1) * 0x9E3779B97F4A7C15L);
  }

  int count() {
    return names.length;
  }

  String name(int i) {
    return names[i];
  }

  String[] names() {
    return names.clone();
  }

  /** Draws the minibatches of 0-based iteration {@code iteration}. */
  void draw(int iteration) {
    for (int i = 0; i < samplers.length; i++) {
      if (samplers[i] != null) {
        samplers[i].trajectories(iteration, selected[i]);
      }
    }
  }

  /** g += Σ_k w_k ∇L_k(θ) over the current draw; values[k] = L_k(θ) (its estimate for a minibatched block). */
  void addGradient(double[] theta, double[] g, double[] values) {
    for (int i = 0; i < names.length; i++) {
      values[i] = costs.value(index[i], theta, selected[i], selected[i].length);
      if (weights[i] == 0) {
        continue;
      }
      costs.gradient(index[i], theta, selected[i], selected[i].length, scratch);
      for (int j = 0; j < scratch.length; j++) {
        g[j] += weights[i] * scratch[j];
      }
    }
  }

  /** g += Σ_k w_k ∇L_k(θ) over the current draw. */
  void addGradient(double[] theta, double[] g) {
    for (int i = 0; i < names.length; i++) {
      if (weights[i] == 0) {
        continue;
      }
      costs.gradient(index[i], theta, selected[i], selected[i].length, scratch);
      for (int j = 0; j < scratch.length; j++) {
        g[j] += weights[i] * scratch[j];
      }
    }
  }

  /** Σ_k w_k L_k(θ) over the current draw. */
  double value(double[] theta) {
    double s = 0;
    for (int i = 0; i < names.length; i++) {
      if (weights[i] != 0) {
        s += weights[i] * costs.value(index[i], theta, selected[i], selected[i].length);
      }
    }
    return s;
  }

  /** out += Σ_k w_k ∇²L_k(θ)·v over the current draw. */
  void addHessianVector(double[] theta, double[] v, double[] out) {
    for (int i = 0; i < names.length; i++) {
      if (weights[i] == 0) {
        continue;
      }
      costs.hessianVector(index[i], theta, selected[i], selected[i].length, v, scratch);
      for (int j = 0; j < scratch.length; j++) {
        out[j] += weights[i] * scratch[j];
      }
    }
  }
}
