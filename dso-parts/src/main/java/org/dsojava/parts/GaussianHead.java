package org.dsojava.parts;

import org.dsojava.annotations.Init;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Part;

/**
 * A Gaussian policy head a ~ N(μ, diag σ²) with a learned, state-independent log standard deviation per
 * action dimension (the action-noise density p_ε of eq. 96 with θ_ε = logStd). θ: {@code logStd} (dim).
 * With a {@code @Bottleneck}, put {@link #logStd(int)} into η and draw with {@link #draw}.
 */
@Part
public class GaussianHead {
  final int dim;
  @Param double[] logStd;

  public GaussianHead(int dim) {
    this(dim, 0.0);
  }

  /** A head whose σ starts at e^initialLogStd in every dimension. */
  public GaussianHead(int dim, double initialLogStd) {
    this.dim = dim;
    logStd = Init.normal(dim, initialLogStd, 0.0);
  }

  /** a[i] ~ N(mean[i], e^(2 logStd[i])): one noise site per dimension. */
  public void sample(Noise noise, double[] mean, double[] a) {
    for (int i = 0; i < dim; i++) {
      a[i] = noise.gaussian(mean[i], Math.exp(logStd[i]));
    }
  }

  /** The draw of a one-dimensional head. */
  public double sample1(Noise noise, double mean) {
    return noise.gaussian(mean, Math.exp(logStd[0]));
  }

  public double logStd(int i) {
    return logStd[i];
  }

  /** a ~ N(mean, e^(2 logStd)) from a bottleneck's (mean, logStd). */
  public static double draw(Noise noise, double mean, double logStd) {
    return noise.gaussian(mean, Math.exp(logStd));
  }
}
