package org.dsojava.runtime;

/**
 * The kernel of a model that declares a {@code @Bottleneck} η = μ(x,θ): the {@link ChainKernel} core plus
 * the η-space methods of Corollary 2 (eqs. 33–34) and the bottleneck Fisher of eq. 73. The processor
 * generates {@code <Model>Kernel implements BottleneckKernel} for such a model and a plain
 * {@link ChainKernel} otherwise; {@link #bottleneckDim()} is n_η ≥ 1.
 *
 * <p>Like the core, every method works on caller-owned buffers and allocates nothing.
 */
public interface BottleneckKernel extends ChainKernel {
  /**
   * η = μ(x,θ) of the declared {@code @Bottleneck} (Corollary 2, eq. 33) into {@code eta}
   * ({@link #bottleneckDim()} entries).
   */
  void bottleneck(double[] theta, double[] x, int t, int n, double[] eta);

  /**
   * gEta += ∇η [wL·L̃(x,η) + wP·ln P̃(x'|x,η)] at the given η: the small η-space factor of eq. 34.
   */
  void accumulateBottleneckGradient(double[] eta, double[] x, int t, int n, double[] draws,
      double wL, double wP, double[] gEta);

  /**
   * g += (∂μ(x,θ)/∂θ)ᵀ gEta: pulls an η-space gradient back to θ once (eq. 34). Only the first
   * {@link #paramCount()} entries of g are θ's.
   */
  void pullBack(double[] theta, double[] x, int t, int n, double[] gEta, double[] g);

  /**
   * The η-space Fisher block of eq. 73 at (x, η), row-major into {@code fisher} (nη × nη):
   * E_{x'~P̃(·|x,η)}[∇η ln P̃ ∇η ln P̃ᵀ]. Exact when the noise sites' parameters do not depend on
   * earlier draws of the same transition; otherwise the sum of the sites' conditional Fisher blocks
   * along the recorded {@code draws}, an unbiased estimate. Throws
   * {@link UnsupportedOperationException} when a site's distribution provides no Fisher information
   * ({@code NoiseDistribution.fisherQuadratic}); the natural gradient then uses the chain Fisher of
   * eq. 72 instead.
   */
  void bottleneckFisher(double[] eta, double[] x, int t, int n, double[] draws, double[] fisher);

  /**
   * etaDot = (∂μ(x,θ)/∂θ)·v, the forward (Jacobian–vector) product of the bottleneck: with
   * {@link #pullBack} and {@link #bottleneckFisher} it gives the Fisher–vector product of eq. 73,
   * Jᵀ F_η J v.
   */
  void bottleneckTangent(double[] theta, double[] x, int t, int n, double[] v, double[] etaDot);

  /**
   * {@code k} as a bottleneck kernel, for a method that needs one: an {@link IllegalArgumentException}
   * naming the model when {@code k} is not a {@code BottleneckKernel} (its model declares no
   * {@code @Bottleneck}) or has n_η = 0.
   *
   * @param k a kernel
   * @param what what needs the bottleneck, for the message (e.g. "the bottleneck Fisher–vector product")
   * @return {@code k}, cast
   */
  static BottleneckKernel require(ChainKernel k, String what) {
    if (k instanceof BottleneckKernel b && b.bottleneckDim() > 0) {
      return b;
    }
    throw new IllegalArgumentException(k.modelName() + " declares no @Bottleneck; " + what
        + " needs one (Corollary 2)");
  }
}
