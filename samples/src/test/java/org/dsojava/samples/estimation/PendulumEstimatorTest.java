package org.dsojava.samples.estimation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A learned corrector (linear gain plus a 3-8-2 tanh network) for a noisy pendulum against an extended Kalman
 * filter with the true model and noise levels (issue 14, item 4): trained by DSO (seed 6) on 150 recordings
 * (seed 1), both filters run noise-free on 300 held-out recordings (seed 3), RMS errors of φ and ω over steps
 * 10–59.
 * The untrained corrector is far off in velocity (so the assertions test the learning); the learned one is
 * within 10% of the EKF in angle and 20% in velocity. Over DSO seeds 6–10 the ratios were 1.005–1.018 (angle)
 * and 1.013–1.057 (velocity), and 1.008–1.057 and 1.016–1.098 over seeds 1–5 on the tuning recordings (seed 2)
 * (EstimatorMain; docs/APPLICATIONS.md).
 */
class PendulumEstimatorTest {
  static final int ITERATIONS = 600;

  @Test
  void theLearnedCorrectorIsCompetitiveWithTheExtendedKalmanFilter() {
    PendulumFilters.Recordings training = PendulumFilters.record(PendulumFilters.TRAINING_RECORDINGS, 2, 1);
    PendulumFilters.Recordings heldOut = PendulumFilters.record(300, 1, 3);
    double[] ekf = PendulumFilters.rmsError(PendulumFilters.ekf(), heldOut);
    double[] initial = PendulumFilters.rmsError(
        PendulumFilters.learned(PendulumEstimatorDso.initialParams(1), heldOut.data()), heldOut);
    double[] theta = PendulumFilters.learn(training.data(), ITERATIONS, 6, 1);
    double[] learned = PendulumFilters.rmsError(PendulumFilters.learned(theta, heldOut.data()), heldOut);
    System.out.printf("RMS (φ, ω): EKF (%.5f, %.4f), untrained (%.5f, %.4f), learned (%.5f, %.4f)%n", ekf[0], ekf[1],
        initial[0], initial[1], learned[0], learned[1]);
    assertTrue(initial[0] > 1.2 * ekf[0] && initial[1] > 3 * ekf[1], "the untrained corrector should be far off");
    assertTrue(learned[0] < 1.10 * ekf[0], "angle: learned " + learned[0] + " vs EKF " + ekf[0]);
    assertTrue(learned[1] < 1.20 * ekf[1], "velocity: learned " + learned[1] + " vs EKF " + ekf[1]);
  }
}
