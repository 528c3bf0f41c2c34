package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.Batch;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.SampleCurvature;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.CartPoleMlpKernel;
import org.junit.jupiter.api.Test;

/**
 * The bottleneck form of the Fisher–vector product (eq. 73) is the chain Fisher of eq. 72 with the
 * expectation over x' taken exactly: on a recorded CartPole-MLP batch it equals the ρ-weighted
 * Σ over both actions of P(a|x)·∇ln P(a) (∇ln P(a)·v), computed from the kernel's own scores
 * (1e-10 relative).
 */
class BottleneckFisherVectorTest {
  @Test
  void bottleneckFormEqualsTheChainFisherAveragedOverActions() {
    CartPoleMlpKernel k = CartPoleMlpDso.kernel();
    double[] theta = CartPoleMlpDso.initialParams(4);
    Batch batch;
    try (GradientEstimator e = new GradientEstimator(CartPoleMlpDso.factory(),
        CartPoleMlpDso.optimizer().batch(4).threads(1).config())) {
      batch = e.sample(theta, 0, ValueBaseline.none(), 0);
    }
    Rng rng = new Rng(3);
    double[] v = new double[theta.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.gaussian();
    }
    double[] viaBottleneck = new double[theta.length];
    SampleCurvature.bottleneckFisherVector(batch, k, v, viaBottleneck);
    // Assembled once per batch (what the natural gradient's CG steps use): the same product, bit for bit.
    SampleCurvature.BottleneckFisher assembled = new SampleCurvature.BottleneckFisher(batch, k);
    for (int repeat = 0; repeat < 2; repeat++) {
      double[] once = new double[theta.length];
      assembled.apply(k, v, once);
      org.junit.jupiter.api.Assertions.assertArrayEquals(viaBottleneck, once, 0.0);
    }

    // The same quantity by enumerating both actions at every recorded state.
    double[] exact = new double[theta.length];
    double[] eta = new double[1];
    for (Batch.Rollout r : batch.rollouts()) {
      for (int t = 0; t < r.length(); t++) {
        double[] x = r.state(t);
        k.bottleneck(theta, x, t, r.index(), eta);
        double p1 = 1 / (1 + Math.exp(-eta[0]));
        for (int a = 0; a <= 1; a++) {
          double[] draws = {a};
          double d = k.jvp(theta, x, t, r.index(), draws, 0.0, 1.0, v);
          double pa = a == 1 ? p1 : 1 - p1;
          k.accumulateGradient(theta, x, t, r.index(), draws, 0.0, pa * d, exact);
        }
      }
    }
    double scale = 0;
    for (int i = 0; i < exact.length; i++) {
      exact[i] /= batch.rollouts().size();
      scale = Math.max(scale, Math.abs(exact[i]));
    }
    for (int i = 0; i < exact.length; i++) {
      assertEquals(exact[i], viaBottleneck[i], 1e-10 * scale, "component " + i);
    }
  }
}
