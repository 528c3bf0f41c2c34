package org.dsojava.runtime.optim;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a batch method writes checkpoints and what it resumes from (see {@link DsoOptimizer#checkpoint}). */
final class CheckpointSettings {
  Path file;
  int every;
  Path resume;
  boolean ifPresent;

  void checkpoint(Path f, int everyIterations) {
    if (f != null && everyIterations < 1) {
      throw new IllegalArgumentException("checkpoint every " + everyIterations + " iterations: pass 1 or more");
    }
    file = f;
    every = everyIterations;
  }

  void resume(Path f, boolean onlyIfPresent) {
    resume = f;
    ifPresent = onlyIfPresent;
  }

  boolean active() {
    return file != null || resume != null;
  }

  boolean resuming() {
    return resume != null && !(ifPresent && !Files.exists(resume));
  }

  boolean due(int k, int iterations) {
    return file != null && (k % every == 0 || k == iterations);
  }
}
