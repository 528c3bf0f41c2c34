package org.dsojava.runtime.mdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.oracle.FiniteChain;
import org.dsojava.runtime.oracle.FiniteChains;
import org.junit.jupiter.api.Test;

/** Bad input is answered with an IllegalArgumentException naming the state and the row. */
class BadInputTest {
  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void mdpRowThatDoesNotSumToOne() {
    double[][][] p = {{{0.5, 0.5}, {1, 0}}, {{0.3, 0.6}, {0, 1}}};
    assertEquals("row p[1][0] (p(·|x=1, a=0)) sums to 0.8999999999999999; it must sum to 1 within 1.0E-9",
        message(() -> FiniteMdp.of(p)));
  }

  @Test
  void rowSumToleranceIs1e9() {
    double[][][] ok = {{{0.5, 0.5 + 5e-10}}, {{0, 1}}};
    FiniteMdp.of(ok); // within 1e-9: accepted
    double[][][] bad = {{{0.5, 0.5 + 2e-9}}, {{0, 1}}};
    assertEquals("row p[0][0] (p(·|x=0, a=0)) sums to 1.0000000020000002; it must sum to 1 within 1.0E-9",
        message(() -> FiniteMdp.of(bad)));
  }

  @Test
  void negativeProbability() {
    double[][][] p = {{{0.5, 0.5}, {1, 0}}, {{1.1, -0.1}, {0, 1}}};
    assertEquals("p[1][0][1] = -0.1 is negative (p(·|x=1, a=0), next state 1); transition probabilities "
        + "must be ≥ 0", message(() -> FiniteMdp.of(p)));
  }

  @Test
  void passiveRowsAreValidatedToo() {
    double[][] pbar = {{0.5, 0.5}, {0.2, 0.7}};
    assertEquals("row p̄[1] (state 1) sums to 0.8999999999999999; it must sum to 1 within 1.0E-9",
        message(() -> Lmdp.averageCost(pbar, new double[] {0, 1})));
    double[][] negative = {{0.5, 0.5}, {-0.2, 1.2}};
    assertEquals("p̄[1][0] = -0.2 is negative (state 1, next state 0); transition probabilities must be ≥ 0",
        message(() -> Lmdp.firstExit(negative, new double[] {0, 1}, 0)));
  }

  /** P puts mass on x' = 2 from x = 1 where p̄(2|1) = 0: D_KL (eq. 21) is infinite. */
  @Test
  void controlledChainOutsideThePassiveSupport() {
    double[][] pbar = {{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0, 0.5, 0.5}};
    FiniteChain uniform = FiniteChains.fixed(new double[][] {{0.5, 0.5, 0}, {0.4, 0.4, 0.2}, {0, 0.5, 0.5}},
        new double[3]);
    FiniteChain l = Mdps.linearlySolvable(uniform, pbar, new double[] {1, 1, 1});
    String expected = "the controlled chain P_L(·|x) puts mass 0.2 on x'=2 from state x=1 where the passive "
        + "chain has none (p̄[1][2] = 0, row 1): D_KL[P_L(·|x) ‖ p̄] at state 1 is infinite";
    assertEquals(expected, message(() -> ChainOracle.averageCost(l, new double[0])));
    assertEquals(expected, message(() -> l.cost(new double[0], new double[3])));
  }

  @Test
  void deterministicTwinOutsideThePassiveSupport() {
    double[][] pbar = {{0.5, 0.5}, {0, 1}};
    ActionDynamics dyn = ActionDynamics.softmax(new double[][] {{0, 0}, {0, 0}},
        new double[][][] {{{1, 0}}, {{1, 0}}});
    DeterministicMdp d = Mdps.lmdpAsDeterministic(pbar, new double[] {0, 0}, dyn,
        DeterministicPolicy.linear(new double[][][] {{{1}}, {{1}}}));
    assertEquals("the controlled chain p(·|x,a) puts mass 0.5 on x'=0 from state x=1 where the passive chain "
        + "has none (p̄[1][0] = 0, row 1): D_KL[p(·|x,a) ‖ p̄] at state 1 is infinite",
        message(() -> d.cost().cost(1, new double[] {0})));
  }

  /** States {0, 1} and {2} do not communicate: no unique principal eigenvector. */
  @Test
  void averageCostLmdpWithReduciblePassiveChain() {
    double[][] pbar = {{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0.3, 0.3, 0.4}};
    assertEquals("the passive chain p̄ is not irreducible: from state 0 (row 0 of p̄) state 2 cannot be "
        + "reached, so the average-cost LMDP has no unique principal eigenvector Z (section 4.7)",
        message(() -> Lmdp.averageCost(pbar, new double[] {1, 1, 1})));
  }

  @Test
  void firstExitLmdpThatCannotExit() {
    double[][] pbar = {{1, 0, 0}, {0, 0.5, 0.5}, {0, 0.5, 0.5}};
    assertEquals("from state 1 (row 1 of p̄) no terminal state [0] is reachable under the passive chain, so "
        + "Z(1) = 0 and V(1) is infinite", message(() -> Lmdp.firstExit(pbar, new double[] {0, 1, 1}, 0)));
  }

  @Test
  void proximalPolicyWithZeroWhereTheOldHasMass() {
    FiniteMdp mdp = FiniteMdp.of(new double[][][] {{{1}, {1}}});
    StochasticPolicy greedy = new StochasticPolicy() {
      @Override public int actions() { return 2; }
      @Override public int params() { return 0; }
      @Override public void probabilities(int x, double[] theta, double[] out) { out[0] = 1; out[1] = 0; }
      @Override public void gradient(int x, double[] theta, double[][] out) {}
    };
    FiniteChain c = Mdps.proximal(mdp, greedy, new double[][] {{0, 0}}, new double[][] {{0.5, 0.5}}, 1);
    assertEquals("π(a=1|x=0) = 0 where π_old(a=1|x=0) = 0.5 (row 0): D_KL[π_old ‖ π] (eq. 20) is infinite",
        message(() -> c.cost(new double[0], new double[1])));
  }
}
