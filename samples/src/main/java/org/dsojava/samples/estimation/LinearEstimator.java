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
 * Learning a state estimator (paper section 5.2, eq. 99, L_estim) for the scalar linear-Gaussian system
 * s' = A s + B (a + w), y = C s' + v of {@link LinearKalman}. The chain's state is the estimate x; rollout n
 * replays the recorded actions āₜⁿ and measurements ȳₜⁿ (ȳₜ measures the state reached after āₜ); θ_c is the
 * gain k of the linear corrector c(x̃, y) = x̃ + k (y − C x̃), and the prediction is f(x, ā) = A x + B ā.
 *
 * <p>The chain's noise is put on the corrected estimate, x' ~ N(c(f(x, āₜ), ȳₜ), σ_ε²), rather than in the
 * action as in eq. 99 (x' = c(f(x, āₜ + ε), ȳₜ), whose density is N(same mean, ((1 − kC) B σ_ε)²)): both
 * are valid chains with the same mean, but with a k-dependent standard deviation the score term
 * (z² − 1) ∂ln σ/∂k does not cancel between antithetic twins, and the iterates scatter about 4 times as
 * widely ({@link LinearEstimatorActionNoise}; docs/APPLICATIONS.md). The noise perturbs the estimate, so the optimum of J is the Kalman gain only as
 * σ_ε → 0; σ_ε is small enough that the shift is about 1e-4 relative.
 *
 * <p>The cost is the measurement prediction error (innovation) νₜ = ȳₜ − C f(xₜ, āₜ), as ½ νₜ² (the
 * negative log-likelihood of a unit Gaussian up to its constant), charged from step {@link #WARM_UP} on so
 * that the transient from x₀ = 0 is negligible: among fixed-gain linear filters the steady-state Kalman gain
 * minimizes the innovation variance. (A cost on ȳₜ − C x' with the corrected x' would be driven to zero by
 * k = 1/C.)
 */
@Chain(stateDim = 1, setting = Setting.TIME_VARYING, horizon = LinearEstimator.HORIZON)
public class LinearEstimator {
  /** The system's coefficients, as in {@link LinearKalman}. */
  public static final double A = 0.95;
  public static final double B = 1.0;
  public static final double C = 1.0;
  /** Transitions per rollout: a recording has HORIZON + 1 records. */
  public static final int HORIZON = 29;
  /** Steps before the first charged innovation ((1 − K C) A)⁶ ≈ 2e-5 of the initial error remains. */
  public static final int WARM_UP = 6;
  /** σ_ε, the chain's noise on the estimate. */
  public static final double SIGMA_EPS = 0.03;

  /** θ_c: the corrector's gain k (initial 0.5; the Kalman gain is 0.826). */
  @Param(value = 0.5)
  double gain;

  @Transition
  void step(double[] x, Noise noise, double[] next, @Recorded(value = "a", length = 1) double[] a,
      @Recorded(value = "y", length = 1) double[] y) {
    double predicted = A * x[0] + B * a[0];
    next[0] = noise.gaussian(predicted + gain * (y[0] - C * predicted), SIGMA_EPS);
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
