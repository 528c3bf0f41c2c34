package org.dsojava.samples.oracle;

import java.util.function.Function;
import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.oracle.EpisodicSolution;
import org.dsojava.runtime.oracle.FiniteChain;

/**
 * Exact (linear-algebra and finite-difference) curvature quantities of a finite chain, for {@link
 * CurvatureOracleTest}: the chain Fisher of eq. 72 with an oracle density ρ, Hessians as 4-point
 * central differences of exact gradients, and the exact surrogate S(θ, α) of eq. 60 with its second
 * derivatives by finite differences.
 *
 * <h2>Finite-difference accuracy</h2>
 *
 * The 4-point stencil f'(0) ≈ [f(−2h) − 8f(−h) + 8f(h) − f(2h)]/(12h) has truncation error h⁴f⁽⁵⁾/30
 * and round-off ≈ 1.5·ε|f|/h. Applied to an exact gradient with h = 10⁻³ both are ≲ 10⁻¹² here.
 * Second derivatives of S itself use the product of two such stencils (16 evaluations; the same
 * operator along one axis twice is again O(h⁴) accurate for f''): round-off ≈ (1.5)²ε|S|/h², which
 * for |S| ≲ 30 and h = 2·10⁻³ is ≲ 2·10⁻⁹, truncation ≈ h⁴ ≈ 10⁻¹¹ times a derivative of order one.
 */
final class ExactCurvature {
  private ExactCurvature() {}

  /** Offsets and weights of the 4-point first-derivative stencil (divide by h). */
  static final int[] OFFSETS = {-2, -1, 1, 2};
  static final double[] WEIGHTS = {1.0 / 12, -8.0 / 12, 8.0 / 12, -1.0 / 12};

  /**
   * The exact chain Fisher of eq. 72 with density ρ: F = Σ_x ρ(x) Σ_x' P(x'|x) ∇ln P ∇ln Pᵀ =
   * Σ_x ρ(x) Σ_x' ∇P ∇Pᵀ / P (entries with P = 0 have ∇P = 0 and are skipped).
   */
  static double[][] chainFisher(FiniteChain chain, double[] theta, double[] rho) {
    int n = chain.states();
    int p = chain.params();
    double[][] P = new double[n][n];
    double[][][] dP = new double[p][n][n];
    chain.transition(theta, P);
    chain.transitionGradient(theta, dP);
    double[][] f = new double[p][p];
    for (int x = 0; x < n; x++) {
      for (int y = 0; y < n; y++) {
        if (P[x][y] <= 0) {
          continue;
        }
        double w = rho[x] / P[x][y];
        for (int k = 0; k < p; k++) {
          double a = w * dP[k][x][y];
          if (a != 0) {
            for (int l = 0; l < p; l++) {
              f[k][l] += a * dP[l][x][y];
            }
          }
        }
      }
    }
    return f;
  }

  /** H[i][j] = ∂g_i/∂θ_j by the 4-point stencil on each column. */
  static double[][] jacobian(Function<double[], double[]> g, double[] theta, double h) {
    int p = theta.length;
    double[][] jac = null;
    for (int j = 0; j < p; j++) {
      double[] col = null;
      for (int s = 0; s < 4; s++) {
        double[] th = theta.clone();
        th[j] += OFFSETS[s] * h;
        double[] v = g.apply(th);
        if (col == null) {
          col = new double[v.length];
          if (jac == null) {
            jac = new double[v.length][p];
          }
        }
        for (int i = 0; i < v.length; i++) {
          col[i] += WEIGHTS[s] * v[i] / h;
        }
      }
      for (int i = 0; i < col.length; i++) {
        jac[i][j] = col[i];
      }
    }
    return jac;
  }

  /** The exact discounted ∇²J: the 4-point Jacobian of the oracle's exact gradient (Theorem 1). */
  static double[][] discountedHessian(Mirrors.Mirror m, double gamma, double h) {
    return jacobian(th -> ChainOracle.discounted(m.chain(), th, m.p0(), gamma).gradient(), m.theta(), h);
  }

  /**
   * The exact surrogate of eq. 60, S = Σ_x ρ(x) [L(x, θ') + γ Σ_x' P(x'|x, θ') V(x')], with ρ and V
   * from {@code at} (the oracle at θ) and P, L at θ' = θ + α.
   */
  static double surrogate(FiniteChain chain, EpisodicSolution at, double[] thetaPlusAlpha) {
    return surrogate(chain, at.gamma(), at.density(), at.value(), thetaPlusAlpha);
  }

  /** S with ρ and V given separately (to split ∂²S/∂θ∂α into the parts that move ρ, V and P, L). */
  static double surrogate(FiniteChain chain, double gamma, double[] rho, double[] v, double[] thetaPlusAlpha) {
    int n = chain.states();
    double[][] P = new double[n][n];
    double[] L = new double[n];
    chain.transition(thetaPlusAlpha, P);
    chain.cost(thetaPlusAlpha, L);
    double s = 0;
    for (int x = 0; x < n; x++) {
      double pv = 0;
      for (int y = 0; y < n; y++) {
        pv += P[x][y] * v[y];
      }
      s += rho[x] * (L[x] + gamma * pv);
    }
    return s;
  }

