package org.dsojava.runtime.mdp;

import java.util.Arrays;
import java.util.Objects;
import org.dsojava.runtime.oracle.FiniteChain;

/**
 * MDP policy optimization as DSO (section 2.1): each factory returns the DSO chain P(x'|x,θ) and cost
 * L(x,θ) of one MDP family as a {@link FiniteChain}, with exact derivatives (sums over actions), ready
 * for {@link org.dsojava.runtime.oracle.ChainOracle}. By Lemma 1 the chain's V and J are the MDP's, and
 * the oracle's gradient (Theorems 1–2) is the MDP's policy gradient (section 3.2). The setting
 * (discounted, first exit with terminal states charged once on arrival, average cost) is chosen by the
 * oracle call. Also the section 2.2 conversions between equivalent families.
 */
public final class Mdps {
  private Mdps() {}

  /**
   * G-MDP (eq. 12): P_G(x'|x,θ) = Σ_a π(a|x,θ) p(x'|x,a), L_G(x,θ) = Σ_a π(a|x,θ) ℓ(x,a,θ).
   *
   * @param mdp p(x'|x,a)
   * @param policy π(a|x,θ), with as many actions as the MDP
   * @param cost ℓ(x,a,θ)
   */
  public static FiniteChain general(FiniteMdp mdp, StochasticPolicy policy, StepCost cost) {
    Objects.requireNonNull(mdp, "mdp");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(cost, "cost");
    if (policy.actions() != mdp.actions()) {
      throw new IllegalArgumentException("the policy has " + policy.actions() + " actions but the MDP has "
          + mdp.actions());
    }
    int n = mdp.states();
    int m = mdp.actions();
    int p = policy.params();
    return new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return p; }

