package org.dsojava.runtime.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSet;

/**
 * What an optimizer minimizes (section 5, "throw everything we might care about into a single
 * objective"): w_R·J(θ) + Σ_k w_k·L_k(θ), J the chain's objective (estimated by rollouts, Algorithm 1)
 * and L_k the model's {@code @DataCost} blocks over a recorded data set (section 5.1, see
 * {@link DataCosts}). The default is J alone (w_R = 1, no blocks), the objective of every optimizer
 * before data sets existed. {@link DsoOptimizer} configures one with its own {@code data},
 * {@code dataCost} and {@code rollouts} methods; {@link ProximalChainOptimization},
 * {@link ChainIteration} and {@link NaturalGradient} take one with {@code objective(...)}.
 *
 * <p><b>Rollout-specific chains</b> (eq. 99, section 4.1): when the model reads records in its chain
 * ({@link ChainKernel#chainReadsRecords()}) rollouts are tied to trajectories of the data set by
 * default ({@link #rolloutsFromData(boolean)} overrides): rollout i of an iteration runs the chain Pⁿ of
 * trajectory n — the kernel receives n as its rollout index — and is cut after length(n) − 1
 * transitions (sooner if the horizon says so) so that no step reads past the trajectory's last record.
 * The cut state is charged as at the horizon: only in the time-varying setting. With a batch of
 * B = qN + r rollouts over N trajectories, rollouts 0…qN−1 take trajectory i mod N and the last r take a
 * uniform minibatch of r distinct trajectories drawn for (seed, iteration), in increasing order; every
 * trajectory then has the same expected number of rollouts (q + r/N), so the batch mean estimates
 * (1/N) Σₙ Jⁿ without bias. With B = N that is the identity. The rollouts' random streams stay keyed by
 * (seed, iteration, rollout index), as without data.
 *
 * <p>Minibatches: a block given a minibatch size B draws, per iteration, B distinct trajectories with
 * {@link org.dsojava.runtime.data.MinibatchSampler} from a seed derived from the optimizer's seed and
 * the block's index, at step = the 0-based iteration; the estimate (1/B)·Σ over them is unbiased
 * (see {@link DataCosts}). Within an iteration the draw is fixed, so the batch methods' inner loops see
 * one deterministic surrogate.
 *
 * <p>Mutable and not thread-safe, like the optimizers' builders; an optimizer copies it when it runs.
 */
public final class CompositeObjective {
  /** One requested block. */
  record Block(String name, double weight, int minibatch) {}

  private DataSet data;
  private final Map<String, Block> blocks = new LinkedHashMap<>();
  private double rolloutWeight = 1.0;
  private Boolean rolloutsFromData;

  public CompositeObjective() {}

  /** A copy. */
  CompositeObjective copy() {
    CompositeObjective c = new CompositeObjective();
    c.data = data;
    c.blocks.putAll(blocks);
    c.rolloutWeight = rolloutWeight;
    c.rolloutsFromData = rolloutsFromData;
    return c;
  }

  /**
   * The recorded data set 𝒟: bound to every kernel the optimizer creates (one per thread), read by the
   * data blocks and, for a model that reads records in its chain, by the rollouts. Null: none.
   */
  public CompositeObjective data(DataSet d) {
    this.data = d;
    return this;
  }

  /** Adds w·L_name(θ), summed exactly over the whole data set every iteration. */
  public CompositeObjective dataCost(String name, double weight) {
    return add(name, weight, 0);
  }

  /**
   * Adds w·L_name(θ), estimated per iteration from a uniform minibatch of {@code minibatchTrajectories}
   * whole trajectories (unbiased; see {@link DataCosts}).
   */
  public CompositeObjective dataCost(String name, double weight, int minibatchTrajectories) {
    if (minibatchTrajectories < 1) {
      throw new IllegalArgumentException("data cost \"" + name + "\": minibatch of " + minibatchTrajectories
          + " trajectories; pass at least 1, or use dataCost(name, weight) for the exact sum");
    }
    return add(name, weight, minibatchTrajectories);
  }

