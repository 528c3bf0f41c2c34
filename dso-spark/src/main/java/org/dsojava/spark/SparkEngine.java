package org.dsojava.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.RolloutEngine;
import org.dsojava.runtime.optim.RolloutWorker;
import org.dsojava.runtime.optim.ValueBaseline;

/**
 * Algorithm 1's rollouts on Apache Spark executors: per batch, the request (θ, V̂'s state, the iteration)
 * is broadcast, the rollout indices 0…B−1 are cut into P contiguous partitions, each task runs its range on a
 * {@link RolloutWorker} (rollout n on stream (seed, k·B + n), exactly as locally) and returns the range's
 * per-rollout results, which the driver puts back in their slots and reduces in rollout order. θ after any
 * number of iterations is therefore the local engine's bit for bit, for every partition count; and a task
 * that is lost and re-run (Spark re-runs failed tasks) recomputes the same bytes, since a rollout depends
 * only on (seed, iteration, index).
 *
 * <p>Why per-rollout results and not per-partition sums: the local mean adds the rollouts' gradients in
 * rollout order, and floating-point sums of partition sums would differ from it in the last bits for every
 * split. Shipping B gradient rows costs B·|θ|·8 bytes per batch (64 × 4 610 × 8 ≈ 2.4 MB for the CartPole
 * MLP), small against the rollouts themselves (docs/SPARK.md has the measurements).
 *
 * <p>Recorded batches (PCO, Chain Iteration, the natural gradient) are collected to the driver with the
 * gradients and their passes run there: each batch's surrogate is evaluated tens of times (line search,
 * CG), and a Spark job per evaluation would cost its scheduling overhead each time, while the records are
 * B·T·(n + d + 5) doubles (≈ 1.8 MB for 64 CartPole episodes of 500 steps).
 *
 * <p>Rollouts tied to recorded trajectories (eq. 99) need the executors to load the same data set
 * ({@link Builder#data}); the data cost blocks' terms run on the driver.
 *
 * <p>Kernels reach executors through a {@link Kernels} factory, a serializable function whose class is on
 * the application jar, e.g. {@code (SparkEngine.Kernels) CartPoleMlpDso::kernel}. The baseline's kind
 * must be the optimizer's: the default linear baseline unless {@link Builder#baseline} says otherwise.
 */
public final class SparkEngine implements RolloutEngine {
  /** A kernel factory that can be shipped to executors. */
  @FunctionalInterface
  public interface Kernels extends KernelFactory, Serializable {}

  /** Makes, on an executor, a baseline of the optimizer's kind (its fit is restored into it every batch). */
  @FunctionalInterface
  public interface Baselines extends Serializable {
    ValueBaseline create(EstimatorConfig config, int stateDim);
  }

  /**
   * Loads, on an executor, the data set rollouts are tied to (eq. 99) — the driver's, e.g. read from
   * shared storage with {@code DataSets.readCsv}; once per executor JVM and run.
   */
  @FunctionalInterface
  public interface Data extends Serializable {
    DataSet load() throws java.io.IOException;
  }

  /** Decides, in tests, that a task's first attempt dies half-way (fault injection). */
  @FunctionalInterface
  interface Faults extends Serializable {
    boolean kill(int iteration, int partition, int attempt);
  }

  private final JavaSparkContext spark;
  private final Kernels kernels;
  private final Baselines baselines;
  private final int partitions;
  private final Data data;
  private final Faults faults;

  private SparkEngine(Builder b) {
    this.data = b.data;
    this.spark = b.spark;
    this.kernels = b.kernels;
    this.baselines = b.baselines;
    this.partitions = b.partitions;
    this.faults = b.faults;
  }

  /** An engine on {@code spark} whose executors make kernels with {@code kernels}. */
  public static Builder on(JavaSparkContext spark, Kernels kernels) {
    return new Builder(spark, kernels);
  }

  /** Options of a {@link SparkEngine}. */
  public static final class Builder {
    private final JavaSparkContext spark;
    private final Kernels kernels;
    private Baselines baselines = (config, dim) -> DsoOptimizer.defaultBaseline(dim, config);
    private int partitions;
    private Data data;
    private Faults faults;

    private Builder(JavaSparkContext spark, Kernels kernels) {
      this.spark = Objects.requireNonNull(spark, "spark is null; pass a JavaSparkContext");
      this.kernels = Objects.requireNonNull(kernels, "kernels is null; pass e.g. (SparkEngine.Kernels) MyModelDso::kernel");
      this.partitions = spark.defaultParallelism();
    }

    /**
     * Partitions per batch (default: the context's default parallelism); a batch of B rollouts is cut into
     * min(P, B) contiguous ranges. Results do not depend on it.
     */
    public Builder partitions(int p) {
      if (p < 1) {
        throw new IllegalArgumentException("partitions = " + p + ": use at least 1");
      }
      this.partitions = p;
      return this;
    }

    /** The executors' baseline, of the same kind as the optimizer's (default: the optimizer's default). */
    public Builder baseline(Baselines b) {
      this.baselines = Objects.requireNonNull(b, "baseline is null; pass (config, dim) -> ValueBaseline.none() for none");
      return this;
    }

