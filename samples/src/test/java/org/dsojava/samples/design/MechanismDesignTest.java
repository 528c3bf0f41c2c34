package org.dsojava.samples.design;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.optim.Prior;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.Schedule;
import org.dsojava.runtime.optim.StepRule;
import org.junit.jupiter.api.Test;

/**
 * Mechanism design against exact LQR solutions (issue 14, item 2, on the LQR sample): optimizing the actuator
 * gain g jointly with the policy K, under a Gaussian prior on g centred on the initial design g₀ = 1, reaches a
 * task cost J(K, g) below the best any policy achieves with the initial design, J*(g₀) (the discounted
 * Riccati optimum); both J values are exact (Lyapunov and Riccati equations in this test), so the comparison
 * has no sampling error. The design stays physical: g > 0 and near g₀ as the prior says.
 */
class MechanismDesignTest {
  static final double GAMMA = 0.95;
  static final double INIT_VAR = 1.0 / 3.0;
  static final double[] A = {1, LqrDesign.DT, 0, 1};

  static double[] b(double g) {
    return new double[] {g * LqrDesign.B0, g * LqrDesign.B1};
  }

  /** Exact discounted J of u = −Kx + N(0, σ_u²) with actuator gain g (Lyapunov fixed point). */
  static double exactJ(double k0, double k1, double g) {
    double[] b = b(g);
    double[] f = {A[0] - b[0] * k0, A[1] - b[0] * k1, A[2] - b[1] * k0, A[3] - b[1] * k1};
    double[] qk = {LqrDesign.Q0 + LqrDesign.R * k0 * k0, LqrDesign.R * k0 * k1, LqrDesign.R * k0 * k1,
        LqrDesign.Q1 + LqrDesign.R * k1 * k1};
    double[] p = qk.clone();
    for (int it = 0; it < 200_000; it++) {
      double[] np = Lyapunov2.step(f, p, qk, GAMMA);
      double delta = Math.abs(np[0] - p[0]) + Math.abs(np[1] - p[1]) + Math.abs(np[3] - p[3]);
      p = np;
      if (!Double.isFinite(p[0])) {
        return Double.POSITIVE_INFINITY;
      }
      if (delta < 1e-14) {
        break;
      }
    }
    double su2 = LqrDesign.SIGMA_U * LqrDesign.SIGMA_U;
    double sw2 = LqrDesign.SIGMA_W * LqrDesign.SIGMA_W;
    double[] w = {sw2 + su2 * b[0] * b[0], su2 * b[0] * b[1], su2 * b[0] * b[1], sw2 + su2 * b[1] * b[1]};
    double trPW = p[0] * w[0] + p[1] * w[2] + p[2] * w[1] + p[3] * w[3];
    return INIT_VAR * (p[0] + p[3]) + (LqrDesign.R * su2 + GAMMA * trPW) / (1 - GAMMA);
  }

  /** The best J with actuator gain g: the discounted Riccati gain (iterated to its fixed point). */
  static double optimalJ(double g) {
    double[] b = b(g);
    double[] p = {LqrDesign.Q0, 0, 0, LqrDesign.Q1};
    double k0 = 0;
    double k1 = 0;
    for (int it = 0; it < 200_000; it++) {
      double pb0 = p[0] * b[0] + p[1] * b[1];
      double pb1 = p[2] * b[0] + p[3] * b[1];
      double s = LqrDesign.R + GAMMA * (b[0] * pb0 + b[1] * pb1);
      double bp0 = b[0] * p[0] + b[1] * p[2];
      double bp1 = b[0] * p[1] + b[1] * p[3];
      double nk0 = GAMMA * (bp0 * A[0] + bp1 * A[2]) / s;
      double nk1 = GAMMA * (bp0 * A[1] + bp1 * A[3]) / s;
      double[] f = {A[0] - b[0] * nk0, A[1] - b[0] * nk1, A[2] - b[1] * nk0, A[3] - b[1] * nk1};
      double[] np = Lyapunov2.step(f, p, new double[] {LqrDesign.Q0 + LqrDesign.R * nk0 * nk0, LqrDesign.R * nk0 * nk1, LqrDesign.R * nk0 * nk1,
          LqrDesign.Q1 + LqrDesign.R * nk1 * nk1}, GAMMA);
      double delta = Math.abs(nk0 - k0) + Math.abs(nk1 - k1);
      p = np;
      k0 = nk0;
      k1 = nk1;
      if (it > 10 && delta < 1e-15) {
        break;
      }
    }
    return exactJ(k0, k1, g);
  }

  /** N(g₀ = 1, 0.5²) on the design entry θ[2] only (the policy has no prior). */
  static final Prior DESIGN_PRIOR = new Prior() {
    @Override
    public double value(double[] theta) {
      double d = (theta[2] - 1.0) / 0.5;
      return 0.5 * d * d;
    }

    @Override
    public void addGradient(double[] theta, double[] g) {
      g[2] += (theta[2] - 1.0) / 0.25;
    }

    @Override
    public String toString() {
      return "N(1, 0.5²) on gain";
    }
  };

  @Test
  void jointDesignBeatsTheBestPolicyForTheInitialDesign() {
    double best = optimalJ(1.0);
    Result r = LqrDesignDso.optimizer().seed(1).batch(200).iterations(800).threads(2).randomTermination(true)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.1, 100), 0.9, 0.999, 1e-8)).clipGradientNorm(10)
        .prior(DESIGN_PRIOR).bounds(new double[] {0, 0, 0.05}, new double[] {20, 20, 10}).progress(null).run();
    double[] t = r.theta();
    double joint = exactJ(t[0], t[1], t[2]);
    System.out.printf("mechanism design: K = (%.4f, %.4f), g = %.4f: J = %.6f against J*(g₀ = 1) = %.6f (%.2f%%);"
        + " J*(g) at the learned g = %.6f%n", t[0], t[1], t[2], joint, best, 100 * (joint / best - 1), optimalJ(t[2]));
    assertTrue(joint < best, "joint J " + joint + " is not below the best fixed-design J " + best);
    assertTrue(t[2] > 0.5 && t[2] < 2.5, "the design left its physical range: g = " + t[2]);
  }
}
