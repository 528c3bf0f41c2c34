package org.dsojava.runtime.mdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsojava.runtime.mdp.MdpTesting.Setting;
import org.dsojava.runtime.oracle.FiniteChain;
import org.junit.jupiter.api.Test;

/**
 * Section 2.2 and eq. 22: constructions that must give the same DSO — P, ∂P, L and ∂L equal to 1e-12
 * at random θ — and hence the same J and gradient.
 */
class EquivalenceTest {
  static final double SAME = 1e-12;

  /** S-MDP → D-MDP (eqs. 25–28): the D-MDP acts with the softmax logits η = μ(x,θ). */
  @Test
  void standardAndItsDeterministicTwinMapToTheSameDso() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int n = 3 + rnd.nextInt(4);
      int m = 2 + rnd.nextInt(3);
      int p = 2 + rnd.nextInt(4);
      FiniteMdp mdp = MdpTesting.randomMdp(rnd, n, m);
      double[][] r = MdpTesting.randomMatrix(rnd, n, m, -1, 2);
      SoftmaxPolicy pi = SoftmaxPolicy.linear(MdpTesting.randomTensor(rnd, n, m, p));
      FiniteChain s = Mdps.standard(mdp, pi, r);
      DeterministicMdp d = Mdps.standardAsDeterministic(mdp, r, pi);
      assertEquals(m, d.policy().actionDim(), "the D-MDP action is the logit vector η ∈ ℝ^m");
      double[] theta = MdpTesting.randomVector(rnd, p, -2, 2);
      double dist = MdpTesting.chainDistance(s, d.chain(), theta);
      assertTrue(dist <= SAME, "seed " + seed + ": S-MDP and its D-MDP differ by " + dist);
      MdpTesting.assertClose(MdpTesting.objectiveAndGradient(s, theta, Setting.AVERAGE),
          MdpTesting.objectiveAndGradient(d.chain(), theta, Setting.AVERAGE), 1e-11, "seed " + seed);
    }
  }

  /** L-MDP → D-MDP (eqs. 23–24): r(x,a) = r_L(x) + KL[p(·|x,a) ‖ p̄(·|x)]. */
  @Test
  void lmdpAndItsDeterministicTwinMapToTheSameDso() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(100 + seed);
      int n = 3 + rnd.nextInt(5);
      int d = 1 + rnd.nextInt(3);
      int p = 2 + rnd.nextInt(4);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[][] bias = MdpTesting.randomMatrix(rnd, n, n, -1, 1);
      for (int x = 0; x < n; x++) {
        for (int y = 0; y < n; y++) {
          if (pbar[x][y] == 0) {
            bias[x][y] = Double.NEGATIVE_INFINITY; // p(·|x,a) within p̄'s support: finite KL
          }
        }
      }
      ActionDynamics dyn = ActionDynamics.softmax(bias, MdpTesting.randomTensor(rnd, n, d, n));
      DeterministicPolicy mu = DeterministicPolicy.linear(MdpTesting.randomTensor(rnd, n, d, p));
      double[] rL = MdpTesting.randomVector(rnd, n, 0, 1);
      FiniteChain l = Mdps.linearlySolvable(Mdps.controlledBy(dyn, mu), pbar, rL);
      FiniteChain dChain = Mdps.lmdpAsDeterministic(pbar, rL, dyn, mu).chain();
      double[] theta = MdpTesting.randomVector(rnd, p, -2, 2);
      double dist = MdpTesting.chainDistance(l, dChain, theta);
      assertTrue(dist <= SAME, "seed " + seed + ": L-MDP and its D-MDP differ by " + dist);
    }
  }

  /** Eq. 22: the L-MDP as a G-MDP whose action is the next state gives the direct mapping of eq. 21. */
  @Test
  void lmdpThroughTheGeneralMappingIsTheDirectOne() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(200 + seed);
      int n = 3 + rnd.nextInt(5);
      int p = 2 + rnd.nextInt(4);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[] r = MdpTesting.randomVector(rnd, n, 0, 1);
      FiniteChain controlled = Lmdp.averageCost(pbar, r).chain(MdpTesting.randomMatrix(rnd, n, p, -1, 1));
      double[] theta = MdpTesting.randomVector(rnd, p, -2, 2);
      double dist = MdpTesting.chainDistance(Mdps.linearlySolvable(controlled, pbar, r),
          Mdps.linearlySolvableAsGeneral(controlled, pbar, r), theta);
      assertTrue(dist <= SAME, "seed " + seed + ": eq. 21 and eq. 22 differ by " + dist);
    }
  }

  /** The check can fail: a D-MDP cost off eq. 23 by a constant gives a different L. */
  @Test
  void aDifferentCostIsNotEquivalent() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 4;
    double[][] pbar = MdpTesting.randomPassive(rnd, n);
    double[][] bias = new double[n][n];
    for (int x = 0; x < n; x++) {
      for (int y = 0; y < n; y++) {
        bias[x][y] = pbar[x][y] == 0 ? Double.NEGATIVE_INFINITY : 0;
      }
    }
    ActionDynamics dyn = ActionDynamics.softmax(bias, MdpTesting.randomTensor(rnd, n, 1, n));
    DeterministicPolicy mu = DeterministicPolicy.linear(MdpTesting.randomTensor(rnd, n, 1, 2));
    double[] rL = {0.1, 0.2, 0.3, 0.4};
    double[] shifted = {0.1, 0.2, 0.3, 0.4 + 1e-9};
    double dist = MdpTesting.chainDistance(Mdps.linearlySolvable(Mdps.controlledBy(dyn, mu), pbar, rL),
        Mdps.lmdpAsDeterministic(pbar, shifted, dyn, mu).chain(), new double[] {0.3, -0.2});
    assertEquals(1e-9, dist, 1e-13);
  }
}
