package org.dsojava.runtime.optim;

import java.util.List;

/**
 * Where a batch's rollouts run (Algorithm 1's loop over n). Without an engine they run on this JVM's
 * threads; an engine — dso-spark's runs them on Spark executors — hands each batch, encoded as bytes, to
 * {@link RolloutWorker}s wherever it likes and returns their encoded results. Rollout n of batch k depends
 * only on (seed, k, n), θ and V̂, and its results are put back in slot n and reduced in rollout order by
 * the estimator here, so an engine that returns what the workers computed gives the local engine's θ bit
 * for bit, however it splits the batch and however often it re-runs a share (a lost task, say).
 *
 * <p>Set with {@link DsoOptimizer#engine}; every optimizer uses it for its batches. What runs on the
 * recorded batch afterwards (the surrogate passes of PCO, Chain Iteration's and the natural gradient's
 * Fisher products) stays here, on the records the workers send back.
 */
public interface RolloutEngine {
  /**
   * Starts serving an estimator with this configuration (kernels of {@code paramCount} parameters); the
   * runner lives as long as the estimator.
   */
  Runner open(EstimatorConfig config, int paramCount);

  /** One estimator's batches. */
  interface Runner extends AutoCloseable {
    /**
     * Runs rollouts 0…B−1 of the batch in {@code request} and returns the results of
     * {@link RolloutWorker#run}{@code (request, from, to)} for ranges that cover 0…B−1 exactly once, in
     * any order (the estimator checks the cover).
     */
    List<byte[]> run(byte[] request);

    @Override
    void close();
  }
}
