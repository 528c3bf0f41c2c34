package org.dsojava.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.dsojava.plots.Plots;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.MlpBaseline;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StepRule;

/**
 * Pendulum-v1 with the MLP policy, solved by proximal chain optimization (PCO, section 4.3) in the
 * configuration chosen on tuning seeds 101–105 (docs/benchmarks-solve.md): batches of 8 episodes, 4 epochs
 * × 4 minibatches, clip ε 0.2, target KL 0.02, inner Adam 0.002, TD(0.95) returns (GAE-style) with an MLP
 * value baseline on (cos th, sin th, thdot, c, t/200). Budget fixed in advance: 125 iterations = 200 000
 * env steps. Prints a progress line every 5 iterations, then the deterministic policy's mean return on 100
 * fresh episodes (a good result: ≥ −200; Gymnasium's leaderboards report −140 to −200 for solved runs) and
 * writes {@code target/pendulum-learning-curve.png}.
 *
 * <p>Arguments: {@code [iterations] [seed]} (defaults 125, 1).
 */
public final class PendulumMain {
  private PendulumMain() {}

  /** The MLP baseline's inputs: (cos th, sin th, thdot, c, t/200), c the cost of the last step. */
  public static Features inputs() {
    return new Features() {
      @Override
      public int size() {
        return 5;
      }

      @Override
      public void compute(double[] x, int t, double[] phi) {
        phi[0] = Math.cos(x[0]);
        phi[1] = Math.sin(x[0]);
        phi[2] = x[1];
        phi[3] = x[2];
        phi[4] = t / 200.0;
      }
    };
  }

  public static void main(String[] args) throws IOException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 125;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
    ChainKernel kernel = PendulumMlpDso.kernel();
    double[] theta0 = PendulumMlpDso.initialParams(seed);
    System.out.printf(Locale.ROOT, "Pendulum-v1, PCO, %d iterations × 8 episodes × 200 steps (seed %d)%n",
        iterations, seed);
    long start = System.nanoTime();
    Result r = PendulumMlpDso.optimizer().seed(seed).batch(8).threads(2).tdLambda(0.95).gae(true)
        .baseline(new MlpBaseline(inputs(), 64, 10, 64, 0.003, seed))
        .pco(new ProximalChainOptimization.Settings(0.2, 4, 4, 0.02, StepRule.adam(0.002)))
        .initialTheta(theta0).iterations(iterations).progress(null)
        .onIteration((k, theta, rec) -> {
          if ((k + 1) % 5 == 0 || k + 1 == iterations) {
            System.out.printf(Locale.ROOT, "  iteration %3d: %7d env steps, batch mean return %7.1f, %5.1f s%n",
                k + 1, rec.envSteps(), -rec.meanCost(), (System.nanoTime() - start) * 1e-9);
          }
        })
        .run();
    Evaluation e = Evaluation.run(kernel, r.theta(), 100, true, seed + 7000, 0);
    Path png = Path.of("target", "pendulum-learning-curve.png");
    Plots.learningCurve(r, png, "Pendulum-v1, MLP policy, PCO (seed " + seed + ")");
    System.out.printf(Locale.ROOT, "Pendulum-v1: %d env steps, %.1f s; deterministic policy over 100 fresh episodes:"
        + " mean return %.1f ± %.1f (95%% CI); ≥ −200 is solved. Learning curve: %s%n", r.envSteps(), r.seconds(),
        e.meanReturn(), e.confidence95(), png);
  }
}
