package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The η-space Fisher block (eq. 73) of categorical sites, from logits and from probabilities, equals
 * the exact expectation Σₐ P(a|η) ∇η ln P̃ ∇η ln P̃ᵀ, enumerated over the three categories with the
 * kernel's own η-space scores. The later Gaussian site's mean does not depend on η, so only the
 * categorical site contributes. Exact arithmetic on both sides: 1e-12 relative.
 */
class CategoricalFisherTest {
  @ParameterizedTest
  @ValueSource(strings = {"CategoricalBottleneck", "ProbsBottleneck"})
  void fisherEqualsEnumeratedExpectation(String model) {
    BottleneckKernel k = (BottleneckKernel) SubsetModelsTest.kernel(model);
    KernelVerifier.verify(k, 3L, 10, KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5))
        .assertWithin(1e-6);
    int m = k.bottleneckDim();
    Rng rng = new Rng(8L);
    double[] x = new double[k.stateDim()];
    double[] draws = new double[k.drawCount()];
    double[] fisher = new double[m * m];
    for (int trial = 0; trial < 20; trial++) {
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.uniform(-1, 1);
      }
      double[] eta = new double[m];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        eta[j] = rng.uniform(-2, 2);
        max = Math.max(max, eta[j]);
      }
      double z = 0;
      for (int j = 0; j < m; j++) {
        z += Math.exp(eta[j] - max);
      }
      k.bottleneckFisher(eta, x, 0, 0, draws, fisher);
      double[] exact = new double[m * m];
      for (int a = 0; a < m; a++) {
        double p = Math.exp(eta[a] - max) / z;
        draws[0] = a;
        draws[1] = 0.3;
        double[] g = new double[m];
        k.accumulateBottleneckGradient(eta, x, 0, 0, draws, 0.0, 1.0, g);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < m; j++) {
            exact[i * m + j] += p * g[i] * g[j];
          }
        }
      }
      for (int i = 0; i < m * m; i++) {
        assertEquals(exact[i], fisher[i], 1e-12 * Math.max(1, Math.abs(exact[i])), model + " entry " + i);
      }
    }
  }
}
