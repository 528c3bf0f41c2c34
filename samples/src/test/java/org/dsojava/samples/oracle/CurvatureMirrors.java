package org.dsojava.samples.oracle;

/** Oracle mirrors of the models added for {@link CurvatureOracleTest} (same conventions as {@link Mirrors}). */
final class CurvatureMirrors {
  private CurvatureMirrors() {}

  /** {@link CurvedTimeVarying}: pull = θ[0..3], w = θ[4]; T = 5. */
  static Mirrors.Mirror curvedTimeVarying() {
    int n = 4;
    Mirrors.SoftmaxChain chain = new Mirrors.SoftmaxChain(n, 5,
        (t, s, th, z, dz) -> {
          for (int j = 0; j < n; j++) {
            z[j] = (1.0 + 0.2 * t) * th[j] + 0.5 * Math.cos(s + 0.9 * j * t);
            dz[j][j] = 1.0 + 0.2 * t;
          }
        },
        (t, s, th, dc) -> {
          double w = th[4];
          double a = 0.3 * (1.0 + 0.1 * t);
          dc[4] = 0.8 * w * (1.0 + 0.3 * s) + 0.2 * t * Math.cos(w * t);
          dc[s] = 2 * a * th[s];
          return 1.0 + 0.5 * Math.cos(s + 0.7 * t) + 0.4 * w * w * (1.0 + 0.3 * s) + a * th[s] * th[s]
              + 0.2 * Math.sin(w * t);
        });
    double[] theta = {0.4, -0.5, 0.2, -0.1, 0.4};
    double[] p0 = new double[n];
    java.util.Arrays.fill(p0, 1.0 / n);
    return new Mirrors.Mirror(chain, p0, theta);
  }
}
