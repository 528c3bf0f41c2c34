package org.dsojava.samples.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Supplier;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.ValueBaseline;

/**
 * The statistics of the oracle-agreement tests: repeated, independent Algorithm 1 estimates at one θ
 * for several batch sizes N, with and without a value baseline, compared with the exact ∇J.
 *
 * <h2>Why the tolerances are what they are</h2>
 *
 * <ul>
 *   <li><b>Standard error.</b> An estimate is the mean of N rollout gradients G₀ⁿ drawn from disjoint
 *       random streams (rollout n of batch k uses stream k·N + n), so they are i.i.d. (with a baseline:
 *       i.i.d. given V̂, which was fitted on the previous batch and leaves the mean unchanged) and
 *       Var(estimate_k) = σ_k²/N exactly, σ_k² being the per-rollout variance of component k. σ_k² is
 *       estimated by pooling N·Var over the repetitions at every N (≈ Σ(R−1) ≈ 100+ degrees of
 *       freedom, so the standardized errors below are close to normal, not Student-t with few dof).
 *       SE_k(N) = σ_k/√N.
 *   <li><b>Agreement.</b> Every single estimate satisfies |est_k − ∇J_k| ≤ 5·SE_k(N) for every
 *       component, and the mean of the R estimates at one N (an estimate from N·R rollouts) satisfies
 *       |mean_k − ∇J_k| ≤ 5·SE_k(N)/√R. A normal deviate exceeds 5 with probability 6·10⁻⁷; the ~15 000
 *       comparisons of all studies together would fail by chance with probability ~1%. The smallest
 *       detectable bias, 5 SE of the largest mean, is printed as "resolution" relative to ‖∇J‖: ≈ 0.5–2%
 *       for the episodic cases, ≈ 3% for average cost. (Checked by mutation: dropping γ from the ∇ln P
 *       weight, charging the cut state, or not charging ∇L at terminal states each fail at 6–28 SE.)
 *       At the average-cost case's N = 10 the mean is not quite normal (a rollout gradient there is a
 *       double sum Σ_s ∇ln P_s·R_{s+1}, with heavier tails); the largest deviate seen there is 4.2.
 *   <li><b>1/√N.</b> MSE(N) = (1/R) Σ_r ‖est_r − ∇J‖² has expectation tr Σ/N + ‖bias‖²; unbiased means
 *       MSE(N₁)/MSE(N₃) ≈ N₃/N₁ = 100. R·N·MSE/tr Σ is a sum of squared normal errors with effective
 *       degrees of freedom ν = R·(tr Σ)²/tr Σ² ≥ R (printed as "dof"): ν > 100 at the smallest N and
 *       ν ≈ 26–60 at the largest (R chosen for that); the band [0.3, 3]·100 then fails by chance with
 *       probability ≲ 10⁻³ per study (χ²₂₆ &lt; 7.8 is a 3.5σ event, the other side far rarer), whereas
 *       a bias as large as the error at N = 10⁴ would pull the ratio below 30.
 *   <li><b>Variance reduction.</b> With and without the baseline the rollouts are the same (the same
 *       iterations, hence the same streams; only the weight of ∇ln P changes), so the comparison of
 *       the pooled per-rollout variances (≈ 150 dof each) is paired. Observed tr-variance ratios
 *       (three stream sets): 0.22–0.30 time-varying, 0.27–0.28 horizon-cut, 0.45–0.46 ten states,
 *       0.48–0.52 three states, 0.56–0.70 first exit; the tests assert &lt; 0.8. (First exit gains
 *       least: much of its variance is whether a rollout ends at the goal or in the trap, which a
 *       state baseline does not remove. Average cost: see that test.)
 * </ul>
 */
final class Agreement {
  private Agreement() {}

  /** R estimates of one batch size N. */
  record Sample(int batch, double[][] estimates) {
    int reps() {
      return estimates.length;
    }

