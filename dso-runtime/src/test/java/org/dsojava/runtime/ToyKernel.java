package org.dsojava.runtime;

import org.dsojava.annotations.Setting;

/**
 * A hand-written kernel with hand-derived derivatives, the fixture for {@link KernelVerifierTest}.
 *
 * <p>State x ∈ ℝ², θ = (w₀, w₁, logσ), σ = exp(θ₂). Transition: x'ᵢ ~ N(mᵢ, σ²) with
 * m₀ = tanh(θ₀x₀ + θ₁x₁) and m₁ = θ₀θ₁x₁; the draws are x' itself. Cost L = θ₀²x₀² + sin(θ₁)·x₁.
 *
 * <p>With rᵢ = dᵢ − mᵢ and q = σ⁻² = exp(−2θ₂): ln P = Σᵢ(−½qrᵢ² − θ₂ − ½ln 2π), so
 * ∂ln P/∂θⱼ = qΣᵢ rᵢ ∂mᵢ/∂θⱼ (j = 0, 1), ∂ln P/∂θ₂ = qΣrᵢ² − 2, and
 * ∂²ln P/∂θⱼ∂θₖ = qΣᵢ(−∂ⱼmᵢ∂ₖmᵢ + rᵢ∂ⱼ∂ₖmᵢ), ∂²ln P/∂θⱼ∂θ₂ = −2∂ln P/∂θⱼ,
 * ∂²ln P/∂θ₂² = −2qΣrᵢ², with ∂ⱼ∂ₖm₀ = −2m₀(1 − m₀²)xⱼxₖ and ∂₀∂₁m₁ = x₁.
 *
 * <p>Honours the kernel contract: sample, accumulateGradient, jvp and hvp allocate nothing.
 */
class ToyKernel implements ChainKernel {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final String[] NAMES = {"w[0]", "w[1]", "logSigma"};

  /** Work array of jvp (the contract lets an instance own its work arrays). */
  private final double[] gw = new double[3];

  @Override
  public String modelName() {
    return "Toy";
  }

  @Override
  public int paramCount() {
    return 3;
  }

  @Override
  public int stateDim() {
    return 2;
  }

  @Override
  public int drawCount() {
    return 2;
  }

  @Override
  public int bottleneckDim() {
    return 0;
  }

  @Override
  public Setting setting() {
    return Setting.DISCOUNTED;
  }

  @Override
  public double discount() {
    return 0.95;
  }

  @Override
  public int horizon() {
    return 40;
  }

  @Override
  public String paramName(int i) {
    return NAMES[i];
  }

  @Override
  public void initialParams(long seed, double[] theta) {
    Rng r = new Rng(seed, 12345L);
    theta[0] = 0.8 + 0.05 * r.gaussian();
    theta[1] = -0.6 + 0.05 * r.gaussian();
    theta[2] = Math.log(0.4);
  }

  @Override
  public void initialState(double[] theta, int n, Rng rng, double[] x) {
    x[0] = rng.gaussian();
    x[1] = rng.gaussian();
  }

  @Override
  public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws,
      double[] next) {
    double sigma = Math.exp(theta[2]);
    draws[0] = rng.gaussian(Math.tanh(theta[0] * x[0] + theta[1] * x[1]), sigma);
    draws[1] = rng.gaussian(theta[0] * theta[1] * x[1], sigma);
    next[0] = draws[0];
    next[1] = draws[1];
  }

  @Override
  public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
    mean[0] = Math.tanh(theta[0] * x[0] + theta[1] * x[1]);
    mean[1] = theta[0] * theta[1] * x[1];
  }

  @Override
  public boolean terminal(double[] x, int t, int n) {
    return Math.abs(x[1]) > 4;
  }

  @Override
  public double cost(double[] theta, double[] x, int t, int n) {
    return theta[0] * theta[0] * x[0] * x[0] + Math.sin(theta[1]) * x[1];
  }

  @Override
  public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
    double q = Math.exp(-2 * theta[2]);
    double r0 = draws[0] - Math.tanh(theta[0] * x[0] + theta[1] * x[1]);
    double r1 = draws[1] - theta[0] * theta[1] * x[1];
    return -0.5 * q * (r0 * r0 + r1 * r1) - 2 * theta[2] - 2 * HALF_LOG_2PI;
  }

  @Override
  public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws,
      double wL, double wP, double[] g) {
    double th0 = theta[0];
    double th1 = theta[1];
    double x0 = x[0];
    double x1 = x[1];
    double m0 = Math.tanh(th0 * x0 + th1 * x1);
    double s = 1 - m0 * m0;
    double r0 = draws[0] - m0;
    double r1 = draws[1] - th0 * th1 * x1;
    double q = Math.exp(-2 * theta[2]);
    // ∂m/∂θ
    double dm00 = s * x0;
    double dm01 = s * x1;
    double dm10 = th1 * x1;
    double dm11 = th0 * x1;
    g[0] += wL * (2 * th0 * x0 * x0) + wP * q * (r0 * dm00 + r1 * dm10);
    g[1] += wL * (Math.cos(th1) * x1) + wP * q * (r0 * dm01 + r1 * dm11);
    g[2] += wP * (q * (r0 * r0 + r1 * r1) - 2);
  }

  @Override
  public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] v) {
    gw[0] = 0;
    gw[1] = 0;
    gw[2] = 0;
    accumulateGradient(theta, x, t, n, draws, wL, wP, gw);
    return gw[0] * v[0] + gw[1] * v[1] + gw[2] * v[2];
  }

  @Override
  public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] v, double[] out) {
    double th0 = theta[0];
    double th1 = theta[1];
    double x0 = x[0];
    double x1 = x[1];
    double m0 = Math.tanh(th0 * x0 + th1 * x1);
    double s = 1 - m0 * m0;
    double r0 = draws[0] - m0;
    double r1 = draws[1] - th0 * th1 * x1;
    double q = Math.exp(-2 * theta[2]);
    double dm00 = s * x0;
    double dm01 = s * x1;
    double dm10 = th1 * x1;
    double dm11 = th0 * x1;
    double c = -2 * m0 * s; // tanh'' / tanh' factor: ∂ⱼ∂ₖm₀ = c·xⱼxₖ
    double gP0 = q * (r0 * dm00 + r1 * dm10);
    double gP1 = q * (r0 * dm01 + r1 * dm11);
    double sumR2 = r0 * r0 + r1 * r1;

    double h00 = wL * (2 * x0 * x0) + wP * q * (-(dm00 * dm00 + dm10 * dm10) + r0 * c * x0 * x0);
    double h01 = wP * q * (-(dm00 * dm01 + dm10 * dm11) + r0 * c * x0 * x1 + r1 * x1);
    double h11 = wL * (-Math.sin(th1) * x1) + wP * q * (-(dm01 * dm01 + dm11 * dm11) + r0 * c * x1 * x1);
    double h02 = wP * (-2 * gP0);
    double h12 = wP * (-2 * gP1);
    double h22 = wP * (-2 * q * sumR2);
    hvpRows(h00, h01, h02, h11, h12, h22, v, out);
  }

  /** out += H·v for the symmetric H; overridable so tests can break it. */
  void hvpRows(double h00, double h01, double h02, double h11, double h12, double h22, double[] v,
      double[] out) {
    out[0] += h00 * v[0] + h01 * v[1] + h02 * v[2];
    out[1] += h01 * v[0] + h11 * v[1] + h12 * v[2];
    out[2] += h02 * v[0] + h12 * v[1] + h22 * v[2];
  }
}
