package org.dsojava.runtime.optim;

/**
 * A stateful part of an optimization run (a step rule's moments, a value baseline's fit, a stop rule's
 * counters) that a checkpoint saves and a resumed run restores, so that the resumed run continues bit for
 * bit. The built-in step rules ({@link StepRule#sgd}, {@link StepRule#adam}) and baselines
 * ({@link ValueBaseline#none()}, {@link LinearBaseline}, {@link MlpBaseline}) implement it; a custom step
 * rule or baseline must implement it to be checkpointed (the optimizer refuses otherwise, since it cannot
 * know what state it keeps). A stop rule that does not implement it is taken to be a function of
 * (θ, iteration) alone.
 */
public interface Checkpointable {
  /** Writes the state (and whatever configuration a restore should check) into {@code out}. */
  void saveState(SavedState out);

  /**
   * Restores the state written by {@link #saveState}; throws {@link CheckpointException} naming what
   * differs if the saved configuration is not this object's.
   */
  void restoreState(SavedState in);

  /**
   * Compares a saved configuration value with this object's; a {@link CheckpointException} naming
   * {@code what} and both values if they differ.
   */
  static void expect(SavedState in, String key, String what, String mine) {
    String saved = in.getString(key);
    if (!saved.equals(mine)) {
      throw new CheckpointException(in.source() + " was written with " + what + " " + saved + "; this run has "
          + mine);
    }
  }
}
