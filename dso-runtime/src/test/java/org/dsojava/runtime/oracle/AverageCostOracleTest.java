package org.dsojava.runtime.oracle;

import static org.dsojava.runtime.oracle.OracleTesting.assertGradientMatchesFiniteDifferences;
import static org.dsojava.runtime.oracle.OracleTesting.assertVectorEquals;
import static org.dsojava.runtime.oracle.OracleTesting.cost;
import static org.dsojava.runtime.oracle.OracleTesting.dot;
import static org.dsojava.runtime.oracle.OracleTesting.leftMultiply;
import static org.dsojava.runtime.oracle.OracleTesting.randomSoftmax;
import static org.dsojava.runtime.oracle.OracleTesting.randomVector;
import static org.dsojava.runtime.oracle.OracleTesting.rightMultiply;
import static org.dsojava.runtime.oracle.OracleTesting.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Average cost (eqs. 5–8, Theorem 2). */
class AverageCostOracleTest {
  private static final double[] MIX_THETA = {0.3, -0.7};

  @Test
  void gradientMatchesFiniteDifferences() {
    FiniteChain m = new OracleTesting.Mixture();
    assertGradientMatchesFiniteDifferences(ChainOracle.averageCost(m, MIX_THETA).gradient(),
        th -> ChainOracle.averageCost(m, th).objective(), MIX_THETA);
    SplittableRandom rng = new SplittableRandom(41);
    FiniteChain c = randomSoftmax(8, 4, rng);
    double[] theta = randomVector(4, -1, 1, rng);
    assertGradientMatchesFiniteDifferences(ChainOracle.averageCost(c, theta).gradient(),
        th -> ChainOracle.averageCost(c, th).objective(), theta);
  }

  /**
   * Brute force: power iteration μ ← μP from the uniform distribution gives d and J = d·L; the
   * differential value is V(x) = Σ_t ((P^t L)(x) − J), shifted so that d·V = 0.
   */
  @Test
  void stationaryObjectiveAndValueEqualPowerIteration() {
    SplittableRandom rng = new SplittableRandom(42);
    FiniteChain c = randomSoftmax(8, 4, rng);
    double[] theta = randomVector(4, -1, 1, rng);
    AverageCostSolution s = ChainOracle.averageCost(c, theta);
    double[][] P = transition(c, theta);
    double[] L = cost(c, theta);
    double[] mu = new double[8];
    java.util.Arrays.fill(mu, 1.0 / 8);
    for (int t = 0; t < 500; t++) {
      mu = leftMultiply(mu, P);
    }
    assertVectorEquals(mu, s.stationary(), 1e-12, "d");
    assertEquals(dot(mu, L), s.objective(), 1e-12, "J = d·L (eq. 7)");
    double J = s.objective();
    double[] v = new double[8];
    double[] pt = L.clone();
    for (int t = 0; t < 500; t++) {
      for (int i = 0; i < 8; i++) {
        v[i] += pt[i] - J;
      }
      pt = rightMultiply(P, pt);
    }
    double shift = dot(mu, v);
    for (int i = 0; i < 8; i++) {
      v[i] -= shift;
    }
    assertVectorEquals(v, s.value(), 1e-10, "V");
  }

  @Test
  void valueSatisfiesDifferentialBellmanEquationWithZeroMean() {
    for (FiniteChain c : new FiniteChain[] {new OracleTesting.Mixture(),
        randomSoftmax(10, 2, new SplittableRandom(43))}) {
      double[] theta = c.params() == 2 && c.states() == 3 ? MIX_THETA : new double[] {0.7, -1.1};
      AverageCostSolution s = ChainOracle.averageCost(c, theta);
      double[][] P = transition(c, theta);
      double[] L = cost(c, theta);
      double[] V = s.value();
      double[] PV = rightMultiply(P, V);
      for (int i = 0; i < V.length; i++) {
        assertEquals(L[i] + PV[i], s.objective() + V[i], 1e-10, "eq. 8 at state " + i);
      }
      assertEquals(0, dot(s.stationary(), V), 1e-12, "d·V = 0");
      double[] dP = leftMultiply(s.stationary(), P);
      assertVectorEquals(s.stationary(), dP, 1e-12, "d = dP (eq. 6)");
    }
  }

  /** A periodic chain and a chain with a withTransient state are accepted; J is the time average. */
  @Test
  void periodicAndTransientChainsAreAccepted() {
    double[][] cycle = {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    AverageCostSolution s =
        ChainOracle.averageCost(FiniteChains.fixed(cycle, new double[] {3, 0, 6}), new double[0]);
    assertVectorEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, s.stationary(), 1e-14, "d");
    assertEquals(3, s.objective(), 1e-14);
    double[][] withTransient = {{0.5, 0.5, 0}, {0, 0.2, 0.8}, {0, 0.6, 0.4}};
    AverageCostSolution t =
        ChainOracle.averageCost(FiniteChains.fixed(withTransient, new double[] {100, 1, 2}), new double[0]);
    assertVectorEquals(new double[] {0, 3 / 7.0, 4 / 7.0}, t.stationary(), 1e-14, "d");
    assertEquals(11 / 7.0, t.objective(), 1e-14);
    double[] PV = rightMultiply(withTransient, t.value());
    for (int i = 0; i < 3; i++) {
      assertEquals(new double[] {100, 1, 2}[i] + PV[i], t.objective() + t.value()[i], 1e-10);
    }
  }
}
