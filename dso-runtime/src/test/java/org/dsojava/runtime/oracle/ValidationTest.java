package org.dsojava.runtime.oracle;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs are rejected with messages that name what is wrong. */
class ValidationTest {
  private static final double[] NO_THETA = new double[0];
  private static final double[][] GOOD = {{0.5, 0.5, 0}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}};
  private static final double[] L = {1, 2, 3};
  private static final double[] P0 = {1, 0, 0};

  private static void assertRejected(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected),
        "message \"" + e.getMessage() + "\" should contain \"" + expected + "\"");
  }

  private static FiniteChain fixed(double[][] P) {
    return FiniteChains.fixed(P, L);
  }

  @Test
  void transitionMatricesAreValidated() {
    double[][] sum = {{0.5, 0.5, 0}, {0.2, 0.3, 0.6}, {0.1, 0.1, 0.8}};
    assertRejected("row 1 of P sums to 1.1", () -> ChainOracle.discounted(fixed(sum), NO_THETA, P0, 0.9));
    double[][] neg = {{0.6, 0.5, -0.1}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}};
    assertRejected("P[0][2] = -0.1 is negative", () -> ChainOracle.averageCost(fixed(neg), NO_THETA));
    double[][] nan = {{0.5, 0.5, 0}, {0.2, Double.NaN, 0.5}, {0.1, 0.1, 0.8}};
    assertRejected("P[1][1] = NaN is not finite",
        () -> ChainOracle.truncated(fixed(nan), NO_THETA, P0, 0.9, 3));
    double[][] tiny = {{0.5, 0.5 + 2e-9, 0}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}};
    assertRejected("row 0 of P sums to", () -> ChainOracle.discounted(fixed(tiny), NO_THETA, P0, 0.9));
    double[][] ok = {{0.5, 0.5 + 5e-10, 0}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}};
    ChainOracle.discounted(fixed(ok), NO_THETA, P0, 0.9); // within 1e-9
  }

  /** Rows of P_t are bad at step {@code badP}, L_t at step {@code badL}. */
  private static TimeVaryingChain faultyAt(int badP, int badL) {
    return new TimeVaryingChain() {
      @Override public int states() { return 3; }
      @Override public int params() { return 0; }
      @Override public void transition(int t, double[] th, double[][] P) {
        for (int i = 0; i < 3; i++) {
          System.arraycopy(GOOD[i], 0, P[i], 0, 3);
        }
        if (t == badP) {
          P[2][2] = 0.9;
        }
      }
      @Override public void transitionGradient(int t, double[] th, double[][][] dP) {}
      @Override public void cost(int t, double[] th, double[] out) {
        System.arraycopy(L, 0, out, 0, 3);
        if (t == badL) {
          out[1] = Double.POSITIVE_INFINITY;
        }
      }
      @Override public void costGradient(int t, double[] th, double[][] dL) {}
    };
  }

  @Test
  void stepIsNamedForTimeVaryingChains() {
    assertRejected("row 2 of P_3 sums to 1.1", () -> ChainOracle.timeVarying(faultyAt(3, -1), NO_THETA, P0, 5));
    ChainOracle.timeVarying(faultyAt(3, -1), NO_THETA, P0, 3); // P_3 is not used with T = 3
    assertRejected("L_4[1] = Infinity is not finite",
        () -> ChainOracle.timeVarying(faultyAt(-1, 4), NO_THETA, P0, 4));
    assertRejected("horizon T = -1 must be at least 0",
        () -> ChainOracle.timeVarying(faultyAt(-1, -1), NO_THETA, P0, -1));
  }

  @Test
  void derivativesAreValidated() {
    FiniteChain bad = new OracleTesting.Mixture() {
      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        super.transitionGradient(theta, dP);
        dP[0][1][2] += 0.01; // no longer sums to 0
      }
    };
    double[] theta = {0.1, 0.2};
    assertRejected("row 1 of dP[0] (∂P/∂θ_0) sums to 0.01",
        () -> ChainOracle.discounted(bad, theta, P0, 0.9));
    FiniteChain nanCost = new OracleTesting.Mixture() {
      @Override public void costGradient(double[] theta, double[][] dL) {
        super.costGradient(theta, dL);
        dL[1][2] = Double.NaN;
      }
    };
    assertRejected("dL[1][2] = NaN is not finite", () -> ChainOracle.averageCost(nanCost, theta));
  }

  @Test
  void argumentsAreValidated() {
    FiniteChain m = new OracleTesting.Mixture();
    double[] theta = {0.1, 0.2};
    assertRejected("theta has length 1 but the chain has 2 parameters",
        () -> ChainOracle.discounted(m, new double[] {1}, P0, 0.9));
    assertRejected("theta[1] = NaN is not finite",
        () -> ChainOracle.averageCost(m, new double[] {1, Double.NaN}));
    assertRejected("p0 has length 2 but the chain has 3 states",
        () -> ChainOracle.discounted(m, theta, new double[] {0.5, 0.5}, 0.9));
    assertRejected("p0[1] = -0.5 is negative",
        () -> ChainOracle.discounted(m, theta, new double[] {1, -0.5, 0.5}, 0.9));
    assertRejected("p0 sums to 0.9",
        () -> ChainOracle.firstExit(m, theta, new double[] {0.5, 0.3, 0.1}, 0.9, 2));
    assertRejected("the discounted setting needs γ in (0, 1), got 1.0 (γ = 1 needs terminal states",
        () -> ChainOracle.discounted(m, theta, P0, 1.0));
    assertRejected("needs γ in (0, 1), got 0.0", () -> ChainOracle.discounted(m, theta, P0, 0.0));
    assertRejected("γ must be in (0, 1], got 1.5", () -> ChainOracle.firstExit(m, theta, P0, 1.5, 2));
    assertRejected("γ must be in (0, 1], got NaN",
        () -> ChainOracle.truncated(m, theta, P0, Double.NaN, 3));
    assertRejected("terminal state 3 is out of range 0 … 2",
        () -> ChainOracle.firstExit(m, theta, P0, 0.9, 3));
    assertRejected("terminal state 1 is listed twice",
        () -> ChainOracle.firstExit(m, theta, P0, 0.9, 1, 2, 1));
    assertRejected("horizon H = 0 must be at least 1",
        () -> ChainOracle.truncated(m, theta, P0, 0.9, 0));
  }

  @Test
  void firstExitWithGammaOneMustTerminate() {
    double[][] P = {{0.5, 0.5, 0, 0}, {0.2, 0.3, 0.5, 0}, {0, 0, 0.5, 0.5}, {0, 0, 0.5, 0.5}};
    FiniteChain c = FiniteChains.fixed(P, new double[] {1, 1, 1, 1});
    double[] p0 = {1, 0, 0, 0};
    assertRejected("with γ = 1 the first-exit setting needs terminal states; none were given",
        () -> ChainOracle.firstExit(c, NO_THETA, p0, 1.0));
    assertRejected("from state 2 no terminal state is reachable (it only reaches states [2, 3])",
        () -> ChainOracle.firstExit(c, NO_THETA, p0, 1.0, 1));
    ChainOracle.firstExit(c, NO_THETA, p0, 0.99, 1); // fine with discounting
    ChainOracle.firstExit(c, NO_THETA, p0, 1.0, 3); // every state reaches 3
  }

  @Test
  void averageCostNeedsAnErgodicChain() {
    double[][] two = {{0.5, 0.5, 0, 0}, {0.2, 0.8, 0, 0}, {0, 0, 0.5, 0.5}, {0, 0, 0.5, 0.5}};
    assertRejected("the chain is not ergodic: it has 2 closed classes [[0, 1], [2, 3]]",
        () -> ChainOracle.averageCost(FiniteChains.fixed(two, new double[4]), NO_THETA));
    double[][] absorbing = {{0.5, 0.5, 0}, {0.2, 0.3, 0.5}, {0, 0, 1}};
    assertRejected("state 2 is absorbing (P[2][2] = 1.0): the chain terminates there",
        () -> ChainOracle.averageCost(fixed(absorbing), NO_THETA));
    ChainOracle.averageCost(FiniteChains.fixed(new double[][] {{1}}, new double[] {2}), NO_THETA);
  }

  @Test
  void buildersValidateShapes() {
    assertRejected("logitFeatures has 2 parameters but costFeatures has 1",
        () -> FiniteChains.softmax(new double[2][2], new double[2][2][2], new double[2], new double[1][2]));
    assertRejected("row 1 of logitBias is all −∞",
        () -> FiniteChains.softmax(new double[][] {{0, 0},
            {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}}, new double[0][][], new double[2],
            new double[0][]));
    assertRejected("row 1 of P has length 2, expected 3",
        () -> FiniteChains.fixed(new double[][] {{1, 0, 0}, {1, 0}, {0, 0, 1}}, L));
  }
}
