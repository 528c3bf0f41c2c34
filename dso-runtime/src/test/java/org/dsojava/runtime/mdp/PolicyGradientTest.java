package org.dsojava.runtime.mdp;

import static org.dsojava.runtime.mdp.MdpTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.dsojava.runtime.mdp.MdpTesting.Setting;
import org.dsojava.runtime.mdp.MdpWay.Evaluation;
import org.dsojava.runtime.mdp.MdpWay.StateEvaluation;
import org.dsojava.runtime.oracle.FiniteChain;
import org.junit.jupiter.api.Test;

/**
 * Section 3.2: on 20 random finite MDPs per family and setting (seeds 1–20), the DSO gradient of the
 * mapped chain (Theorems 1–2, exact through the oracle) equals the family's policy gradient computed
 * the MDP way to 1e-10, and both equal central differences of the exact J to 1e-6. The MDP's own J
 * (from its Q or v) equals the DSO chain's J to 1e-10 (Lemma 1, eqs. 13–14).
 */
class PolicyGradientTest {
  static final int MDPS = 20;
  static final double EXACT = 1e-10;
  /** Central differences with h = 1e-5: truncation ~h² J''' ≈ 1e-10, rounding ~1e-16 J / h ≈ 1e-11. */
  static final double FD = 1e-6;
  static final double H = 1e-5;

  interface Family {
    /** Builds the DSO chain; returns {chain, θ, MDP-way gradient, MDP-way J}. */
    Object[] build(SplittableRandom rnd, Setting s);
  }

  private static void check(String name, Family family) {
    int checked = 0;
    for (Setting s : Setting.values()) {
      for (int seed = 1; seed <= MDPS; seed++) {
        SplittableRandom rnd = new SplittableRandom(1000L * s.ordinal() + seed);
        Object[] built = family.build(rnd, s);
        FiniteChain chain = (FiniteChain) built[0];
        double[] theta = (double[]) built[1];
        double[] mdpWay = (double[]) built[2];
        String what = name + " " + s + " seed " + seed;
        double[] jAndGrad = MdpTesting.objectiveAndGradient(chain, theta, s);
        double[] dso = java.util.Arrays.copyOfRange(jAndGrad, 1, jAndGrad.length);
        double mdpJ = (double) built[3];
        assertEquals(mdpJ, jAndGrad[0], EXACT * (1 + Math.abs(mdpJ)), what + ": J (Lemma 1, eqs. 13–14)");
        assertClose(mdpWay, dso, EXACT, what + ": DSO gradient (Theorem 1/2) vs MDP policy gradient");
        assertClose(MdpTesting.finiteDifference(chain, theta, s, H), dso, FD, what + ": vs finite differences");
        checked++;
      }
    }
    assertEquals(3 * MDPS, checked);
  }

  private static double[] randomTheta(SplittableRandom rnd, int p) {
    return MdpTesting.randomVector(rnd, p, -1, 1);
  }

  /** Eq. 49: ∇J = Σ_x w(x) Σ_a ∇π(a|x) [Q(x,a) + extra(x,a)], with ∇π of the policy. */
  private static double[] stochasticGradient(FiniteMdp mdp, SoftmaxPolicy pi, double[] theta, Evaluation ev,
      double[][] extra, double[][][] extraGrad) {
    int n = mdp.states();
    int m = mdp.actions();
    int p = pi.params();
    double[] g = new double[p];
    double[][] dpi = new double[p][m];
    for (int x = 0; x < n; x++) {
      pi.gradient(x, theta, dpi);
      for (int k = 0; k < p; k++) {
        double s = 0;
        for (int a = 0; a < m; a++) {
          s += dpi[k][a] * (ev.q()[x][a] + (extra == null ? 0 : extra[x][a]));
        }
        if (extraGrad != null) {
          s += extraGrad[x][k][0];
        }
        g[k] += ev.weight()[x] * s;
      }
    }
    return g;
  }

  private static double[][] probabilities(StochasticPolicy pi, int n, double[] theta) {
    double[][] out = new double[n][pi.actions()];
    for (int x = 0; x < n; x++) {
      pi.probabilities(x, theta, out[x]);
    }
    return out;
  }

