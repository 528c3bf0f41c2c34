package org.dsojava.samples;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;
import org.dsojava.extension.example.Softplus;

/**
 * A scalar autoregression with Laplace noise. It demonstrates the processor's extension SPI: both the
 * noise distribution and one function it calls come from the {@code dso-extension-example} module,
 * not from the processor.
 *
 * <ul>
 *   <li>{@code noise.draw("laplace", m, b)} is the {@code Laplace} {@code NoiseDistribution}, found by
 *       the processor through {@code ServiceLoader}; the generated kernel samples with
 *       {@code LaplaceSampler.sample(rng, m, b)} and differentiates the distribution's IR log-density.
 *   <li>{@link Softplus#softplus} is an ordinary static method that the model can call because the
 *       {@code SoftplusFunction} {@code PrimitiveFunction} gives its derivative rule.
 * </ul>
 *
 * Using an extension takes two entries in the build: the extension module on the compiler's
 * {@code annotationProcessorPaths} (next to {@code dso-processor}), and as a regular dependency so that
 * model code and generated code can call its runtime classes (see {@code samples/pom.xml}).
 *
 * <p><b>Chain</b> (state x ∈ ℝ, θ = (a, c, logB) in declaration order):
 * <pre>
 *   x' ~ Laplace(softplus(a)·x + c, e^logB),   ln P(x'|x,θ) = −ln(2b) − |x' − μ| / b,  b = e^logB
 *   L(x, θ) = x² + R·c²,   R = 0.1
 *   x₀ ~ U(−1, 1)
 * </pre>
 * The softplus keeps the gain positive; the cost drives x to 0, and only the noise scale b and the
 * offset c stop it from getting there. Setting DISCOUNTED, γ = 0.9; the horizon 100 is a safety cap
 * (γ¹⁰⁰ ≈ 2.7e−5).
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9, horizon = 100)
public class LaplaceRegression {
  /** Weight of the offset penalty. */
  static final double R = 0.1;

  /** Gain parameter: the gain is softplus(a) (≈ 0.31 initially). */
  @Param(value = -1.0)
  double a;

  /** Offset of the next-state location. */
  @Param
  double c;

  /** Log of the Laplace scale b. */
  @Param(value = -1.0)
  double logB;

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    next[0] = noise.draw("laplace", Softplus.softplus(a) * x[0] + c, Math.exp(logB));
  }

  @Cost
  double cost(double[] x) {
    return x[0] * x[0] + R * c * c;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.uniform(-1.0, 1.0);
  }
}
