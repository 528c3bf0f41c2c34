package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LockstepKernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated lockstep kernels (issue 19) compute, lane by lane, the scalar kernel's bits for every sample
 * model that has one ({@link LockstepCheck}), with 1, 5 (odd: no lane count is special) and 8 lanes; the
 * models the writer cannot handle have none, and their generated class says why.
 */
class LockstepKernelsTest {
  static Stream<ChainKernel> supported() {
    return Stream.of(new LqrKernel(), new CartPoleLinearKernel(), new CartPoleMlpKernel(), new PendulumMlpKernel(),
        new LaplaceRegressionKernel(), new org.dsojava.samples.brainbody.RecurrentCartPoleKernel(),
        new org.dsojava.samples.brainbody.StaticLinearCartPoleKernel(),
        new org.dsojava.samples.brainbody.StaticMlpCartPoleKernel(),
        new org.dsojava.samples.design.ReacherDesignKernel(),
        new org.dsojava.samples.randomization.NominalPendulumKernel(),
        new org.dsojava.samples.randomization.RandomizedPendulumKernel());
  }

  static Stream<ChainKernel> unsupported() {
    return Stream.of(new SoftmaxChainKernel(), new org.dsojava.samples.estimation.LinearEstimatorKernel(),
        new org.dsojava.samples.estimation.LinearEstimatorActionNoiseKernel(),
        new org.dsojava.samples.estimation.PendulumEstimatorKernel(),
        new org.dsojava.samples.generative.BaseTokensKernel(), new org.dsojava.samples.generative.TunedTokensKernel(),
        new org.dsojava.samples.sysid.PendulumSysIdKernel(), new org.dsojava.samples.sysid.SensorCalibrationKernel());
  }

  @ParameterizedTest
  @MethodSource("supported")
  void lanesEqualScalarKernelBitForBit(ChainKernel kernel) {
    LockstepCheck.check(kernel, 5, 12, 19);
    LockstepCheck.check(kernel, 8, 6, 23);
    LockstepCheck.check(kernel, 1, 4, 29);
  }

  @ParameterizedTest
  @MethodSource("unsupported")
  void unsupportedModelsHaveNoneAndSayWhy(ChainKernel kernel) throws IOException {
    assertNull(LockstepKernel.of(kernel, 4));
    String pkg = kernel.getClass().getPackageName().replace('.', '/');
    Path source = Path.of("target", "generated-sources", "annotations", pkg, kernel.modelName() + "LockstepKernel.java");
    String text = Files.readString(source, StandardCharsets.UTF_8);
    assertTrue(text.contains("no lockstep variant: "), source + " gives no reason");
  }
}
