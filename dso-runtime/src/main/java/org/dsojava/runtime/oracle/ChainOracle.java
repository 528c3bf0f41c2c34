package org.dsojava.runtime.oracle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;

/**
 * The exact oracle for finite chains: J, V, ρ or d, and the exact gradient ∇J of Theorems 1–3, by
 * linear algebra (Commons Math LU solves) instead of sampling. Estimators are tested against it.
 *
 * <h2>Settings and conventions</h2>
 *
 * Write P for the n × n transition matrix, L for the cost vector and p0 for the initial
 * distribution (fixed: ∇J does not include a derivative of p0).
 *
 * <ul>
 *   <li><b>Discounted</b> ({@link #discounted}, γ ∈ (0,1)): V = L + γPV (eq. 3), so V = (I − γP)⁻¹L;
 *       J = p0·V (eq. 1).
 *   <li><b>First exit</b> ({@link #firstExit}, γ ∈ (0,1]): terminal states 𝒯 are charged their cost
 *       once, on arrival, and end the rollout: V(x) = L(x) for x ∈ 𝒯 and V(x) = L(x) + γ Σ_x'
 *       P(x'|x) V(x') otherwise. With P̃ = P with the rows of terminal states zeroed, V = (I − γP̃)⁻¹L.
 *       The rows of P (and ∂P) of terminal states are never used nor validated. With γ = 1 every
 *       state must reach 𝒯 (otherwise V is infinite); this is checked on the sparsity pattern of P.
 *       This is the paper's first-exit setting with terminal states made absorbing and cost-free
 *       after the arrival charge.
 *   <li><b>Discounted density</b> (eq. 4): ρ = p0 (I − γP̃)⁻¹ = Σ_{t≥0} γ^t p0 P̃^t, i.e. ρ(x) =
 *       Σ_{t≥0} γ^t Pr(x_t = x, not stopped before t). The initial state is counted (weight γ⁰ = 1):
 *       read the t of eq. 4 as the index of the visited state, x_{t−1}. This is the ρ for which
 *       Theorem 1 holds, ∇J = Σ_x ρ(x) [∇L(x) + γ Σ_x' ∇P̃(x'|x) V(x')] (eq. 30). ρ is not
 *       normalized: J = ρ·L, and Σρ = 1/(1−γ) without terminal states. ρ(x) is also the expected
 *       number of visits to x of a rollout that stops with probability 1−γ after each step (random
 *       termination realizes γ, section 4.1).
 *   <li><b>Truncated</b> ({@link #truncated}): the same rollout cut after H transitions, so costs
 *       are charged at x_0 … x_H (H + 1 states, like T in eq. 9 and {@code @Chain(horizon)}):
 *       J_H = E[Σ_{t=0}^{min(H, τ)} γ^t L(x_t)] with τ the arrival time at 𝒯. V, ρ and ∇J are those
 *       of this finite sum (ρ_H = Σ_{t≤H} γ^t μ_t), computed exactly with the state distributions
 *       μ_t = p0 P̃^t. Estimators from cut rollouts must be compared with this, not with J.
 *   <li><b>Average cost</b> ({@link #averageCost}): the stationary d = dP, Σd = 1 (eq. 6), J = d·L
 *       (eq. 7), the differential value J + V = L + PV (eq. 8) with d·V = 0, and Theorem 2 (eq. 31).
 *       The chain must be ergodic in the sense needed for a unique d: exactly one closed
 *       communicating class, which is not a single absorbing state. Transient states (d = 0) and
 *       periodic classes are accepted (J is then the time average of eq. 5).
 *   <li><b>Time-varying</b> ({@link #timeVarying}, horizon T): V_T = L_T, V_t = L_t + P_t V_{t+1}
 *       (eq. 11), J = p0·V_0 (eq. 10), and Theorem 3 (eq. 35) evaluated exactly with μ_0 = p0,
 *       μ_{t+1} = μ_t P_t: ∇J = Σ_{t≤T} μ_t·∇L_t + Σ_{t&lt;T} Σ_x μ_t(x) Σ_x' ∇P_t(x'|x) V_{t+1}(x').
 * </ul>
 *
 * <h2>Validation</h2>
 *
 * Every call validates its inputs and what the chain writes, and throws {@link
 * IllegalArgumentException} naming the offending entry: θ and p0 lengths and finiteness, p0 and every
 * used row of P non-negative and summing to 1 within {@value #ROW_SUM_TOLERANCE}, every row of ∂P/∂θ_k
 * summing to 0 (within 10⁻⁸ of the row's absolute sum), finite L and ∂L, the range of γ, the terminal
 * states, the horizon, termination with γ = 1 and ergodicity for average cost.
 *
 * <p>Cost: O(n³) for the solves plus O(p·n²) for the gradient (O(H·n² + p·n²) truncated, O(T·p·n²)
 * time-varying); the chain's ∂P buffer holds p·n² doubles.
 */
