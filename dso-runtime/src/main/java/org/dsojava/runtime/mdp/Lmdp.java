package org.dsojava.runtime.mdp;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.dsojava.runtime.oracle.FiniteChain;

/**
 * A linearly-solvable MDP (section 4.7): passive chain p̄(x'|x), state cost r(x), and the cost
 * L(x,P) = r(x) + D_KL[P(·|x) ‖ p̄(·|x)] of any chain P (eq. 82). Gives the exact desirability
 * Z = exp(−V) of the optimal chain (eq. 85), the optimal chain P* (eq. 84) and the parametric chain of
 * eq. 89. Three settings, matching the oracle's:
 *
 * <ul>
 *   <li>first exit ({@link #firstExit}, γ = 1): Z = exp(−r) at terminal states (charged once on
 *       arrival), Z = exp(−r) G[Z] elsewhere — linear, solved by LU;
 *   <li>discounted ({@link #discounted}, γ &lt; 1): Z = exp(−r) G[Z^γ], solved by iterating the
 *       γ-contraction V ← r − ln G[exp(−γV)] to machine precision;
 *   <li>average cost ({@link #averageCost}): Z is the principal eigenvector of diag(exp(−r)) p̄, with
 *       eigenvalue exp(−J*); p̄ must be irreducible.
 * </ul>
 *
 * Immutable.
 */
public final class Lmdp {
  private final double[][] pbar;
  private final double[] r;
  private final double gamma;
  private final int[] terminals; // null: not first exit
  private final boolean average;
  private final double[] z;
  private final double eigenvalue;

  private Lmdp(double[][] passive, double[] r, double gamma, int[] terminals, boolean average) {
    int n = r.length;
    if (n < 1) {
      throw new IllegalArgumentException("an LMDP needs at least one state");
    }
    this.pbar = Mdps.passiveCopy(passive, n);
    this.r = Mdps.stateCost(r, n);
    this.gamma = gamma;
    this.terminals = terminals;
    this.average = average;
    if (average) {
      checkIrreducible(pbar);
      double[] lambda = new double[1];
      this.z = perron(pbar, this.r, lambda);
      this.eigenvalue = lambda[0];
    } else if (terminals != null) {
      this.z = firstExitZ();
      this.eigenvalue = Double.NaN;
    } else {
      this.z = discountedZ();
      this.eigenvalue = Double.NaN;
    }
  }

  /**
   * The first-exit LMDP (γ = 1): every state must reach a terminal state under p̄.
   *
   * @param passive p̄[x][x'] = p̄(x'|x)
   * @param r r(x); at a terminal state, the cost charged on arrival
   * @param terminals the terminal states, at least one
   */
  public static Lmdp firstExit(double[][] passive, double[] r, int... terminals) {
    int n = r.length;
    if (terminals.length == 0) {
      throw new IllegalArgumentException("a first-exit LMDP needs at least one terminal state");
    }
    boolean[] mask = new boolean[n];
    for (int t : terminals) {
      if (t < 0 || t >= n) {
        throw new IllegalArgumentException("terminal state " + t + " is out of range 0 … " + (n - 1));
      }
      if (mask[t]) {
        throw new IllegalArgumentException("terminal state " + t + " is listed twice");
      }
      mask[t] = true;
    }
    int[] sorted = terminals.clone();
    Arrays.sort(sorted);
    return new Lmdp(passive, r, 1.0, sorted, false);
  }

  /** The discounted LMDP, γ ∈ (0, 1) (eq. 85 with Z^γ). */
  public static Lmdp discounted(double[][] passive, double[] r, double gamma) {
    if (!(gamma > 0 && gamma < 1)) {
      throw new IllegalArgumentException("the discounted setting needs γ in (0, 1), got " + gamma);
    }
    return new Lmdp(passive, r, gamma, null, false);
  }

  /** The average-cost LMDP: p̄ must be irreducible (each state reaches every other). */
  public static Lmdp averageCost(double[][] passive, double[] r) {
    return new Lmdp(passive, r, 1.0, null, true);
  }

  /** n, the number of states. */
  public int states() {
    return r.length;
  }

  /** γ (1 for first exit and average cost). */
  public double gamma() {
    return gamma;
  }

  /** The terminal states, ascending; empty unless first exit. */
  public int[] terminals() {
    return terminals == null ? new int[0] : terminals.clone();
  }

  /** Whether this is the average-cost setting. */
  public boolean isAverageCost() {
    return average;
  }

  /** p̄(x'|x). */
  public double passive(int x, int next) {
    return pbar[x][next];
  }

  /** r(x). */
  public double stateCost(int x) {
    return r[x];
  }

  /** A copy of p̄. */
  public double[][] passive() {
    return Checks.copy(pbar);
  }

  /** A copy of r. */
  public double[] stateCost() {
    return r.clone();
  }

  /**
   * The exact optimal desirability Z(x) = exp(−V*(x)) (eqs. 85, 87); for average cost the principal
   * eigenvector, scaled so that max Z = 1 (V* is then the differential value up to a constant).
   */
  public double[] desirability() {
    return z.clone();
  }

