package org.dsojava.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;
import org.dsojava.plots.Plots;
import org.dsojava.runtime.optim.StopRule;

/**
 * The README's main job: optimizes the CartPole-v1 sample's linear policy with DSO gradient estimation
 * (Algorithm 1, value baseline at the mean next state) and Adam until the deterministic policy
 * averages at least 475 over 100 episodes (those evaluation episodes count as env steps), prints a progress line
 * per iteration with an ETA, writes JSON Lines metrics to {@code target/cartpole-metrics.jsonl}, the learning
 * curve to {@code target/cartpole-learning-curve.csv} and plots it in {@code target/cartpole-learning-curve.png},
 * and prints the evaluation on fresh episodes.
 *
 * <p>Arguments: {@code [seed]} (default 1).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1L;
    DsoOptimizer optimizer = CartPoleLinearDso.optimizer()
        .seed(seed)
        .batch(10)
        .adam(0.1)
        .iterations(300)
        .metrics(Path.of("target", "cartpole-metrics.jsonl"))
        .stopWhen(StopRule.meanCostAtMost(CartPoleLinearDso.factory(), 100, -475, seed + 1000));
    Result result = optimizer.run();
    Path csv = Path.of("target", "cartpole-learning-curve.csv");
    result.writeCsv(csv);
    Path png = Path.of("target", "cartpole-learning-curve.png");
    Plots.learningCurve(result, png, "CartPole-v1, linear policy, Algorithm 1 + Adam (seed " + seed + ")");
    Evaluation eval = Evaluation.run(CartPoleLinearDso.kernel(), result.theta(), 100, true, seed + 2000, 0);
    System.out.printf(Locale.ROOT, "optimization: %d env steps, %.3f s, %d iterations; learning curve in %s and %s%n",
        result.envSteps(), result.seconds(), result.curve().size(), csv, png);
    System.out.println("θ: " + optimizer.describe(result.theta()));
    System.out.printf(Locale.ROOT,
        "evaluation (deterministic policy, 100 fresh episodes, 500-step cap): mean return %.1f, mean length %.1f%n",
        eval.meanReturn(), eval.meanLength());
  }
}
