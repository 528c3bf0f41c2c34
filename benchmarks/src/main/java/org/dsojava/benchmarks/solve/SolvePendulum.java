package org.dsojava.benchmarks.solve;

import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.Result;
import org.dsojava.samples.PendulumMlpDso;

/**
 * Pendulum-v1 (MLP policy, θ₀ = initialParams(seed)) within a budget of training env steps (default
 * 200k): Algorithm 1 + Adam; every {@code every} iterations and at the end the deterministic policy
 * (mean action) is evaluated on 100 episodes (stream seed + 1000, the same throughout a run; time
 * excluded from the optimization seconds). Prints one line with the best and the final evaluation and
 * the final θ on 100 fresh episodes (stream seed + 7000).
 *
 * <p>Arguments: {@code seed [batch [rate [budget [every [threads]]]]]}, defaults 16, 0.003, 200000, 5, 2.
 */
public final class SolvePendulum {
  private SolvePendulum() {}

  /** The outcome of one run. */
  public record Outcome(long envSteps, int iterations, double optSeconds, double evalSeconds, double bestReturn,
      long bestAt, double finalReturn, double freshReturn) {}

  public static Outcome run(long seed, int batch, double rate, long budget, int every, int threads) {
    ChainKernel evalKernel = PendulumMlpDso.kernel();
    long evalSeed = seed + 1000;
    int iterations = (int) (budget / (200L * batch));
    double[] evalSeconds = {0};
    double[] best = {Double.NEGATIVE_INFINITY};
    long[] bestAt = {0};
    double[] optSeconds = {0};
    Result r = PendulumMlpDso.optimizer().seed(seed).batch(batch).threads(threads).adam(rate).clipGradientNorm(100)
        .baseline(new LinearBaseline(Features.quadratic(3, 200), 1e-6)).iterations(iterations).progress(null)
        .onIteration((k, theta, rec) -> {
          long t0 = System.nanoTime();
          optSeconds[0] = rec.seconds() - evalSeconds[0];
          if (k % every == 0 || k == iterations) {
            double v = Evaluation.run(evalKernel, theta, 100, true, evalSeed, 0).meanReturn();
            if (v > best[0]) {
              best[0] = v;
              bestAt[0] = rec.envSteps();
            }
          }
          evalSeconds[0] += (System.nanoTime() - t0) * 1e-9;
        }).run();
    double last = Evaluation.run(evalKernel, r.theta(), 100, true, evalSeed, 0).meanReturn();
    double fresh = Evaluation.run(evalKernel, r.theta(), 100, true, seed + 7000, 0).meanReturn();
    return new Outcome(r.envSteps(), r.curve().size(), optSeconds[0], evalSeconds[0], best[0], bestAt[0], last, fresh);
  }

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 0.003;
    long budget = args.length > 3 ? Long.parseLong(args[3]) : 200_000;
    int every = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    Outcome o = run(seed, batch, rate, budget, every, threads);
    System.out.printf(Locale.ROOT,
        "pendulum seed=%d env_steps=%d iterations=%d opt_seconds=%.3f eval_seconds=%.3f best_return=%.1f"
            + " best_at_env_steps=%d final_return=%.1f fresh_return=%.1f config=batch=%d,adam=%s,clip=100%n",
        seed, o.envSteps(), o.iterations(), o.optSeconds(), o.evalSeconds(), o.bestReturn(), o.bestAt(),
        o.finalReturn(), o.freshReturn(), batch, rate);
  }
}
