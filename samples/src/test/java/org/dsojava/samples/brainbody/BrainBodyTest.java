package org.dsojava.samples.brainbody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.samples.brainbody.BrainBodyMain.Policy;
import org.dsojava.samples.brainbody.BrainBodyMain.Run;
import org.junit.jupiter.api.Test;

/**
 * Brain-body dynamics (eq. 100, issue 14 item 5) on CartPole-v1 with the velocities hidden.
 *
 * <p>Margins: a mean over 100 episodes of returns in [0, 500] has a standard deviation of at most 250/√100
 * = 25 (the largest a variable on an interval of length 500 can have is 250), so the thresholds below
 * (≥ 475 for the recurrent policy, &lt; 100 for static ones) are more than 10 such deviations apart.
 */
class BrainBodyTest {
  static final int U = RecurrentCartPole.UNITS;
  static final double SIGMA = RecurrentCartPole.UNIT_STD;

  static int index(ChainKernel k, String name) {
    for (int i = 0; i < k.paramCount(); i++) {
      if (k.paramName(i).equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no θ entry " + name);
  }

  /**
   * The generated ∇θ ln P of the input, recurrent and output weights is the score of the chain's draws,
   * written out by hand: for unit u with input z_u = Σ_k W_R[u,k] h_k + Σ_i W_I[u,i] o_i + b_u and drawn
   * pre-activation d_u ~ N(z_u, σ²), ∂ln P/∂W_R[u,k] = (d_u − z_u) h_k / σ², ∂ln P/∂W_I[u,i] = (d_u − z_u) o_i / σ²;
   * for the action a ~ Bernoulli(σ(η)), ∂ln P/∂W_O[u] = (a − σ(η)) h_u. Relative 1e-9 (a few roundings).
   */
  @Test
  void recurrentWeightGradientsAreTheScoresOfTheDraws() {
    ChainKernel k = RecurrentCartPoleDso.kernel();
    assertEquals(4 + U, k.stateDim());
    assertEquals(1 + U, k.drawCount());
    Rng rng = new Rng(5L, 0L);
    double[] theta = new double[k.paramCount()];
    k.initialParams(3L, theta);
    for (int i = 0; i < theta.length; i++) {
      theta[i] += 0.5 * rng.gaussian();
    }
    double[] x = new double[4 + U];
    double[] next = new double[4 + U];
    double[] draws = new double[k.drawCount()];
    for (int trial = 0; trial < 20; trial++) {
      for (int i = 0; i < 4; i++) {
        x[i] = rng.uniform(-0.1, 0.1);
      }
      for (int u = 0; u < U; u++) {
        x[4 + u] = rng.uniform(-0.9, 0.9);
      }
      k.sample(theta, x, 0, 0, rng, draws, next);
      double[] g = new double[k.paramCount()];
      k.accumulateGradient(theta, x, 0, 0, draws, 0.0, 1.0, g);
      double[] o = {x[0] / 2.4, x[2] / (12 * 2 * Math.PI / 360)};
      double logit = theta[index(k, "bias")];
      for (int i = 0; i < 2; i++) {
        logit += theta[index(k, "direct[" + i + "]")] * o[i];
      }
      for (int u = 0; u < U; u++) {
        logit += theta[index(k, "output[" + u + "]")] * x[4 + u];
      }
      double p = 1.0 / (1.0 + Math.exp(-logit));
      for (int u = 0; u < U; u++) {
        double z = theta[index(k, "brain.b[" + u + "]")];
        for (int j = 0; j < U; j++) {
          z += theta[index(k, "brain.wh[" + (u * U + j) + "]")] * x[4 + j];
        }
        for (int i = 0; i < 2; i++) {
          z += theta[index(k, "brain.wx[" + (u * 2 + i) + "]")] * o[i];
        }
        double d = draws[1 + u];
        assertEquals(Math.tanh(d), next[4 + u], 1e-15, "the unit's next state is tanh of its draw");
        double score = (d - z) / (SIGMA * SIGMA);
        for (int j = 0; j < U; j++) {
          double expected = score * x[4 + j];
          assertEquals(expected, g[index(k, "brain.wh[" + (u * U + j) + "]")], 1e-9 * Math.abs(score) + 1e-12,
              "∂ln P/∂W_R[" + u + "," + j + "]");
        }
        for (int i = 0; i < 2; i++) {
          assertEquals(score * o[i], g[index(k, "brain.wx[" + (u * 2 + i) + "]")], 1e-9 * Math.abs(score) + 1e-12,
              "∂ln P/∂W_I[" + u + "," + i + "]");
        }
        assertEquals((draws[0] - p) * x[4 + u], g[index(k, "output[" + u + "]")], 1e-12, "∂ln P/∂W_O[" + u + "]");
      }
    }
  }

  /**
   * The generated ∇θ ln P, ∇θ L, JVP and HVP agree with central finite differences of the generated ln P and
   * L at random θ and states reached by sampled steps (as GeneratedKernelDerivativesTest, whose tolerance
   * argument applies).
   */
  @Test
  void derivativesMatchFiniteDifferences() {
    KernelVerifier.Report report = KernelVerifier.verify(RecurrentCartPoleDso.kernel(), 17L, 20,
        KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5));
    report.assertWithin(1e-6);
  }

  /**
   * No static linear policy of (x, θ) balances the pole: the deterministic policies push right iff
   * cos φ · o₀ + sin φ · o₁ > 0, over 360 directions φ (the scale of w does not change a deterministic
   * policy), all average under 100 over 100 episodes. (A finer grid and biases in [−0.05, 0.05] gave at most
   * 48 in an exploratory run.)
   */
  @Test
  void noStaticLinearPolicySolves() {
    ChainKernel k = StaticLinearCartPoleDso.kernel();
    double best = 0;
    for (int j = 0; j < 360; j++) {
      double phi = 2 * Math.PI * j / 360;
      double[] theta = {Math.cos(phi), Math.sin(phi), 0.0};
      best = Math.max(best, Evaluation.run(k, theta, 100, true, 42L, 0).meanReturn());
    }
    assertTrue(best < 100, "best static linear policy: mean return " + best);
  }

  /**
   * With one budget and the method of {@link BrainBodyMain} the recurrent policy solves the task (mean return
   * ≥ 475 on 100 fresh episodes) and the static linear one does not (&lt; 100). Seed 3 is one of the reported
   * seeds and solves within this CI-sized budget; the rate over seeds is in docs/APPLICATIONS.md.
   */
  @Test
  void recurrentSolvesWhereStaticLinearDoesNot() {
    long budget = 150_000;
    Run recurrent = BrainBodyMain.train(Policy.RECURRENT, 3L, budget, false);
    assertTrue(recurrent.solved(), "the recurrent policy met the solved rule");
    assertTrue(recurrent.fresh().meanReturn() >= 475, "recurrent, fresh episodes: " + recurrent.fresh());
    Run linear = BrainBodyMain.train(Policy.LINEAR, 3L, budget, false);
    assertFalse(linear.solved());
    assertTrue(linear.result().envSteps() >= budget, "the static run used its whole budget");
    assertTrue(linear.fresh().meanReturn() < 100, "static linear, fresh episodes: " + linear.fresh());
  }
}
