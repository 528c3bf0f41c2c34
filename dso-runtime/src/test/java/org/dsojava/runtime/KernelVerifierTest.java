package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsojava.runtime.KernelVerifier.Check;
import org.dsojava.runtime.KernelVerifier.Options;
import org.dsojava.runtime.KernelVerifier.Report;
import org.junit.jupiter.api.Test;

class KernelVerifierTest {
  private static final double TOL = 1e-6;

  @Test
  void correctKernelPasses() {
    Report report = KernelVerifier.verify(new ToyKernel(), 42L, 50, Options.defaults());
    report.assertWithin(TOL);
    assertEquals(50, report.pointsChecked());
    assertTrue(report.problems().isEmpty());
    for (KernelVerifier.Worst w : report.entries()) {
      assertTrue(w.point() >= 0, w.check() + " was evaluated");
    }
    // Several states along rollouts were visited, not only x0.
    assertTrue(report.toString().contains("gradient vs FD"), report::toString);
  }

  @Test
  void correctKernelPassesAcrossSeedsAndWiderThetas() {
    Options wide = Options.defaults().withThetaScale(0.5).withWarmSteps(20);
    for (long seed = 1; seed <= 5; seed++) {
      KernelVerifier.verify(new ToyKernel(), seed, 20, wide).assertWithin(TOL);
    }
  }

  @Test
  void verificationIsDeterministicInTheSeed() {
    String a = KernelVerifier.verify(new ToyKernel(), 7L, 10).toString();
    String b = KernelVerifier.verify(new ToyKernel(), 7L, 10).toString();
    assertEquals(a, b);
  }

  @Test
  void userStateSamplerIsUsed() {
    Options o = Options.defaults().withStateSampler((theta, n, rng, x) -> {
      x[0] = rng.uniform(-3, 3);
      x[1] = rng.uniform(-3, 3);
      return 7;
    });
    Report report = KernelVerifier.verify(new ToyKernel(), 3L, 20, o);
    report.assertWithin(TOL);
    assertEquals(7, report.worst(Check.GRADIENT).t());
  }

