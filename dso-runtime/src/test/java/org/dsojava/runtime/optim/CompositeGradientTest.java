package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.oracle.FiniteChain;
import org.dsojava.runtime.oracle.FiniteChains;
import org.junit.jupiter.api.Test;

/**
 * The composite gradient w_R·(Algorithm 1) + Σ_k w_k ∇L_k on a finite chain whose exact ∇J the oracle
 * gives, plus the two data blocks of {@link DataKernel} (one exact, one minibatched).
 */
class CompositeGradientTest {
  private static final int STATES = 5;
  private static final double GAMMA = 0.9;
  private static final int HORIZON = 6;
  private static final DataSet DATA = DataKernel.data(40, 2, 9, 11);
  private static final double[] THETA = {0.4, 0.6, -0.1};

  /** A softmax chain over 5 states with θ of length 3, discounted, horizon 6. */
  static final FiniteChain CHAIN;
  static final double[] P0 = {0.3, 0.1, 0.2, 0.25, 0.15};

  static {
    SplittableRandom rng = new SplittableRandom(3);
    double[][] bias = new double[STATES][STATES];
    double[][][] feat = new double[3][STATES][STATES];
    double[] cBias = new double[STATES];
    double[][] cFeat = new double[3][STATES];
    for (int i = 0; i < STATES; i++) {
      cBias[i] = rng.nextDouble(-1, 2);
      for (int j = 0; j < STATES; j++) {
        bias[i][j] = rng.nextDouble(-1.5, 1.5);
        for (int k = 0; k < 3; k++) {
          feat[k][i][j] = rng.nextDouble(-1, 1);
        }
      }
      for (int k = 0; k < 3; k++) {
        cFeat[k][i] = rng.nextDouble(-0.5, 0.5);
      }
    }
    CHAIN = FiniteChains.softmax(bias, feat, cBias, cFeat);
  }

  /** The finite chain as a kernel, its data blocks delegated to a {@link DataKernel}. */
  static final class ChainWithData implements ChainKernel {
    private final DataKernel blocks = new DataKernel(false);
    private final double[][] p = new double[STATES][STATES];
    private final double[][][] dp = new double[3][STATES][STATES];
    private final double[] l = new double[STATES];
    private final double[][] dl = new double[3][STATES];

    @Override public String modelName() { return "ChainWithData"; }
    @Override public int paramCount() { return 3; }
    @Override public int stateDim() { return 1; }
    @Override public int drawCount() { return 1; }
    @Override public int bottleneckDim() { return 0; }
    @Override public Setting setting() { return Setting.DISCOUNTED; }
    @Override public double discount() { return GAMMA; }
    @Override public int horizon() { return HORIZON; }
    @Override public String paramName(int i) { return "theta[" + i + "]"; }
    @Override public void initialParams(long seed, double[] theta) { System.arraycopy(THETA, 0, theta, 0, 3); }

    @Override
    public void initialState(double[] theta, int n, Rng rng, double[] x) {
      x[0] = rng.categorical(P0);
    }

    @Override
    public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
      CHAIN.transition(theta, p);
      int j = rng.categorical(p[(int) x[0]]);
      draws[0] = j;
      next[0] = j;
    }

