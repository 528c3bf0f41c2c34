package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.dsojava.runtime.optim.ChainIteration;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.LinearBaseline;
import org.dsojava.runtime.optim.NaturalGradient;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.api.Test;

/**
 * PCO, Chain Iteration and natural gradient spread their passes over the recorded batch (surrogate value,
 * gradient, Hessian–vector and Fisher–vector products, KL) over the estimator's threads: the θ they reach must be the same, bit for
 * bit, with 1, 2 and 3 threads. CartPole-MLP's 4 545 parameters × 8 rollouts in one minibatch also take
 * the parallel sum of the rollout rows.
 */
class MethodThreadsTest {
  private static double[] pco(EstimatorConfig config, org.dsojava.runtime.optim.KernelFactory f, double[] theta0,
      int minibatches) {
    return new ProximalChainOptimization(f, config, 0.2, 3, minibatches, 0.05, StepRule.adam(0.05),
        new LinearBaseline(Features.quadratic(4, 0), 1e-6), null).run(theta0, 4).theta();
  }

  @Test
  void pcoReachesTheSameThetaWithAnyThreadCount() {
    double[] one = pco(CartPoleLinearDso.optimizer().batch(10).seed(4).threads(1).config(), CartPoleLinearDso.factory(),
        CartPoleLinearDso.initialParams(4), 2);
    for (int threads = 2; threads <= 3; threads++) {
      double[] many = pco(CartPoleLinearDso.optimizer().batch(10).seed(4).threads(threads).config(),
          CartPoleLinearDso.factory(), CartPoleLinearDso.initialParams(4), 2);
      assertArrayEquals(one, many, 0.0, "CartPole-linear PCO, 1 vs " + threads + " threads");
    }
  }

  @Test
  void pcoOnAnMlpPolicyReachesTheSameThetaWithAnyThreadCount() {
    double[] one = pco(CartPoleMlpDso.optimizer().batch(8).seed(5).threads(1).config(), CartPoleMlpDso.factory(),
        CartPoleMlpDso.initialParams(5), 1);
    double[] two = pco(CartPoleMlpDso.optimizer().batch(8).seed(5).threads(2).config(), CartPoleMlpDso.factory(),
        CartPoleMlpDso.initialParams(5), 1);
    assertArrayEquals(one, two, 0.0, "CartPole-MLP PCO, 1 vs 2 threads");
  }

  @Test
  void chainIterationReachesTheSameThetaWithAnyThreadCount() {
    double[][] theta = new double[4][];
    for (int threads = 1; threads <= 3; threads++) {
      EstimatorConfig config = CartPoleLinearDso.optimizer().batch(6).seed(7).threads(threads).config();
      theta[threads] = new ChainIteration(CartPoleLinearDso.factory(), config, 1.0, 0.5, 2, 10,
          new LinearBaseline(Features.quadratic(4, 0), 1.0), null, null, null)
          .run(CartPoleLinearDso.initialParams(7), 4).theta();
    }
    assertArrayEquals(theta[1], theta[2], 0.0, "Chain Iteration, 1 vs 2 threads");
    assertArrayEquals(theta[1], theta[3], 0.0, "Chain Iteration, 1 vs 3 threads");
  }

  /** CartPole-MLP declares a bottleneck, so it takes the eq. 73 Fisher; LQR (none) the eq. 72 one. */
  @Test
  void naturalGradientReachesTheSameThetaWithAnyThreadCount() {
    double[][] lqr = new double[3][];
    double[][] mlp = new double[3][];
    for (int threads = 1; threads <= 2; threads++) {
      lqr[threads] = new NaturalGradient(LqrDso.factory(),
          LqrDso.optimizer().batch(20).seed(8).threads(threads).randomTermination(true).config(), 0.01, 1e-3, 10,
          new LinearBaseline(Features.quadratic(2, 0), 1e-6), new double[] {0, 0}, new double[] {20, 20}, null)
          .run(LqrDso.initialParams(8), 4).theta();
      mlp[threads] = new NaturalGradient(CartPoleMlpDso.factory(),
          CartPoleMlpDso.optimizer().batch(8).seed(8).threads(threads).config(), 0.01, 1e-3, 5,
          new LinearBaseline(Features.quadratic(4, 0), 1e-6), null, null, null)
          .run(CartPoleMlpDso.initialParams(8), 3).theta();
    }
    assertArrayEquals(lqr[1], lqr[2], 0.0, "natural gradient on LQR (eq. 72 Fisher), 1 vs 2 threads");
    assertArrayEquals(mlp[1], mlp[2], 0.0, "natural gradient on CartPole-MLP (eq. 73 Fisher), 1 vs 2 threads");
  }
}
