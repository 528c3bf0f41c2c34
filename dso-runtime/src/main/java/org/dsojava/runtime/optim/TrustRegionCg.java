package org.dsojava.runtime.optim;

/**
 * Steihaug–Toint conjugate gradients: approximately minimizes m(p) = g·p + ½pᵀHp subject to
 * ‖p‖ ≤ Δ using only Hessian–vector products. Negative curvature or the trust-region boundary stop
 * the iteration on the boundary, so an indefinite Hessian never produces an ascent step.
 */
public final class TrustRegionCg {
  /** Hessian–vector product: out = H v. */
  public interface Operator {
    void apply(double[] v, double[] out);
  }

  /** How the solve ended. */
  public enum Outcome {
    CONVERGED("residual below tolerance"),
    BOUNDARY("step reached the trust-region boundary"),
    NEGATIVE_CURVATURE("negative curvature: the Hessian is indefinite, step taken to the boundary"),
    MAX_ITERATIONS("CG did not converge within the iteration limit; using its last iterate");

    private final String reason;

    Outcome(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** The step and how it was found. */
  public record Solution(double[] step, Outcome outcome, int iterations, double modelDecrease) {}

  private TrustRegionCg() {}

  public static Solution solve(Operator h, double[] g, double radius, int maxIterations, double relativeTolerance) {
    if (!(radius > 0)) {
      throw new IllegalArgumentException("trust-region radius Δ = " + radius + " must be positive");
    }
    int n = g.length;
    double[] p = new double[n];
    double[] r = g.clone();
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = -r[i];
    }
    double[] hd = new double[n];
    double rr = dot(r, r);
    double tol = relativeTolerance * Math.sqrt(rr);
    if (Math.sqrt(rr) == 0) {
      return new Solution(p, Outcome.CONVERGED, 0, 0);
    }
    for (int k = 0; k < maxIterations; k++) {
      h.apply(d, hd);
      double dhd = dot(d, hd);
      if (!(dhd > 0)) {
        double tau = toBoundary(p, d, radius);
        axpy(tau, d, p);
        return new Solution(p, Outcome.NEGATIVE_CURVATURE, k + 1, decrease(h, g, p));
      }
      double a = rr / dhd;
      double[] next = p.clone();
      axpy(a, d, next);
      if (Math.sqrt(dot(next, next)) >= radius) {
        double tau = toBoundary(p, d, radius);
        axpy(tau, d, p);
        return new Solution(p, Outcome.BOUNDARY, k + 1, decrease(h, g, p));
      }
      p = next;
      axpy(a, hd, r);
      double rrNext = dot(r, r);
      if (Math.sqrt(rrNext) <= tol) {
        return new Solution(p, Outcome.CONVERGED, k + 1, decrease(h, g, p));
      }
      double beta = rrNext / rr;
      for (int i = 0; i < n; i++) {
        d[i] = -r[i] + beta * d[i];
      }
      rr = rrNext;
    }
    return new Solution(p, Outcome.MAX_ITERATIONS, maxIterations, decrease(h, g, p));
  }

  /** τ ≥ 0 with ‖p + τd‖ = Δ. */
  private static double toBoundary(double[] p, double[] d, double radius) {
    double dd = dot(d, d);
    double pd = dot(p, d);
    double pp = dot(p, p);
    return (-pd + Math.sqrt(pd * pd + dd * (radius * radius - pp))) / dd;
  }

  /** −m(p) = −(g·p + ½pᵀHp): the decrease the quadratic model predicts. */
  private static double decrease(Operator h, double[] g, double[] p) {
    double[] hp = new double[p.length];
    h.apply(p, hp);
    return -(dot(g, p) + 0.5 * dot(p, hp));
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }
}
