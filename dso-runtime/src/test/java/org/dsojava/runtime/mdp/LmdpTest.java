package org.dsojava.runtime.mdp;

import static org.dsojava.runtime.mdp.MdpTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsojava.runtime.oracle.AverageCostSolution;
import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.oracle.EpisodicSolution;
import org.dsojava.runtime.oracle.FiniteChain;
import org.junit.jupiter.api.Test;

/**
 * Section 4.7: the exact Z solves eq. 85 (or is the principal eigenvector), and the tabular chain of
 * eq. 89 at θ = V* = −ln Z is the optimum the oracle sees: its V is V* (or its J is J*), its DSO
 * gradient is 0, its P is P* of eq. 84, and random moves of θ only raise J. Plus the natural gradient
 * θ − ω of [9] with compatible features, exactly.
 */
class LmdpTest {
  private static double[] perturbed(SplittableRandom rnd, double[] theta, double size) {
    double[] t = theta.clone();
    for (int k = 0; k < t.length; k++) {
      t[k] += size * (2 * rnd.nextDouble() - 1);
    }
    return t;
  }

  private static void assertTransitionIs(double[][] expected, FiniteChain chain, double[] theta, int... skip) {
    int n = expected.length;
    double[][] P = new double[n][n];
    chain.transition(theta, P);
    for (int x = 0; x < n; x++) {
      assertClose(expected[x], P[x], 1e-12, "row " + x + " of the chain at θ = V* vs P* (eq. 84)");
    }
  }