  /**
   * The exact α-gradient of S at (θ, α): Σ_x ρ_θ(x)[∇L(x, θ+α) + γ Σ_x' ∇P(x'|x, θ+α) V_θ(x')], from
   * the chain's exact first derivatives (at α = 0 this is Lemma 2's ∇J).
   */
  static double[] surrogateGradient(FiniteChain chain, EpisodicSolution at, double[] thetaPlusAlpha) {
    int n = chain.states();
    int p = chain.params();
    double[][][] dP = new double[p][n][n];
    double[][] dL = new double[p][n];
    chain.transitionGradient(thetaPlusAlpha, dP);
    chain.costGradient(thetaPlusAlpha, dL);
    double[] rho = at.density();
    double[] v = at.value();
    double gamma = at.gamma();
    double[] g = new double[p];
    for (int k = 0; k < p; k++) {
      for (int x = 0; x < n; x++) {
        double pv = 0;
        for (int y = 0; y < n; y++) {
          pv += dP[k][x][y] * v[y];
        }
        g[k] += rho[x] * (dL[k][x] + gamma * pv);
      }
    }
    return g;
  }

  /**
   * Second derivatives of S at α = 0, all by finite differences of S itself.
   *
   * @param thetaAlpha M[i][j] = ∂²S/∂θ_i∂α_j (eq. 78 says M is symmetric; eq. 77 that M = ∇²J)
   * @param alphaAlpha A[i][j] = ∂²S/∂α_i∂α_j (eq. 75's approximation of ∇²J)
   * @param rhoPart the part of M from moving ρ with θ_i (V and the point θ + α of P, L held)
   * @param valuePart the part of M from moving V with θ_i; M = rhoPart + valuePart + A
   */
  record SurrogateDerivatives(double[][] thetaAlpha, double[][] alphaAlpha, double[][] rhoPart,
      double[][] valuePart) {}

  /**
   * M, A and the parts of M by the product of two 4-point stencils applied to values of S (no
   * derivative of ρ, V, P or L is used). Moving θ_i moves ρ, V (a fresh oracle solve at θ + a·h·e_i)
   * and the point θ + α where P, L are evaluated; moving α_j moves only the latter.
   */
  static SurrogateDerivatives surrogateSecondDerivatives(Mirrors.Mirror m, double gamma, double h) {
    FiniteChain chain = m.chain();
    double[] theta = m.theta();
    int p = theta.length;
    EpisodicSolution base = ChainOracle.discounted(chain, theta, m.p0(), gamma);
    double[] rho0 = base.density();
    double[] v0 = base.value();
    double[][] mixed = new double[p][p];
    double[][] alpha = new double[p][p];
    double[][] rhoPart = new double[p][p];
    double[][] valuePart = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int a = 0; a < 4; a++) {
        double[] thI = theta.clone();
        thI[i] += OFFSETS[a] * h;
        EpisodicSolution at = ChainOracle.discounted(chain, thI, m.p0(), gamma);
        double[] rho = at.density();
        double[] v = at.value();
        for (int j = 0; j < p; j++) {
          for (int b = 0; b < 4; b++) {
            double w = WEIGHTS[a] * WEIGHTS[b] / (h * h);
            // ∂θ_i ∂α_j: ρ, V at θ + a h e_i; P, L at (θ + a h e_i) + b h e_j.
            double[] point = thI.clone();
            point[j] += OFFSETS[b] * h;
            mixed[i][j] += w * surrogate(chain, gamma, rho, v, point);
            // ∂α_i ∂α_j: ρ, V at θ; P, L at θ + a h e_i + b h e_j.
            double[] pa = theta.clone();
            pa[i] += OFFSETS[a] * h;
            pa[j] += OFFSETS[b] * h;
            alpha[i][j] += w * surrogate(chain, gamma, rho0, v0, pa);
            // Only ρ (resp. only V) follows θ_i; P, L at θ + b h e_j.
            double[] pj = theta.clone();
            pj[j] += OFFSETS[b] * h;
            rhoPart[i][j] += w * surrogate(chain, gamma, rho, v0, pj);
            valuePart[i][j] += w * surrogate(chain, gamma, rho0, v, pj);
          }
        }
      }
    }
    return new SurrogateDerivatives(mixed, alpha, rhoPart, valuePart);
  }

  /** ∂²S/∂α∂α at α = 0 from the 4-point Jacobian of the exact α-gradient (more accurate). */
  static double[][] surrogateAlphaHessian(Mirrors.Mirror m, double gamma, double h) {
    EpisodicSolution base = ChainOracle.discounted(m.chain(), m.theta(), m.p0(), gamma);
    return jacobian(th -> surrogateGradient(m.chain(), base, th), m.theta(), h);
  }

  static double[] times(double[][] a, double[] v) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += a[i][j] * v[j];
      }
    }
    return out;
  }

  static double[][] scaled(double[][] a, double s) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] *= s;
      }
    }
    return out;
  }

  static double maxAbs(double[][] a) {
    double m = 0;
    for (double[] row : a) {
      for (double x : row) {
        m = Math.max(m, Math.abs(x));
      }
    }
    return m;
  }

  static double frobenius(double[][] a) {
    double s = 0;
    for (double[] row : a) {
      for (double x : row) {
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  static double[][] minus(double[][] a, double[][] b) {
    double[][] out = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        out[i][j] = a[i][j] - b[i][j];
      }
    }
    return out;
  }

  static double[][] transpose(double[][] a) {
    double[][] out = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        out[j][i] = a[i][j];
      }
    }
    return out;
  }
}
