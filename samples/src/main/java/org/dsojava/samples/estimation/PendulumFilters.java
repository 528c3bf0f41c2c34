package org.dsojava.samples.estimation;

import static org.dsojava.samples.estimation.PendulumEstimator.DAMPING;
import static org.dsojava.samples.estimation.PendulumEstimator.DT;
import static org.dsojava.samples.estimation.PendulumEstimator.GRAVITY;
import static org.dsojava.samples.estimation.PendulumEstimator.HORIZON;
import static org.dsojava.samples.estimation.PendulumEstimator.SENSOR_STD;
import static org.dsojava.samples.estimation.PendulumEstimator.WARM_UP;

import java.util.SplittableRandom;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.Prior;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;

/**
 * The noisy pendulum of {@link PendulumEstimator}: recordings of the true system (random torques with
 * actuation noise, angle measured with noise), an extended Kalman filter with the true model and noise
 * levels, the DSO run that learns the corrector, and the RMS state error of a filter on recordings whose
 * true states are known.
 */
public final class PendulumFilters {
  /** Actuation noise σ_w on the torque (the process noise), and the recorded torques' scale. */
  public static final double TORQUE_NOISE = 2.0;
  public static final double TORQUE_SCALE = 2.0;
  /** Initial state: φ₀ ~ U(−2, 2), ω₀ ~ N(0, 1). */
  public static final double ANGLE_RANGE = 2.0;
  public static final double VELOCITY_STD = 1.0;

  private PendulumFilters() {}

  /** Recordings (āₜ, ȳₜ, ȳ₋₁), t = 0 … HORIZON + LOOKAHEAD, and the true states sₜ of trajectory m. */
  public record Recordings(DataSet data, double[][][] states) {}

  /**
   * {@code trajectories} recordings of HORIZON + 1 + LOOKAHEAD records, each stored {@code copies} times in a row (2 for
   * training, so that antithetic twins replay the same recording; 1 for evaluation); states[m][t] is the
   * true (φ, ω) at step t of recording m.
   */
  public static Recordings record(int trajectories, int copies, long seed) {
    int length = HORIZON + 1 + PendulumEstimator.LOOKAHEAD;
    SplittableRandom r = new SplittableRandom(seed);
    DataSet.Builder d = DataSet.builder(DataSchema.of(DataSchema.field("a", 1), DataSchema.field("y", 1),
        DataSchema.field("y0", 1)));
    double[][][] states = new double[trajectories][length][];
    double[] a = new double[length];
    double[] y = new double[length];
    for (int m = 0; m < trajectories; m++) {
      double[] s = {ANGLE_RANGE * (2 * r.nextDouble() - 1), VELOCITY_STD * r.nextGaussian()};
      double y0 = s[0] + SENSOR_STD * r.nextGaussian();
      for (int t = 0; t < length; t++) {
        states[m][t] = s.clone();
        a[t] = TORQUE_SCALE * r.nextGaussian();
        double[] next = new double[2];
        PendulumEstimator.physics(s, a[t] + TORQUE_NOISE * r.nextGaussian(), next);
        s = next;
        y[t] = s[0] + SENSOR_STD * r.nextGaussian();
      }
      for (int c = 0; c < copies; c++) {
        for (int t = 0; t < length; t++) {
          d.add(copies * m + c, t, a[t], y[t], y0);
        }
      }
    }
    return new Recordings(d.build(), states);
  }

  /** A state estimator run along one recording: the estimate of sₜ for t = 0 … HORIZON. */
  public interface Filter {
    double[][] run(DataSet data, int n);
  }

  /**
   * The extended Kalman filter with the true model: x̂₀ = (ȳ₋₁, 0), P₀ = diag(σ_ξ², σ_ω₀²); predict with
   * F = ∂f/∂x at x̂ and Q = σ_w² g gᵀ, g = ∂f/∂u = (dt², dt); update with H = (1, 0), R = σ_ξ².
   */
  public static Filter ekf() {
    return (data, n) -> {
      double[][] out = new double[HORIZON + 1][];
      double[] x = {data.get(n, 0, 2, 0), 0};
      double p00 = SENSOR_STD * SENSOR_STD;
      double p01 = 0;
      double p11 = VELOCITY_STD * VELOCITY_STD;
      double q = TORQUE_NOISE * TORQUE_NOISE;
      for (int t = 0; t <= HORIZON; t++) {
        out[t] = x.clone();
        if (t == HORIZON) {
          break;
        }
        // F: w' = ω + dt(−g sin φ − b ω + u), φ' = φ + dt w'.
        double dwdphi = -DT * GRAVITY * Math.cos(x[0]);
        double dwdw = 1 - DT * DAMPING;
        double f00 = 1 + DT * dwdphi;
        double f01 = DT * dwdw;
        double f10 = dwdphi;
        double f11 = dwdw;
        double[] pred = new double[2];
        PendulumEstimator.physics(x, data.get(n, t, 0, 0), pred);
        // P̃ = F P Fᵀ + q g gᵀ.
        double a00 = f00 * p00 + f01 * p01;
        double a01 = f00 * p01 + f01 * p11;
        double a10 = f10 * p00 + f11 * p01;
        double a11 = f10 * p01 + f11 * p11;
        double m00 = a00 * f00 + a01 * f01 + q * DT * DT * DT * DT;
        double m01 = a00 * f10 + a01 * f11 + q * DT * DT * DT;
        double m11 = a10 * f10 + a11 * f11 + q * DT * DT;
        double s = m00 + SENSOR_STD * SENSOR_STD;
        double k0 = m00 / s;
        double k1 = m01 / s;
        double nu = data.get(n, t, 1, 0) - pred[0];
        x = new double[] {pred[0] + k0 * nu, pred[1] + k1 * nu};
        p00 = (1 - k0) * m00;
        p01 = (1 - k0) * m01;
        p11 = m11 - k1 * m01;
      }
      return out;
    };
  }

