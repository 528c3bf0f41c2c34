package org.dsojava.runtime.optim;

import java.util.SplittableRandom;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;

/**
 * A hand-written kernel with two data cost blocks over records {x (2), a (1)}, θ = (w0, w1, b), and
 * (optionally) a chain that reads the records (a rollout-specific chain, eq. 99). Derivatives by hand.
 *
 * <ul>
 *   <li>"clone" (span 1): ℓ = ½(a − w0·x0 − w1·x1 − b)², linear-Gaussian behavioral cloning;
 *   <li>"sysid" (span 2): ℓ = ½r², r = x0_{t+1} − sin(w0)·x0_t − w1²·x1_t (nonlinear in θ).
 * </ul>
 *
 * Chain (state (s, u), one Gaussian draw): s' = w0·s + ā_t + σε, u' = ā_t (a copy of the record the
 * transition read); s₀ = x̄₀[0], u₀ = 0; cost L = ½(s − b − 0.1·x̄_t[1])². Without {@code readsRecords}
 * the chain reads no records (ā and x̄ taken as 0, s₀ uniform in [−1, 1]) and declares no schema.
 * Discounted, γ = 0.9, horizon 30.
 */
final class DataKernel implements ChainKernel {
  static final DataSchema SCHEMA = DataSchema.of(DataSchema.field("x", 2), DataSchema.field("a", 1));
  static final double SIGMA = 0.5;
  static final double[] TRUE = {0.7, -0.3, 0.2};

  private final boolean readsRecords;
  /** Block "clone" is NaN at (nanN, nanT) (−1: never). */
  private final int nanN;
  private final int nanT;
  private DataSet data;
  private int fx;
  private int fa;
  private final double[] gw = new double[3];

  DataKernel(boolean readsRecords) {
    this(readsRecords, -1, -1);
  }

  DataKernel(boolean readsRecords, int nanN, int nanT) {
    this.readsRecords = readsRecords;
    this.nanN = nanN;
    this.nanT = nanT;
  }

  /** N trajectories of lengths 1 + uniform{minLength−1 … maxLength−1}, a ≈ TRUE·(x0, x1, 1) + noise. */
  static DataSet data(int trajectories, int minLength, int maxLength, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    DataSet.Builder b = DataSet.builder(SCHEMA);
    for (int n = 0; n < trajectories; n++) {
      int len = minLength + rng.nextInt(maxLength - minLength + 1);
      double x0 = rng.nextGaussian();
      for (int t = 0; t < len; t++) {
        double x1 = rng.nextGaussian();
        double a = TRUE[0] * x0 + TRUE[1] * x1 + TRUE[2] + 0.3 * rng.nextGaussian();
        b.add(n, t, x0, x1, a);
        x0 = 0.8 * x0 + 0.5 * x1 + 0.1 * rng.nextGaussian();
      }
    }
    return b.build();
  }

  @Override public String modelName() { return "DataKernel"; }
  @Override public int paramCount() { return 3; }
  @Override public int stateDim() { return 2; }
  @Override public int drawCount() { return 1; }
  @Override public int bottleneckDim() { return 0; }
  @Override public Setting setting() { return Setting.DISCOUNTED; }
  @Override public double discount() { return 0.9; }
  @Override public int horizon() { return 30; }
  @Override public String paramName(int i) { return new String[] {"w0", "w1", "b"}[i]; }

  @Override
  public void initialParams(long seed, double[] theta) {
    theta[0] = 0.1;
    theta[1] = 0.1;
    theta[2] = 0.0;
  }

  private double a(int n, int t) {
    return readsRecords ? data.get(n, t, fa, 0) : 0.0;
  }

  private double x(int n, int t, int i) {
    return readsRecords ? data.get(n, t, fx, i) : 0.0;
  }

  @Override
  public void initialState(double[] theta, int n, Rng rng, double[] x) {
    x[0] = readsRecords ? data.get(n, 0, fx, 0) : rng.uniform(-1, 1);
    x[1] = 0;
  }