  private CompositeObjective add(String name, double weight, int minibatch) {
    Numerics.nonNull(name, "data cost name is null; pass the name of one of the model's @DataCost methods");
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("data cost \"" + name + "\": weight " + weight + " must be finite and >= 0");
    }
    blocks.put(name, new Block(name, weight, minibatch));
    return this;
  }

  /**
   * w_R, the weight of J (default 1). 0 makes a pure data objective: no rollouts are run at all, and
   * the methods that need rollouts (PCO, Chain Iteration, natural gradient) refuse it.
   */
  public CompositeObjective rollouts(double weight) {
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("rollouts weight " + weight + " must be finite and >= 0 (0: no rollouts)");
    }
    this.rolloutWeight = weight;
    return this;
  }

  /**
   * Whether rollouts are tied to trajectories of the data set (eq. 99; see the class comment). Default:
   * whenever the model reads records in its chain ({@code chainReadsRecords()}) and data is given.
   */
  public CompositeObjective rolloutsFromData(boolean on) {
    this.rolloutsFromData = on;
    return this;
  }

  DataSet data() {
    return data;
  }

  double rolloutWeight() {
    return rolloutWeight;
  }

  List<Block> blocks() {
    return new ArrayList<>(blocks.values());
  }

  /** Whether rollouts are tied to trajectories, for this model (after {@link #validate}). */
  boolean tiesRollouts(ChainKernel k) {
    if (data == null || rolloutWeight == 0) {
      return false;
    }
    return rolloutsFromData != null ? rolloutsFromData : k.chainReadsRecords();
  }

  /**
   * Checks the objective against the model: blocks known, data present where needed, the data's schema
   * fits (by binding {@code probe}). Every failure is an {@link IllegalArgumentException} saying what is
   * wrong.
   */
  void validate(ChainKernel probe) {
    for (Block b : blocks.values()) {
      DataCosts.blockIndex(probe, b.name());
    }
    if (data == null) {
      if (!blocks.isEmpty()) {
        throw new IllegalArgumentException("data cost " + blocks.keySet() + " of " + probe.modelName()
            + " requested without data; pass the recorded data set with data(DataSet)");
      }
      if (Boolean.TRUE.equals(rolloutsFromData)) {
        throw new IllegalArgumentException("rolloutsFromData(true) without data; pass the recorded data set with"
            + " data(DataSet)");
      }
      if (probe.chainReadsRecords() && rolloutWeight > 0) {
        throw new IllegalArgumentException(probe.modelName() + " reads recorded fields " + probe.recordSchema()
            + " in its chain; pass the recorded data set with data(DataSet)");
      }
      if (rolloutWeight == 0) {
        throw new IllegalArgumentException("rollouts(0) leaves nothing to minimize: add data cost blocks (of "
            + DataCosts.blockNames(probe) + ") with data(DataSet) and dataCost(name, weight)");
      }
      return;
    }
    DataCosts.bind(probe, data);
    for (Block b : blocks.values()) {
      if (b.minibatch() > data.trajectories()) {
        throw new IllegalArgumentException("data cost \"" + b.name() + "\": a minibatch of " + b.minibatch()
            + " trajectories, but " + data.source() + " has " + data.trajectories());
      }
    }
    if (rolloutWeight == 0 && blocks.isEmpty()) {
      throw new IllegalArgumentException("rollouts(0) leaves nothing to minimize: add data cost blocks (of "
          + DataCosts.blockNames(probe) + ") with dataCost(name, weight)");
    }
  }

  /** The factory whose kernels come bound to the data (the factory itself without data). */
  KernelFactory bound(KernelFactory factory) {
    if (data == null) {
      return factory;
    }
    DataSet d = data;
    return () -> {
      ChainKernel k = factory.create();
      return k == null ? null : DataCosts.bind(k, d);
    };
  }
}