  /** The learned corrector run noise-free (the chain's mean step, eq. 59's f(x, θ)) at θ. */
  public static Filter learned(double[] theta, DataSet data) {
    ChainKernel kernel = PendulumEstimatorDso.kernel();
    kernel.bind(data);
    return (d, n) -> {
      if (d != data) {
        throw new IllegalArgumentException("the learned filter is bound to another data set");
      }
      double[][] out = new double[HORIZON + 1][];
      double[] x = new double[2];
      kernel.initialState(theta, n, new Rng(0), x);
      for (int t = 0; t <= HORIZON; t++) {
        out[t] = x.clone();
        if (t < HORIZON) {
          double[] next = new double[2];
          kernel.meanStep(theta, x, t, n, next);
          x = next;
        }
      }
      return out;
    };
  }

  /** RMS errors of φ and ω over steps WARM_UP … HORIZON of every recording (recordings stored once). */
  public static double[] rmsError(Filter filter, Recordings rec) {
    double[] sum = new double[2];
    int count = 0;
    for (int m = 0; m < rec.states().length; m++) {
      double[][] estimate = filter.run(rec.data(), m);
      for (int t = WARM_UP; t <= HORIZON; t++) {
        for (int i = 0; i < 2; i++) {
          double e = estimate[t][i] - rec.states()[m][t][i];
          sum[i] += e * e;
        }
        count++;
      }
    }
    return new double[] {Math.sqrt(sum[0] / count), Math.sqrt(sum[1] / count)};
  }

  /**
   * The mean L_estim of a filter per charged step: ½ ((ȳₜ − φ̃ₜ₊₁) / σ_ξ)² with φ̃ₜ₊₁ the angle of f(x̂ₜ, āₜ), over
   * steps WARM_UP … HORIZON (recordings stored once).
   */
  public static double innovationCost(Filter filter, Recordings rec) {
    double sum = 0;
    int count = 0;
    double[] predicted = new double[2];
    for (int m = 0; m < rec.states().length; m++) {
      double[][] estimate = filter.run(rec.data(), m);
      for (int t = WARM_UP; t <= HORIZON; t++) {
        PendulumEstimator.physics(estimate[t], rec.data().get(m, t, 0, 0), predicted);
        double nu = (rec.data().get(m, t, 1, 0) - predicted[0]) / SENSOR_STD;
        sum += 0.5 * nu * nu;
        count++;
      }
    }
    return sum / count;
  }

  /** Training recordings, their number, and the DSO run's settings (a fixed configuration, no tuning on held-out data). */
  public static final int TRAINING_RECORDINGS = 150;
  public static final double RATE = 0.03;
  public static final int RATE_HALF_LIFE = 50;
  public static final double PRIOR_STD = 0.5;

  /**
   * DSO on the training recordings (stored twice each): Adam at {@link #RATE} decaying as 1/(1 + i/50), a
   * Gaussian prior N(0, 0.5²) on θ (L_prior), batches of all recordings as antithetic twins; the answer is
   * the average of the iterates of the second half (Polyak–Ruppert), which the gradient noise makes
   * steadier than the last iterate.
   */
  public static double[] learn(DataSet training, int iterations, long seed, int threads) {
    double[][] sum = new double[1][];
    PendulumEstimatorDso.optimizer().data(training).batch(training.trajectories()).antithetic(true)
        .threads(threads).seed(seed).prior(Prior.gaussian(0, PRIOR_STD))
        .stepRule(StepRule.adam(Schedule.inverseTime(RATE, RATE_HALF_LIFE), 0.9, 0.999, 1e-8))
        .iterations(iterations).progress(null).onIteration((i, theta, rec) -> {
          if (i > iterations / 2) {
            if (sum[0] == null) {
              sum[0] = new double[theta.length];
            }
            for (int j = 0; j < theta.length; j++) {
              sum[0][j] += theta[j] / (iterations - iterations / 2);
            }
          }
        }).run();
    return sum[0];
  }
}
