package org.dsojava.benchmarks.solve;

import java.util.Arrays;
import java.util.Locale;

/**
 * Tuning aid: runs one CartPole configuration on seeds {@code from..to} in one JVM and prints each run
 * and the median / range of env steps to an evaluation ≥ 475. Arguments: {@code from to key=value...}.
 */
public final class SolveSweep {
  private SolveSweep() {}

  public static void main(String[] args) {
    int from = Integer.parseInt(args[0]);
    int to = Integer.parseInt(args[1]);
    CartPoleSolver solver = new CartPoleSolver(CartPoleSolver.parse(args, 2));
    double[] steps = new double[to - from + 1];
    double[] train = new double[steps.length];
    for (int s = from; s <= to; s++) {
      CartPoleSolver.Outcome o = solver.run(s);
      steps[s - from] = o.solved() ? o.envSteps() : Double.POSITIVE_INFINITY;
      train[s - from] = o.trainSteps() >= 0 ? o.trainSteps() : Double.POSITIVE_INFINITY;
      System.out.println(CartPoleSolver.line("cartpole", s, o));
    }
    Arrays.sort(steps);
    Arrays.sort(train);
    System.out.printf(Locale.ROOT, "%s | eval median %.0f [%.0f, %.0f] | train20 median %.0f [%.0f, %.0f]%n",
        solver.describe(), steps[steps.length / 2], steps[0], steps[steps.length - 1], train[train.length / 2], train[0],
        train[train.length - 1]);
  }
}