      @Override public void transition(double[] theta, double[][] P) {
        double[] pi = new double[m];
        for (int x = 0; x < n; x++) {
          pi(policy, x, theta, pi);
          for (int a = 0; a < m; a++) {
            axpy(pi[a], mdp.row(x, a), P[x]);
          }
        }
      }

      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        double[][] dpi = new double[p][m];
        for (int x = 0; x < n; x++) {
          policy.gradient(x, theta, dpi);
          for (int k = 0; k < p; k++) {
            for (int a = 0; a < m; a++) {
              axpy(dpi[k][a], mdp.row(x, a), dP[k][x]);
            }
          }
        }
      }

      @Override public void cost(double[] theta, double[] L) {
        double[] pi = new double[m];
        double[] l = new double[m];
        for (int x = 0; x < n; x++) {
          pi(policy, x, theta, pi);
          cost.cost(x, theta, l);
          L[x] = Checks.dot(pi, l);
        }
      }

      @Override public void costGradient(double[] theta, double[][] dL) {
        double[] pi = new double[m];
        double[] l = new double[m];
        double[][] dpi = new double[p][m];
        double[][] dl = new double[p][m];
        for (int x = 0; x < n; x++) {
          pi(policy, x, theta, pi);
          policy.gradient(x, theta, dpi);
          cost.cost(x, theta, l);
          cost.gradient(x, theta, dl);
          for (int k = 0; k < p; k++) {
            dL[k][x] = Checks.dot(dpi[k], l) + Checks.dot(pi, dl[k]);
          }
        }
      }
    };
  }

  /** S-MDP (eq. 17): eq. 12 with a cost r(x,a) that does not depend on θ; r is n × m. */
  public static FiniteChain standard(FiniteMdp mdp, StochasticPolicy policy, double[][] r) {
    checkCost(mdp, r);
    return general(mdp, policy, StepCost.of(r));
  }

  /**
   * H-MDP (eq. 19): ℓ = r(x,a) + α H[π(·|x,θ)], so L_H = Σ_a π r + α H. The paper's eq. 19 is α = 1;
   * maximum-entropy RL, which rewards entropy, is α &lt; 0 (α = −temperature).
   */
  public static FiniteChain maxEntropy(FiniteMdp mdp, StochasticPolicy policy, double[][] r, double alpha) {
    checkCost(mdp, r);
    double[][] rc = Checks.copy(r);
    int m = mdp.actions();
    int p = policy.params();
    return general(mdp, policy, new StepCost() {
      @Override public void cost(int x, double[] theta, double[] out) {
        double[] pi = new double[m];
        pi(policy, x, theta, pi);
        double h = 0;
        for (double q : pi) {
          h -= q > 0 ? q * Math.log(q) : 0;
        }
        for (int a = 0; a < m; a++) {
          out[a] = rc[x][a] + alpha * h;
        }
      }

      @Override public void gradient(int x, double[] theta, double[][] out) {
        double[] pi = new double[m];
        double[][] dpi = new double[p][m];
        pi(policy, x, theta, pi);
        policy.gradient(x, theta, dpi);
        for (int k = 0; k < p; k++) {
          double dh = 0; // ∇H = −Σ_a ∇π (ln π + 1) = −Σ_a ∇π ln π
          for (int a = 0; a < m; a++) {
            dh -= pi[a] > 0 ? dpi[k][a] * Math.log(pi[a]) : 0;
          }
          Arrays.fill(out[k], alpha * dh);
        }
      }
    });
  }

  /**
   * R-MDP (eq. 20): ℓ = r(x,a) + β D_KL[π_old(·|x) ‖ π(·|x,θ)], the proximal cost of TRPO/MPO-style
   * iterations (eq. 20 is β = 1).
   *
   * @param piOld π_old(a|x), n × m, rows validated like transition rows
   */
  public static FiniteChain proximal(FiniteMdp mdp, StochasticPolicy policy, double[][] r, double[][] piOld,
      double beta) {
    checkCost(mdp, r);
    int n = mdp.states();
    int m = mdp.actions();
    int p = policy.params();
    if (piOld.length != n) {
      throw new IllegalArgumentException("piOld has " + piOld.length + " rows, expected " + n);
    }
    for (int x = 0; x < n; x++) {
      Checks.row(piOld[x], m, "piOld[" + x + "]", "π_old(·|x=" + x + ")");
    }
    double[][] rc = Checks.copy(r);
    double[][] old = Checks.copy(piOld);
    return general(mdp, policy, new StepCost() {
      @Override public void cost(int x, double[] theta, double[] out) {
        double[] pi = new double[m];
        pi(policy, x, theta, pi);
        double kl = 0;
        for (int a = 0; a < m; a++) {
          if (old[x][a] > 0) {
            if (!(pi[a] > 0)) {
              throw new IllegalArgumentException("π(a=" + a + "|x=" + x + ") = 0 where π_old(a=" + a
                  + "|x=" + x + ") = " + old[x][a] + " (row " + x + "): D_KL[π_old ‖ π] (eq. 20) is infinite");
            }
            kl += old[x][a] * Math.log(old[x][a] / pi[a]);
          }
        }
        for (int a = 0; a < m; a++) {
          out[a] = rc[x][a] + beta * kl;
        }
      }

      @Override public void gradient(int x, double[] theta, double[][] out) {
        double[] pi = new double[m];
        double[][] dpi = new double[p][m];
        pi(policy, x, theta, pi);
        policy.gradient(x, theta, dpi);
        for (int k = 0; k < p; k++) {
          double g = 0; // ∇KL = −Σ_a π_old ∇π / π
          for (int a = 0; a < m; a++) {
            if (old[x][a] > 0) {
              g -= old[x][a] * dpi[k][a] / pi[a];
            }
          }
          Arrays.fill(out[k], beta * g);
        }
      }
    });
  }

  /**
   * D-MDP (eq. 18): P_D(x'|x,θ) = p(x'|x,μ(x,θ)), L_D(x,θ) = r(x,μ(x,θ)), differentiated by the chain
   * rule through μ (the bottleneck form, eq. 33).
   */
  public static FiniteChain deterministic(ActionDynamics dynamics, ActionCost cost, DeterministicPolicy mu) {
    int n = dynamics.states();
    int d = dynamics.actionDim();
    int p = mu.params();
    if (mu.actionDim() != d) {
      throw new IllegalArgumentException("the dynamics take actions of dimension " + d
          + " but the policy μ(x,θ) returns dimension " + mu.actionDim());
    }
    return new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return p; }

      @Override public void transition(double[] theta, double[][] P) {
        double[] a = new double[d];
        for (int x = 0; x < n; x++) {
          mu.action(x, theta, a);
          dynamics.transition(x, a, P[x]);
        }
      }

      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        double[] a = new double[d];
        double[][] jac = new double[p][d];
        double[][] dp = new double[d][n];
        for (int x = 0; x < n; x++) {
          mu.action(x, theta, a);
          mu.jacobian(x, theta, jac);
          dynamics.jacobian(x, a, dp);
          for (int k = 0; k < p; k++) {
            for (int j = 0; j < d; j++) {
              axpy(jac[k][j], dp[j], dP[k][x]);
            }
          }
        }
      }

      @Override public void cost(double[] theta, double[] L) {
        double[] a = new double[d];
        for (int x = 0; x < n; x++) {
          mu.action(x, theta, a);
          L[x] = cost.cost(x, a);
        }
      }

      @Override public void costGradient(double[] theta, double[][] dL) {
        double[] a = new double[d];
        double[][] jac = new double[p][d];
        double[] dr = new double[d];
        for (int x = 0; x < n; x++) {
          mu.action(x, theta, a);
          mu.jacobian(x, theta, jac);
          cost.gradient(x, a, dr);
          for (int k = 0; k < p; k++) {
            dL[k][x] = Checks.dot(jac[k], dr);
          }
        }
      }
    };
  }

  /**
   * L-MDP (eq. 21): the given chain P_L(x'|x,θ) (only its transitions are used) with the cost
   * L_L(x,θ) = r(x) + D_KL[P_L(·|x,θ) ‖ p̄(·|x)]. Evaluating it throws if P_L puts mass where p̄ has
   * none (the KL would be infinite), naming the state and row.
   *
   * @param controlled P_L(x'|x,θ)
   * @param passive p̄(x'|x), n × n (rows validated)
   * @param r the state cost r(x)
   */
  public static FiniteChain linearlySolvable(FiniteChain controlled, double[][] passive, double[] r) {
    int n = controlled.states();
    int p = controlled.params();
    double[][] pbar = passiveCopy(passive, n);
    double[] rc = stateCost(r, n);
    return new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return p; }

      @Override public void transition(double[] theta, double[][] P) {
        controlled.transition(theta, P);
      }

      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        controlled.transitionGradient(theta, dP);
      }

      @Override public void cost(double[] theta, double[] L) {
        double[][] P = new double[n][n];
        controlled.transition(theta, P);
        for (int x = 0; x < n; x++) {
          L[x] = rc[x] + kl(P[x], pbar[x], x, "P_L(·|x)");
        }
      }

      @Override public void costGradient(double[] theta, double[][] dL) {
        double[][] P = new double[n][n];
        double[][][] dP = new double[p][n][n];
        controlled.transition(theta, P);
        controlled.transitionGradient(theta, dP);
        for (int x = 0; x < n; x++) {
          double[] w = logRatio(P[x], pbar[x], x, "P_L(·|x)");
          for (int k = 0; k < p; k++) {
            dL[k][x] = Checks.dot(dP[k][x], w); // ∇KL = Σ ∇P (ln P/p̄ + 1), and Σ ∇P = 0 (eq. 56)
          }
        }
      }
    };
  }

  /**
   * L-MDP derived through G-MDP (eq. 22): actions are next states, p(x'|x,a) = δ(x' − a),
   * π(a|x,θ) = P_L(a|x,θ) and ℓ(x,a,θ) = r(x) + D_KL[π(·|x,θ) ‖ p̄(·|x)]; eq. 12 then gives the same
   * DSO as {@link #linearlySolvable} (the test checks it).
   */
  public static FiniteChain linearlySolvableAsGeneral(FiniteChain controlled, double[][] passive, double[] r) {
    int n = controlled.states();
    int p = controlled.params();
    double[][] pbar = passiveCopy(passive, n);
    double[] rc = stateCost(r, n);
    double[][][] delta = new double[n][n][n];
    for (int x = 0; x < n; x++) {
      for (int a = 0; a < n; a++) {
        delta[x][a][a] = 1;
      }
    }
    FiniteMdp mdp = FiniteMdp.of(delta);
    StochasticPolicy pi = new StochasticPolicy() {
      @Override public int actions() { return n; }
      @Override public int params() { return p; }

      @Override public void probabilities(int x, double[] theta, double[] out) {
        double[][] P = new double[n][n];
        controlled.transition(theta, P);
        System.arraycopy(P[x], 0, out, 0, n);
      }

      @Override public void gradient(int x, double[] theta, double[][] out) {
        double[][][] dP = new double[p][n][n];
        controlled.transitionGradient(theta, dP);
        for (int k = 0; k < p; k++) {
          System.arraycopy(dP[k][x], 0, out[k], 0, n);
        }
      }
    };
    return general(mdp, pi, new StepCost() {
      @Override public void cost(int x, double[] theta, double[] out) {
        double[] row = new double[n];
        pi.probabilities(x, theta, row);
        Arrays.fill(out, rc[x] + kl(row, pbar[x], x, "π(·|x)"));
      }

      @Override public void gradient(int x, double[] theta, double[][] out) {
        double[] row = new double[n];
        double[][] drow = new double[p][n];
        pi.probabilities(x, theta, row);
        pi.gradient(x, theta, drow);
        double[] w = logRatio(row, pbar[x], x, "π(·|x)");
        for (int k = 0; k < p; k++) {
          Arrays.fill(out[k], Checks.dot(drow[k], w));
        }
      }
    });
  }

  /**
   * S-MDP → D-MDP (section 2.2, eqs. 25–28): the D-MDP's action is the softmax policy's logit vector
   * η = μ(x,θ) ∈ ℝ^m, with p_D(x'|x,η) = Σ_a softmax(η)_a p(x'|x,a) and r_D(x,η) = Σ_a softmax(η)_a
   * r(x,a) (eq. 26). Both map to the same DSO (eqs. 27–28).
   */
  public static DeterministicMdp standardAsDeterministic(FiniteMdp mdp, double[][] r, SoftmaxPolicy policy) {
    checkCost(mdp, r);
    int n = mdp.states();
    int m = mdp.actions();
    int p = policy.params();
    if (policy.actions() != m || policy.states() != n) {
      throw new IllegalArgumentException("the policy is for " + policy.states() + " states and "
          + policy.actions() + " actions, the MDP has " + n + " and " + m);
    }
    double[][] rc = Checks.copy(r);
    ActionDynamics dyn = new ActionDynamics() {
      @Override public int states() { return n; }
      @Override public int actionDim() { return m; }

      @Override public void transition(int x, double[] eta, double[] out) {
        double[] pi = new double[m];
        SoftmaxPolicy.softmax(eta, pi);
        Arrays.fill(out, 0.0);
        for (int a = 0; a < m; a++) {
          axpy(pi[a], mdp.row(x, a), out);
        }
      }

      @Override public void jacobian(int x, double[] eta, double[][] out) {
        double[] pi = new double[m];
        SoftmaxPolicy.softmax(eta, pi);
        for (int j = 0; j < m; j++) {
          Arrays.fill(out[j], 0.0);
          for (int a = 0; a < m; a++) {
            double d = pi[a] * ((a == j ? 1 : 0) - pi[j]); // ∂softmax(η)_a/∂η_j
            axpy(d, mdp.row(x, a), out[j]);
          }
        }
      }
    };
    ActionCost cost = new ActionCost() {
      @Override public double cost(int x, double[] eta) {
        double[] pi = new double[m];
        SoftmaxPolicy.softmax(eta, pi);
        return Checks.dot(pi, rc[x]);
      }

      @Override public void gradient(int x, double[] eta, double[] out) {
        double[] pi = new double[m];
        SoftmaxPolicy.softmax(eta, pi);
        double mean = Checks.dot(pi, rc[x]);
        for (int j = 0; j < m; j++) {
          out[j] = pi[j] * (rc[x][j] - mean);
        }
      }
    };
    DeterministicPolicy mu = new DeterministicPolicy() {
      @Override public int actionDim() { return m; }
      @Override public int params() { return p; }

      @Override public void action(int x, double[] theta, double[] out) {
        policy.logits(x, theta, out);
      }

      @Override public void jacobian(int x, double[] theta, double[][] out) {
        for (int k = 0; k < p; k++) {
          for (int a = 0; a < m; a++) {
            out[k][a] = policy.feature(x, a, k);
          }
        }
      }
    };
    return new DeterministicMdp(dyn, cost, mu);
  }

  /**
   * L-MDP → D-MDP (section 2.2, eqs. 23–24): given the D-MDP's dynamics p(x'|x,a) and policy μ, and
   * the L-MDP's p̄ and r_L, the D-MDP cost r(x,a) = r_L(x) + D_KL[p(·|x,a) ‖ p̄(·|x)] (eq. 23) makes it
   * map to the same DSO as the L-MDP with P_L(x'|x,θ) = p(x'|x,μ(x,θ)) ({@link #linearlySolvable}).
   */
  public static DeterministicMdp lmdpAsDeterministic(double[][] passive, double[] rL, ActionDynamics dynamics,
      DeterministicPolicy mu) {
    int n = dynamics.states();
    int d = dynamics.actionDim();
    double[][] pbar = passiveCopy(passive, n);
    double[] rc = stateCost(rL, n);
    ActionCost cost = new ActionCost() {
      @Override public double cost(int x, double[] a) {
        double[] row = new double[n];
        dynamics.transition(x, a, row);
        return rc[x] + kl(row, pbar[x], x, "p(·|x,a)");
      }

      @Override public void gradient(int x, double[] a, double[] out) {
        double[] row = new double[n];
        double[][] jac = new double[d][n];
        dynamics.transition(x, a, row);
        dynamics.jacobian(x, a, jac);
        double[] w = logRatio(row, pbar[x], x, "p(·|x,a)");
        for (int j = 0; j < d; j++) {
          out[j] = Checks.dot(jac[j], w);
        }
      }
    };
    return new DeterministicMdp(dynamics, cost, mu);
  }

  /**
   * The P_L of {@link #linearlySolvable} for the L-MDP side of eq. 24: p(x'|x,μ(x,θ)) as a chain
   * (its cost is zero; only its transitions are meant to be used).
   */
  public static FiniteChain controlledBy(ActionDynamics dynamics, DeterministicPolicy mu) {
    ActionCost zero = new ActionCost() {
      @Override public double cost(int x, double[] a) { return 0; }
      @Override public void gradient(int x, double[] a, double[] out) { Arrays.fill(out, 0.0); }
    };
    return deterministic(dynamics, zero, mu);
  }

  // ---------------------------------------------------------------------------------------------

  /** D_KL[q ‖ p̄(·|x)], throwing if q has mass where p̄ has none. */
  static double kl(double[] q, double[] pbar, int x, String what) {
    double s = 0;
    for (int y = 0; y < q.length; y++) {
      if (q[y] > 0) {
        requireSupport(q[y], pbar[y], x, y, what);
        s += q[y] * Math.log(q[y] / pbar[y]);
      }
    }
    return s;
  }

  /** ln(q/p̄) where q &gt; 0, else 0. */
  static double[] logRatio(double[] q, double[] pbar, int x, String what) {
    double[] w = new double[q.length];
    for (int y = 0; y < q.length; y++) {
      if (q[y] > 0) {
        requireSupport(q[y], pbar[y], x, y, what);
        w[y] = Math.log(q[y] / pbar[y]);
      }
    }
    return w;
  }

  private static void requireSupport(double q, double pbar, int x, int y, String what) {
    if (!(pbar > 0)) {
      throw new IllegalArgumentException("the controlled chain " + what + " puts mass " + q + " on x'=" + y
          + " from state x=" + x + " where the passive chain has none (p̄[" + x + "][" + y + "] = 0, row "
          + x + "): D_KL[" + what + " ‖ p̄] at state " + x + " is infinite");
    }
  }

  static double[][] passiveCopy(double[][] passive, int n) {
    if (passive.length != n) {
      throw new IllegalArgumentException("the passive chain p̄ has " + passive.length + " rows, expected "
          + n + " (one per state)");
    }
    for (int x = 0; x < n; x++) {
      Checks.row(passive[x], n, "p̄[" + x + "]", "state " + x);
    }
    return Checks.copy(passive);
  }

  static double[] stateCost(double[] r, int n) {
    if (r.length != n) {
      throw new IllegalArgumentException("the state cost r has length " + r.length + ", expected " + n);
    }
    Checks.finite(r, "r");
    return r.clone();
  }

  private static void checkCost(FiniteMdp mdp, double[][] r) {
    if (r.length != mdp.states()) {
      throw new IllegalArgumentException("r has " + r.length + " rows, expected one per state ("
          + mdp.states() + ")");
    }
    for (int x = 0; x < r.length; x++) {
      if (r[x].length != mdp.actions()) {
        throw new IllegalArgumentException("r[" + x + "] has length " + r[x].length + ", expected one per "
            + "action (" + mdp.actions() + ")");
      }
      Checks.finite(r[x], "r[" + x + "]");
    }
  }

  private static void pi(StochasticPolicy policy, int x, double[] theta, double[] out) {
    policy.probabilities(x, theta, out);
  }

  private static void axpy(double a, double[] x, double[] y) {
    if (a != 0) {
      for (int i = 0; i < y.length; i++) {
        y[i] += a * x[i];
      }
    }
  }
}
