package org.dsojava.runtime.oracle;

import static org.dsojava.runtime.oracle.OracleTesting.assertGradientMatchesFiniteDifferences;
import static org.dsojava.runtime.oracle.OracleTesting.assertVectorEquals;
import static org.dsojava.runtime.oracle.OracleTesting.cost;
import static org.dsojava.runtime.oracle.OracleTesting.dot;
import static org.dsojava.runtime.oracle.OracleTesting.leftMultiply;
import static org.dsojava.runtime.oracle.OracleTesting.maxAbs;
import static org.dsojava.runtime.oracle.OracleTesting.randomDistribution;
import static org.dsojava.runtime.oracle.OracleTesting.randomSoftmax;
import static org.dsojava.runtime.oracle.OracleTesting.randomVector;
import static org.dsojava.runtime.oracle.OracleTesting.rightMultiply;
import static org.dsojava.runtime.oracle.OracleTesting.sample;
import static org.dsojava.runtime.oracle.OracleTesting.transition;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Discounted, first-exit and truncated settings (eqs. 1–4, Theorem 1). */
class EpisodicOracleTest {
  private static final double[] MIX_THETA = {0.3, -0.7};
  private static final double[] MIX_P0 = {0.5, 0.3, 0.2};
  private static final double GAMMA = 0.9;

  // ---------------------------------------------------------------- discounted

  @Test
  void discountedGradientOfThreeStateChainMatchesFiniteDifferences() {
    FiniteChain c = new OracleTesting.Mixture();
    EpisodicSolution s = ChainOracle.discounted(c, MIX_THETA, MIX_P0, GAMMA);
    assertGradientMatchesFiniteDifferences(s.gradient(),
        th -> ChainOracle.discounted(c, th, MIX_P0, GAMMA).objective(), MIX_THETA);
  }

