package org.dsojava.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Pieces shared by the Hipparchus forward-mode versions of the models: θ entries as independent variables,
 * the log-densities of the noise sites, the MLP. Written the way a user of the library would write the
 * model: one {@link Gradient} per intermediate value, each carrying all n_θ partial derivatives, so every
 * operation costs O(n_θ) time and allocates an n_θ-long array. A θ entry becomes a variable where the model
 * reads it (each MLP weight is read once per step, so caching the variables would only trade allocation for
 * cache misses over n_θ² doubles).
 */
final class HipparchusModels {
  /** ½ ln 2π. */
  static final double HALF_LOG_TWO_PI = 0.9189385332046727;

  private HipparchusModels() {}

  /** θ[i] as the i-th of θ.length independent variables. */
  static Gradient var(double[] theta, int i) {
    return Gradient.variable(theta.length, i, theta[i]);
  }

  /** ln σ(η) or ln(1 − σ(η)) of a {@code bernoulliLogit} draw a ∈ {0, 1}: −softplus((1 − 2a)·η), stably. */
  static Gradient bernoulliLogitLogDensity(Gradient eta, double a) {
    Gradient z = eta.multiply(1.0 - 2.0 * a);
    Gradient softplus = z.getValue() >= 0.0 ? z.add(z.negate().exp().log1p()) : z.exp().log1p();
    return softplus.negate();
  }

  /** ln N(draw; mean, σ²) = −½((draw − mean)/σ)² − ln σ − ½ ln 2π. */
  static Gradient gaussianLogDensity(double draw, Gradient mean, Gradient sigma) {
    Gradient z = mean.negate().add(draw).divide(sigma);
    return z.square().multiply(-0.5).subtract(sigma.log()).subtract(HALF_LOG_TWO_PI);
  }

  /** The same with a constant σ. */
  static Gradient gaussianLogDensity(double draw, Gradient mean, double sigma) {
    Gradient z = mean.negate().add(draw).divide(sigma);
    return z.square().multiply(-0.5).subtract(Math.log(sigma) + HALF_LOG_TWO_PI);
  }

  /** The same with no θ dependence (a state-noise site): a plain double. */
  static double gaussianLogDensity(double draw, double mean, double sigma) {
    double z = (draw - mean) / sigma;
    return -0.5 * (z * z) - Math.log(sigma) - HALF_LOG_TWO_PI;
  }

  /** The in → 64 tanh → 64 tanh → 1 network of {@link TanhMlp64} (same θ layout, from θ[0]), as the model writes it. */
  static Gradient mlp(double[] theta, double[] in, int nIn) {
    final int h = TanhMlp64.H;
    final int offB1 = h * nIn;
    final int offW2 = offB1 + h;
    final int offB2 = offW2 + h * h;
    final int offW3 = offB2 + h;
    final int offB3 = offW3 + h;
    Gradient[] h1 = new Gradient[h];
    for (int i = 0; i < h; i++) {
      Gradient z = var(theta, offB1 + i);
      for (int j = 0; j < nIn; j++) {
        z = z.add(var(theta, i * nIn + j).multiply(in[j]));
      }
      h1[i] = z.tanh();
    }
    Gradient[] h2 = new Gradient[h];
    for (int i = 0; i < h; i++) {
      Gradient z = var(theta, offB2 + i);
      for (int j = 0; j < h; j++) {
        z = z.add(var(theta, offW2 + i * h + j).multiply(h1[j]));
      }
      h2[i] = z.tanh();
    }
    Gradient out = var(theta, offB3);
    for (int i = 0; i < h; i++) {
      out = out.add(var(theta, offW3 + i).multiply(h2[i]));
    }
    return out;
  }

  /** g += ∇F. */
  static void addGradient(Gradient f, double[] g) {
    double[] grad = f.getGradient();
    for (int i = 0; i < grad.length; i++) {
      g[i] += grad[i];
    }
  }
}
