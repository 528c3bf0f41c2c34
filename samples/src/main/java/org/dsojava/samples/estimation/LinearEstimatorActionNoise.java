package org.dsojava.samples.estimation;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Step;
import org.dsojava.annotations.Transition;

/**
 * {@link LinearEstimator} with eq. 99's noise site as written: the action noise ε ~ N(0, σ_ε²) enters the
 * prediction, x' = c(f(x, āₜ + ε), ȳₜ), whose density is x' ~ N(c(f(x, āₜ), ȳₜ), ((1 − kC) B σ_ε)²), so the
 * gain k reaches the next state through both the mean and the standard deviation of the site. Kept to
 * measure the gradient noise of that form against {@link LinearEstimator}'s (docs/APPLICATIONS.md); needs
 * k &lt; 1/C (the optimizer's bounds).
 */
@Chain(stateDim = 1, setting = Setting.TIME_VARYING, horizon = LinearEstimator.HORIZON)
public class LinearEstimatorActionNoise {
  static final double A = LinearEstimator.A;
  static final double B = LinearEstimator.B;
  static final double C = LinearEstimator.C;
  static final int WARM_UP = LinearEstimator.WARM_UP;
  static final double SIGMA_EPS = LinearEstimator.SIGMA_EPS;

  /** θ_c: the corrector's gain k (initial 0.5; the Kalman gain is 0.826). */
  @Param(value = 0.5)
  double gain;

  @Transition
  void step(double[] x, Noise noise, double[] next, @Recorded(value = "a", length = 1) double[] a,
      @Recorded(value = "y", length = 1) double[] y) {
    double predicted = A * x[0] + B * a[0];
    next[0] = noise.gaussian(predicted + gain * (y[0] - C * predicted), (1.0 - gain * C) * B * SIGMA_EPS);
  }

  /** L_estim: ½ νₜ², the innovation's negative log-likelihood under N(0, 1) up to its constant. */
  @Cost
  double cost(double[] x, @Step int t, @Recorded(value = "a", length = 1) double[] a,
      @Recorded(value = "y", length = 1) double[] y) {
    double innovation = y[0] - C * (A * x[0] + B * a[0]);
    double charged = t < WARM_UP ? 0.0 : 1.0;
    return charged * 0.5 * innovation * innovation;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = 0.0;
  }
}