  @Test
  void firstExitZIsTheOptimum() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int n = 4 + rnd.nextInt(5);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[] r = MdpTesting.randomVector(rnd, n, 0.1, 1);
      Lmdp lmdp = Lmdp.firstExit(pbar, r, 0);
      double[] z = lmdp.desirability();
      assertEquals(Math.exp(-r[0]), z[0], 1e-15);
      for (int x = 1; x < n; x++) {
        assertEquals(Math.exp(-r[x]) * MdpTesting.dot(pbar[x], z), z[x], 1e-14, "eq. 85 at state " + x);
      }
      double[] vStar = lmdp.value();
      FiniteChain chain = lmdp.tabularChain();
      double[] p0 = MdpTesting.uniform(n);
      EpisodicSolution at = ChainOracle.firstExit(chain, vStar, p0, 1.0, 0);
      assertClose(vStar, at.value(), 1e-10, "seed " + seed + ": oracle V at θ = V* vs −ln Z");
      assertClose(new double[n], at.gradient(), 1e-10, "seed " + seed + ": ∇J at the optimum");
      assertTransitionIs(lmdp.optimalChain(), chain, vStar);
      for (int i = 0; i < 10; i++) {
        double j = ChainOracle.firstExit(chain, perturbed(rnd, vStar, 0.5), p0, 1.0, 0).objective();
        assertTrue(j > at.objective(), "seed " + seed + ": a perturbed chain beats the optimum");
      }
    }
  }

  @Test
  void discountedZIsTheOptimum() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(100 + seed);
      int n = 3 + rnd.nextInt(6);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[] r = MdpTesting.randomVector(rnd, n, 0, 1);
      double gamma = 0.5 + 0.45 * rnd.nextDouble();
      Lmdp lmdp = Lmdp.discounted(pbar, r, gamma);
      double[] z = lmdp.desirability();
      for (int x = 0; x < n; x++) {
        double g = 0;
        for (int y = 0; y < n; y++) {
          g += pbar[x][y] * Math.pow(z[y], gamma);
        }
        assertEquals(Math.exp(-r[x]) * g, z[x], 1e-14, "eq. 85 with γ at state " + x);
      }
      double[] vStar = lmdp.value();
      FiniteChain chain = lmdp.tabularChain();
      double[] p0 = MdpTesting.uniform(n);
      EpisodicSolution at = ChainOracle.discounted(chain, vStar, p0, gamma);
      assertClose(vStar, at.value(), 1e-10, "seed " + seed + ": oracle V at θ = V*");
      assertClose(new double[n], at.gradient(), 1e-10, "seed " + seed + ": ∇J at the optimum");
      assertTransitionIs(lmdp.optimalChain(), chain, vStar);
      for (int i = 0; i < 10; i++) {
        double j = ChainOracle.discounted(chain, perturbed(rnd, vStar, 0.5), p0, gamma).objective();
        assertTrue(j > at.objective(), "seed " + seed + ": a perturbed chain beats the optimum");
      }
    }
  }

  @Test
  void averageCostZIsThePrincipalEigenvectorAndTheOptimum() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(200 + seed);
      int n = 3 + rnd.nextInt(6);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[] r = MdpTesting.randomVector(rnd, n, 0, 2);
      Lmdp lmdp = Lmdp.averageCost(pbar, r);
      double[] z = lmdp.desirability();
      double lambda = Math.exp(-lmdp.optimalAverageCost());
      for (int x = 0; x < n; x++) {
        assertTrue(z[x] > 0);
        assertEquals(lambda * z[x], Math.exp(-r[x]) * MdpTesting.dot(pbar[x], z), 1e-12, "eigen equation");
      }
      double[] vStar = lmdp.value();
      FiniteChain chain = lmdp.tabularChain();
      AverageCostSolution at = ChainOracle.averageCost(chain, vStar);
      assertEquals(lmdp.optimalAverageCost(), at.objective(), 1e-10, "seed " + seed + ": J* = −ln λ");
      assertClose(new double[n], at.gradient(), 1e-10, "seed " + seed + ": ∇J at the optimum");
      assertTransitionIs(lmdp.optimalChain(), chain, vStar);
      for (int i = 0; i < 10; i++) {
        assertTrue(ChainOracle.averageCost(chain, perturbed(rnd, vStar, 0.5)).objective() > at.objective());
      }
    }
  }

  /**
   * [9]'s natural gradient (end of section 4.7): with Z(x,θ) = exp(−θᵀφ(x)) and ω the least-squares fit
   * of v(x') by ωᵀ(φ(x') − E_P φ) plus a per-state baseline b(x) (weights d(x)P(x'|x)), the Fisher
   * matrix F of eq. 72 satisfies F⁻¹∇J = θ − ω exactly.
   */
  @Test
  void naturalGradientIsThetaMinusOmega() {
    for (int seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(300 + seed);
      int n = 5 + rnd.nextInt(4);
      int p = 2 + rnd.nextInt(3);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[] r = MdpTesting.randomVector(rnd, n, 0, 2);
      double[][] phi = MdpTesting.randomMatrix(rnd, n, p, -1, 1);
      FiniteChain chain = Lmdp.averageCost(pbar, r).chain(phi);
      double[] theta = MdpTesting.randomVector(rnd, p, -1, 1);
      AverageCostSolution sol = ChainOracle.averageCost(chain, theta);
      double[] d = sol.stationary();
      double[] v = sol.value();
      double[][] P = new double[n][n];
      double[][][] dP = new double[p][n][n];
      chain.transition(theta, P);
      chain.transitionGradient(theta, dP);
      // F (eq. 72) and the normal equations of the fit over columns [φ(x') − φ̄(x), e_x].
      double[][] F = new double[p][p];
      int cols = p + n;
      double[][] ata = new double[cols][cols];
      double[] atb = new double[cols];
      for (int x = 0; x < n; x++) {
        double[] mean = new double[p];
        for (int y = 0; y < n; y++) {
          for (int k = 0; k < p; k++) {
            mean[k] += P[x][y] * phi[y][k];
          }
        }
        for (int y = 0; y < n; y++) {
          if (P[x][y] == 0) {
            continue;
          }
          double w = d[x] * P[x][y];
          double[] psi = new double[p];
          double[] col = new double[cols];
          for (int k = 0; k < p; k++) {
            psi[k] = dP[k][x][y] / P[x][y];
            col[k] = phi[y][k] - mean[k];
          }
          col[p + x] = 1;
          for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
              F[i][j] += w * psi[i] * psi[j];
            }
          }
          for (int i = 0; i < cols; i++) {
            atb[i] += w * col[i] * v[y];
            for (int j = 0; j < cols; j++) {
              ata[i][j] += w * col[i] * col[j];
            }
          }
        }
      }
      double[] fit = MdpTesting.solve(ata, atb);
      double[] natural = MdpTesting.solve(F, sol.gradient());
      double[] thetaMinusOmega = new double[p];
      for (int k = 0; k < p; k++) {
        thetaMinusOmega[k] = theta[k] - fit[k];
      }
      assertClose(thetaMinusOmega, natural, 1e-9, "seed " + seed + ": F⁻¹∇J vs θ − ω");
    }
  }
}
