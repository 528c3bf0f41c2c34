package org.dsojava.samples.oracle;

import org.dsojava.runtime.oracle.FiniteChain;

/**
 * The oracle's side of each test model: a {@link FiniteChain} written independently of the
 * {@code @Chain} source (plain Java, hand-derived derivatives) that mirrors its P_t(θ), L_t(θ) and
 * p0 exactly. Every model here has softmax rows, so a mirror only states, per step t and row s, the
 * logits z_s(θ) with their Jacobian ∂z_sj/∂θ_k and the cost with its gradient; P = softmax(z) and
 * ∂P_sj/∂θ_k = P_sj (∂z_sj/∂θ_k − Σ_l P_sl ∂z_sl/∂θ_k) follow here.
 */
final class Mirrors {
  private Mirrors() {}

  /** Row s of the logits at step t: writes z[j] and dz[k][j] = ∂z_j/∂θ_k (dz is zero-filled). */
  interface Logits {
    void row(int t, int s, double[] theta, double[] z, double[][] dz);
  }

  /** L_t(s, θ); writes dc[k] = ∂L/∂θ_k (dc is zero-filled). */
  interface Costs {
    double cost(int t, int s, double[] theta, double[] dc);
  }

  /** A mirrored model: the chain, its initial distribution and a test point θ. */
  record Mirror(SoftmaxChain chain, double[] p0, double[] theta) {}

  /** A finite chain with softmax rows; time-invariant methods use t = 0. */
  static final class SoftmaxChain implements FiniteChain {
    private final int n;
    private final int p;
    private final Logits logits;
    private final Costs costs;

    SoftmaxChain(int n, int p, Logits logits, Costs costs) {
      this.n = n;
      this.p = p;
      this.logits = logits;
      this.costs = costs;
    }

    @Override public int states() { return n; }
    @Override public int params() { return p; }

    @Override public void transition(double[] theta, double[][] P) { transition(0, theta, P); }
    @Override public void transitionGradient(double[] theta, double[][][] dP) { transitionGradient(0, theta, dP); }
    @Override public void cost(double[] theta, double[] L) { cost(0, theta, L); }
    @Override public void costGradient(double[] theta, double[][] dL) { costGradient(0, theta, dL); }

    @Override
    public void transition(int t, double[] theta, double[][] P) {
      double[] z = new double[n];
      for (int s = 0; s < n; s++) {
        logits.row(t, s, theta, z, new double[p][n]);
        softmax(z, P[s]);
      }
    }

    @Override
    public void transitionGradient(int t, double[] theta, double[][][] dP) {
      double[] z = new double[n];
      double[] row = new double[n];
      for (int s = 0; s < n; s++) {
        double[][] dz = new double[p][n];
        logits.row(t, s, theta, z, dz);
        softmax(z, row);
        for (int k = 0; k < p; k++) {
          double mean = 0;
          for (int j = 0; j < n; j++) {
            mean += row[j] * dz[k][j];
          }
          for (int j = 0; j < n; j++) {
            dP[k][s][j] = row[j] * (dz[k][j] - mean);
          }
        }
      }
    }

    @Override
    public void cost(int t, double[] theta, double[] L) {
      for (int s = 0; s < n; s++) {
        L[s] = costs.cost(t, s, theta, new double[p]);
      }
    }

    @Override
    public void costGradient(int t, double[] theta, double[][] dL) {
      for (int s = 0; s < n; s++) {
        double[] dc = new double[p];
        costs.cost(t, s, theta, dc);
        for (int k = 0; k < p; k++) {
          dL[k][s] = dc[k];
        }
      }
    }

