package org.dsojava.runtime.optim;

import java.nio.file.Path;

/**
 * The child JVM of {@link SigkillResumeTest}: runs (or, if its checkpoint exists, resumes) a small
 * optimization with a checkpoint after every iteration, prints "iteration k" after each, and saves the
 * final θ as a policy file. Arguments: checkpoint file, policy file, iterations, pause per iteration (ms).
 */
public final class ResumeChild {
  private ResumeChild() {}

  /** The run: Noisy, Adam, the MLP baseline (whose shuffler's stream position is checkpointed), 2 threads. */
  static DsoOptimizer configured() {
    return DsoOptimizer.of(Noisy::new).batch(8).seed(11).adam(0.02).progress(null)
        .baseline(new MlpBaseline(Features.quadratic(1, 0), 4, 2, 32, 0.01, 7));
  }

  public static void main(String[] args) throws Exception {
    Path checkpoint = Path.of(args[0]);
    Path policy = Path.of(args[1]);
    int iterations = Integer.parseInt(args[2]);
    long pause = Long.parseLong(args[3]);
    long start = System.nanoTime();
    Result r = configured().threads(2).iterations(iterations).checkpoint(checkpoint, 1).resumeIfPresent(checkpoint)
        .onIteration((k, theta, record) -> {
          System.out.println("iteration " + k);
          System.out.flush();
          if (pause > 0) {
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).run();
    Policy.save(policy, new Noisy(), r.theta());
    System.out.println("done " + r.envSteps() + " " + r.curve().size() + " " + (System.nanoTime() - start) / 1000000
        + " ms");
    System.out.flush();
  }
}
