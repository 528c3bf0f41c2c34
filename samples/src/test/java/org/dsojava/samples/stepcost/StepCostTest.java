package org.dsojava.samples.stepcost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.oracle.EpisodicSolution;
import org.dsojava.runtime.oracle.FiniteChain;
import org.junit.jupiter.api.Test;

/**
 * Action-dependent step costs (issue 13, item 5): a transition that returns ℓ(x, a) gives the same J and
 * ∇J as the MDP's own DSO form, eq. 12 — the chain P_G(j|s) = Σₐ π(a|s)·[f(s, a) = j] with the expected cost
 * L_G(s) = L(s) + Σₐ π(a|s) ℓ(s, a). Both sides exactly, by the linear solves of the finite-chain oracle:
 * the G-MDP written by hand here, and the chain the generated kernel defines (its state carries the cost
 * of the step that led to it), built from the kernel's own logDensity, cost and gradients.
 */
class StepCostTest {
  static final double GAMMA = 0.8;

  @Test
  void stepCostGivesTheGmdpGradient() {
    ChainKernel k = StepCostChainDso.kernel();
    assertEquals(2, k.stateDim()); // s, and the cost of the step that led to it
    double[] theta = StepCostChainDso.initialParams(7);
    theta[9] = 0.45;
    EpisodicSolution gmdp = ChainOracle.discounted(new Gmdp(), theta, new double[] {0.5, 0.3, 0.2}, GAMMA);
    KernelChain augmented = new KernelChain(k, theta);
    EpisodicSolution kernel = ChainOracle.discounted(augmented, theta, augmented.p0(), GAMMA);
    assertEquals(gmdp.objective(), kernel.objective(), 1e-10 * Math.abs(gmdp.objective()));
    double[] expected = gmdp.gradient();
    double[] actual = kernel.gradient();
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-10 * scale, "∂J/∂θ[" + i + "]");
    }
  }

  private static double[] policy(double[] theta, int s) {
    double m = Math.max(theta[3 * s], Math.max(theta[3 * s + 1], theta[3 * s + 2]));
    double[] p = new double[3];
    double z = 0;
    for (int a = 0; a < 3; a++) {
      p[a] = Math.exp(theta[3 * s + a] - m);
      z += p[a];
    }
    for (int a = 0; a < 3; a++) {
      p[a] /= z;
    }
    return p;
  }

  /** Eq. 12 by hand: P_G and L_G = w·s + w²/2 + Σₐ π(a|s) ℓ(s, a), with their derivatives. */
  static final class Gmdp implements FiniteChain {
    @Override public int states() { return 3; }
    @Override public int params() { return 10; }

    @Override
    public void transition(double[] theta, double[][] P) {
      for (int s = 0; s < 3; s++) {
        java.util.Arrays.fill(P[s], 0.0);
        double[] pi = policy(theta, s);
        for (int a = 0; a < 3; a++) {
          P[s][(s + a) % 3] += pi[a];
        }
      }
    }

    @Override
    public void transitionGradient(double[] theta, double[][][] dP) {
      for (double[][] m : dP) {
        for (double[] row : m) {
          java.util.Arrays.fill(row, 0.0);
        }
      }
      for (int s = 0; s < 3; s++) {
        double[] pi = policy(theta, s);
        for (int kk = 0; kk < 3; kk++) {
          for (int a = 0; a < 3; a++) {
            dP[3 * s + kk][s][(s + a) % 3] += pi[a] * ((a == kk ? 1 : 0) - pi[kk]);
          }
        }
      }
    }

    @Override
    public void cost(double[] theta, double[] L) {
      double w = theta[9];
      for (int s = 0; s < 3; s++) {
        double[] pi = policy(theta, s);
        double expected = 0;
        for (int a = 0; a < 3; a++) {
          expected += pi[a] * StepCostChain.ELL[3 * s + a];
        }
        L[s] = w * s + 0.5 * w * w + expected;
      }
    }

    @Override
    public void costGradient(double[] theta, double[][] dL) {
      for (double[] row : dL) {
        java.util.Arrays.fill(row, 0.0);
      }
      double w = theta[9];
      for (int s = 0; s < 3; s++) {
        double[] pi = policy(theta, s);
        double expected = 0;
        for (int a = 0; a < 3; a++) {
          expected += pi[a] * StepCostChain.ELL[3 * s + a];
        }
        for (int kk = 0; kk < 3; kk++) {
          dL[3 * s + kk][s] = pi[kk] * (StepCostChain.ELL[3 * s + kk] - expected);
        }
        dL[9][s] = s + w;
      }
    }
  }

  /**
   * The chain of the generated kernel: states z = (s, c), c the cost of the step that led to z (0 at the
   * start). P from exp(logDensity), its gradient from accumulateGradient's ∇ln P, L and ∇L from cost and
   * accumulateGradient's cost part; the next state of each (z, a) from the kernel's own sample.
   */
  static final class KernelChain implements FiniteChain {
    private final ChainKernel k;
    private final List<double[]> states = new ArrayList<>();
    private final int[][] next;

    KernelChain(ChainKernel k, double[] theta) {
      this.k = k;
      for (int s = 0; s < 3; s++) {
        states.add(new double[] {s, 0.0});
      }
      List<int[]> edges = new ArrayList<>();
      for (int i = 0; i < states.size(); i++) {
        for (int a = 0; a < 3; a++) {
          edges.add(new int[] {i, a, indexOf(successor(theta, states.get(i), a))});
        }
      }
      next = new int[states.size()][3];
      for (int[] e : edges) {
        next[e[0]][e[1]] = e[2];
      }
    }

    /** The state the kernel's sample moves to from z when its draw is a. */
    private double[] successor(double[] theta, double[] z, int a) {
      double[] draws = new double[k.drawCount()];
      double[] out = new double[2];
      for (long seed = 0; ; seed++) {
        k.sample(theta, z, 0, 0, new Rng(seed, 0), draws, out);
        if (draws[0] == a) {
          return out;
        }
      }
    }

    private int indexOf(double[] z) {
      for (int i = 0; i < states.size(); i++) {
        if (java.util.Arrays.equals(states.get(i), z)) {
          return i;
        }
      }
      states.add(z);
      return states.size() - 1;
    }

    double[] p0() {
      double[] p = new double[states.size()];
      p[0] = 0.5;
      p[1] = 0.3;
      p[2] = 0.2;
      return p;
    }

    @Override public int states() { return states.size(); }
    @Override public int params() { return k.paramCount(); }

    @Override
    public void transition(double[] theta, double[][] P) {
      for (int i = 0; i < states.size(); i++) {
        java.util.Arrays.fill(P[i], 0.0);
        for (int a = 0; a < 3; a++) {
          P[i][next[i][a]] += Math.exp(k.logDensity(theta, states.get(i), 0, 0, new double[] {a}));
        }
      }
    }

    @Override
    public void transitionGradient(double[] theta, double[][][] dP) {
      for (double[][] m : dP) {
        for (double[] row : m) {
          java.util.Arrays.fill(row, 0.0);
        }
      }
      for (int i = 0; i < states.size(); i++) {
        for (int a = 0; a < 3; a++) {
          double[] draws = {a};
          double p = Math.exp(k.logDensity(theta, states.get(i), 0, 0, draws));
          double[] g = new double[k.paramCount()];
          k.accumulateGradient(theta, states.get(i), 0, 0, draws, 0.0, 1.0, g);
          for (int j = 0; j < g.length; j++) {
            dP[j][i][next[i][a]] += p * g[j];
          }
        }
      }
    }

    @Override
    public void cost(double[] theta, double[] L) {
      for (int i = 0; i < states.size(); i++) {
        L[i] = k.cost(theta, states.get(i), 0, 0);
      }
    }

    @Override
    public void costGradient(double[] theta, double[][] dL) {
      for (int i = 0; i < states.size(); i++) {
        double[] g = new double[k.paramCount()];
        k.accumulateGradient(theta, states.get(i), 0, 0, new double[] {0}, 1.0, 0.0, g);
        for (int j = 0; j < g.length; j++) {
          dL[j][i] = g[j];
        }
      }
    }
  }
}