    private static void softmax(double[] z, double[] out) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int j = 0; j < z.length; j++) {
        out[j] = Math.exp(z[j] - max);
        sum += out[j];
      }
      for (int j = 0; j < z.length; j++) {
        out[j] /= sum;
      }
    }
  }

  /** {@link ThreeState}: z_sj = θ[3s+j]; L(s) = base(s) + w(s − 1) + w²/2, w = θ[9]. */
  static Mirror threeState() {
    double[] base = {1.0, 2.0, 0.5};
    SoftmaxChain chain = new SoftmaxChain(3, 10,
        (t, s, th, z, dz) -> {
          for (int j = 0; j < 3; j++) {
            z[j] = th[3 * s + j];
            dz[3 * s + j][j] = 1;
          }
        },
        (t, s, th, dc) -> {
          double w = th[9];
          dc[9] = (s - 1) + w;
          return base[s] + w * (s - 1) + 0.5 * w * w;
        });
    double[] theta = {0.4, -0.3, 0.1, -0.6, 0.2, 0.5, 0.3, 0.7, -0.8, 0.3};
    return new Mirror(chain, new double[] {0.5, 0.3, 0.2}, theta);
  }

  /** {@link TenState}: pull = θ[0..9], mix = θ[10], c = θ[11..12]. */
  static Mirror tenState() {
    int n = 10;
    SoftmaxChain chain = new SoftmaxChain(n, 13,
        (t, s, th, z, dz) -> {
          for (int j = 0; j < n; j++) {
            double h = 0.6180339887 * (7 * s + 13 * j + 5 * s * j + 1);
            z[j] = 3.0 * (h - Math.floor(h)) - 1.5 + th[j] + th[10] * Math.abs(s - j) / 9.0;
            dz[j][j] = 1;
            dz[10][j] = Math.abs(s - j) / 9.0;
          }
        },
        (t, s, th, dc) -> {
          dc[11] = Math.cos(0.9 * s);
          dc[12] = 0.2 * th[12] * s / 9.0;
          return 1.0 + 0.5 * Math.sin(2.1 * s + 0.4) + th[11] * Math.cos(0.9 * s) + 0.1 * th[12] * th[12] * s / 9.0;
        });
    double[] theta = {0.3, -0.2, 0.5, -0.7, 0.1, 0.8, -0.4, 0.0, 0.6, -0.5, 0.5, 0.3, -0.6};
    double[] p0 = new double[n];
    java.util.Arrays.fill(p0, 1.0 / n);
    return new Mirror(chain, p0, theta);
  }

  /** {@link FirstExit}: goal = θ[0..3], drift = θ[4]; states 4 (goal) and 5 (trap) terminal. */
  static Mirror firstExit() {
    int n = 6;
    SoftmaxChain chain = new SoftmaxChain(n, 5,
        (t, s, th, z, dz) -> {
          for (int j = 0; j < n; j++) {
            z[j] = 0.6 * Math.cos(1.1 * s + 2.3 * j);
            if (j < 4) {
              z[j] += th[4] * (j - s);
              dz[4][j] = j - s;
            }
            if (j == 4 && s < 4) {
              z[j] += th[s];
              dz[s][j] = 1;
            }
          }
        },
        (t, s, th, dc) -> {
          if (s == 4) {
            dc[4] = th[4];
            return 0.5 * th[4] * th[4];
          }
          if (s == 5) {
            return 5.0;
          }
          dc[s] = 0.5 * th[s];
          return 1.0 + 0.2 * s + 0.25 * th[s] * th[s];
        });
    double[] theta = {0.5, -0.4, 0.9, 0.1, 0.2};
    return new Mirror(chain, new double[] {0.4, 0.3, 0.2, 0.05, 0.05, 0.0}, theta);
  }

  /** {@link Ergodic}: pull = θ[0..4], stay = θ[5], shift = θ[6]. p0 = δ₀ (unused by the oracle). */
  static Mirror ergodic() {
    int n = 5;
    SoftmaxChain chain = new SoftmaxChain(n, 7,
        (t, s, th, z, dz) -> {
          for (int j = 0; j < n; j++) {
            z[j] = 0.4 * Math.sin(2.3 * s + 1.3 * j + 0.5) + th[j] + (j == s ? th[5] : 0.0);
            dz[j][j] = 1;
            dz[5][j] = j == s ? 1 : 0;
          }
        },
        (t, s, th, dc) -> {
          dc[6] = Math.cos(s);
          return 0.3 * (s - 2) * (s - 2) + th[6] * Math.cos(s);
        });
    double[] theta = {0.2, -0.3, 0.4, 0.0, -0.2, 0.3, 0.5};
    return new Mirror(chain, new double[] {1, 0, 0, 0, 0}, theta);
  }

  /** {@link TimeVarying}: pull = θ[0..3], w = θ[4]; T = 5. */
  static Mirror timeVarying() {
    int n = 4;
    SoftmaxChain chain = new SoftmaxChain(n, 5,
        (t, s, th, z, dz) -> {
          for (int j = 0; j < n; j++) {
            z[j] = (1.0 + 0.2 * t) * th[j] + 0.5 * Math.cos(s + 0.9 * j * t);
            dz[j][j] = 1.0 + 0.2 * t;
          }
        },
        (t, s, th, dc) -> {
          dc[4] = t * s / 10.0;
          double terminal = (t == 5 && s == 3) ? 3.0 : 0.0;
          return 1.0 + 0.5 * Math.cos(s + 0.7 * t) + th[4] * t * s / 10.0 + terminal;
        });
    double[] theta = {0.4, -0.5, 0.2, -0.1, 0.4};
    double[] p0 = new double[n];
    java.util.Arrays.fill(p0, 1.0 / n);
    return new Mirror(chain, p0, theta);
  }
}