  /** V*(x) = −ln Z(x) (eq. 87). */
  public double[] value() {
    double[] v = new double[z.length];
    for (int x = 0; x < v.length; x++) {
      v[x] = -Math.log(z[x]);
    }
    return v;
  }

  /** The optimal average cost J* = −ln λ, λ the principal eigenvalue; average-cost setting only. */
  public double optimalAverageCost() {
    if (!average) {
      throw new IllegalStateException("optimalAverageCost() is defined for the average-cost setting only");
    }
    return -Math.log(eigenvalue);
  }

  /**
   * The optimal chain P*(x'|x) = p̄(x'|x) Z(x')^γ / G[Z^γ](x) (eq. 84), n × n. Rows of terminal states
   * (never used: the rollout ends there) are p̄'s.
   */
  public double[][] optimalChain() {
    int n = z.length;
    double[][] p = new double[n][n];
    boolean[] terminal = terminalMask();
    for (int x = 0; x < n; x++) {
      if (terminal[x]) {
        p[x] = pbar[x].clone();
        continue;
      }
      double g = 0;
      for (int y = 0; y < n; y++) {
        p[x][y] = pbar[x][y] * Math.pow(z[y], gamma);
        g += p[x][y];
      }
      for (int y = 0; y < n; y++) {
        p[x][y] /= g;
      }
    }
    return p;
  }

  /**
   * The parametric chain of eq. 89 with Z(x,θ) = exp(−Σ_k θ_k φ_k(x)) and the cost of eq. 82:
   * P_L(x'|x,θ) = p̄(x'|x) Z(x',θ)^γ / G[Z(·,θ)^γ](x). Its DSO gradient comes from the oracle. Rows
   * of terminal states are p̄'s (unused; the KL there is 0, so a terminal state costs r on arrival).
   *
   * @param features features[x][k] = φ_k(x), n × p, finite
   */
  public FiniteChain chain(double[][] features) {
    int n = z.length;
    if (features.length != n) {
      throw new IllegalArgumentException("features has " + features.length + " rows, expected " + n);
    }
    int p = features[0].length;
    double[][] phi = Checks.copy(features);
    for (int x = 0; x < n; x++) {
      if (phi[x].length != p) {
        throw new IllegalArgumentException("features[" + x + "] has length " + phi[x].length + ", expected "
            + p);
      }
      Checks.finite(phi[x], "features[" + x + "]");
    }
    double g = gamma;
    boolean[] terminal = terminalMask();
    FiniteChain controlled = new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return p; }

