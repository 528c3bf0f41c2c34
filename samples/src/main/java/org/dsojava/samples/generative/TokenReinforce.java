package org.dsojava.samples.generative;

import java.util.SplittableRandom;
import org.dsojava.runtime.optim.StepRule;

/**
 * The usual RLHF fine-tune of the same token model, written by hand for comparison with DSO: REINFORCE
 * with per-token rewards rₜ = −β (ln π(vₜ|ctx) − ln p̄(vₜ|ctx)) plus the sequence reward #c at the last
 * token, β = 1/λ (so it maximizes E[#c] − β KL, i.e. minimizes J/λ of {@link TunedTokens}). Each token's
 * score ∇ln π(vₜ) is weighted by its reward-to-go minus the mean reward-to-go of the batch's other
 * sequences at that position (leave-one-out, so unbiased);
 * the sampled log-ratio is a reward, not differentiated (its direct gradient has expectation 0).
 * The step is Adam on the negated estimate, as in DSO's first-order optimizer.
 */
public final class TokenReinforce {
  private TokenReinforce() {}

  /**
   * Runs {@code iterations} batches of {@code batch} sequences from θ₀ with Adam({@code rate}); returns
   * the final θ. Deterministic in {@code seed}.
   */
  public static double[] run(double[] theta0, int iterations, int batch, double rate, long seed) {
    int v = TokenCorpus.V;
    int t = TunedTokens.T;
    double beta = 1.0 / TunedTokens.REWARD;
    double[] base = TokenCorpus.baseProbabilities();
    double[] theta = theta0.clone();
    StepRule adam = StepRule.adam(rate);
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] tokens = new int[batch][t];
    int[][] rows = new int[batch][t];
    double[][] togo = new double[batch][t];
    double[][][] probs = new double[batch][t][];
    for (int k = 1; k <= iterations; k++) {
      double[] meanTogo = new double[t];
      for (int b = 0; b < batch; b++) {
        int u = TokenCorpus.BOS;
        double[] r = new double[t];
        int hits = 0;
        for (int s = 0; s < t; s++) {
          int row = ExactTokens.row(s, s == 0 ? 0 : u);
          double[] p = ExactTokens.softmax(theta, row);
          double draw = rng.nextDouble();
          int tok = 0;
          double acc = p[0];
          while (draw >= acc && tok < v - 1) {
            acc += p[++tok];
          }
          r[s] = -beta * Math.log(p[tok] / base[u * v + tok]);
          hits += tok == 2 ? 1 : 0;
          tokens[b][s] = tok;
          rows[b][s] = row;
          probs[b][s] = p;
          u = tok;
        }
        r[t - 1] += hits;
        double g = 0;
        for (int s = t - 1; s >= 0; s--) {
          g += r[s];
          togo[b][s] = g;
          meanTogo[s] += g / batch;
        }
      }
      double[] descent = new double[theta.length];
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < t; s++) {
          // Leave-one-out baseline: the mean reward-to-go of the other sequences of the batch.
          double adv = (togo[b][s] - meanTogo[s]) * batch / (batch - 1.0);
          for (int j = 0; j < v; j++) {
            double score = (j == tokens[b][s] ? 1 : 0) - probs[b][s][j];
            descent[rows[b][s] + j] -= score * adv / batch;
          }
        }
      }
      adam.step(theta, descent, k);
    }
    return theta;
  }
}
