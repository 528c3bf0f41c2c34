package org.dsojava.runtime.oracle;

import static org.dsojava.runtime.oracle.OracleTesting.assertGradientMatchesFiniteDifferences;
import static org.dsojava.runtime.oracle.OracleTesting.assertVectorEquals;
import static org.dsojava.runtime.oracle.OracleTesting.dot;
import static org.dsojava.runtime.oracle.OracleTesting.leftMultiply;
import static org.dsojava.runtime.oracle.OracleTesting.maxAbs;
import static org.dsojava.runtime.oracle.OracleTesting.randomDistribution;
import static org.dsojava.runtime.oracle.OracleTesting.randomSoftmax;
import static org.dsojava.runtime.oracle.OracleTesting.randomVector;
import static org.dsojava.runtime.oracle.OracleTesting.rightMultiply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Time-varying setting (eqs. 9–11, Theorem 3). */
class TimeVaryingOracleTest {
  private static final int N = 4;
  private static final int PARAMS = 3;
  private static final int T = 5;

  /** Step t uses its own random softmax chain (different P_t and L_t at every step). */
  static final class Steps implements TimeVaryingChain {
    final FiniteChain[] steps;

    Steps(int count, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      steps = new FiniteChain[count];
      for (int t = 0; t < count; t++) {
        steps[t] = randomSoftmax(N, PARAMS, rng);
      }
    }

    @Override public int states() { return N; }
    @Override public int params() { return PARAMS; }
    @Override public void transition(int t, double[] theta, double[][] P) { steps[t].transition(theta, P); }
    @Override public void transitionGradient(int t, double[] theta, double[][][] dP) {
      steps[t].transitionGradient(theta, dP);
    }
    @Override public void cost(int t, double[] theta, double[] L) { steps[t].cost(theta, L); }
    @Override public void costGradient(int t, double[] theta, double[][] dL) {
      steps[t].costGradient(theta, dL);
    }
  }

  private static final Steps CHAIN = new Steps(T + 1, 51);
  private static final double[] THETA = randomVector(PARAMS, -1, 1, new SplittableRandom(52));
  private static final double[] P0 = randomDistribution(N, new SplittableRandom(53));

  @Test
  void gradientMatchesFiniteDifferences() {
    TimeVaryingSolution s = ChainOracle.timeVarying(CHAIN, THETA, P0, T);
    assertGradientMatchesFiniteDifferences(s.gradient(),
        th -> ChainOracle.timeVarying(CHAIN, th, P0, T).objective(), THETA);
  }

  /**
   * Every one of the 4⁶ paths: J = Σ Pr(path) Σ_t L_t(x_t) (eqs. 9–10), and ∇J both in the REINFORCE
   * form Σ Pr (∇G + G Σ_t ∇ln P_t) (independent of the oracle) and in the form of eq. 35 with the
   * oracle's V_{t+1} (the expectation the rollout estimators sample).
   */
  @Test
  void objectiveAndGradientEqualPathEnumeration() {
    TimeVaryingSolution s = ChainOracle.timeVarying(CHAIN, THETA, P0, T);
    double[][][] P = new double[T][N][N];
    double[][][][] dP = new double[T][PARAMS][N][N];
    double[][] L = new double[T + 1][N];
    double[][][] dL = new double[T + 1][PARAMS][N];
    for (int t = 0; t <= T; t++) {
      CHAIN.cost(t, THETA, L[t]);
      CHAIN.costGradient(t, THETA, dL[t]);
      if (t < T) {
        CHAIN.transition(t, THETA, P[t]);
        CHAIN.transitionGradient(t, THETA, dP[t]);
      }
    }
    double J = 0;
    double[] reinforce = new double[PARAMS];
    double[] eq35 = new double[PARAMS];
    int[] x = new int[T + 1];
    int paths = (int) Math.pow(N, T + 1);
    for (int code = 0; code < paths; code++) {
      int c = code;
      for (int t = 0; t <= T; t++) {
        x[t] = c % N;
        c /= N;
      }
      double prob = P0[x[0]];
      for (int t = 0; t < T; t++) {
        prob *= P[t][x[t]][x[t + 1]];
      }
      double G = 0;
      for (int t = 0; t <= T; t++) {
        G += L[t][x[t]];
      }
      J += prob * G;
      for (int k = 0; k < PARAMS; k++) {
        double dG = 0;
        double score = 0;
        double scoreTimesV = 0;
        for (int t = 0; t <= T; t++) {
          dG += dL[t][k][x[t]];
          if (t < T) {
            double sc = dP[t][k][x[t]][x[t + 1]] / P[t][x[t]][x[t + 1]];
            score += sc;
            scoreTimesV += sc * s.value(t + 1)[x[t + 1]];
          }
        }
        reinforce[k] += prob * (dG + G * score);
        eq35[k] += prob * (dG + scoreTimesV);
      }
    }
    assertEquals(J, s.objective(), 1e-12 * Math.abs(J), "J");
    double scale = maxAbs(s.gradient());
    assertVectorEquals(reinforce, s.gradient(), 1e-11 * scale, "∇J vs REINFORCE enumeration");
    assertVectorEquals(eq35, s.gradient(), 1e-11 * scale, "∇J vs eq. 35 enumeration");
  }