      @Override public void transition(double[] theta, double[][] P) {
        double[] e = energy(theta);
        for (int x = 0; x < n; x++) {
          row(e, x, P[x]);
        }
      }

      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        double[] e = energy(theta);
        double[] row = new double[n];
        for (int x = 0; x < n; x++) {
          if (terminal[x]) {
            continue;
          }
          row(e, x, row);
          for (int k = 0; k < p; k++) {
            double mean = 0;
            for (int y = 0; y < n; y++) {
              mean += row[y] * phi[y][k];
            }
            for (int y = 0; y < n; y++) {
              dP[k][x][y] = -g * row[y] * (phi[y][k] - mean); // ∂ln P = −γ(φ(x') − E_P φ)
            }
          }
        }
      }

      @Override public void cost(double[] theta, double[] L) {}

      @Override public void costGradient(double[] theta, double[][] dL) {}

      private double[] energy(double[] theta) {
        double[] e = new double[n];
        for (int x = 0; x < n; x++) {
          e[x] = Checks.dot(phi[x], theta);
        }
        return e;
      }

      private void row(double[] e, int x, double[] out) {
        if (terminal[x]) {
          System.arraycopy(pbar[x], 0, out, 0, n); // unused by the oracle; KL 0 so L = r on arrival
          return;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int y = 0; y < n; y++) {
          if (pbar[x][y] > 0) {
            min = Math.min(min, e[y]);
          }
        }
        double s = 0;
        for (int y = 0; y < n; y++) {
          out[y] = pbar[x][y] > 0 ? pbar[x][y] * Math.exp(-g * (e[y] - min)) : 0.0;
          s += out[y];
        }
        for (int y = 0; y < n; y++) {
          out[y] /= s;
        }
      }
    };
    return Mdps.linearlySolvable(controlled, pbar, r);
  }

  /** The tabular chain of eq. 89: θ = E(x), one energy per state; θ = V* gives P*. */
  public FiniteChain tabularChain() {
    int n = z.length;
    double[][] id = new double[n][n];
    for (int x = 0; x < n; x++) {
      id[x][x] = 1;
    }
    return chain(id);
  }

  // ---------------------------------------------------------------------------------------------

  private boolean[] terminalMask() {
    boolean[] terminal = new boolean[r.length];
    if (terminals != null) {
      for (int t : terminals) {
        terminal[t] = true;
      }
    }
    return terminal;
  }

  private double[] firstExitZ() {
    int n = r.length;
    boolean[] terminal = terminalMask();
    checkReachesTerminal(terminal);
    double[][] a = new double[n][n];
    double[] b = new double[n];
    for (int x = 0; x < n; x++) {
      double q = Math.exp(-r[x]);
      if (terminal[x]) {
        a[x][x] = 1;
        b[x] = q;
      } else {
        for (int y = 0; y < n; y++) {
          a[x][y] = (x == y ? 1 : 0) - q * pbar[x][y]; // Z = exp(−r) p̄ Z (eq. 85, γ = 1)
        }
      }
    }
    DecompositionSolver s = new LUDecomposition(new Array2DRowRealMatrix(a, false)).getSolver();
    if (!s.isNonSingular()) {
      throw new IllegalArgumentException("I − diag(exp(−r)) p̄ is numerically singular; the LMDP almost "
          + "never terminates");
    }
    return s.solve(new ArrayRealVector(b, false)).toArray();
  }

  private void checkReachesTerminal(boolean[] terminal) {
    for (int x = 0; x < r.length; x++) {
      boolean[] seen = Checks.reach(pbar, x);
      boolean ok = false;
      for (int t : terminals) {
        ok |= seen[t];
      }
      if (!ok) {
        throw new IllegalArgumentException("from state " + x + " (row " + x + " of p̄) no terminal state "
            + Arrays.toString(terminals) + " is reachable under the passive chain, so Z(" + x
            + ") = 0 and V(" + x + ") is infinite");
      }
    }
  }

  private double[] discountedZ() {
    int n = r.length;
    double[] v = r.clone();
    double[] next = new double[n];
    for (int it = 0; it < 100_000; it++) {
      double change = 0;
      for (int x = 0; x < n; x++) {
        next[x] = r[x] - logG(v, x); // V = r − ln G[exp(−γV)], a γ-contraction
        change = Math.max(change, Math.abs(next[x] - v[x]));
      }
      double[] t = v;
      v = next;
      next = t;
      if (change <= 1e-15 * (1 + max(v))) {
        break;
      }
    }
    double[] out = new double[n];
    for (int x = 0; x < n; x++) {
      out[x] = Math.exp(-v[x]);
    }
    return out;
  }

  /** ln Σ_y p̄(y|x) exp(−γ v(y)), max-shifted. */
  private double logG(double[] v, int x) {
    double min = Double.POSITIVE_INFINITY;
    for (int y = 0; y < v.length; y++) {
      if (pbar[x][y] > 0) {
        min = Math.min(min, v[y]);
      }
    }
    double s = 0;
    for (int y = 0; y < v.length; y++) {
      if (pbar[x][y] > 0) {
        s += pbar[x][y] * Math.exp(-gamma * (v[y] - min));
      }
    }
    return Math.log(s) - gamma * min;
  }

  private static double max(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static void checkIrreducible(double[][] pbar) {
    int n = pbar.length;
    for (int x = 0; x < n; x++) {
      boolean[] seen = Checks.reach(pbar, x);
      for (int y = 0; y < n; y++) {
        if (!seen[y]) {
          throw new IllegalArgumentException("the passive chain p̄ is not irreducible: from state " + x
              + " (row " + x + " of p̄) state " + y + " cannot be reached, so the average-cost LMDP has no "
              + "unique principal eigenvector Z (section 4.7)");
        }
      }
    }
  }

  /**
   * The principal eigenvector of M = diag(exp(−r)) p̄ by power iteration on M + I (same eigenvector,
   * and dominant even for a periodic p̄), then scaled to max 1; {@code lambda[0]} gets its eigenvalue.
   */
  private static double[] perron(double[][] pbar, double[] r, double[] lambda) {
    int n = r.length;
    double[] q = new double[n];
    for (int x = 0; x < n; x++) {
      q[x] = Math.exp(-r[x]);
    }
    double[] z = new double[n];
    Arrays.fill(z, 1.0);
    double[] next = new double[n];
    for (int it = 0; it < 1_000_000; it++) {
      double m = 0;
      for (int x = 0; x < n; x++) {
        next[x] = z[x] + q[x] * Checks.dot(pbar[x], z);
        m = Math.max(m, next[x]);
      }
      double change = 0;
      for (int x = 0; x < n; x++) {
        next[x] /= m;
        change = Math.max(change, Math.abs(next[x] - z[x]));
      }
      double[] t = z;
      z = next;
      next = t;
      if (change <= 1e-15) {
        break;
      }
    }
    // λ from the Rayleigh-like ratio at the largest entry, which is well conditioned.
    int best = 0;
    for (int x = 1; x < n; x++) {
      if (z[x] > z[best]) {
        best = x;
      }
    }
    lambda[0] = q[best] * Checks.dot(pbar[best], z) / z[best];
    double residual = 0;
    for (int x = 0; x < n; x++) {
      residual = Math.max(residual, Math.abs(q[x] * Checks.dot(pbar[x], z) - lambda[0] * z[x]));
    }
    if (!(residual <= 1e-10)) {
      throw new IllegalArgumentException("power iteration for the principal eigenvector of diag(exp(−r)) p̄ "
          + "did not converge (residual " + residual + "); p̄ is nearly reducible");
    }
    return z;
  }
}
