package org.dsojava.runtime.oracle;

import java.util.Arrays;

/**
 * Ready-made {@link FiniteChain}s whose derivatives are exact (analytic, no finite differences).
 * Every chain returned here is immutable and safe to share between threads.
 */
public final class FiniteChains {
  private FiniteChains() {}

  /**
   * A chain that does not depend on θ ({@link FiniteChain#params()} = 0): use it to get V, J, ρ or d
   * of a fixed chain. The arrays are copied; they are validated when the oracle evaluates the chain.
   *
   * @param P P[i][j] = P(j | i), n × n
   * @param L L[i], the cost of state i
   */
  public static FiniteChain fixed(double[][] P, double[] L) {
    int n = L.length;
    requireSquare(P, n, "P");
    double[][] p = deepCopy(P);
    double[] l = L.clone();
    return new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return 0; }
      @Override public void transition(double[] theta, double[][] out) {
        for (int i = 0; i < n; i++) {
          System.arraycopy(p[i], 0, out[i], 0, n);
        }
      }
      @Override public void transitionGradient(double[] theta, double[][][] dP) {}
      @Override public void cost(double[] theta, double[] out) { System.arraycopy(l, 0, out, 0, n); }
      @Override public void costGradient(double[] theta, double[][] dL) {}
    };
  }

  /**
   * A chain whose rows are the softmax of logits linear in θ and whose cost is linear in θ:
   *
   * <pre>
   *   z_ij(θ) = logitBias[i][j] + Σ_k θ_k logitFeatures[k][i][j]
   *   P(j | i, θ) = exp z_ij / Σ_l exp z_il
   *   L(i, θ) = costBias[i] + Σ_k θ_k costFeatures[k][i]
   * </pre>
   *
   * A bias of {@code Double.NEGATIVE_INFINITY} makes the transition i → j impossible for every θ
   * (e.g. an absorbing state: −∞ everywhere in its row except the diagonal); every row needs at least
   * one finite bias. The derivatives are exact: ∂P_ij/∂θ_k = P_ij (F_kij − Σ_l P_il F_kil). The
   * arrays are copied. The number of parameters is {@code logitFeatures.length}, which must equal
   * {@code costFeatures.length}.
   *
   * @param logitBias n × n, finite or −∞
   * @param logitFeatures p × n × n, finite
   * @param costBias n, finite
   * @param costFeatures p × n, finite
   */
  public static FiniteChain softmax(double[][] logitBias, double[][][] logitFeatures, double[] costBias,
      double[][] costFeatures) {
    int n = costBias.length;
    if (n < 1) {
      throw new IllegalArgumentException("costBias must have at least one entry (one per state)");
    }
    requireSquare(logitBias, n, "logitBias");
    for (int i = 0; i < n; i++) {
      boolean anyFinite = false;
      for (int j = 0; j < n; j++) {
        double b = logitBias[i][j];
        if (Double.isNaN(b) || b == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException("logitBias[" + i + "][" + j + "] = " + b
              + "; logit biases must be finite or −∞");
        }
        anyFinite |= b != Double.NEGATIVE_INFINITY;
      }
      if (!anyFinite) {
        throw new IllegalArgumentException("row " + i + " of logitBias is all −∞: state " + i
            + " would have no successor");
      }
    }
    int p = logitFeatures.length;
    if (costFeatures.length != p) {
      throw new IllegalArgumentException("logitFeatures has " + p + " parameters but costFeatures has "
          + costFeatures.length + "; both must have one entry per θ_k");
    }
    for (int k = 0; k < p; k++) {
      requireSquare(logitFeatures[k], n, "logitFeatures[" + k + "]");
      requireFinite(logitFeatures[k], "logitFeatures[" + k + "]");
      if (costFeatures[k].length != n) {
        throw new IllegalArgumentException("costFeatures[" + k + "] has length " + costFeatures[k].length
            + ", expected " + n + " (one per state)");
      }
      requireFinite(new double[][] {costFeatures[k]}, "costFeatures[" + k + "]");
    }
    requireFinite(new double[][] {costBias}, "costBias");
    double[][] bias = deepCopy(logitBias);
    double[][][] feat = new double[p][][];
    for (int k = 0; k < p; k++) {
      feat[k] = deepCopy(logitFeatures[k]);
    }
    double[] cBias = costBias.clone();
    double[][] cFeat = deepCopy(costFeatures);
    return new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return p; }

      private void logits(double[] theta, int i, double[] z) {
        for (int j = 0; j < n; j++) {
          double v = bias[i][j];
          if (v != Double.NEGATIVE_INFINITY) {
            for (int k = 0; k < p; k++) {
              v += theta[k] * feat[k][i][j];
            }
          }
          z[j] = v;
        }
      }

      @Override public void transition(double[] theta, double[][] P) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
          logits(theta, i, z);
          softmaxRow(z, P[i]);
        }
      }

      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        double[] z = new double[n];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
          logits(theta, i, z);
          softmaxRow(z, row);
          for (int k = 0; k < p; k++) {
            double[] f = feat[k][i];
            double mean = 0;
            for (int j = 0; j < n; j++) {
              mean += row[j] * f[j];
            }
            double[] out = dP[k][i];
            for (int j = 0; j < n; j++) {
              out[j] = row[j] * (f[j] - mean);
            }
          }
        }
      }

      @Override public void cost(double[] theta, double[] L) {
        for (int i = 0; i < n; i++) {
          double v = cBias[i];
          for (int k = 0; k < p; k++) {
            v += theta[k] * cFeat[k][i];
          }
          L[i] = v;
        }
      }

      @Override public void costGradient(double[] theta, double[][] dL) {
        for (int k = 0; k < p; k++) {
          System.arraycopy(cFeat[k], 0, dL[k], 0, n);
        }
      }
    };
  }

  /**
   * The tabular softmax chain: θ holds all n² logits, P(j | i, θ) = softmax_j(θ[i·n + j]), and the
   * cost {@code L} does not depend on θ. The array is copied.
   */
  public static FiniteChain softmaxTabular(double[] L) {
    int n = L.length;
    if (n < 1) {
      throw new IllegalArgumentException("L must have at least one entry (one per state)");
    }
    requireFinite(new double[][] {L}, "L");
    double[] l = L.clone();
    return new FiniteChain() {
      @Override public int states() { return n; }
      @Override public int params() { return n * n; }

      @Override public void transition(double[] theta, double[][] P) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
          System.arraycopy(theta, i * n, z, 0, n);
          softmaxRow(z, P[i]);
        }
      }

      @Override public void transitionGradient(double[] theta, double[][][] dP) {
        double[] z = new double[n];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
          System.arraycopy(theta, i * n, z, 0, n);
          softmaxRow(z, row);
          for (int m = 0; m < n; m++) {
            double[] out = dP[i * n + m][i]; // ∂P(j|i)/∂θ[i·n+m] = P_ij (δ_jm − P_im)
            for (int j = 0; j < n; j++) {
              out[j] = row[j] * ((j == m ? 1.0 : 0.0) - row[m]);
            }
          }
        }
      }

      @Override public void cost(double[] theta, double[] out) { System.arraycopy(l, 0, out, 0, n); }
      @Override public void costGradient(double[] theta, double[][] dL) {}
    };
  }

  /** out = softmax(z), stable (max-shifted); −∞ logits give exactly 0. */
  static void softmaxRow(double[] z, double[] out) {
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

  private static void requireSquare(double[][] a, int n, String name) {
    if (a.length != n) {
      throw new IllegalArgumentException(name + " has " + a.length + " rows, expected " + n);
    }
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("row " + i + " of " + name + " has length " + a[i].length
            + ", expected " + n);
      }
    }
  }

  private static void requireFinite(double[][] a, String name) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        if (!Double.isFinite(a[i][j])) {
          String at = a.length == 1 ? "[" + j + "]" : "[" + i + "][" + j + "]";
          throw new IllegalArgumentException(name + at + " = " + a[i][j] + " is not finite");
        }
      }
    }
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = Arrays.copyOf(a[i], a[i].length);
    }
    return c;
  }
}