  /** ∂L/∂θ₁ = cos(θ₁)x₁ doubled in accumulateGradient only. */
  static final class WrongGradientTerm extends ToyKernel {
    @Override
    public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws,
        double wL, double wP, double[] g) {
      super.accumulateGradient(theta, x, t, n, draws, wL, wP, g);
      g[1] += wL * Math.cos(theta[1]) * x[1];
    }
  }

  @Test
  void wrongGradientTermFailsAndIsNamed() {
    Report report = KernelVerifier.verify(new WrongGradientTerm(), 42L, 20, Options.defaults());
    assertFalse(report.passes(TOL));
    KernelVerifier.Worst g = report.worst(Check.GRADIENT);
    assertEquals(1, g.component());
    assertEquals("w[1]", g.paramName());
    assertTrue(g.error() > 1e-3, report::toString);
    assertTrue(report.worst(Check.GRADIENT_ACCUMULATES).within(TOL), report::toString);
    // ToyKernel's jvp goes through accumulateGradient, so it is consistent with the (wrong) gradient
    // but not with F; hvp is correct but the FD of the wrong gradient is not.
    assertTrue(report.worst(Check.JVP_VS_GRADIENT).within(TOL), report::toString);
    assertFalse(report.worst(Check.JVP_FD).within(TOL), report::toString);
    assertTrue(report.worst(Check.HVP_SYMMETRY).within(TOL), report::toString);

    AssertionError e = assertThrows(AssertionError.class, () -> report.assertWithin(TOL));
    assertTrue(e.getMessage().contains("gradient vs FD"), e.getMessage());
    assertTrue(e.getMessage().contains("w[1]"), e.getMessage());
  }

  /** Writes g instead of adding to it. */
  static final class OverwritingGradient extends ToyKernel {
    @Override
    public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws,
        double wL, double wP, double[] g) {
      g[0] = 0;
      g[1] = 0;
      g[2] = 0;
      super.accumulateGradient(theta, x, t, n, draws, wL, wP, g);
    }
  }

  @Test
  void gradientThatDoesNotAccumulateFails() {
    Report report = KernelVerifier.verify(new OverwritingGradient(), 42L, 5, Options.defaults());
    assertFalse(report.worst(Check.GRADIENT_ACCUMULATES).within(TOL), report::toString);
    assertFalse(report.worst(Check.GRADIENT).within(TOL), report::toString);
    assertTrue(report.worst(Check.HVP).within(TOL), report::toString);
  }

  /** Row 1 of Hv drops the H₁₀·v₀ term: wrong and asymmetric. */
  static final class AsymmetricHessian extends ToyKernel {
    @Override
    void hvpRows(double h00, double h01, double h02, double h11, double h12, double h22, double[] v,
        double[] out) {
      out[0] += h00 * v[0] + h01 * v[1] + h02 * v[2];
      out[1] += h11 * v[1] + h12 * v[2];
      out[2] += h02 * v[0] + h12 * v[1] + h22 * v[2];
    }
  }

  @Test
  void wrongHessianFailsHvpAndSymmetry() {
    Report report = KernelVerifier.verify(new AsymmetricHessian(), 42L, 20, Options.defaults());
    assertTrue(report.worst(Check.GRADIENT).within(TOL), report::toString);
    assertTrue(report.worst(Check.HVP_ACCUMULATES).within(TOL), report::toString);
    assertFalse(report.worst(Check.HVP).within(TOL), report::toString);
    assertEquals("w[1]", report.worst(Check.HVP).paramName(), report::toString);
    assertFalse(report.worst(Check.HVP_SYMMETRY).within(TOL), report::toString);
  }

  /** Overwrites out in hvp. */
  static final class OverwritingHvp extends ToyKernel {
    @Override
    void hvpRows(double h00, double h01, double h02, double h11, double h12, double h22, double[] v,
        double[] out) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      super.hvpRows(h00, h01, h02, h11, h12, h22, v, out);
    }
  }

  @Test
  void hvpThatDoesNotAccumulateFails() {
    Report report = KernelVerifier.verify(new OverwritingHvp(), 42L, 5, Options.defaults());
    assertFalse(report.worst(Check.HVP_ACCUMULATES).within(TOL), report::toString);
    assertTrue(report.worst(Check.HVP_SYMMETRY).within(TOL), report::toString);
  }

  /** The cost is NaN whenever x₀ > 0. */
  static final class NanCost extends ToyKernel {
    @Override
    public double cost(double[] theta, double[] x, int t, int n) {
      return x[0] > 0 ? Double.NaN : super.cost(theta, x, t, n);
    }
  }

  @Test
  void nonFiniteValuesAreReported() {
    Report report = KernelVerifier.verify(new NanCost(), 42L, 20, Options.defaults());
    assertFalse(report.passes(TOL));
    assertFalse(report.problems().isEmpty());
    assertTrue(report.problems().get(0).contains("NaN"), report::toString);
    assertEquals(Double.POSITIVE_INFINITY, report.error(Check.GRADIENT));
    AssertionError e = assertThrows(AssertionError.class, () -> report.assertWithin(1.0));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  /** jvp scribbles on θ. */
  static final class MutatingJvp extends ToyKernel {
    @Override
    public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL,
        double wP, double[] v) {
      double r = super.jvp(theta, x, t, n, draws, wL, wP, v);
      theta[2] += 1;
      return r;
    }
  }

  @Test
  void modifiedInputsAreReported() {
    Report report = KernelVerifier.verify(new MutatingJvp(), 42L, 3, Options.defaults());
    assertFalse(report.passes(TOL));
    assertTrue(report.problems().get(0).contains("jvp modified its input theta[2]"),
        report::toString);
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().withFdStep(0));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().withFdStep(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().withWarmSteps(-1));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().withThetaScale(-1));
    assertThrows(IllegalArgumentException.class, () -> Options.defaults().withRelFloor(-1));
    assertThrows(IllegalArgumentException.class,
        () -> KernelVerifier.verify(new ToyKernel(), 1L, 0));
  }
}
