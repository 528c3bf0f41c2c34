package org.dsojava.runtime.mdp;

import org.dsojava.runtime.mdp.MdpTesting.Setting;

/**
 * Policy evaluation and policy gradients computed the MDP way (section 3.2), without the DSO chain or
 * the oracle: Q on state-action pairs for stochastic policies (eqs. 49–50), v under a deterministic
 * policy with ∇_a Q for D-MDP (eqs. 52–53), and eq. 54 for L-MDP. Each solve is its own linear system.
 */
final class MdpWay {
  private MdpWay() {}

  /** Q(x,a), the state weights w(x) (ρ of eq. 4 or the stationary d) and J. */
  record Evaluation(double[][] q, double[] weight, double objective) {}

  /** v(x), the weights and J of a chain P with cost L (Bellman eq. 3 or 8, solved directly). */
  record StateEvaluation(double[] v, double[] weight, double objective) {}

  /**
   * Q of a stochastic policy: Q(x,a) = ℓ(x,a) + γ Σ_x' p(x'|x,a) Σ_a' π(a'|x') Q(x',a') (eq. 50 with
   * v = Σ π Q), or its average-cost form J + Q = ℓ + p π Q; and the state-action occupancy summed to ρ
   * (or d).
   */
  static Evaluation evaluate(FiniteMdp mdp, double[][] pi, double[][] ell, Setting s) {
    int n = mdp.states();
    int m = mdp.actions();
    int nm = n * m;
    double g = s.gamma;
    double[] p0 = MdpTesting.uniform(n);
    if (s != Setting.AVERAGE) {
      double[][] a = new double[nm][nm];
      double[] b = new double[nm];
      double[][] at = new double[nm][nm];
      double[] c = new double[nm];
      for (int x = 0; x < n; x++) {
        for (int u = 0; u < m; u++) {
          int i = x * m + u;
          a[i][i] += 1;
          b[i] = ell[x][u];
          at[i][i] += 1;
          c[i] = pi[x][u] * p0[x];
          if (s.isTerminal(x)) {
            continue; // Q(terminal, a) = ℓ: the rollout ends
          }
          for (int y = 0; y < n; y++) {
            for (int w = 0; w < m; w++) {
              double t = g * mdp.p(x, u, y) * pi[y][w];
              a[i][y * m + w] -= t;
              at[y * m + w][i] -= t; // occupancy: ρ(y,w) = π(w|y)[p0(y) + γ Σ ρ(x,u) p(y|x,u)]
            }
          }
        }
      }
      double[] q = MdpTesting.solve(a, b);
      double[] occ = MdpTesting.solve(at, c);
      double[] rho = new double[n];
      double J = 0;
      for (int x = 0; x < n; x++) {
        for (int u = 0; u < m; u++) {
          rho[x] += occ[x * m + u];
          J += p0[x] * pi[x][u] * q[x * m + u];
        }
      }
      return new Evaluation(reshape(q, n, m), rho, J);
    }
    // Average cost: unknowns Q (n·m) and J; Σ Q = 0 pins the constant.
    double[][] a = new double[nm + 1][nm + 1];
    double[] b = new double[nm + 1];
    double[][] dA = new double[nm][nm];
    double[] dB = new double[nm];
    for (int x = 0; x < n; x++) {
      for (int u = 0; u < m; u++) {
        int i = x * m + u;
        a[i][i] += 1;
        a[i][nm] = 1;
        b[i] = ell[x][u];
        dA[i][i] += 1;
        for (int y = 0; y < n; y++) {
          for (int w = 0; w < m; w++) {
            double t = mdp.p(x, u, y) * pi[y][w];
            a[i][y * m + w] -= t;
            dA[y * m + w][i] -= t; // d(y,w) = π(w|y) Σ d(x,u) p(y|x,u)
          }
        }
        a[nm][i] = 1;
      }
    }
    double[] sol = MdpTesting.solve(a, b);
    for (int i = 0; i < nm; i++) {
      dA[0][i] = 1; // replace one balance equation by Σ d = 1
    }
    dB[0] = 1;
    double[] occ = MdpTesting.solve(dA, dB);
    double[] d = new double[n];
    for (int x = 0; x < n; x++) {
      for (int u = 0; u < m; u++) {
        d[x] += occ[x * m + u];
      }
    }
    return new Evaluation(reshape(java.util.Arrays.copyOf(sol, nm), n, m), d, sol[nm]);
  }

  /** v, ρ or d, and J of a state chain (used for D-MDP and L-MDP, whose actions are not enumerated). */
  static StateEvaluation evaluateStates(double[][] P, double[] L, Setting s) {
    int n = L.length;
    double g = s.gamma;
    double[] p0 = MdpTesting.uniform(n);
    if (s != Setting.AVERAGE) {
      double[][] a = new double[n][n];
      double[][] at = new double[n][n];
      for (int x = 0; x < n; x++) {
        a[x][x] += 1;
        at[x][x] += 1;
        if (!s.isTerminal(x)) {
          for (int y = 0; y < n; y++) {
            a[x][y] -= g * P[x][y];
            at[y][x] -= g * P[x][y];
          }
        }
      }
      double[] v = MdpTesting.solve(a, L);
      return new StateEvaluation(v, MdpTesting.solve(at, p0), MdpTesting.dot(p0, v));
    }
    double[][] a = new double[n + 1][n + 1];
    double[] b = new double[n + 1];
    double[][] dA = new double[n][n];
    double[] dB = new double[n];
    for (int x = 0; x < n; x++) {
      a[x][x] += 1;
      a[x][n] = 1;
      b[x] = L[x];
      a[n][x] = 1;
      dA[x][x] += 1;
      for (int y = 0; y < n; y++) {
        a[x][y] -= P[x][y];
        dA[y][x] -= P[x][y];
      }
    }
    double[] sol = MdpTesting.solve(a, b);
    java.util.Arrays.fill(dA[0], 1.0);
    dB[0] = 1;
    return new StateEvaluation(java.util.Arrays.copyOf(sol, n), MdpTesting.solve(dA, dB), sol[n]);
  }

  private static double[][] reshape(double[] v, int n, int m) {
    double[][] out = new double[n][m];
    for (int x = 0; x < n; x++) {
      System.arraycopy(v, x * m, out[x], 0, m);
    }
    return out;
  }
}
