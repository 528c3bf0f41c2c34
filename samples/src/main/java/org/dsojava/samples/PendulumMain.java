package org.dsojava.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;

/**
 * Pendulum-v1 with the MLP policy, optimized by Algorithm 1 + Adam; prints the mean return of the
 * deterministic (mean-action) policy over 100 evaluation episodes, env steps and wall time. Writes the
 * learning curve to {@code target/pendulum-learning-curve.csv}.
 *
 * <p>Arguments: {@code [iterations] [batch] [seed]} (defaults 300, 32, 1).
 */
public final class PendulumMain {
  private PendulumMain() {}

  public static void main(String[] args) throws IOException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
    Result r = PendulumMlpDso.optimizer().seed(seed).batch(batch).iterations(iterations).adam(0.003)
        .clipGradientNorm(100).learningCurve(Path.of("target", "pendulum-learning-curve.csv")).run();
    Evaluation e = Evaluation.run(PendulumMlpDso.kernel(), r.theta(), 100, true, seed + 2000, 0);
    System.out.printf(Locale.ROOT, "Pendulum-v1: %d env steps, %.1f s; deterministic policy over 100 episodes:"
        + " mean return %.1f%n", r.envSteps(), r.seconds(), e.meanReturn());
  }
}
