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
import org.dsojava.parts.ShallowMlp;

/**
 * A learned state estimator for a noisy pendulum (paper section 5.2, eq. 99, L_estim): the state x = (φ, ω)
 * is the estimate; rollout n replays the recorded torques āₜⁿ and angle measurements ȳₜⁿ = φₜ₊₁ + ξ of
 * {@link PendulumFilters}; the prediction f(x, ā) is the known physics; the corrector is
 * c(x̃, y) = x̃ + σ_ξ·(g ν̂ + m(ν̂, sin φ̃, cos φ̃)) per component (the ω row scaled by 1/dt), with ν̂ = (y − φ̃)/σ_ξ
 * the normalized innovation, g a linear gain and m a small tanh network (θ_c = (g, m)).
 *
 * <p>The chain's noise is on the corrected estimate, x' ~ N(c(f(x, āₜ), ȳₜ), diag(σ_φ², σ_ω²)): eq. 99's
 * action noise reaches the state through a rank-one map (the torque moves φ and ω together), and through
 * the nonlinear corrector its pushforward has no density in the plane, so θ_c would not reach x' through
 * any noise site. The cost is the negative log-likelihood of the measurements predicted 1, 2 and 3 steps
 * ahead from xₜ (see {@link #cost}), charged from step {@link #WARM_UP} on.
 */
@Chain(stateDim = 2, setting = Setting.TIME_VARYING, horizon = PendulumEstimator.HORIZON)
public class PendulumEstimator {
  public static final double DT = 0.05;
  public static final double GRAVITY = 9.81;
  public static final double DAMPING = 0.1;
  /** σ_ξ, the angle sensor's noise. */
  public static final double SENSOR_STD = 0.05;
  /** Transitions per rollout; a recording has HORIZON + 1 + LOOKAHEAD records. */
  public static final int HORIZON = 59;
  /** Records the cost reads beyond the step's own (predictions 1 … LOOKAHEAD + 1 steps ahead). */
  public static final int LOOKAHEAD = 2;
  /** Steps before the first charged innovation (the estimate starts at (ȳ₋₁, 0)). */
  public static final int WARM_UP = 10;
  /** The chain's noise on the estimate, small next to the errors it explores around. */
  public static final double ANGLE_NOISE = 0.002;
  public static final double VELOCITY_NOISE = 0.02;

  /**
   * θ_c, linear part: the gains of the normalized innovation on φ and on ω·dt, initially 0.5 (with 0 the
   * first estimates run away, the first gradients are huge and some seeds end far from the EKF).
   */
  @Param(length = 2, value = 0.5)
  double[] gain;

  /** θ_c, nonlinear part: a correction depending on the innovation and on the predicted angle. */
  final ShallowMlp net = new ShallowMlp(3, 8, 2, 0.01);

  /** f(x, u): one semi-implicit Euler step of φ'' = −g sin φ − b ω + u (unit mass and length). */
  static void physics(double[] x, double u, double[] next) {
    double w = x[1] + DT * (-GRAVITY * Math.sin(x[0]) - DAMPING * x[1] + u);
    next[0] = x[0] + DT * w;
    next[1] = w;
  }

  /** c(x̃, y). */
  void correct(double[] predicted, double y, double[] corrected) {
    double innovation = (y - predicted[0]) / SENSOR_STD;
    double[] in = new double[3];
    in[0] = innovation;
    in[1] = Math.sin(predicted[0]);
    in[2] = Math.cos(predicted[0]);
    double[] m = new double[2];
    net.apply(in, m);
    corrected[0] = predicted[0] + SENSOR_STD * (gain[0] * innovation + m[0]);
    corrected[1] = predicted[1] + SENSOR_STD / DT * (gain[1] * innovation + m[1]);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next, @Recorded(value = "a", length = 1) double[] a,
      @Recorded(value = "y", length = 1) double[] y) {
    double[] predicted = new double[2];
    physics(x, a[0], predicted);
    double[] corrected = new double[2];
    correct(predicted, y[0], corrected);
    next[0] = noise.gaussian(corrected[0], ANGLE_NOISE);
    next[1] = noise.gaussian(corrected[1], VELOCITY_NOISE);
  }

  /**
   * L_estim over a short prediction horizon: ½ Σⱼ ((ȳₜ₊ⱼ − h(fʲ⁺¹(xₜ; āₜ … āₜ₊ⱼ))) / σ_ξ)², j = 0 … LOOKAHEAD, the
   * negative log-likelihoods (up to constants) of the measurements predicted 1, 2 and 3 steps ahead. The
   * one-step innovation sees only φ̃ + dt·ω̃'s error, one combination of the two; the longer predictions see
   * others, so the velocity is pinned down (for a linear system the Kalman filter minimizes every term).
   */
  @Cost
  double cost(double[] x, @Step int t, @Recorded(value = "a", length = 1) double[] a0,
      @Recorded(value = "y", length = 1) double[] y0, @Recorded(value = "a", length = 1, ahead = 1) double[] a1,
      @Recorded(value = "y", length = 1, ahead = 1) double[] y1,
      @Recorded(value = "a", length = 1, ahead = 2) double[] a2,
      @Recorded(value = "y", length = 1, ahead = 2) double[] y2) {
    double[] p1 = new double[2];
    physics(x, a0[0], p1);
    double[] p2 = new double[2];
    physics(p1, a1[0], p2);
    double[] p3 = new double[2];
    physics(p2, a2[0], p3);
    double e1 = (y0[0] - p1[0]) / SENSOR_STD;
    double e2 = (y1[0] - p2[0]) / SENSOR_STD;
    double e3 = (y2[0] - p3[0]) / SENSOR_STD;
    double charged = t < WARM_UP ? 0.0 : 1.0;
    return charged * 0.5 * (e1 * e1 + e2 * e2 + e3 * e3);
  }

  /** x₀ = (ȳ₋₁, 0): the angle measured before the first action, velocity unknown. */
  @Initial
  void reset(Noise noise, double[] x, @Recorded(value = "y0", length = 1) double[] y0) {
    x[0] = y0[0];
    x[1] = 0.0;
  }
}