    double[] mean() {
      int p = estimates[0].length;
      double[] m = new double[p];
      for (double[] e : estimates) {
        for (int k = 0; k < p; k++) {
          m[k] += e[k] / reps();
        }
      }
      return m;
    }

    /** Sample covariance of one estimate over the R repetitions. */
    double[][] covariance() {
      double[] m = mean();
      int p = m.length;
      double[][] c = new double[p][p];
      for (double[] e : estimates) {
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            c[i][j] += (e[i] - m[i]) * (e[j] - m[j]) / (reps() - 1);
          }
        }
      }
      return c;
    }

    double meanSquaredError(double[] exact) {
      double s = 0;
      for (double[] e : estimates) {
        for (int k = 0; k < exact.length; k++) {
          s += (e[k] - exact[k]) * (e[k] - exact[k]);
        }
      }
      return s / reps();
    }

    /** R·(tr Σ)²/tr Σ², the effective degrees of freedom of R·MSE. */
    double effectiveDof() {
      double[][] c = covariance();
      double tr = 0;
      double tr2 = 0;
      for (int i = 0; i < c.length; i++) {
        tr += c[i][i];
        for (int j = 0; j < c.length; j++) {
          tr2 += c[i][j] * c[j][i];
        }
      }
      return reps() * tr * tr / tr2;
    }
  }

  /** All samples of one model and one baseline choice, with the pooled per-rollout variance. */
  record Study(String model, String label, double[] exact, Sample[] samples) {
    /** σ_k²: N·Var(estimate_k) pooled over every N, weighted by degrees of freedom R − 1. */
    double[] rolloutVariance() {
      int p = exact.length;
      double[] v = new double[p];
      double dof = 0;
      for (Sample s : samples) {
        double[][] c = s.covariance();
        for (int k = 0; k < p; k++) {
          v[k] += (s.reps() - 1) * s.batch() * c[k][k];
        }
        dof += s.reps() - 1;
      }
      for (int k = 0; k < p; k++) {
        v[k] /= dof;
      }
      return v;
    }

    double rolloutVarianceTrace() {
      double t = 0;
      for (double v : rolloutVariance()) {
        t += v;
      }
      return t;
    }

    /** Checks and prints agreement at every N and the 1/√N rate between the smallest and largest N. */
    void check() {
      double[] sigma2 = rolloutVariance();
      for (Sample s : samples) {
        double worstSingle = 0;
        for (double[] e : s.estimates()) {
          for (int k = 0; k < exact.length; k++) {
            worstSingle = Math.max(worstSingle, Math.abs(e[k] - exact[k]) / Math.sqrt(sigma2[k] / s.batch()));
          }
        }
        double[] m = s.mean();
        double worstMean = 0;
        for (int k = 0; k < exact.length; k++) {
          worstMean = Math.max(worstMean,
              Math.abs(m[k] - exact[k]) / Math.sqrt(sigma2[k] / ((double) s.batch() * s.reps())));
        }
        double mse = s.meanSquaredError(exact);
        System.out.printf(Locale.ROOT,
            "%-11s %-8s N=%-6d R=%-3d rms error %.3e  N·MSE %.4g  dof %4.0f  max single |err|/SE %.2f"
                + "  max |mean err|/SE %.2f%n",
            model, label, s.batch(), s.reps(), Math.sqrt(mse), s.batch() * mse, s.effectiveDof(), worstSingle,
            worstMean);
        assertTrue(worstSingle <= 5, String.format(Locale.ROOT, "%s %s N=%d: an estimate is %.2f standard errors"
            + " from the exact ∇J in some component", model, label, s.batch(), worstSingle));
        assertTrue(worstMean <= 5, String.format(Locale.ROOT, "%s %s N=%d: the mean of %d estimates is %.2f"
            + " standard errors from the exact ∇J in some component (bias?)", model, label, s.batch(), s.reps(),
            worstMean));
      }
      double norm = 0;
      for (double g : exact) {
        norm += g * g;
      }
      Sample last = samples[samples.length - 1];
      double resolution = 0;
      for (int k = 0; k < exact.length; k++) {
        resolution = Math.max(resolution, 5 * Math.sqrt(sigma2[k] / ((double) last.batch() * last.reps())));
      }
      System.out.printf(Locale.ROOT, "%-11s %-8s resolution: a bias of %.2e (%.1f%% of ‖∇J‖ = %.3f) would fail%n", model,
          label, resolution, 100 * resolution / Math.sqrt(norm), Math.sqrt(norm));
      Sample small = samples[0];
      Sample large = samples[samples.length - 1];
      double expected = (double) large.batch() / small.batch();
      double ratio = small.meanSquaredError(exact) / large.meanSquaredError(exact);
      System.out.printf(Locale.ROOT, "%-11s %-8s MSE(N=%d)/MSE(N=%d) = %.1f (1/N predicts %.0f)%n", model, label,
          small.batch(), large.batch(), ratio, expected);
      assertTrue(ratio >= 0.3 * expected && ratio <= 3 * expected, String.format(Locale.ROOT,
          "%s %s: MSE(%d)/MSE(%d) = %.2f, but an unbiased estimator's error falls as 1/N: expected ≈ %.0f", model,
          label, small.batch(), large.batch(), ratio, expected));
    }
  }

  /** Both studies of one model: without a baseline and with the one-hot linear baseline. */
  record Pair(Study plain, Study baselined) {
    /** tr σ²(with V̂) / tr σ²(without), per rollout, pooled over every N (paired: same rollouts). */
    double varianceRatio() {
      return baselined.rolloutVarianceTrace() / plain.rolloutVarianceTrace();
    }
  }

  /**
   * Runs both studies. At each N one estimator serves both: without a baseline it estimates at
   * iterations 1 … R; then iteration 0 fits V̂ (that estimate is discarded) and iterations 1 … R are
   * estimated again with V̂, each call refitting V̂ on its own batch for the next call (so every
   * estimate uses V̂ from an earlier batch only, as Algorithm 1 requires). Both runs see the same
   * rollouts.
   */
  static Pair run(String model, KernelFactory factory, Supplier<DsoOptimizer> builder, double[] theta,
      double[] exact, Supplier<ValueBaseline> baseline, double averageCost, int[] batches, int[] reps) {
    Sample[] plain = new Sample[batches.length];
    Sample[] based = new Sample[batches.length];
    for (int i = 0; i < batches.length; i++) {
      // A different seed per N, so batches of different N share no rollouts (seeds far apart: Rng
      // derives its state from seed·φ + mix(stream), so seeds 1 apart would give shifted states).
      // -Doracle.seed=S reruns everything on other streams (the defaults are not tuned: 7000 and
      // 31000 pass too).
      EstimatorConfig config = builder.get().batch(batches[i]).threads(2).seed(Long.getLong("oracle.seed", 1000L) * (i + 1)).config();
      try (GradientEstimator estimator = new GradientEstimator(factory, config)) {
        plain[i] = sample(estimator, batches[i], theta, ValueBaseline.none(), averageCost, reps[i]);
        ValueBaseline v = baseline.get();
        estimator.estimate(theta, 0, v, averageCost);
        based[i] = sample(estimator, batches[i], theta, v, averageCost, reps[i]);
      }
    }
    return new Pair(new Study(model, "none", exact, plain), new Study(model, "baseline", exact, based));
  }

  private static Sample sample(GradientEstimator estimator, int batch, double[] theta, ValueBaseline baseline,
      double averageCost, int reps) {
    double[][] est = new double[reps][];
    for (int r = 0; r < reps; r++) {
      est[r] = estimator.estimate(theta, 1 + r, baseline, averageCost).gradient();
    }
    return new Sample(batch, est);
  }
}