public final class ChainOracle {
  /** How far a row of P (or p0) may sum from 1. */
  public static final double ROW_SUM_TOLERANCE = 1e-9;

  /** How far a row of ∂P/∂θ_k may sum from 0, relative to 1 + its absolute sum. */
  static final double GRADIENT_ROW_SUM_TOLERANCE = 1e-8;

  private ChainOracle() {}

  /**
   * The infinite-horizon discounted objective (eqs. 1–4, Theorem 1).
   *
   * @param chain the chain
   * @param theta θ, length {@code chain.params()}
   * @param p0 the initial distribution, length {@code chain.states()}
   * @param gamma γ ∈ (0, 1)
   */
  public static EpisodicSolution discounted(FiniteChain chain, double[] theta, double[] p0, double gamma) {
    checkChain(chain);
    if (!(gamma > 0 && gamma < 1)) {
      throw new IllegalArgumentException("the discounted setting needs γ in (0, 1), got " + gamma
          + (gamma == 1 ? " (γ = 1 needs terminal states: use firstExit)" : ""));
    }
    return episodic(chain, theta, p0, gamma, new int[0]);
  }

  /**
   * The first-exit objective (eqs. 1–4, Theorem 1): terminal states are charged L once on arrival and
   * end the rollout.
   *
   * @param chain the chain
   * @param theta θ, length {@code chain.params()}
   * @param p0 the initial distribution, length {@code chain.states()}
   * @param gamma γ ∈ (0, 1]; with γ = 1 every state must be able to reach a terminal state
   * @param terminals the terminal states 𝒯 (distinct; may be empty when γ &lt; 1)
   */
  public static EpisodicSolution firstExit(FiniteChain chain, double[] theta, double[] p0, double gamma,
      int... terminals) {
    checkChain(chain);
    checkEpisodicGamma(gamma);
    return episodic(chain, theta, p0, gamma, terminals);
  }

  /**
   * The discounted or first-exit objective of rollouts cut after {@code horizon} transitions: costs
   * are charged at x_0 … x_H (or until a terminal state is reached, whose cost is charged).
   *
   * @param chain the chain
   * @param theta θ, length {@code chain.params()}
   * @param p0 the initial distribution, length {@code chain.states()}
   * @param gamma γ ∈ (0, 1]
   * @param horizon H ≥ 1, the number of transitions
   * @param terminals the terminal states 𝒯 (distinct; may be empty)
   */
  public static EpisodicSolution truncated(FiniteChain chain, double[] theta, double[] p0, double gamma,
      int horizon, int... terminals) {
    checkChain(chain);
    checkEpisodicGamma(gamma);
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon H = " + horizon + " must be at least 1 (it counts "
          + "transitions; for rollouts that are not cut use discounted or firstExit)");
    }
    int n = chain.states();
    int p = chain.params();
    checkTheta(theta, p);
    checkDistribution(p0, n);
    boolean[] terminal = terminalMask(terminals, n);
    Step s = evaluate(chain, -1, theta, terminal, true, true);