  @Test
  void standardMdpGradientIsTheDsoGradient() {
    check("S-MDP", (rnd, s) -> {
      int n = 3 + rnd.nextInt(4);
      int m = 2 + rnd.nextInt(3);
      int p = 2 + rnd.nextInt(4);
      FiniteMdp mdp = MdpTesting.randomMdp(rnd, n, m);
      double[][] r = MdpTesting.randomMatrix(rnd, n, m, -1, 2);
      SoftmaxPolicy pi = rnd.nextBoolean() ? SoftmaxPolicy.linear(MdpTesting.randomTensor(rnd, n, m, p))
          : SoftmaxPolicy.tabular(n, m);
      double[] theta = randomTheta(rnd, pi.params());
      Evaluation ev = MdpWay.evaluate(mdp, probabilities(pi, n, theta), r, s);
      return new Object[] {Mdps.standard(mdp, pi, r), theta, stochasticGradient(mdp, pi, theta, ev, null, null), ev.objective()};
    });
  }

  @Test
  void maxEntropyGradientIsTheDsoGradient() {
    check("H-MDP", (rnd, s) -> {
      int n = 3 + rnd.nextInt(4);
      int m = 2 + rnd.nextInt(3);
      int p = 2 + rnd.nextInt(4);
      FiniteMdp mdp = MdpTesting.randomMdp(rnd, n, m);
      double[][] r = MdpTesting.randomMatrix(rnd, n, m, -1, 2);
      SoftmaxPolicy pi = SoftmaxPolicy.linear(MdpTesting.randomTensor(rnd, n, m, p));
      double alpha = rnd.nextBoolean() ? 1.0 : -0.5; // eq. 19 as printed, and the max-entropy sign
      double[] theta = randomTheta(rnd, p);
      double[][] pr = probabilities(pi, n, theta);
      double[][] ell = new double[n][m];
      double[][] softTerm = new double[n][m];
      for (int x = 0; x < n; x++) {
        double h = 0;
        for (int a = 0; a < m; a++) {
          h -= pr[x][a] * Math.log(pr[x][a]);
        }
        for (int a = 0; a < m; a++) {
          ell[x][a] = r[x][a] + alpha * h;
          softTerm[x][a] = -alpha * Math.log(pr[x][a]); // soft policy gradient: Σ ∇π (Q − α ln π)
        }
      }
      Evaluation ev = MdpWay.evaluate(mdp, pr, ell, s);
      return new Object[] {Mdps.maxEntropy(mdp, pi, r, alpha), theta,
          stochasticGradient(mdp, pi, theta, ev, softTerm, null), ev.objective()};
    });
  }

  @Test
  void proximalGradientIsTheDsoGradient() {
    check("R-MDP", (rnd, s) -> {
      int n = 3 + rnd.nextInt(4);
      int m = 2 + rnd.nextInt(3);
      int p = 2 + rnd.nextInt(4);
      FiniteMdp mdp = MdpTesting.randomMdp(rnd, n, m);
      double[][] r = MdpTesting.randomMatrix(rnd, n, m, -1, 2);
      SoftmaxPolicy pi = SoftmaxPolicy.linear(MdpTesting.randomTensor(rnd, n, m, p));
      double[][] old = new double[n][];
      for (int x = 0; x < n; x++) {
        old[x] = MdpTesting.randomRow(rnd, m);
      }
      double beta = rnd.nextBoolean() ? 1.0 : 0.3;
      double[] theta = randomTheta(rnd, p);
      double[][] pr = probabilities(pi, n, theta);
      double[][] ell = new double[n][m];
      double[][][] klGrad = new double[n][p][1];
      double[][] dpi = new double[p][m];
      for (int x = 0; x < n; x++) {
        double kl = 0;
        for (int a = 0; a < m; a++) {
          kl += old[x][a] * Math.log(old[x][a] / pr[x][a]);
        }
        for (int a = 0; a < m; a++) {
          ell[x][a] = r[x][a] + beta * kl;
        }
        pi.gradient(x, theta, dpi);
        for (int k = 0; k < p; k++) {
          for (int a = 0; a < m; a++) {
            klGrad[x][k][0] -= beta * old[x][a] * dpi[k][a] / pr[x][a]; // E_π[∇ℓ] = −β Σ π_old ∇ln π
          }
        }
      }
      Evaluation ev = MdpWay.evaluate(mdp, pr, ell, s);
      return new Object[] {Mdps.proximal(mdp, pi, r, old, beta), theta,
          stochasticGradient(mdp, pi, theta, ev, null, klGrad), ev.objective()};
    });
  }