    @Override public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) { mean[0] = x[0]; }
    @Override public boolean terminal(double[] x, int t, int n) { return false; }

    @Override
    public double cost(double[] theta, double[] x, int t, int n) {
      CHAIN.cost(theta, l);
      return l[(int) x[0]];
    }

    @Override
    public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
      CHAIN.transition(theta, p);
      return Math.log(p[(int) x[0]][(int) draws[0]]);
    }

    @Override
    public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] g) {
      int i = (int) x[0];
      if (wL != 0) {
        CHAIN.costGradient(theta, dl);
        for (int k = 0; k < 3; k++) {
          g[k] += wL * dl[k][i];
        }
      }
      if (wP != 0) {
        int j = (int) draws[0];
        CHAIN.transition(theta, p);
        CHAIN.transitionGradient(theta, dp);
        for (int k = 0; k < 3; k++) {
          g[k] += wP * dp[k][i][j] / p[i][j];
        }
      }
    }

    @Override public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] v) { throw new UnsupportedOperationException(); }
    @Override public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] v, double[] out) { throw new UnsupportedOperationException(); }

    @Override public DataSchema recordSchema() { return null; }
    @Override public void bind(DataSet data) { blocks.bind(data); }
    @Override public int dataCostCount() { return blocks.dataCostCount(); }
    @Override public String dataCostName(int k) { return blocks.dataCostName(k); }
    @Override public int dataCostSpan(int k) { return blocks.dataCostSpan(k); }
    @Override public double dataCost(int k, double[] theta, int n, int t) { return blocks.dataCost(k, theta, n, t); }
    @Override public void accumulateDataCostGradient(int k, double[] theta, int n, int t, double w, double[] g) {
      blocks.accumulateDataCostGradient(k, theta, n, t, w, g);
    }
    @Override public void dataCostHvp(int k, double[] theta, int n, int t, double w, double[] v, double[] out) {
      blocks.dataCostHvp(k, theta, n, t, w, v, out);
    }
  }

  /**
   * The exact composite gradient: the oracle's ∇J of rollouts cut after 6 transitions, which charge
   * x₀…x₅ (the cut state is not charged in the discounted setting: the oracle's truncated(…, 5)), plus
   * the blocks' exact gradients.
   */
  private static double[] exact(double wR, double wClone, double wSysid) {
    double[] g = ChainOracle.truncated(CHAIN, THETA, P0, GAMMA, HORIZON - 1).gradient().clone();
    DataCosts costs = new DataCosts(new DataKernel(false), DATA, GAMMA);
    double[] c = new double[3];
    double[] s = new double[3];
    costs.gradient(0, THETA, c);
    costs.gradient(1, THETA, s);
    for (int i = 0; i < 3; i++) {
      g[i] = wR * g[i] + wClone * c[i] + wSysid * s[i];
    }
    return g;
  }

  /** {mean, standard error} per entry of M composite estimates (iterations 0…M−1 of one seed). */
  private static double[][] estimates(DsoOptimizer o, int m) {
    double[] sum = new double[3];
    double[] sq = new double[3];
    for (int it = 0; it < m; it++) {
      double[] g = o.gradient(THETA, it);
      for (int i = 0; i < 3; i++) {
        sum[i] += g[i];
        sq[i] += g[i] * g[i];
      }
    }
    double[][] out = new double[2][3];
    for (int i = 0; i < 3; i++) {
      out[0][i] = sum[i] / m;
      out[1][i] = Math.sqrt((sq[i] / m - out[0][i] * out[0][i]) * m / (m - 1) / m);
    }
    return out;
  }

  private static DsoOptimizer optimizer(int batch) {
    return DsoOptimizer.of(ChainWithData::new).baseline(ValueBaseline.none()).threads(1).seed(5).batch(batch)
        .progress(null).data(DATA);
  }

  /**
   * Rollouts weighted 1.5, "clone" exact (0.5), "sysid" from minibatches of 4 trajectories (2.0). The
   * mean of 1000 estimates from 64 rollouts each has an SE of at most about 0.03 per entry, so 5 SE (≈ 0.15)
   * catches a missing rollout weight (a change of 0.5·∇J ≈ 0.25 in ∂/∂θ0) or a missing block; it cannot
   * resolve an off-by-one horizon (≈ 0.06), which the oracle tests cover for the estimator itself.
   */
  @Test
  void compositeEstimateAgreesWithOracleGradientPlusExactBlocks() {
    double[] exact = exact(1.5, 0.5, 2.0);
    double[][] est = estimates(optimizer(64).rollouts(1.5).dataCost("clone", 0.5).dataCost("sysid", 2.0, 4), 1000);
    for (int i = 0; i < 3; i++) {
      assertTrue(est[1][i] > 0, "entry " + i + " has sampling noise");
      assertTrue(Math.abs(est[0][i] - exact[i]) <= 5 * est[1][i],
          "∂/∂θ" + i + ": mean estimate " + est[0][i] + " vs exact " + exact[i] + " (SE " + est[1][i] + ")");
    }
  }

  /**
   * With exact blocks all the noise is the rollouts': quadrupling the batch halves the SE. Each SE comes
   * from 300 estimates (relative sampling error ≈ 1/√600 ≈ 4%), so the ratio is 2 within about ±0.2 at
   * 2 sigma; [1.6, 2.5] leaves a margin beyond that.
   */
  @Test
  void standardErrorFallsAsOneOverRootBatch() {
    double[] exact = exact(1.0, 0.5, 2.0);
    double[][] small = estimates(optimizer(16).dataCost("clone", 0.5).dataCost("sysid", 2.0), 300);
    double[][] large = estimates(optimizer(64).dataCost("clone", 0.5).dataCost("sysid", 2.0), 300);
    for (int i = 0; i < 3; i++) {
      double ratio = small[1][i] / large[1][i];
      assertTrue(ratio >= 1.6 && ratio <= 2.5, "∂/∂θ" + i + ": SE ratio " + ratio);
      assertTrue(Math.abs(large[0][i] - exact[i]) <= 5 * large[1][i],
          "∂/∂θ" + i + ": mean estimate " + large[0][i] + " vs exact " + exact[i] + " (SE " + large[1][i] + ")");
    }
  }
}