  @Override
  public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    double a = a(n, t);
    double v = theta[0] * x[0] + a + SIGMA * rng.gaussian();
    draws[0] = v;
    next[0] = v;
    next[1] = a;
  }

  @Override
  public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
    mean[0] = theta[0] * x[0] + a(n, t);
    mean[1] = a(n, t);
  }

  @Override public boolean terminal(double[] x, int t, int n) { return false; }

  private double costResidual(double[] theta, double[] x, int t, int n) {
    return x[0] - theta[2] - 0.1 * x(n, t, 1);
  }

  @Override
  public double cost(double[] theta, double[] x, int t, int n) {
    double r = costResidual(theta, x, t, n);
    return 0.5 * r * r;
  }

  @Override
  public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
    double r = (draws[0] - theta[0] * x[0] - a(n, t)) / SIGMA;
    return -0.5 * r * r - Math.log(SIGMA) - 0.5 * Math.log(2 * Math.PI);
  }

  @Override
  public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] g) {
    if (wL != 0) {
      g[2] -= wL * costResidual(theta, x, t, n);
    }
    if (wP != 0) {
      double r = draws[0] - theta[0] * x[0] - a(n, t);
      g[0] += wP * r * x[0] / (SIGMA * SIGMA);
    }
  }

  @Override
  public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) {
    java.util.Arrays.fill(gw, 0);
    accumulateGradient(theta, x, t, n, draws, wL, wP, gw);
    return gw[0] * v[0] + gw[1] * v[1] + gw[2] * v[2];
  }

  @Override
  public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v,
      double[] out) {
    out[2] += wL * v[2];
    out[0] -= wP * x[0] * x[0] / (SIGMA * SIGMA) * v[0];
  }

  // ------------------------------------------------------------------ recorded data

  @Override
  public DataSchema recordSchema() {
    return SCHEMA;
  }

  @Override
  public boolean chainReadsRecords() {
    return readsRecords;
  }

  @Override
  public void bind(DataSet d) {
    for (DataSchema.Field f : SCHEMA.fields()) {
      int k = d.schema().indexOf(f.name());
      if (k < 0) {
        throw new IllegalArgumentException("field " + f.name() + " is missing from " + d.source());
      }
      if (d.schema().arity(k) != f.arity()) {
        throw new IllegalArgumentException("field " + f.name() + " has arity " + d.schema().arity(k) + " in "
            + d.source() + ", the model reads " + f.arity());
      }
    }
    this.data = d;
    this.fx = d.field("x");
    this.fa = d.field("a");
  }

  @Override public int dataCostCount() { return 2; }
  @Override public String dataCostName(int k) { return k == 0 ? "clone" : "sysid"; }
  @Override public int dataCostSpan(int k) { return k == 0 ? 1 : 2; }

  private double cloneResidual(double[] th, int n, int t) {
    return data.get(n, t, fa, 0) - th[0] * data.get(n, t, fx, 0) - th[1] * data.get(n, t, fx, 1) - th[2];
  }

  private double sysidResidual(double[] th, int n, int t) {
    return data.get(n, t + 1, fx, 0) - Math.sin(th[0]) * data.get(n, t, fx, 0) - th[1] * th[1] * data.get(n, t, fx, 1);
  }

  @Override
  public double dataCost(int k, double[] theta, int n, int t) {
    if (k == 0 && n == nanN && t == nanT) {
      return Double.NaN;
    }
    double r = k == 0 ? cloneResidual(theta, n, t) : sysidResidual(theta, n, t);
    return 0.5 * r * r;
  }

  @Override
  public void accumulateDataCostGradient(int k, double[] theta, int n, int t, double w, double[] g) {
    if (k == 0) {
      double r = cloneResidual(theta, n, t);
      if (n == nanN && t == nanT) {
        r = Double.NaN;
      }
      g[0] -= w * r * data.get(n, t, fx, 0);
      g[1] -= w * r * data.get(n, t, fx, 1);
      g[2] -= w * r;
    } else {
      double r = sysidResidual(theta, n, t);
      g[0] -= w * r * Math.cos(theta[0]) * data.get(n, t, fx, 0);
      g[1] -= w * r * 2 * theta[1] * data.get(n, t, fx, 1);
    }
  }

  @Override
  public void dataCostHvp(int k, double[] theta, int n, int t, double w, double[] v, double[] out) {
    if (k == 0) {
      double x0 = data.get(n, t, fx, 0);
      double x1 = data.get(n, t, fx, 1);
      double pv = x0 * v[0] + x1 * v[1] + v[2];
      out[0] += w * x0 * pv;
      out[1] += w * x1 * pv;
      out[2] += w * pv;
    } else {
      double r = sysidResidual(theta, n, t);
      double x0 = data.get(n, t, fx, 0);
      double x1 = data.get(n, t, fx, 1);
      double d0 = -Math.cos(theta[0]) * x0;
      double d1 = -2 * theta[1] * x1;
      double jv = d0 * v[0] + d1 * v[1];
      // ∇²(½r²) = ∇r∇rᵀ + r∇²r, ∇²r = diag(sin(w0)·x0, −2·x1)
      out[0] += w * (d0 * jv + r * Math.sin(theta[0]) * x0 * v[0]);
      out[1] += w * (d1 * jv + r * (-2 * x1) * v[1]);
    }
  }
}