  /** The deterministic policy gradient (eqs. 52–53) with continuous actions a ∈ ℝ^d on finite states. */
  @Test
  void deterministicPolicyGradientIsTheDsoGradient() {
    check("D-MDP", (rnd, s) -> {
      int n = 3 + rnd.nextInt(4);
      int d = 1 + rnd.nextInt(3);
      int p = 2 + rnd.nextInt(4);
      ActionDynamics dyn = ActionDynamics.softmax(MdpTesting.randomMatrix(rnd, n, n, -1, 1),
          MdpTesting.randomTensor(rnd, n, d, n));
      ActionCost cost = ActionCost.quadratic(MdpTesting.randomVector(rnd, n, 0, 1),
          MdpTesting.randomMatrix(rnd, n, d, -1, 1), MdpTesting.randomMatrix(rnd, n, d, 0.2, 1));
      DeterministicPolicy mu = DeterministicPolicy.linear(MdpTesting.randomTensor(rnd, n, d, p));
      double[] theta = randomTheta(rnd, p);
      double[][] P = new double[n][n];
      double[] L = new double[n];
      double[][] a = new double[n][d];
      for (int x = 0; x < n; x++) {
        mu.action(x, theta, a[x]);
        dyn.transition(x, a[x], P[x]);
        L[x] = cost.cost(x, a[x]);
      }
      StateEvaluation ev = MdpWay.evaluateStates(P, L, s);
      double[] g = new double[p];
      double[][] jac = new double[p][d];
      double[][] dp = new double[d][n];
      double[] dr = new double[d];
      for (int x = 0; x < n; x++) {
        mu.jacobian(x, theta, jac);
        dyn.jacobian(x, a[x], dp);
        cost.gradient(x, a[x], dr);
        double[] dQ = new double[d]; // ∇_a Q(x,a) = ∇_a r + γ Σ ∇_a p(x'|x,a) v(x') (eq. 50)
        for (int j = 0; j < d; j++) {
          dQ[j] = dr[j] + (s.isTerminal(x) ? 0 : s.gamma * MdpTesting.dot(dp[j], ev.v()));
        }
        for (int k = 0; k < p; k++) {
          g[k] += ev.weight()[x] * MdpTesting.dot(jac[k], dQ); // eq. 52
        }
      }
      return new Object[] {Mdps.deterministic(dyn, cost, mu), theta, g, ev.objective()};
    });
  }

  /** The LMDP policy gradient (eq. 54, and its ρ-weighted episodic analog) on the chain of eq. 89. */
  @Test
  void lmdpPolicyGradientIsTheDsoGradient() {
    check("L-MDP", (rnd, s) -> {
      int n = 3 + rnd.nextInt(5);
      int p = 2 + rnd.nextInt(4);
      double[][] pbar = MdpTesting.randomPassive(rnd, n);
      double[] r = MdpTesting.randomVector(rnd, n, 0, 1);
      Lmdp lmdp = switch (s) {
        case DISCOUNTED -> Lmdp.discounted(pbar, r, s.gamma);
        case FIRST_EXIT -> Lmdp.firstExit(pbar, r, 0);
        case AVERAGE -> Lmdp.averageCost(pbar, r);
      };
      FiniteChain chain = lmdp.chain(MdpTesting.randomMatrix(rnd, n, p, -1, 1));
      double[] theta = randomTheta(rnd, p);
      double[][] P = new double[n][n];
      double[][][] dP = new double[p][n][n];
      chain.transition(theta, P);
      chain.transitionGradient(theta, dP);
      double[] L = new double[n];
      double[][] logRatio = new double[n][n];
      for (int x = 0; x < n; x++) {
        L[x] = r[x];
        for (int y = 0; y < n; y++) {
          if (P[x][y] > 0) {
            logRatio[x][y] = Math.log(P[x][y] / pbar[x][y]);
            L[x] += P[x][y] * logRatio[x][y]; // eq. 21
          }
        }
      }
      StateEvaluation ev = MdpWay.evaluateStates(P, L, s);
      double[] g = new double[p];
      for (int x = 0; x < n; x++) {
        for (int k = 0; k < p; k++) {
          double t = 0;
          for (int y = 0; y < n; y++) {
            double cont = s.isTerminal(x) ? 0 : s.gamma * ev.v()[y];
            t += dP[k][x][y] * (logRatio[x][y] + cont); // eq. 54
          }
          g[k] += ev.weight()[x] * t;
        }
      }
      return new Object[] {chain, theta, g, ev.objective()};
    });
  }
}
