package org.dsojava.samples.estimation;

import static org.dsojava.samples.estimation.LinearEstimator.A;
import static org.dsojava.samples.estimation.LinearEstimator.B;
import static org.dsojava.samples.estimation.LinearEstimator.C;

import java.util.SplittableRandom;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;

/**
 * The linear-Gaussian experiment of {@link LinearEstimator}: the true system s' = A s + B (a + w),
 * ȳ = C s' + v with w ~ N(0, Q), v ~ N(0, R), recorded under random actions a ~ N(0, 1) from its stationary
 * distribution, and the DSO run that learns the corrector's gain from the recordings (eq. 99).
 */
public final class LinearKalman {
  /** Actuation (process) noise variance Q and sensor noise variance R of the true system. */
  public static final double Q = 1.0;
  public static final double R = 0.25;
  /** The SGD rate: about 0.64 of a Newton step (J'' ≈ 32 per rollout of 24 charged steps at the optimum). */
  public static final double RATE = 0.02;

  private LinearKalman() {}

  /**
   * {@code trajectories} recordings of HORIZON + 1 records (āₜ, ȳₜ), each stored twice in a row (n = 2m and
   * 2m + 1), so that the antithetic twins of a batch (rollouts 2j and 2j + 1) replay the same recording.
   */
  public static DataSet record(int trajectories, long seed) {
    int length = LinearEstimator.HORIZON + 1;
    SplittableRandom r = new SplittableRandom(seed);
    DataSet.Builder d = DataSet.builder(DataSchema.of(DataSchema.field("a", 1), DataSchema.field("y", 1)));
    double[] a = new double[length];
    double[] y = new double[length];
    for (int m = 0; m < trajectories; m++) {
      double s = Math.sqrt(B * B * (1 + Q) / (1 - A * A)) * r.nextGaussian();
      for (int t = 0; t < length; t++) {
        a[t] = r.nextGaussian();
        s = A * s + B * (a[t] + Math.sqrt(Q) * r.nextGaussian());
        y[t] = C * s + Math.sqrt(R) * r.nextGaussian();
      }
      for (int copy = 0; copy < 2; copy++) {
        for (int t = 0; t < length; t++) {
          d.add(2 * m + copy, t, a[t], y[t]);
        }
      }
    }
    return d.build();
  }

  /** The steady-state Kalman gain, by iterating the discrete Riccati equation. */
  public static double kalmanGain() {
    double p = 0;
    for (int i = 0; i < 10_000; i++) {
      double prior = A * A * p + B * B * Q;
      p = prior * R / (C * C * prior + R);
    }
    double prior = A * A * p + B * B * Q;
    return prior * C / (C * C * prior + R);
  }

  /**
   * The exact J(k) of the chain on {@code d}: the mean over rollouts of Σ_{t ≥ WARM_UP} ½ E[νₜ²] with
   * E[νₜ²] = (ν⁰ₜ)² + C²A² Var ηₜ (ν⁰ the noise-free filter's innovation, η the perturbation the chain's noise
   * injects: η' = (1 − kC)A η + ε for {@link LinearEstimator}, η' = (1 − kC)(A η + B ε) for
   * {@link LinearEstimatorActionNoise}).
   */
  public static double objective(DataSet d, double k, double sigmaEps, boolean actionNoise) {
    double total = 0;
    double keep = 1 - k * C;
    for (int n = 0; n < d.trajectories(); n++) {
      double x = 0;
      double var = 0;
      for (int t = 0; t <= LinearEstimator.HORIZON; t++) {
        double predicted = A * x + B * d.get(n, t, 0, 0);
        double nu = d.get(n, t, 1, 0) - C * predicted;
        if (t >= LinearEstimator.WARM_UP) {
          total += 0.5 * (nu * nu + C * C * A * A * var);
        }
        x = predicted + k * nu;
        var = actionNoise ? keep * keep * (A * A * var + B * B * sigmaEps * sigmaEps)
            : keep * keep * A * A * var + sigmaEps * sigmaEps;
      }
    }
    return total / d.trajectories();
  }

  /** The minimizer of {@link #objective} over k ∈ [0.05, 0.95] (Brent's method). */
  public static double optimum(DataSet d, double sigmaEps, boolean actionNoise) {
    return new BrentOptimizer(1e-12, 1e-14).optimize(new MaxEval(10_000), GoalType.MINIMIZE,
        new UnivariateObjectiveFunction(k -> objective(d, k, sigmaEps, actionNoise)), new SearchInterval(0.05, 0.95))
        .getPoint();
  }

  /**
   * The learned gain: SGD at {@link #RATE} with batches of all the recordings (antithetic twins on each
   * recording's two copies), the iterates after iteration {@code averageFrom} averaged (Polyak–Ruppert).
   *
   * @param trace receives k after iteration i (1-based) at index i − 1, or null
   */
  public static double learn(DataSet d, int iterations, int averageFrom, long seed, int threads, double[] trace) {
    return learn(LinearEstimatorDso.optimizer(), d, iterations, averageFrom, seed, threads, trace);
  }

  /** {@link #learn} for {@link LinearEstimatorActionNoise}, with k bounded to [0.05, 0.95]. */
  public static double learnActionNoise(DataSet d, int iterations, int averageFrom, long seed, int threads,
      double[] trace) {
    return learn(LinearEstimatorActionNoiseDso.optimizer().bounds(new double[] {0.05}, new double[] {0.95}), d,
        iterations, averageFrom, seed, threads, trace);
  }

  private static double learn(DsoOptimizer optimizer, DataSet d, int iterations, int averageFrom, long seed,
      int threads, double[] trace) {
    double[] sum = new double[2];
    Result r = optimizer.data(d).batch(d.trajectories()).antithetic(true).threads(threads)
        .seed(seed).stepRule(StepRule.sgd(Schedule.constant(RATE))).iterations(iterations).progress(null)
        .onIteration((i, theta, rec) -> {
          if (trace != null) {
            trace[i - 1] = theta[0];
          }
          if (i > averageFrom) {
            sum[0] += theta[0];
            sum[1]++;
          }
        }).run();
    return sum[1] > 0 ? sum[0] / sum[1] : r.theta()[0];
  }
}