  @Test
  void valuesSatisfyBackwardRecursionAndDistributionsForwardRecursion() {
    TimeVaryingSolution s = ChainOracle.timeVarying(CHAIN, THETA, P0, T);
    double[] LT = new double[N];
    CHAIN.cost(T, THETA, LT);
    assertVectorEquals(LT, s.value(T), 0.0, "V_T = L_T");
    for (int t = 0; t < T; t++) {
      double[][] P = new double[N][N];
      double[] L = new double[N];
      CHAIN.transition(t, THETA, P);
      CHAIN.cost(t, THETA, L);
      double[] PV = rightMultiply(P, s.value(t + 1));
      for (int i = 0; i < N; i++) {
        assertEquals(L[i] + PV[i], s.value(t)[i], 1e-10, "eq. 11 at t = " + t + ", state " + i);
      }
      assertVectorEquals(leftMultiply(s.distribution(t), P), s.distribution(t + 1), 1e-14, "μ");
    }
    assertEquals(dot(P0, s.value(0)), s.objective(), 1e-14, "eq. 10");
    assertEquals(T, s.horizon());
    assertThrows(IndexOutOfBoundsException.class, () -> s.value(T + 1));
  }

  /** A time-invariant chain with costs γ^t L is the truncated discounted objective; T = 0 is p0·L_0. */
  @Test
  void agreesWithTruncatedDiscountedAndHandlesZeroHorizon() {
    FiniteChain m = new OracleTesting.Mixture();
    double gamma = 0.8;
    TimeVaryingChain discounted = new TimeVaryingChain() {
      @Override public int states() { return 3; }
      @Override public int params() { return 2; }
      @Override public void transition(int t, double[] th, double[][] P) { m.transition(th, P); }
      @Override public void transitionGradient(int t, double[] th, double[][][] dP) {
        m.transitionGradient(th, dP);
      }
      @Override public void cost(int t, double[] th, double[] L) {
        m.cost(th, L);
        for (int i = 0; i < 3; i++) {
          L[i] *= Math.pow(gamma, t);
        }
      }
      @Override public void costGradient(int t, double[] th, double[][] dL) {
        m.costGradient(th, dL);
        for (double[] row : dL) {
          for (int i = 0; i < 3; i++) {
            row[i] *= Math.pow(gamma, t);
          }
        }
      }
    };
    double[] theta = {0.3, -0.7};
    double[] p0 = {0.2, 0.2, 0.6};
    TimeVaryingSolution tv = ChainOracle.timeVarying(discounted, theta, p0, 6);
    EpisodicSolution cut = ChainOracle.truncated(m, theta, p0, gamma, 6);
    assertEquals(cut.objective(), tv.objective(), 1e-13);
    assertVectorEquals(cut.gradient(), tv.gradient(), 1e-13, "∇J");
    assertVectorEquals(cut.value(), tv.value(0), 1e-13, "V_0");
    TimeVaryingSolution zero = ChainOracle.timeVarying(m, theta, p0, 0);
    double[] L = new double[3];
    m.cost(theta, L);
    assertEquals(dot(p0, L), zero.objective(), 1e-15);
  }
}
