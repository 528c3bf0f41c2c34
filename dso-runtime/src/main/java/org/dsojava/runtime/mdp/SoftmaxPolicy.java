package org.dsojava.runtime.mdp;

/**
 * The softmax policy π(a|x,θ) = softmax_a(η(x,θ)) with logits η_a(x,θ) = Σ_k θ_k φ_k(x,a), linear
 * in θ. The logits are the sufficient statistics η = μ(x,θ) of eq. 25, which is what the S-MDP →
 * D-MDP conversion ({@link Mdps#standardAsDeterministic}) uses. Immutable.
 */
public final class SoftmaxPolicy implements StochasticPolicy {
  private final double[][][] phi; // [x][a][k]
  private final int m;
  private final int p;

  private SoftmaxPolicy(double[][][] phi) {
    this.phi = phi;
    this.m = phi[0].length;
    this.p = phi[0][0].length;
  }

  /**
   * Logits linear in θ.
   *
   * @param features features[x][a][k] = φ_k(x,a), n × m × p, finite
   */
  public static SoftmaxPolicy linear(double[][][] features) {
    int n = features.length;
    if (n < 1 || features[0].length < 1) {
      throw new IllegalArgumentException("features need at least one state and one action");
    }
    int m = features[0].length;
    int p = features[0][0].length;
    double[][][] c = new double[n][m][];
    for (int x = 0; x < n; x++) {
      if (features[x].length != m) {
        throw new IllegalArgumentException("features[" + x + "] has " + features[x].length
            + " actions, expected " + m);
      }
      for (int a = 0; a < m; a++) {
        if (features[x][a].length != p) {
          throw new IllegalArgumentException("features[" + x + "][" + a + "] has length "
              + features[x][a].length + ", expected " + p);
        }
        Checks.finite(features[x][a], "features[" + x + "][" + a + "]");
        c[x][a] = features[x][a].clone();
      }
    }
    return new SoftmaxPolicy(c);
  }

  /** The tabular softmax: θ[x·m + a] is the logit of action a in state x (n·m parameters). */
  public static SoftmaxPolicy tabular(int n, int m) {
    double[][][] f = new double[n][m][n * m];
    for (int x = 0; x < n; x++) {
      for (int a = 0; a < m; a++) {
        f[x][a][x * m + a] = 1;
      }
    }
    return new SoftmaxPolicy(f);
  }

  /** n, the number of states. */
  public int states() {
    return phi.length;
  }

  @Override
  public int actions() {
    return m;
  }

  @Override
  public int params() {
    return p;
  }

  /** Writes the logits {@code out[a]} = η_a(x,θ). */
  public void logits(int x, double[] theta, double[] out) {
    for (int a = 0; a < m; a++) {
      out[a] = Checks.dot(phi[x][a], theta);
    }
  }

  /** φ_k(x,a) = ∂η_a(x,θ)/∂θ_k. */
  public double feature(int x, int a, int k) {
    return phi[x][a][k];
  }

  @Override
  public void probabilities(int x, double[] theta, double[] out) {
    logits(x, theta, out);
    softmax(out, out);
  }

  @Override
  public void gradient(int x, double[] theta, double[][] out) {
    double[] pi = new double[m];
    probabilities(x, theta, pi);
    for (int k = 0; k < p; k++) {
      double mean = 0;
      for (int a = 0; a < m; a++) {
        mean += pi[a] * phi[x][a][k];
      }
      for (int a = 0; a < m; a++) {
        out[k][a] = pi[a] * (phi[x][a][k] - mean); // ∂π_a = π_a (φ_ka − E_π φ_k)
      }
    }
  }

  /** out = softmax(z) (max-shifted; −∞ gives exactly 0); out may be z. */
  static void softmax(double[] z, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      double e = z[j] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(z[j] - max);
      out[j] = e;
      sum += e;
    }
    for (int j = 0; j < z.length; j++) {
      out[j] /= sum;
    }
  }
}
