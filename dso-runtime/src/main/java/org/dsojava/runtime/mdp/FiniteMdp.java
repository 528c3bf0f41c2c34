package org.dsojava.runtime.mdp;

/**
 * The dynamics p(x'|x,a) of a finite MDP (section 2.1): n states, m actions. Immutable; the array is
 * copied and every row p(·|x,a) validated (non-negative, summing to 1 within 1e-9). Costs and policies
 * are given separately to {@link Mdps}, which builds the DSO chain of eq. 12.
 */
public final class FiniteMdp {
  private final int n;
  private final int m;
  private final double[][][] p;

  private FiniteMdp(double[][][] p) {
    this.n = p.length;
    this.m = n == 0 ? 0 : p[0].length;
    this.p = new double[n][m][];
    for (int x = 0; x < n; x++) {
      if (p[x].length != m) {
        throw new IllegalArgumentException("state " + x + " has " + p[x].length + " actions, state 0 has "
            + m + "; every state needs the same action set");
      }
      for (int a = 0; a < m; a++) {
        Checks.row(p[x][a], n, "p[" + x + "][" + a + "]", "p(·|x=" + x + ", a=" + a + ")");
        this.p[x][a] = p[x][a].clone();
      }
    }
  }

  /**
   * An MDP from its transition probabilities.
   *
   * @param p p[x][a][x'] = p(x'|x,a), n × m × n with n, m ≥ 1
   */
  public static FiniteMdp of(double[][][] p) {
    if (p.length < 1 || p[0].length < 1) {
      throw new IllegalArgumentException("an MDP needs at least one state and one action");
    }
    return new FiniteMdp(p);
  }

  /** n, the number of states. */
  public int states() {
    return n;
  }

  /** m, the number of actions. */
  public int actions() {
    return m;
  }

  /** p(x'|x,a). */
  public double p(int x, int a, int next) {
    return p[x][a][next];
  }

  /** The row p(·|x,a) itself, not a copy (package-private: callers only read it). */
  double[] row(int x, int a) {
    return p[x][a];
  }
}
