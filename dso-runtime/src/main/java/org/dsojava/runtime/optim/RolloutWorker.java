package org.dsojava.runtime.optim;

import org.dsojava.runtime.data.DataSet;

/**
 * The remote side of a {@link RolloutEngine}: runs a share of a batch — rollouts from…to−1 of the batch a
 * request describes — exactly as the local engine would run them (the same streams, trajectories and
 * recursion), and returns the results as bytes for the estimator to put back in their slots.
 *
 * <p>A worker keeps its kernels and buffers between batches; it is not thread-safe (one share at a time),
 * so an engine keeps one per concurrent task. Its results do not depend on its thread count.
 */
public final class RolloutWorker implements AutoCloseable {
  private final GradientEstimator estimator;
  private final ValueBaseline baseline;

  /**
   * A worker with kernels from {@code kernels} for the driver's configuration {@code config} (run on
   * {@code threads} threads here) and a baseline of the same kind as the driver's, into which the driver's
   * V̂ is restored at every batch ({@link ValueBaseline#none()} when the driver uses none).
   */
  public RolloutWorker(KernelFactory kernels, EstimatorConfig config, int threads, ValueBaseline baseline) {
    this(kernels, config, threads, baseline, null);
  }

  /**
   * With rollouts tied to the trajectories of {@code data} (eq. 99; null: not tied), which must be the
   * driver's data set: each kernel is bound to it, and rollout i runs the trajectory the local engine
   * would give it (the shape of the driver's data travels with every batch and is checked).
   */
  public RolloutWorker(KernelFactory kernels, EstimatorConfig config, int threads, ValueBaseline baseline,
      DataSet data) {
    this.estimator = new GradientEstimator(kernels, config.withThreads(threads), data);
    this.baseline = Numerics.nonNull(baseline, "baseline is null; pass ValueBaseline.none() when the optimizer uses none");
  }

  /** Runs rollouts {@code from}…{@code to − 1} of the batch in {@code request}; their results, encoded. */
  public byte[] run(byte[] request, int from, int to) {
    return estimator.runRange(request, from, to, baseline);
  }

  /** The batch (iteration) a request is for, e.g. for logging or fault injection in tests. */
  public static int iteration(byte[] request) {
    return RolloutCodec.request(request).iteration();
  }

  @Override
  public void close() {
    estimator.close();
  }
}
