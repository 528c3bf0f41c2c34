package org.dsojava.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * The README's main job: optimizes the CartPole-v1 sample's linear policy with DSO gradient estimation
 * (Algorithm 1) and Adam, prints one progress line per iteration, writes the learning curve to
 * {@code target/cartpole-learning-curve.csv}, and evaluates the deterministic (most likely action)
 * policy over 100 episodes.
 *
 * <p>A compact driver over the generated kernel until the runtime's optimizers land: the baseline is the
 * previous batch's mean cost-to-go at each step index (fitted on earlier batches only, so the estimate
 * stays unbiased, as Algorithm 1 requires) rather than the paper's V̂(f(x,θ)).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1L;
    ChainKernel k = CartPoleLinearDso.kernel();
    int iterations = 60;
    int batch = 10;
    int horizon = k.horizon();
    double[] theta = CartPoleLinearDso.initialParams(seed);
    int p = theta.length;
    double[][] xs = new double[horizon + 1][k.stateDim()];
    double[][] draws = new double[horizon][k.drawCount()];
    double[] costToGo = new double[horizon + 1];
    double[] baseline = new double[horizon + 1];
    double[] baselineSum = new double[horizon + 1];
    int[] baselineCount = new int[horizon + 1];
    double[] g = new double[p];
    double[] m = new double[p];
    double[] v = new double[p];
    double rate = 0.05;
    Rng rng = new Rng(seed);
    long envSteps = 0;
    long start = System.nanoTime();
    Path csv = Path.of("target", "cartpole-learning-curve.csv");
    Files.createDirectories(csv.getParent());
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println("iteration,env_steps,mean_return,gradient_norm,seconds");
      System.out.printf("%4s %10s %12s %12s %9s%n", "iter", "env steps", "mean return", "|grad|", "seconds");
      for (int it = 1; it <= iterations; it++) {
        java.util.Arrays.fill(g, 0);
        java.util.Arrays.fill(baselineSum, 0);
        java.util.Arrays.fill(baselineCount, 0);
        double totalReturn = 0;
        for (int r = 0; r < batch; r++) {
          int n = it * batch + r;
          rng.reseed(seed, n);
          k.initialState(theta, n, rng, xs[0]);
          int end = 0;
          while (end < horizon && !k.terminal(xs[end], end, n)) {
            k.sample(theta, xs[end], end, n, rng, draws[end], xs[end + 1]);
            end++;
          }
          envSteps += end;
          // Algorithm 1 with γ = 1: R_t = R_{t+1} + L(x_t); G += ∇L(x_t) + ∇ln P(x_{t+1}|x_t)(R_{t+1} − b_{t+1}).
          boolean cut = end == horizon && !k.terminal(xs[end], end, n);
          costToGo[end] = cut ? 0 : k.cost(theta, xs[end], end, n);
          if (!cut) {
            k.accumulateGradient(theta, xs[end], end, n, draws[0], 1.0, 0.0, g);
          }
          for (int t = end - 1; t >= 0; t--) {
            costToGo[t] = costToGo[t + 1] + k.cost(theta, xs[t], t, n);
            k.accumulateGradient(theta, xs[t], t, n, draws[t], 1.0, costToGo[t + 1] - baseline[t + 1], g);
          }
          for (int t = 0; t <= end; t++) {
            baselineSum[t] += costToGo[t];
            baselineCount[t]++;
          }
          totalReturn -= costToGo[0];
        }
        for (int t = 0; t <= horizon; t++) {
          baseline[t] = baselineCount[t] > 0 ? baselineSum[t] / baselineCount[t] : 0;
        }
        double norm = 0;
        for (int i = 0; i < p; i++) {
          g[i] /= batch;
          norm += g[i] * g[i];
          m[i] = 0.9 * m[i] + 0.1 * g[i];
          v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
          double mHat = m[i] / (1 - Math.pow(0.9, it));
          double vHat = v[i] / (1 - Math.pow(0.999, it));
          theta[i] -= rate * mHat / (Math.sqrt(vHat) + 1e-8);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        System.out.printf("%4d %10d %12.1f %12.4g %9.3f%n", it, envSteps, totalReturn / batch, Math.sqrt(norm), seconds);
        out.printf("%d,%d,%.3f,%.6g,%.4f%n", it, envSteps, totalReturn / batch, Math.sqrt(norm), seconds);
      }
    }
    System.out.printf("optimization: %d env steps, %.3f s; learning curve in %s%n", envSteps,
        (System.nanoTime() - start) * 1e-9, csv);
    System.out.printf("θ = %s%n", java.util.Arrays.toString(theta));
    System.out.printf("evaluation (deterministic policy, 100 episodes, 500-step cap): mean return %.1f%n",
        evaluate(k, theta, seed));
  }

  /** Mean undiscounted return of the most-likely-action policy: the mean step f(x,θ) of the chain. */
  static double evaluate(ChainKernel k, double[] theta, long seed) {
    Rng rng = new Rng(seed ^ 0x5DEECE66DL);
    double[] x = new double[k.stateDim()];
    double[] next = new double[k.stateDim()];
    double total = 0;
    for (int e = 0; e < 100; e++) {
      rng.reseed(seed ^ 0x5DEECE66DL, e);
      k.initialState(theta, e, rng, x);
      int t = 0;
      while (t < k.horizon() && !k.terminal(x, t, e)) {
        k.meanStep(theta, x, t, e, next);
        System.arraycopy(next, 0, x, 0, x.length);
        t++;
      }
      total += t;
    }
    return total / 100;
  }
}