    double[][] mu = new double[horizon + 1][];
    mu[0] = p0.clone();
    for (int t = 0; t < horizon; t++) {
      mu[t + 1] = leftMultiply(mu[t], s.P);
    }
    double[] rho = new double[n];
    double[][] m = new double[n][n]; // M = Σ_{t<H} γ^{t+1} μ_t ⊗ W_{t+1}
    double[] w = s.L.clone(); // W_H = L
    for (int t = horizon - 1; t >= 0; t--) {
      double g = Math.pow(gamma, t + 1);
      for (int i = 0; i < n; i++) {
        double a = g * mu[t][i];
        if (a != 0) {
          for (int j = 0; j < n; j++) {
            m[i][j] += a * w[j];
          }
        }
      }
      double[] pw = rightMultiply(s.P, w);
      for (int i = 0; i < n; i++) {
        w[i] = s.L[i] + gamma * pw[i]; // W_t = L + γ P̃ W_{t+1}
      }
    }
    for (int t = 0; t <= horizon; t++) {
      double g = Math.pow(gamma, t);
      for (int i = 0; i < n; i++) {
        rho[i] += g * mu[t][i];
      }
    }
    double[] grad = new double[p];
    for (int k = 0; k < p; k++) {
      grad[k] = dot(rho, s.dL[k]) + contract(s.dP[k], m);
    }
    return new EpisodicSolution(gamma, sortedCopy(terminals), horizon, dot(p0, w), w, rho, grad);
  }

  /**
   * The average cost of an ergodic chain (eqs. 5–8, Theorem 2).
   *
   * @param chain the chain; must have exactly one closed class, not a single absorbing state
   * @param theta θ, length {@code chain.params()}
   */
  public static AverageCostSolution averageCost(FiniteChain chain, double[] theta) {
    checkChain(chain);
    int n = chain.states();
    int p = chain.params();
    checkTheta(theta, p);
    Step s = evaluate(chain, -1, theta, new boolean[n], true, true);
    boolean[] recurrent = checkErgodic(s.P);

    // d (I − P + E) = 1ᵀ with E the all-ones matrix: nonsingular exactly when d is unique.
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[j][i] = (i == j ? 1.0 : 0.0) - s.P[i][j] + 1.0; // transposed
      }
    }
    double[] ones = new double[n];
    Arrays.fill(ones, 1.0);
    double[] d = solve(a, ones, "I − P + 11ᵀ (stationary distribution)");
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (!recurrent[i]) {
        d[i] = 0; // exactly 0 on transient states
      }
      sum += d[i];
    }
    for (int i = 0; i < n; i++) {
      d[i] /= sum;
    }
    double J = dot(d, s.L);

    // (I − P + 1dᵀ) V = L − J1 has the unique solution of eq. 8 with d·V = 0.
    double[][] b = new double[n][n];
    double[] rhs = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i][j] = (i == j ? 1.0 : 0.0) - s.P[i][j] + d[j];
      }
      rhs[i] = s.L[i] - J;
    }
    double[] v = solve(b, rhs, "I − P + 1dᵀ (differential value)");
    double shift = dot(d, v);
    for (int i = 0; i < n; i++) {
      v[i] -= shift;
    }
    double[] grad = new double[p];
    for (int k = 0; k < p; k++) {
      grad[k] = dot(d, s.dL[k]) + densityTerm(d, s.dP[k], v, 1.0);
    }
    return new AverageCostSolution(J, d, v, grad);
  }

  /**
   * The time-varying objective with horizon T (eqs. 9–11, Theorem 3): costs L_t at t = 0 … T,
   * transitions P_t at t = 0 … T−1.
   *
   * @param chain the chain; its step methods are called with t = 0 … T
   * @param theta θ, length {@code chain.params()}
   * @param p0 the distribution of x_0, length {@code chain.states()}
   * @param horizon T ≥ 0
   */
  public static TimeVaryingSolution timeVarying(TimeVaryingChain chain, double[] theta, double[] p0,
      int horizon) {
    checkChain(chain);
    if (horizon < 0) {
      throw new IllegalArgumentException("horizon T = " + horizon + " must be at least 0");
    }
    int n = chain.states();
    int p = chain.params();
    checkTheta(theta, p);
    checkDistribution(p0, n);
    boolean[] none = new boolean[n];
    Step[] steps = new Step[horizon + 1];
    for (int t = 0; t <= horizon; t++) {
      steps[t] = evaluate(chain, t, theta, none, t < horizon, false);
    }
    double[][] mu = new double[horizon + 1][];
    mu[0] = p0.clone();
    for (int t = 0; t < horizon; t++) {
      mu[t + 1] = leftMultiply(mu[t], steps[t].P);
    }
    double[][] v = new double[horizon + 1][];
    v[horizon] = steps[horizon].L.clone();
    for (int t = horizon - 1; t >= 0; t--) {
      double[] pv = rightMultiply(steps[t].P, v[t + 1]);
      v[t] = new double[n];
      for (int i = 0; i < n; i++) {
        v[t][i] = steps[t].L[i] + pv[i];
      }
    }
    double[] grad = new double[p];
    for (int t = 0; t <= horizon; t++) {
      Step g = evaluate(chain, t, theta, none, false, true); // derivatives one step at a time
      for (int k = 0; k < p; k++) {
        grad[k] += dot(mu[t], g.dL[k]);
      }
      if (t < horizon) {
        double[][][] dP = transitionGradient(chain, t, theta, none);
        for (int k = 0; k < p; k++) {
          grad[k] += densityTerm(mu[t], dP[k], v[t + 1], 1.0);
        }
      }
    }
    return new TimeVaryingSolution(horizon, dot(p0, v[0]), v, mu, grad);
  }

  // ---------------------------------------------------------------------------------------------
  // Episodic core

  private static EpisodicSolution episodic(FiniteChain chain, double[] theta, double[] p0, double gamma,
      int[] terminals) {
    int n = chain.states();
    int p = chain.params();
    checkTheta(theta, p);
    checkDistribution(p0, n);
    boolean[] terminal = terminalMask(terminals, n);
    Step s = evaluate(chain, -1, theta, terminal, true, true);
    if (gamma == 1) {
      checkTerminates(s.P, terminal, terminals.length);
    }
    double[][] a = new double[n][n];
    double[][] at = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double x = (i == j ? 1.0 : 0.0) - gamma * s.P[i][j];
        a[i][j] = x;
        at[j][i] = x;
      }
    }
    double[] v = solve(a, s.L, "I − γP̃");
    double[] rho = solve(at, p0, "(I − γP̃)ᵀ");
    double[] grad = new double[p];
    for (int k = 0; k < p; k++) {
      grad[k] = dot(rho, s.dL[k]) + densityTerm(rho, s.dP[k], v, gamma);
    }
    return new EpisodicSolution(gamma, sortedCopy(terminals), -1, dot(p0, v), v, rho, grad);
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluating and validating the chain

  /** P, L (validated; rows of terminal states zeroed) and optionally ∂P, ∂L at one step. */
  private static final class Step {
    double[][] P;
    double[] L;
    double[][][] dP;
    double[][] dL;
  }

  /** t &lt; 0: the time-invariant methods of a {@link FiniteChain}. */
  private static Step evaluate(TimeVaryingChain chain, int t, double[] theta, boolean[] terminal,
      boolean transitions, boolean derivatives) {
    int n = chain.states();
    int p = chain.params();
    String suffix = t < 0 ? "" : "_" + t;
    Step s = new Step();
    s.L = new double[n];
    if (t < 0) {
      ((FiniteChain) chain).cost(theta, s.L);
    } else {
      chain.cost(t, theta, s.L);
    }
    for (int i = 0; i < n; i++) {
      requireFinite(s.L[i], "L" + suffix + "[" + i + "]");
    }
    if (transitions) {
      s.P = new double[n][n];
      if (t < 0) {
        ((FiniteChain) chain).transition(theta, s.P);
      } else {
        chain.transition(t, theta, s.P);
      }
      checkStochastic(s.P, terminal, "P" + suffix);
    }
    if (derivatives) {
      s.dL = new double[p][n];
      if (t < 0) {
        ((FiniteChain) chain).costGradient(theta, s.dL);
      } else {
        chain.costGradient(t, theta, s.dL);
      }
      for (int k = 0; k < p; k++) {
        for (int i = 0; i < n; i++) {
          requireFinite(s.dL[k][i], "dL" + suffix + "[" + k + "][" + i + "]");
        }
      }
      if (transitions) {
        s.dP = transitionGradient(chain, t, theta, terminal);
      }
    }
    return s;
  }

  private static double[][][] transitionGradient(TimeVaryingChain chain, int t, double[] theta,
      boolean[] terminal) {
    int n = chain.states();
    int p = chain.params();
    String name = "dP" + (t < 0 ? "" : "_" + t);
    double[][][] dP = new double[p][n][n];
    if (t < 0) {
      ((FiniteChain) chain).transitionGradient(theta, dP);
    } else {
      chain.transitionGradient(t, theta, dP);
    }
    for (int k = 0; k < p; k++) {
      for (int i = 0; i < n; i++) {
        double[] row = dP[k][i];
        if (terminal[i]) {
          Arrays.fill(row, 0.0);
          continue;
        }
        double sum = 0;
        double abs = 0;
        for (int j = 0; j < n; j++) {
          requireFinite(row[j], name + "[" + k + "][" + i + "][" + j + "]");
          sum += row[j];
          abs += Math.abs(row[j]);
        }
        if (Math.abs(sum) > GRADIENT_ROW_SUM_TOLERANCE * (1 + abs)) {
          throw new IllegalArgumentException("row " + i + " of " + name + "[" + k + "] (∂P/∂θ_" + k
              + ") sums to " + sum + "; it must sum to 0 because every row of P sums to 1 for all θ");
        }
      }
    }
    return dP;
  }

  private static void checkStochastic(double[][] P, boolean[] terminal, String name) {
    int n = P.length;
    for (int i = 0; i < n; i++) {
      if (terminal[i]) {
        Arrays.fill(P[i], 0.0); // P̃: a terminal state ends the rollout
        continue;
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        double x = P[i][j];
        requireFinite(x, name + "[" + i + "][" + j + "]");
        if (x < 0) {
          throw new IllegalArgumentException(name + "[" + i + "][" + j + "] = " + x
              + " is negative; transition probabilities must be ≥ 0");
        }
        sum += x;
      }
      if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
        throw new IllegalArgumentException("row " + i + " of " + name + " sums to " + sum
            + "; it must sum to 1 within " + ROW_SUM_TOLERANCE);
      }
    }
  }

  private static void checkChain(TimeVaryingChain chain) {
    Objects.requireNonNull(chain, "chain");
    if (chain.states() < 1) {
      throw new IllegalArgumentException("chain.states() = " + chain.states()
          + "; a chain needs at least one state");
    }
    if (chain.params() < 0) {
      throw new IllegalArgumentException("chain.params() = " + chain.params() + " is negative");
    }
  }

  private static void checkEpisodicGamma(double gamma) {
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("γ must be in (0, 1], got " + gamma);
    }
  }

  private static void checkTheta(double[] theta, int p) {
    Objects.requireNonNull(theta, "theta");
    if (theta.length != p) {
      throw new IllegalArgumentException("theta has length " + theta.length + " but the chain has " + p
          + " parameters");
    }
    for (int k = 0; k < p; k++) {
      requireFinite(theta[k], "theta[" + k + "]");
    }
  }

  private static void checkDistribution(double[] p0, int n) {
    Objects.requireNonNull(p0, "p0");
    if (p0.length != n) {
      throw new IllegalArgumentException("p0 has length " + p0.length + " but the chain has " + n
          + " states");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      requireFinite(p0[i], "p0[" + i + "]");
      if (p0[i] < 0) {
        throw new IllegalArgumentException("p0[" + i + "] = " + p0[i]
            + " is negative; probabilities must be ≥ 0");
      }
      sum += p0[i];
    }
    if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
      throw new IllegalArgumentException("p0 sums to " + sum + "; it must sum to 1 within "
          + ROW_SUM_TOLERANCE);
    }
  }

  private static boolean[] terminalMask(int[] terminals, int n) {
    Objects.requireNonNull(terminals, "terminals");
    boolean[] mask = new boolean[n];
    for (int s : terminals) {
      if (s < 0 || s >= n) {
        throw new IllegalArgumentException("terminal state " + s + " is out of range 0 … " + (n - 1));
      }
      if (mask[s]) {
        throw new IllegalArgumentException("terminal state " + s + " is listed twice");
      }
      mask[s] = true;
    }
    return mask;
  }

  private static void requireFinite(double x, String name) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(name + " = " + x + " is not finite");
    }
  }

  /** With γ = 1, every state must reach 𝒯 along transitions of positive probability. */
  private static void checkTerminates(double[][] P, boolean[] terminal, int terminalCount) {
    int n = P.length;
    if (terminalCount == 0) {
      throw new IllegalArgumentException("with γ = 1 the first-exit setting needs terminal states; "
          + "none were given (V would be infinite)");
    }
    boolean[] ends = terminal.clone();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        if (!ends[i]) {
          for (int j = 0; j < n; j++) {
            if (P[i][j] > 0 && ends[j]) {
              ends[i] = true;
              changed = true;
              break;
            }
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!ends[i]) {
        throw new IllegalArgumentException("with γ = 1 every rollout must reach a terminal state, but "
            + "from state " + i + " no terminal state is reachable (it only reaches states "
            + reachable(P, i) + "), so V(" + i + ") would be infinite");
      }
    }
  }

  /** The states reachable from {@code from} (including it) along positive entries of P, ascending. */
  private static List<Integer> reachable(double[][] P, int from) {
    boolean[] seen = reach(P, from);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        out.add(i);
      }
    }
    return out;
  }

  private static boolean[] reach(double[][] P, int from) {
    int n = P.length;
    boolean[] seen = new boolean[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    seen[from] = true;
    queue.add(from);
    while (!queue.isEmpty()) {
      int i = queue.poll();
      for (int j = 0; j < n; j++) {
        if (P[i][j] > 0 && !seen[j]) {
          seen[j] = true;
          queue.add(j);
        }
      }
    }
    return seen;
  }

  /**
   * Checks that P has exactly one closed communicating class and that it is not a single absorbing
   * state; returns which states are recurrent (in the closed class).
   */
  private static boolean[] checkErgodic(double[][] P) {
    int n = P.length;
    boolean[][] r = new boolean[n][];
    for (int i = 0; i < n; i++) {
      r[i] = reach(P, i);
    }
    boolean[] recurrent = new boolean[n];
    List<List<Integer>> classes = new ArrayList<>();
    boolean[] assigned = new boolean[n];
    for (int i = 0; i < n; i++) {
      boolean closed = true;
      for (int j = 0; j < n && closed; j++) {
        closed = !r[i][j] || r[j][i];
      }
      recurrent[i] = closed;
      if (closed && !assigned[i]) {
        List<Integer> c = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          if (r[i][j]) {
            c.add(j);
            assigned[j] = true;
          }
        }
        classes.add(c);
      }
    }
    if (n > 1) {
      for (List<Integer> c : classes) {
        if (c.size() == 1) {
          int s = c.get(0);
          throw new IllegalArgumentException("state " + s + " is absorbing (P[" + s + "][" + s + "] = "
              + P[s][s] + "): the chain terminates there, so the average-cost setting (eqs. 5–8) "
              + "does not apply; use firstExit with terminal state " + s);
        }
      }
    }
    if (classes.size() > 1) {
      throw new IllegalArgumentException("the chain is not ergodic: it has " + classes.size()
          + " closed classes " + classes + ", so the stationary distribution (eq. 6) is not unique "
          + "and the average cost depends on the initial state");
    }
    return recurrent;
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra

  private static double[] solve(double[][] a, double[] b, String what) {
    DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(a, false)).getSolver();
    if (!solver.isNonSingular()) {
      throw new IllegalArgumentException(what + " is numerically singular; the chain is too close to "
          + "one whose values are undefined (e.g. γ = 1 with states that almost never terminate)");
    }
    return solver.solve(new ArrayRealVector(b, false)).toArray();
  }

  /** Σ_x w(x) · scale · Σ_x' dP(x'|x) V(x'). */
  private static double densityTerm(double[] w, double[][] dP, double[] v, double scale) {
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] != 0) {
        total += w[i] * dot(dP[i], v);
      }
    }
    return scale * total;
  }

  private static double contract(double[][] a, double[][] b) {
    double total = 0;
    for (int i = 0; i < a.length; i++) {
      total += dot(a[i], b[i]);
    }
    return total;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** μP. */
  private static double[] leftMultiply(double[] mu, double[][] P) {
    int n = mu.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double m = mu[i];
      if (m != 0) {
        for (int j = 0; j < n; j++) {
          out[j] += m * P[i][j];
        }
      }
    }
    return out;
  }

  /** PV. */
  private static double[] rightMultiply(double[][] P, double[] v) {
    double[] out = new double[P.length];
    for (int i = 0; i < P.length; i++) {
      out[i] = dot(P[i], v);
    }
    return out;
  }

  private static int[] sortedCopy(int[] a) {
    int[] c = a.clone();
    Arrays.sort(c);
    return c;
  }
}