  @Test
  void discountedGradientOfTenStateSoftmaxMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(7);
    FiniteChain c = randomSoftmax(10, 4, rng);
    double[] theta = randomVector(4, -1, 1, rng);
    double[] p0 = randomDistribution(10, rng);
    EpisodicSolution s = ChainOracle.discounted(c, theta, p0, 0.95);
    assertGradientMatchesFiniteDifferences(s.gradient(),
        th -> ChainOracle.discounted(c, th, p0, 0.95).objective(), theta);
  }

  @Test
  void discountedGradientOfTabularSoftmaxMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(8);
    FiniteChain c = FiniteChains.softmaxTabular(randomVector(10, -1, 3, rng));
    double[] theta = randomVector(100, -2, 2, rng);
    double[] p0 = randomDistribution(10, rng);
    EpisodicSolution s = ChainOracle.discounted(c, theta, p0, 0.8);
    assertGradientMatchesFiniteDifferences(s.gradient(),
        th -> ChainOracle.discounted(c, th, p0, 0.8).objective(), theta);
  }

  /** J, V and ρ against the explicit sums Σ_t γ^t p0 P^t L and Σ_t γ^t p0 P^t (2000 steps). */
  @Test
  void discountedQuantitiesEqualExplicitSums() {
    SplittableRandom rng = new SplittableRandom(9);
    FiniteChain c = randomSoftmax(10, 4, rng);
    double[] theta = randomVector(4, -1, 1, rng);
    double[] p0 = randomDistribution(10, rng);
    EpisodicSolution s = ChainOracle.discounted(c, theta, p0, GAMMA);
    double[][] P = transition(c, theta);
    double[] L = cost(c, theta);
    double[] mu = p0.clone();
    double[] rho = new double[10];
    double[] pt = L.clone(); // P^t L
    double[] v = new double[10];
    double J = 0;
    double g = 1;
    for (int t = 0; t < 2000; t++) {
      J += g * dot(mu, L);
      for (int i = 0; i < 10; i++) {
        rho[i] += g * mu[i];
        v[i] += g * pt[i];
      }
      mu = leftMultiply(mu, P);
      pt = rightMultiply(P, pt);
      g *= GAMMA;
    }
    assertEquals(J, s.objective(), 1e-10 * Math.abs(J));
    assertVectorEquals(v, s.value(), 1e-10 * maxAbs(v), "V");
    assertVectorEquals(rho, s.density(), 1e-10, "ρ");
    assertEquals(1 / (1 - GAMMA), java.util.Arrays.stream(s.density()).sum(), 1e-10, "Σρ = 1/(1−γ)");
    assertEquals(dot(s.density(), L), s.objective(), 1e-10, "J = ρ·L");
  }

  @Test
  void discountedValueSatisfiesBellmanEquation() {
    for (FiniteChain c : new FiniteChain[] {new OracleTesting.Mixture(),
        randomSoftmax(10, 3, new SplittableRandom(10))}) {
      double[] theta = c.params() == 2 ? MIX_THETA : new double[] {0.5, -0.2, 0.1};
      double[] p0 = randomDistribution(c.states(), new SplittableRandom(11));
      EpisodicSolution s = ChainOracle.discounted(c, theta, p0, GAMMA);
      double[] V = s.value();
      double[] PV = rightMultiply(transition(c, theta), V);
      double[] L = cost(c, theta);
      for (int i = 0; i < V.length; i++) {
        assertEquals(L[i] + GAMMA * PV[i], V[i], 1e-10, "eq. 3 at state " + i);
      }
      assertEquals(dot(p0, V), s.objective(), 1e-12, "eq. 1");
    }
  }

  /**
   * Monte Carlo with random termination (section 4.1): after each step the rollout stops with
   * probability 1 − γ and undiscounted costs are summed, so the mean return is J and the mean number
   * of visits to x is ρ(x). N = 200 000 i.i.d. rollouts; by the CLT each estimate is within 5
   * standard errors (estimated from the same samples) except with probability ≈ 6·10⁻⁷ (and the seed
   * is fixed).
   */
  @Test
  void discountedObjectiveAndDensityMatchMonteCarloWithRandomTermination() {
    FiniteChain c = new OracleTesting.Mixture();
    EpisodicSolution s = ChainOracle.discounted(c, MIX_THETA, MIX_P0, GAMMA);
    double[][] P = transition(c, MIX_THETA);
    double[] L = cost(c, MIX_THETA);
    SplittableRandom rng = new SplittableRandom(2025);
    int rollouts = 200_000;
    double sum = 0;
    double sumSq = 0;
    double[] visits = new double[3];
    double[] visitsSq = new double[3];
    int[] count = new int[3];
    for (int r = 0; r < rollouts; r++) {
      java.util.Arrays.fill(count, 0);
      int x = sample(MIX_P0, rng);
      double ret = 0;
      while (true) {
        ret += L[x];
        count[x]++;
        if (rng.nextDouble() >= GAMMA) {
          break;
        }
        x = sample(P[x], rng);
      }
      sum += ret;
      sumSq += ret * ret;
      for (int i = 0; i < 3; i++) {
        visits[i] += count[i];
        visitsSq[i] += (double) count[i] * count[i];
      }
    }
    double mean = sum / rollouts;
    double se = Math.sqrt((sumSq / rollouts - mean * mean) / rollouts);
    assertEquals(s.objective(), mean, 5 * se, "J vs Monte Carlo (standard error " + se + ")");
    double[] rho = s.density();
    for (int i = 0; i < 3; i++) {
      double m = visits[i] / rollouts;
      double e = Math.sqrt((visitsSq[i] / rollouts - m * m) / rollouts);
      assertEquals(rho[i], m, 5 * e, "ρ(" + i + ") vs mean visits (standard error " + e + ")");
    }
  }

  // ---------------------------------------------------------------- first exit

  /** 6 states, states 4 and 5 terminal (their rows of P are ignored). */
  private static final int[] TERMINALS = {4, 5};

  private static FiniteChain exitChain() {
    return randomSoftmax(6, 3, new SplittableRandom(21));
  }

  private static final double[] EXIT_THETA = {0.4, -0.3, 0.8};
  private static final double[] EXIT_P0 = {0.3, 0.3, 0.2, 0.1, 0.1, 0.0};

  @Test
  void firstExitGradientMatchesFiniteDifferences() {
    FiniteChain c = exitChain();
    for (double gamma : new double[] {1.0, 0.9}) {
      EpisodicSolution s = ChainOracle.firstExit(c, EXIT_THETA, EXIT_P0, gamma, TERMINALS);
      assertGradientMatchesFiniteDifferences(s.gradient(),
          th -> ChainOracle.firstExit(c, th, EXIT_P0, gamma, TERMINALS).objective(), EXIT_THETA);
    }
  }

  /** Explicit summation over steps with terminal rows zeroed, until the surviving mass is < 1e-17. */
  @Test
  void firstExitQuantitiesEqualExplicitSums() {
    FiniteChain c = exitChain();
    double[][] P = transition(c, EXIT_THETA);
    for (int t : TERMINALS) {
      java.util.Arrays.fill(P[t], 0);
    }
    double[] L = cost(c, EXIT_THETA);
    for (double gamma : new double[] {1.0, 0.9}) {
      EpisodicSolution s = ChainOracle.firstExit(c, EXIT_THETA, EXIT_P0, gamma, TERMINALS);
      double[] mu = EXIT_P0.clone();
      double[] rho = new double[6];
      double J = 0;
      double g = 1;
      int steps = 0;
      while (java.util.Arrays.stream(mu).sum() > 1e-17) {
        J += g * dot(mu, L);
        for (int i = 0; i < 6; i++) {
          rho[i] += g * mu[i];
        }
        mu = leftMultiply(mu, P);
        g *= gamma;
        assertTrue(++steps < 100_000, "chain does not terminate");
      }
      assertEquals(J, s.objective(), 1e-10 * Math.abs(J), "J, γ = " + gamma);
      assertVectorEquals(rho, s.density(), 1e-10 * maxAbs(rho), "ρ, γ = " + gamma);
      assertEquals(dot(s.density(), L), s.objective(), 1e-10 * Math.abs(J), "J = ρ·L");
    }
    EpisodicSolution s1 = ChainOracle.firstExit(c, EXIT_THETA, EXIT_P0, 1.0, TERMINALS);
    assertArrayEquals(TERMINALS, s1.terminals());
    assertTrue(s1.horizon().isEmpty());
  }

  @Test
  void firstExitValueSatisfiesBellmanEquationWithTerminalCostChargedOnce() {
    FiniteChain c = exitChain();
    double[][] P = transition(c, EXIT_THETA);
    double[] L = cost(c, EXIT_THETA);
    for (double gamma : new double[] {1.0, 0.9}) {
      double[] V = ChainOracle.firstExit(c, EXIT_THETA, EXIT_P0, gamma, TERMINALS).value();
      double[] PV = rightMultiply(P, V);
      for (int i = 0; i < 4; i++) {
        assertEquals(L[i] + gamma * PV[i], V[i], 1e-10, "eq. 3 at non-terminal state " + i);
      }
      assertEquals(L[4], V[4], 0.0, "V = L at terminal state 4");
      assertEquals(L[5], V[5], 0.0, "V = L at terminal state 5");
    }
  }

  /**
   * Monte Carlo of the γ = 1 first-exit objective: N = 100 000 rollouts charge L at every visited
   * state, including the terminal state on arrival. Tolerance 5 standard errors, as above.
   */
  @Test
  void firstExitObjectiveMatchesMonteCarlo() {
    FiniteChain c = exitChain();
    EpisodicSolution s = ChainOracle.firstExit(c, EXIT_THETA, EXIT_P0, 1.0, TERMINALS);
    double[][] P = transition(c, EXIT_THETA);
    double[] L = cost(c, EXIT_THETA);
    SplittableRandom rng = new SplittableRandom(99);
    int rollouts = 100_000;
    double sum = 0;
    double sumSq = 0;
    for (int r = 0; r < rollouts; r++) {
      int x = sample(EXIT_P0, rng);
      double ret = L[x];
      while (x < 4) {
        x = sample(P[x], rng);
        ret += L[x];
      }
      sum += ret;
      sumSq += ret * ret;
    }
    double mean = sum / rollouts;
    double se = Math.sqrt((sumSq / rollouts - mean * mean) / rollouts);
    assertEquals(s.objective(), mean, 5 * se, "J vs Monte Carlo (standard error " + se + ")");
  }

  /** Rows of terminal states are not used: garbage there changes nothing. */
  @Test
  void terminalRowsAreIgnored() {
    double[][] P = {{0.5, 0.25, 0.25}, {0.1, 0.1, 0.8}, {0, 0, 0}};
    double[][] Q = {{0.5, 0.25, 0.25}, {0.1, 0.1, 0.8}, {0.3, -7, 0}};
    double[] L = {1, 2, 10};
    double[] p0 = {1, 0, 0};
    EpisodicSolution a = ChainOracle.firstExit(FiniteChains.fixed(P, L), new double[0], p0, 1.0, 2);
    EpisodicSolution b = ChainOracle.firstExit(FiniteChains.fixed(Q, L), new double[0], p0, 1.0, 2);
    assertEquals(a.objective(), b.objective(), 0.0);
    // by hand: V1 = 2 + 0.1 V0 + 0.1 V1 + 8, V0 = 1 + 0.5 V0 + 0.25 V1 + 2.5
    double v1 = (10 + 0.1 * 7) / (0.9 - 0.1 * 0.5);
    double v0 = 2 * (3.5 + 0.25 * v1);
    assertEquals(v0, a.objective(), 1e-12);
    assertEquals(v1, a.value()[1], 1e-12);
  }

  // ---------------------------------------------------------------- truncated

  /**
   * Brute force over every path x_0 … x_min(H, τ): J_H = Σ_paths Pr(path) G(path) and
   * ∇J_H = Σ_paths Pr(path) (∇G + G Σ_t ∇ln P(x_{t+1}|x_t)), with G = Σ_t γ^t L(x_t).
   */
  private static double[] enumerate(FiniteChain c, double[] theta, double[] p0, double gamma, int H,
      boolean[] terminal) {
    int n = c.states();
    int p = c.params();
    double[][] P = transition(c, theta);
    double[][][] dP = new double[p][n][n];
    c.transitionGradient(theta, dP);
    double[] L = cost(c, theta);
    double[][] dL = new double[p][n];
    c.costGradient(theta, dL);
    double[] out = new double[1 + p]; // J, ∇J
    for (int x = 0; x < n; x++) {
      if (p0[x] > 0) {
        walk(x, 0, p0[x], L[x], dL, column(dL, x, 1.0), new double[p], P, dP, L, gamma, H, terminal,
            out);
      }
    }
    return out;
  }

  private static double[] column(double[][] d, int x, double scale) {
    double[] c = new double[d.length];
    for (int k = 0; k < d.length; k++) {
      c[k] = scale * d[k][x];
    }
    return c;
  }

  private static void walk(int x, int t, double prob, double G, double[][] dL, double[] dG,
      double[] score, double[][] P, double[][][] dP, double[] L, double gamma, int H,
      boolean[] terminal, double[] out) {
    int p = score.length;
    if (t == H || terminal[x]) {
      out[0] += prob * G;
      for (int k = 0; k < p; k++) {
        out[1 + k] += prob * (dG[k] + G * score[k]);
      }
      return;
    }
    double g = Math.pow(gamma, t + 1);
    for (int y = 0; y < P.length; y++) {
      double[] s2 = score.clone();
      double[] dG2 = dG.clone();
      for (int k = 0; k < p; k++) {
        s2[k] += dP[k][x][y] / P[x][y];
        dG2[k] += g * dL[k][y];
      }
      walk(y, t + 1, prob * P[x][y], G + g * L[y], dL, dG2, s2, P, dP, L, gamma, H, terminal, out);
    }
  }

  @Test
  void truncatedObjectiveAndGradientEqualPathEnumeration() {
    SplittableRandom rng = new SplittableRandom(31);
    FiniteChain c = randomSoftmax(5, 3, rng);
    double[] theta = randomVector(3, -1, 1, rng);
    double[] p0 = randomDistribution(5, rng);
    for (int[] terminals : new int[][] {{}, {4}}) {
      boolean[] mask = new boolean[5];
      for (int t : terminals) {
        mask[t] = true;
      }
      for (double gamma : new double[] {0.9, 1.0}) {
        EpisodicSolution s = ChainOracle.truncated(c, theta, p0, gamma, 4, terminals);
        double[] e = enumerate(c, theta, p0, gamma, 4, mask);
        String what = "γ = " + gamma + ", terminals " + java.util.Arrays.toString(terminals);
        assertEquals(e[0], s.objective(), 1e-12 * Math.abs(e[0]), "J_H, " + what);
        double[] g = s.gradient();
        for (int k = 0; k < 3; k++) {
          assertEquals(e[1 + k], g[k], 1e-11 * maxAbs(g), "∂J_H/∂θ_" + k + ", " + what);
        }
        assertEquals(4, s.horizon().getAsInt());
        assertEquals(dot(s.density(), cost(c, theta)), s.objective(), 1e-12, "J_H = ρ_H·L");
      }
    }
  }

  @Test
  void truncatedGradientMatchesFiniteDifferences() {
    FiniteChain c = exitChain();
    EpisodicSolution s = ChainOracle.truncated(c, EXIT_THETA, EXIT_P0, 0.95, 7, TERMINALS);
    assertGradientMatchesFiniteDifferences(s.gradient(),
        th -> ChainOracle.truncated(c, th, EXIT_P0, 0.95, 7, TERMINALS).objective(), EXIT_THETA);
    FiniteChain m = new OracleTesting.Mixture();
    EpisodicSolution t = ChainOracle.truncated(m, MIX_THETA, MIX_P0, GAMMA, 12);
    assertGradientMatchesFiniteDifferences(t.gradient(),
        th -> ChainOracle.truncated(m, th, MIX_P0, GAMMA, 12).objective(), MIX_THETA);
  }

  @Test
  void truncatedValueSatisfiesFiniteHorizonRecursionAndConvergesToUntruncated() {
    FiniteChain c = new OracleTesting.Mixture();
    double[][] P = transition(c, MIX_THETA);
    double[] L = cost(c, MIX_THETA);
    // V of horizon H+1 = L + γ P V of horizon H
    double[] vH = ChainOracle.truncated(c, MIX_THETA, MIX_P0, GAMMA, 5).value();
    double[] vH1 = ChainOracle.truncated(c, MIX_THETA, MIX_P0, GAMMA, 6).value();
    double[] PV = rightMultiply(P, vH);
    for (int i = 0; i < 3; i++) {
      assertEquals(L[i] + GAMMA * PV[i], vH1[i], 1e-12);
    }
    EpisodicSolution inf = ChainOracle.discounted(c, MIX_THETA, MIX_P0, GAMMA);
    EpisodicSolution cut = ChainOracle.truncated(c, MIX_THETA, MIX_P0, GAMMA, 600);
    assertEquals(inf.objective(), cut.objective(), 1e-12);
    assertVectorEquals(inf.gradient(), cut.gradient(), 1e-11, "∇J");
    assertVectorEquals(inf.density(), cut.density(), 1e-11, "ρ");
    EpisodicSolution exitInf = ChainOracle.firstExit(exitChain(), EXIT_THETA, EXIT_P0, 1.0, TERMINALS);
    EpisodicSolution exitCut =
        ChainOracle.truncated(exitChain(), EXIT_THETA, EXIT_P0, 1.0, 3000, TERMINALS);
    assertEquals(exitInf.objective(), exitCut.objective(), 1e-10);
    assertVectorEquals(exitInf.gradient(), exitCut.gradient(), 1e-9, "∇J first exit");
  }
}