    /**
     * The data set the optimizer's rollouts are tied to ({@code rolloutsFromData}, eq. 99), as the executors
     * load it; its shape is checked against the driver's at every batch.
     */
    public Builder data(Data d) {
      this.data = Objects.requireNonNull(d, "data is null");
      return this;
    }

    /** Test hook: kills the first attempt of the tasks {@code f} names, half-way through their ranges. */
    Builder faults(Faults f) {
      this.faults = f;
      return this;
    }

    public SparkEngine build() {
      return new SparkEngine(this);
    }
  }

  public int partitions() {
    return partitions;
  }

  @Override
  public Runner open(EstimatorConfig config, int paramCount) {
    ChainKernel probe = kernels.create();
    if (probe == null || probe.paramCount() != paramCount) {
      throw new IllegalArgumentException("the Spark engine's kernels (" + (probe == null ? "null" : probe.modelName() + ", "
          + probe.paramCount() + " parameters") + ") are not the optimizer's model (" + paramCount + " parameters);"
          + " pass the same model's kernel to SparkEngine.on");
    }
    Task task = new Task(UUID.randomUUID().toString(), kernels, baselines, config, probe.stateDim(), data, faults);
    int b = config.batch();
    int p = Math.min(partitions, b);
    List<int[]> ranges = new ArrayList<>(p);
    for (int i = 0; i < p; i++) {
      ranges.add(new int[] {(int) ((long) b * i / p), (int) ((long) b * (i + 1) / p)});
    }
    return new Runner() {
      @Override
      public List<byte[]> run(byte[] request) {
        Broadcast<byte[]> shared = spark.broadcast(request);
        try {
          return spark.parallelize(ranges, ranges.size()).map(task.with(shared)).collect();
        } catch (Exception e) { // SparkException (checked, thrown undeclared from Scala) or a runtime failure
          // A rollout's own error (bad input, a numerical blow-up, a model mismatch) is what the user needs;
          // Spark's wrapping says only that the task failed its attempts.
          // (NumericalException is an ArithmeticException.)
          if (e.getCause() instanceof RuntimeException r && r.getClass().getName().startsWith("java.lang.")
              || e.getCause() instanceof org.dsojava.runtime.optim.NumericalException) {
            RuntimeException r = (RuntimeException) e.getCause();
            r.addSuppressed(e);
            throw r;
          }
          throw e instanceof RuntimeException r ? r : new IllegalStateException("the Spark job of batch "
              + RolloutWorker.iteration(request) + " failed: " + e.getMessage(), e);
        } finally {
          shared.destroy();
        }
      }

      @Override
      public void close() {
        Task.POOLS.remove(task.key);
        Task.DATA.remove(task.key);
      }
    };
  }

  /**
   * What a task runs: its range of the broadcast batch on a worker from this JVM's pool for the run
   * (workers keep kernels and buffers between batches; one per concurrent task).
   */
  static final class Task implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Per executor JVM: a run's idle workers. */
    static final Map<String, ConcurrentLinkedDeque<RolloutWorker>> POOLS = new ConcurrentHashMap<>();
    /** Per executor JVM: a run's data set, loaded once. */
    static final Map<String, DataSet> DATA = new ConcurrentHashMap<>();

    final String key;
    private final Kernels kernels;
    private final Baselines baselines;
    private final EstimatorConfig config;
    private final int stateDim;
    private final Data data;
    private final Faults faults;

    Task(String key, Kernels kernels, Baselines baselines, EstimatorConfig config, int stateDim, Data data,
        Faults faults) {
      this.data = data;
      this.key = key;
      this.kernels = kernels;
      this.baselines = baselines;
      this.config = config;
      this.stateDim = stateDim;
      this.faults = faults;
    }

    Function<int[], byte[]> with(Broadcast<byte[]> request) {
      return range -> run(request.value(), range[0], range[1]);
    }

    private DataSet load() {
      try {
        return Objects.requireNonNull(data.load(), "the engine's data loader returned null");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("loading the rollouts' data set on an executor", e);
      }
    }

    private byte[] run(byte[] request, int from, int to) {
      ConcurrentLinkedDeque<RolloutWorker> pool = POOLS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
      RolloutWorker w = pool.poll();
      if (w == null) {
        w = new RolloutWorker(kernels, config, 1, baselines.create(config, stateDim), data == null ? null
            : DATA.computeIfAbsent(key, k -> load()));
      }
      TaskContext context = TaskContext.get();
      if (faults != null && context != null
          && faults.kill(RolloutWorker.iteration(request), context.partitionId(), context.attemptNumber())) {
        w.run(request, from, Math.max(from + 1, (from + to) / 2));
        w.close();
        throw new IllegalStateException("injected fault: task for rollouts " + from + "…" + (to - 1) + " killed half-way");
      }
      byte[] out = w.run(request, from, to);
      pool.offer(w);
      return out;
    }
  }
}
