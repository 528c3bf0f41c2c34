package org.dsojava.samples;

import java.util.stream.Stream;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated ∇θ ln P, ∇θ L, JVP and HVP of every sample agree with central finite differences of
 * the generated ln P and L at random θ and x: relative error ≤ 1e-6 per entry.
 *
 * <p>Tolerance: the 4-point stencil at h = 1e-4 has truncation error ~h⁴ ≈ 1e-16 (relative), and its
 * rounding error is ~ε·|F|/h ≈ 1e-12·|F| per entry, amplified for the HVP (a difference of
 * gradients) and by the thousands of operations of an MLP. An entry is therefore judged relative to
 * max(|entry|, 1e-5·‖vector‖∞): entries far below the vector's scale are below the finite
 * differences' own resolution. That is still stricter than the usual norm-wise relative error (a
 * floor of 1·‖vector‖∞), and a wrong derivative rule gives errors of order 1.
 */
class GeneratedKernelDerivativesTest {
  static Stream<ChainKernel> kernels() {
    return Stream.of(CartPoleLinearDso.kernel(), CartPoleMlpDso.kernel(), PendulumMlpDso.kernel(),
        LqrDso.kernel(), SoftmaxChainDso.kernel());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void derivativesMatchFiniteDifferences(ChainKernel kernel) {
    KernelVerifier.Report report = KernelVerifier.verify(kernel, 17L, 20,
        KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5));
    System.out.println(report);
    report.assertWithin(1e-6);
  }
}
