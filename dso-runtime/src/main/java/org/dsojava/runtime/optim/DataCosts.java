package org.dsojava.runtime.optim;

import java.util.Arrays;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSet;

/**
 * The data-driven cost blocks of section 5.1 (L_clone, L_calib, L_sysid, L_hybrid, … — a model's
 * {@code @DataCost} methods) over a recorded data set 𝒟, exactly or from minibatches of trajectories.
 *
 * <p>Block k's value is L_k(θ) = (1/N) Σₙ Σ_{t=0}^{length(n)−span} γᵗ ℓ_k(θ; n, t) over the N
 * trajectories of 𝒟, with γ the chain's discount (the 1/N and γᵗ of the section 5.1 table). These
 * costs are deterministic functions of θ: unlike J they need no sampling, so their gradient is summed
 * directly instead of being estimated by Algorithm 1 (the paper's remark after the table: a pure data
 * objective is supervised learning).
 *
 * <p>Exact passes sum every term; a minibatch pass over a set S of B trajectories returns
 * (1/B) Σ_{n∈S} Σₜ γᵗ ℓ_k(θ; n, t). When S is uniform among the B-subsets of the N trajectories (as
 * {@link org.dsojava.runtime.data.MinibatchSampler#trajectories} draws them) each trajectory is in S
 * with probability B/N, so the expectation is exactly L_k(θ) — the value, gradient and Hessian–vector
 * product are all unbiased. Minibatches are of whole trajectories because a term's weight γᵗ and its
 * span tie it to its trajectory; drawing single records would need the weights re-normalized per
 * record.
 *
 * <p>Determinism: the selected trajectories are split into at most {@value #MAX_CHUNKS} consecutive
 * chunks that depend on their number only; each chunk sums its trajectories in order (t ascending
 * within each), and the chunks are summed in order. Chunks may run on several threads (the optimizers'
 * crews), with the same bits for any thread count.
 *
 * <p>Numerical trouble: a term whose value or gradient is NaN or infinite is a
 * {@link NumericalException} naming the model, the block, n and t. Values are checked term by term;
 * gradients and Hessian–vector products are checked once per pass and, only if the sum is not finite,
 * searched term by term for the first culprit.
 *
 * <p>The kernels must be bound to the data set ({@link ChainKernel#bind}); the public constructors do it.
 */
public final class DataCosts {
  /** The most chunks a pass is split into (and rows it keeps). */
  static final int MAX_CHUNKS = 64;

  private final Team team;
  private final DataSet data;
  private final double gamma;
  private final int[] all;
  private final double[] scratch;

  /** The blocks of {@code kernel} over {@code data} with the kernel's own discount γ; binds the kernel to the data. */
  public DataCosts(ChainKernel kernel, DataSet data) {
    this(Numerics.nonNull(kernel, "kernel is null; pass a kernel of a model with @DataCost methods"), data,
        kernel.discount());
  }

  /** As {@link #DataCosts(ChainKernel, DataSet)} with the discount γ ∈ (0, 1] of the γᵗ weights given. */
  public DataCosts(ChainKernel kernel, DataSet data, double gamma) {
    this(Team.single(bind(Numerics.nonNull(kernel, "kernel is null; pass a kernel of a model with @DataCost methods"),
        data)), data, gamma);
  }

