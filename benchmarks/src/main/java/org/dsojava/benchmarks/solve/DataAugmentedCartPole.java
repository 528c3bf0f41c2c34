package org.dsojava.benchmarks.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dsojava.benchmarks.models.CartPoleCloningDso;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StopRule;

/**
 * Data-augmented policy optimization on CartPole-v1 (paper section 5.2, issue 14 item 3): env steps to solve
 * (the deterministic policy's mean return ≥ 475 over 100 fresh episodes, those episodes counted) for
 * (a) policy optimization alone, (b) behavioral cloning (no env steps) then policy optimization, (c) cloning
 * and policy optimization in parallel (the sum of the costs). Demonstrations: 5 episodes of an expert linear
 * policy (its stochastic policy, recorded (x, a)). Configuration fixed in advance, no tuning: Adam 0.1, batch
 * 10, at most 300 iterations; clone weight 1 (per-trajectory average of −ln P, about 500 terms); cloning first
 * runs 200 data-only iterations. Seeds 1–5. Prints one line per run and a median [min, max] summary.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar org.dsojava.benchmarks.solve.DataAugmentedCartPole}.
 */
public final class DataAugmentedCartPole {
  private DataAugmentedCartPole() {}

  /** A linear CartPole policy that solves it (the main job's result for seed 1). */
  static final double[] EXPERT = {0.02658, 0.3280, 3.235, 2.307, -0.08504};

  static DataSet demonstrations(int episodes, long seed) {
    ChainKernel k = CartPoleCloningDso.kernel();
    DataSet.Builder d = DataSet.builder(DataSchema.of(DataSchema.field("x", 4), DataSchema.field("a", 1)));
    double[] x = new double[4];
    double[] next = new double[4];
    double[] draws = new double[k.drawCount()];
    Rng rng = new Rng(seed, 0);
    for (int e = 0; e < episodes; e++) {
      rng.reseed(seed, e);
      k.initialState(EXPERT, e, rng, x);
      for (int t = 0; t < 500 && !k.terminal(x, t, e); t++) {
        k.sample(EXPERT, x, t, e, rng, draws, next);
        d.add(e, t, x[0], x[1], x[2], x[3], draws[0]);
        System.arraycopy(next, 0, x, 0, 4);
      }
    }
    return d.build();
  }

  static DsoOptimizer po(long seed) {
    return CartPoleCloningDso.optimizer().seed(seed).batch(10).threads(2).adam(0.1).iterations(300).progress(null)
        .stopWhen(StopRule.meanCostAtMost(CartPoleCloningDso.factory(), 100, -475, seed + 1000));
  }

  /** {env steps to solve (rollouts and the stop rule's evaluation episodes), rollout steps alone}, or -1s. */
  static long[] solved(Result r, long seed) {
    double ret = Evaluation.run(CartPoleCloningDso.kernel(), r.theta(), 100, true, seed + 1000, 0).meanReturn();
    long rollouts = 0;
    for (var rec : r.curve()) {
      for (int n : rec.rolloutSteps()) {
        rollouts += n;
      }
    }
    return ret >= 475 ? new long[] {r.envSteps(), rollouts} : new long[] {-1, -1};
  }

  public static void main(String[] args) {
    DataSet demos = demonstrations(5, 77);
    long[][] steps = new long[3][5];
    long[][] training = new long[3][5];
    String[] names = {"(a) PO alone", "(b) cloning, then PO", "(c) cloning + PO in parallel"};
    for (int s = 1; s <= 5; s++) {
      Result cloned = CartPoleCloningDso.optimizer().seed(s).data(demos).dataCost("clone", 1.0).rollouts(0)
          .adam(0.1).iterations(200).progress(null).run();
      Result[] runs = {po(s).run(), po(s).initialTheta(cloned.theta()).run(),
          po(s).data(demos).dataCost("clone", 1.0).run()};
      for (int v = 0; v < 3; v++) {
        long[] o = solved(runs[v], s);
        steps[v][s - 1] = o[0];
        training[v][s - 1] = o[1];
      }
      System.out.printf(Locale.ROOT, "seed %d: (a) %d (%d in rollouts), (b) %d (%d), (c) %d (%d) env steps%n", s,
          steps[0][s - 1], training[0][s - 1], steps[1][s - 1], training[1][s - 1], steps[2][s - 1],
          training[2][s - 1]);
    }
    for (int v = 0; v < 3; v++) {
      long[] sorted = steps[v].clone();
      Arrays.sort(sorted);
      long[] roll = training[v].clone();
      Arrays.sort(roll);
      System.out.printf(Locale.ROOT, "%-30s median %d [%d, %d] env steps to solve; in rollouts alone %d [%d, %d]"
          + " (5 seeds; -1: not solved)%n", names[v], sorted[2], sorted[0], sorted[4], roll[2], roll[0], roll[4]);
    }
    System.out.printf(Locale.ROOT, "demonstrations: %d episodes, %d steps (not counted above)%n", demos.trajectories(),
        demos.totalRecords());
  }
}
