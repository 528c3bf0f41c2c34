package org.dsojava.runtime.optim;

/**
 * Called after every iteration with the new θ (a copy the listener may keep): for tracking,
 * checkpointing, or custom stopping.
 */
public interface IterationListener {
  void iteration(int k, double[] theta, IterationRecord record);
}