  /** Over {@code team}'s kernels, which are already bound to {@code data}. */
  DataCosts(Team team, DataSet data, double gamma) {
    Numerics.nonNull(data, "data set is null; pass the recorded data set the blocks run over");
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("discount γ = " + gamma + " is outside (0, 1]");
    }
    this.team = team;
    this.data = data;
    this.gamma = gamma;
    this.all = new int[data.trajectories()];
    for (int n = 0; n < all.length; n++) {
      all[n] = n;
    }
    this.scratch = new double[team.kernel(0).paramCount()];
  }

  /**
   * Binds {@code kernel} to {@code data}, turning the kernel's refusal (a schema that does not fit) into
   * an {@link IllegalArgumentException} that names the model; returns the kernel.
   */
  static ChainKernel bind(ChainKernel kernel, DataSet data) {
    Numerics.nonNull(data, "data set is null; pass the recorded data set the model reads");
    try {
      kernel.bind(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot bind " + data.source() + " to " + kernel.modelName() + ": "
          + e.getMessage(), e);
    }
    return kernel;
  }

  /** "[clone, sysid]": the model's block names, for messages ("[]" when it has none). */
  public static String blockNames(ChainKernel kernel) {
    String[] names = new String[kernel.dataCostCount()];
    for (int k = 0; k < names.length; k++) {
      names[k] = kernel.dataCostName(k);
    }
    return Arrays.toString(names);
  }

  /**
   * The index of the block called {@code name}.
   *
   * @throws IllegalArgumentException naming the model's blocks if it has none of that name
   */
  public static int blockIndex(ChainKernel kernel, String name) {
    Numerics.nonNull(name, "data cost name is null; pass one of " + blockNames(kernel));
    for (int k = 0; k < kernel.dataCostCount(); k++) {
      if (kernel.dataCostName(k).equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(kernel.modelName() + " has no data cost block \"" + name + "\"; its blocks are "
        + blockNames(kernel) + (kernel.dataCostCount() == 0 ? " (it declares no @DataCost methods)" : ""));
  }

  public DataSet data() {
    return data;
  }

  /** γ of the γᵗ weights. */
  public double discount() {
    return gamma;
  }

  public int blockCount() {
    return team.kernel(0).dataCostCount();
  }

  public String blockName(int block) {
    checkBlock(block);
    return team.kernel(0).dataCostName(block);
  }

  /** L_k(θ), summed over every record. */
  public double value(int block, double[] theta) {
    return value(block, theta, all, all.length);
  }

  /** g = ∇L_k(θ) (g is overwritten; only its first paramCount entries are θ's). */
  public void gradient(int block, double[] theta, double[] g) {
    gradient(block, theta, all, all.length, g);
  }

  /** out = ∇²L_k(θ) · v, from the kernel's {@code dataCostHvp} (out is overwritten). */
  public void hessianVector(int block, double[] theta, double[] v, double[] out) {
    hessianVector(block, theta, all, all.length, v, out);
  }

  /**
   * The minibatch estimate (1/B) Σ_{n∈S} Σₜ γᵗ ℓ_k(θ; n, t) of L_k(θ) over the B = {@code count}
   * trajectories {@code trajectories[0…count)} (unbiased when they are a uniform B-subset).
   */
  public double value(int block, double[] theta, int[] trajectories, int count) {
    check(block, theta, trajectories, count);
    ChainKernel k0 = team.kernel(0);
    int chunks = Math.min(count, MAX_CHUNKS);
    double sum = team.sumOverItems(chunks, (kernel, c) -> {
      double s = 0;
      for (int i = c * count / chunks, end = (c + 1) * count / chunks; i < end; i++) {
        s += trajectoryValue(kernel, block, theta, trajectories[i]);
      }
      return s;
    });
    double v = sum / count;
    Numerics.checkScalar(k0.modelName(), "data cost block \"" + k0.dataCostName(block) + "\" over " + count
        + " trajectories (every term is finite: their sum overflowed)", v, theta);
    return v;
  }

  /** The minibatch estimate of ∇L_k(θ) over {@code trajectories[0…count)} into g (overwritten). */
  public void gradient(int block, double[] theta, int[] trajectories, int count, double[] g) {
    check(block, theta, trajectories, count);
    checkVector(g, "g");
    Arrays.fill(g, 0.0);
    int chunks = Math.min(count, MAX_CHUNKS);
    int p = theta.length;
    double[] out = g.length == p ? g : scratch;
    team.sumOverItems(chunks, 1.0 / count, out, (kernel, c, row) -> {
      for (int i = c * count / chunks, end = (c + 1) * count / chunks; i < end; i++) {
        int n = trajectories[i];
        int last = data.length(n) - kernel.dataCostSpan(block);
        double w = 1.0;
        for (int t = 0; t <= last; t++) {
          kernel.accumulateDataCostGradient(block, theta, n, t, w, row);
          w *= gamma;
        }
      }
    });
    if (out != g) {
      System.arraycopy(out, 0, g, 0, p);
    }
    if (Numerics.firstNonFinite(out) >= 0) {
      diagnose(block, theta, trajectories, count, "gradient ∇ℓ", null, "∇L");
    }
  }

  /** The minibatch estimate of ∇²L_k(θ)·v over {@code trajectories[0…count)} into out (overwritten). */
  public void hessianVector(int block, double[] theta, int[] trajectories, int count, double[] v, double[] out) {
    check(block, theta, trajectories, count);
    checkVector(v, "v");
    checkVector(out, "out");
    Arrays.fill(out, 0.0);
    int chunks = Math.min(count, MAX_CHUNKS);
    int p = theta.length;
    double[] target = out.length == p ? out : scratch;
    team.sumOverItems(chunks, 1.0 / count, target, (kernel, c, row) -> {
      for (int i = c * count / chunks, end = (c + 1) * count / chunks; i < end; i++) {
        int n = trajectories[i];
        int last = data.length(n) - kernel.dataCostSpan(block);
        double w = 1.0;
        for (int t = 0; t <= last; t++) {
          kernel.dataCostHvp(block, theta, n, t, w, v, row);
          w *= gamma;
        }
      }
    });
    if (target != out) {
      System.arraycopy(target, 0, out, 0, p);
    }
    if (Numerics.firstNonFinite(target) >= 0) {
      diagnose(block, theta, trajectories, count, "Hessian–vector product ∇²ℓ·v", v, "∇²L·v");
    }
  }

  /** Σₜ γᵗ ℓ_k(θ; n, t), each term checked. */
  private double trajectoryValue(ChainKernel kernel, int block, double[] theta, int n) {
    int last = data.length(n) - kernel.dataCostSpan(block);
    double s = 0;
    double w = 1.0;
    for (int t = 0; t <= last; t++) {
      double l = kernel.dataCost(block, theta, n, t);
      if (!Double.isFinite(l)) {
        throw new NumericalException(termFailure(kernel, block, n, t, "value ℓ = " + l), theta);
      }
      s += w * l;
      w *= gamma;
    }
    return s;
  }

  private static String termFailure(ChainKernel kernel, int block, int n, int t, String what) {
    return kernel.modelName() + ": data cost block \"" + kernel.dataCostName(block) + "\" is not finite at trajectory n = "
        + n + ", t = " + t + ": its " + what + ". " + NumericalException.ADVICE;
  }

  /**
   * Searches a non-finite pass term by term (serially, off the hot path) and throws the
   * {@link NumericalException} that names the first culprit: a term's value, or its gradient (or HVP
   * when {@code v} is given), or else the sum itself.
   */
  private void diagnose(int block, double[] theta, int[] trajectories, int count, String what, double[] v,
      String sum) {
    ChainKernel kernel = team.kernel(0);
    double[] term = new double[theta.length];
    for (int i = 0; i < count; i++) {
      int n = trajectories[i];
      int last = data.length(n) - kernel.dataCostSpan(block);
      for (int t = 0; t <= last; t++) {
        double l = kernel.dataCost(block, theta, n, t);
        if (!Double.isFinite(l)) {
          throw new NumericalException(termFailure(kernel, block, n, t, "value ℓ = " + l), theta);
        }
        Arrays.fill(term, 0.0);
        if (v == null) {
          kernel.accumulateDataCostGradient(block, theta, n, t, 1.0, term);
        } else {
          kernel.dataCostHvp(block, theta, n, t, 1.0, v, term);
        }
        int j = Numerics.firstNonFinite(term);
        if (j >= 0) {
          throw new NumericalException(termFailure(kernel, block, n, t, what + " has "
              + Numerics.paramEntry(kernel, term, j)), theta);
        }
      }
    }
    throw new NumericalException(kernel.modelName() + ": data cost block \"" + kernel.dataCostName(block) + "\": " + sum
        + " over " + count + " trajectories is not finite although every term is (their sum overflowed). "
        + NumericalException.ADVICE, theta);
  }

  private void checkBlock(int block) {
    ChainKernel k = team.kernel(0);
    if (block < 0 || block >= k.dataCostCount()) {
      throw new IllegalArgumentException("data cost block " + block + " of " + k.modelName() + ", whose blocks are "
          + blockNames(k));
    }
  }

  private void checkVector(double[] a, String name) {
    int p = team.kernel(0).paramCount();
    Numerics.nonNull(a, name + " is null; pass an array of θ's length " + p);
    if (a.length < p) {
      throw new IllegalArgumentException(name + " has length " + a.length + ", θ has " + p);
    }
  }

  private void check(int block, double[] theta, int[] trajectories, int count) {
    checkBlock(block);
    Numerics.checkTheta(team.kernel(0), "θ", theta);
    Numerics.nonNull(trajectories, "trajectories is null; pass the minibatch's trajectory indices");
    if (count < 1 || count > trajectories.length) {
      throw new IllegalArgumentException("count = " + count + " is not in 1.." + trajectories.length
          + " (the trajectories array's length)");
    }
    for (int i = 0; i < count; i++) {
      int n = trajectories[i];
      if (n < 0 || n >= data.trajectories()) {
        throw new IllegalArgumentException("trajectory index " + n + " (entry " + i + ") is not in 0.."
            + (data.trajectories() - 1) + " of " + data.source());
      }
    }
  }
}
