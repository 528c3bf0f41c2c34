package org.dsojava.samples.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.api.Test;

/**
 * Pre-training by gradient: {@link BaseTokens}' {@code @DataCost} block alone (rollouts(0)), Adam from
 * θ = 0, reaches the closed-form maximum-likelihood bigram (n(u, v) + 1)/(n(u) + 3) that
 * {@link TunedTokens}' passive chain is built from, and does so bit for bit with 1 and 2 threads.
 */
class PretrainingTest {
  @Test
  void dataCostPretrainingGivesTheCountingAnswer() {
    Result one = BaseTokensDso.optimizer().data(TokenCorpus.pairs()).dataCost("clone", 1.0).rollouts(0).threads(1)
        .seed(3).adam(0.05).iterations(2000).progress(null).run();
    Result two = BaseTokensDso.optimizer().data(TokenCorpus.pairs()).dataCost("clone", 1.0).rollouts(0).threads(2)
        .seed(3).adam(0.05).iterations(2000).progress(null).run();
    assertArrayEquals(one.theta(), two.theta(), 0.0);
    double[] p = TokenCorpus.baseProbabilities();
    for (int u = 0; u <= TokenCorpus.V; u++) {
      double[] q = ExactTokens.softmax(one.theta(), u * TokenCorpus.V);
      for (int v = 0; v < TokenCorpus.V; v++) {
        assertEquals(p[u * TokenCorpus.V + v], q[v], 1e-6, "p(" + v + "|" + u + ")");
      }
    }
  }
}
