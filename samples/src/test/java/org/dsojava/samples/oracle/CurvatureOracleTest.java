package org.dsojava.samples.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.oracle.ChainOracle;
import org.dsojava.runtime.optim.Batch;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.GradientEstimator;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.SampleCurvature;
import org.dsojava.runtime.optim.Surrogate;
import org.dsojava.runtime.optim.ValueBaseline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Curvature against the exact oracle (sections 4.4–4.6), on the finite chains mirrored in {@link
 * Mirrors} (exact quantities: {@link ExactCurvature}):
 *
 * <ol>
 *   <li>{@link SampleCurvature#fisherVector} vs the exact chain Fisher of eq. 72 (3 and 10 states,
 *       γ = 0.8), with horizon-cut rollouts ({@link #fisherHorizonCut}) and with random termination
 *       ({@link #randomTerminationThreeStates}, which also checks the recorded ρ weights and {@link
 *       Surrogate#hessianVector} against the exact ∂²S/∂α²).
 *   <li>{@link SampleCurvature#timeVaryingHessianVector} (Lemma 3, eq. 80 with the last term ∇²ℒ) vs
 *       the exact time-varying ∇²J, and its path gradient vs the oracle's ∇J ({@link
 *       #timeVaryingHessian}, {@link #curvedTimeVaryingHessian}).
 *   <li>The symmetry of the exact surrogate's cross derivatives (eq. 78), their equality with ∇²J
 *       (eq. 77), and the error of eq. 75's ∇²J ≈ ∂²S/∂α² ({@link
 *       #surrogateCrossDerivativesAreSymmetric}).
 * </ol>
 *
 * <h2>Statistics</h2>
 *
 * A statistic of a recorded batch here is a mean over its N i.i.d. rollouts (every estimator in
 * {@link SampleCurvature} and {@link Surrogate} is (1/N) Σₙ of a per-rollout term; rollouts come from
 * disjoint streams), so SE_k(N) = σ_k/√N with σ_k² pooled over every N as in {@link Agreement}. Several
 * directions v (3 fixed Gaussian vectors) are concatenated into one vector. {@link #check} asserts
 * that every estimate is within 5 SE of the exact value in every component and the mean of the R
 * estimates at each N within 5 SE/√R, and that the error falls as 1/√N (see there). Components that
 * are 0 in every estimate (e.g. Fisher rows of a cost-only parameter) are left out after asserting
 * the exact value is 0 there too.
 *
 * <p>N = 10³, 10⁴, 10⁵ with R = 24, 10, 6 repetitions (24, 10, 8 for the random-termination study).
 * Every recorded batch serves all statistics of its study (one sampling pass per chain and
 * termination mode), computed on the two halves of the batch in parallel and recombined. Seeds:
 * {@code -Dcurvature.seed=S} (default 5000; 7000 and 31000 pass too).
 *
 * <h2>Random termination and the density ρ</h2>
 *
 * With random termination a rollout stops with probability 1 − γ <em>before</em> each transition, and
 * its recorded weights are 1 (GradientEstimator: {@code ge = 1}). So x_t is reached with probability
 * γᵗ and Σ_t over visited states (what S̃ charges L with: costWeight for t &lt; T plus terminalWeight at
 * x_T) has expectation Σ_t γᵗ μ_t = ρ of {@code ChainOracle.discounted} (eq. 4 in the oracle's
 * normalization, x₀ counted with weight 1, Σρ = 1/(1−γ)). But a <em>transition</em> out of x_t is only
 * recorded when the rollout survives the check at t too, with probability γᵗ⁺¹. Algorithm 1 relies on
 * exactly that: the γ of the ∇ln P term (eq. 32) is realized by the extra survival. The sample Fisher
 * must not have it: its per-transition weight is ρ's, 1/γ with random termination, so its expectation
 * is F of eq. 72 (an earlier version weighted transitions like costs and converged to γ·F).
 * {@link #randomTerminationThreeStates()} measures the weights directly (a probe kernel that records
 * the weight each state receives) and checks F̃ → F, far from γF.
 * With a horizon H and discount weights γᵗ instead, every transition t &lt; H is recorded with
 * weight γᵗ, the weights are ρ_{H−1} = {@code ChainOracle.truncated(H − 1).density()} exactly, and
 * F̃ → F (the horizon tests).
 */
class CurvatureOracleTest {
  private static final double GAMMA = 0.8;
  private static final int[] N = {1_000, 10_000, 100_000};
  /** Repetitions at each N. */
  private static final int[] R = {24, 10, 6};
  /** The random-termination study needs more at 10⁵: its 3-component visit weights have few dof. */
  private static final int[] R_RANDOM_TERMINATION = {24, 10, 8};
  /** Rollouts cut after H transitions with weights γᵗ ↔ the oracle's truncated(H − 1). */
  private static final int H = 5;

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "curvature-stat");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------
  // Sampling machinery

  /** A mean-over-rollouts statistic of one recorded batch. */
  interface BatchStatistic {
    double[] apply(Batch batch, ChainKernel kernel);
  }

  /**
   * A statistic with its exact expectation. The statistic may return several parts concatenated
   * (one study each, e.g. H̃·v and the path gradient from the same call); {@code exacts} gives them.
   */
  record Stat(List<String> labels, List<double[]> exacts, BatchStatistic statistic) {
    Stat(String label, double[] exact, BatchStatistic statistic) {
      this(List.of(label), List.of(exact), statistic);
    }
  }

  /** Three fixed Gaussian directions. */
  static double[][] directions(int p, long seed) {
    Random rng = new Random(seed);
    double[][] v = new double[3][p];
    for (double[] d : v) {
      for (int i = 0; i < p; i++) {
        d[i] = rng.nextGaussian();
      }
    }
    return v;
  }

  static double[] concat(double[]... parts) {
    int len = 0;
    for (double[] a : parts) {
      len += a.length;
    }
    double[] out = new double[len];
    int k = 0;
    for (double[] a : parts) {
      System.arraycopy(a, 0, out, k, a.length);
      k += a.length;
    }
    return out;
  }

  /** [M v₁, M v₂, M v₃]. */
  static double[] products(double[][] m, double[][] vs) {
    double[][] out = new double[vs.length][];
    for (int d = 0; d < vs.length; d++) {
      out[d] = ExactCurvature.times(m, vs[d]);
    }
    return concat(out);
  }

  /** A matrix–vector estimator {@code (batch, kernel, v, out)} applied to each direction. */
  interface Product {
    void apply(Batch batch, ChainKernel kernel, double[] v, double[] out);
  }

  static BatchStatistic products(double[][] vs, Product product) {
    return (batch, k) -> {
      double[][] out = new double[vs.length][vs[0].length];
      for (int d = 0; d < vs.length; d++) {
        product.apply(batch, k, vs[d], out[d]);
      }
      return concat(out);
    };
  }

  /**
   * Applies a statistic to the two halves of the batch on two threads and recombines them weighted
   * by their sizes (valid because every statistic here is a mean over rollouts).
   */
  static double[] parallel(Batch batch, BatchStatistic stat, ChainKernel[] kernels) {
    List<Batch.Rollout> all = batch.rollouts();
    int half = all.size() / 2;
    Batch a = new Batch(batch.theta(), all.subList(0, half), batch.estimate());
    Batch b = new Batch(batch.theta(), all.subList(half, all.size()), batch.estimate());
    Future<double[]> fa = pool.submit(() -> stat.apply(a, kernels[0]));
    double[] rb = stat.apply(b, kernels[1]);
    double[] ra;
    try {
      ra = fa.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    double wa = (double) half / all.size();
    double[] out = new double[ra.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = wa * ra[i] + (1 - wa) * rb[i];
    }
    return out;
  }

  /**
   * Draws R independent recorded batches at each N (rollouts from disjoint streams: iteration r of
   * seed s·(i+1)), applies every statistic to every batch, and returns one study per statistic.
   */
  static List<Agreement.Study> studies(String model, KernelFactory factory, Supplier<DsoOptimizer> builder,
      double[] theta, List<Stat> stats, int[] reps) {
    double[][][][] est = new double[stats.size()][N.length][][];
    ChainKernel[] kernels = {factory.create(), factory.create()};
    for (int i = 0; i < N.length; i++) {
      EstimatorConfig config = builder.get().batch(N[i]).threads(2)
          .seed(Long.getLong("curvature.seed", 5000L) * (i + 1)).config();
      for (int s = 0; s < stats.size(); s++) {
        est[s][i] = new double[reps[i]][];
      }
      try (GradientEstimator estimator = new GradientEstimator(factory, config)) {
        for (int r = 0; r < reps[i]; r++) {
          Batch batch = estimator.sample(theta, 1 + r, ValueBaseline.none(), 0);
          assertEquals(N[i], batch.rollouts().size(), "no rollout may be dropped on a finite chain");
          for (int s = 0; s < stats.size(); s++) {
            est[s][i][r] = parallel(batch, stats.get(s).statistic(), kernels);
          }
        }
      }
    }
    List<Agreement.Study> out = new ArrayList<>();
    for (int s = 0; s < stats.size(); s++) {
      Stat stat = stats.get(s);
      int offset = 0;
      for (int part = 0; part < stat.labels().size(); part++) {
        int from = offset;
        int len = stat.exacts().get(part).length;
        double[][][] slice = new double[N.length][][];
        for (int i = 0; i < N.length; i++) {
          slice[i] = new double[reps[i]][];
          for (int r = 0; r < reps[i]; r++) {
            slice[i][r] = Arrays.copyOfRange(est[s][i][r], from, from + len);
          }
        }
        out.add(study(model, stat.labels().get(part), stat.exacts().get(part), slice));
        offset += len;
      }
    }
    return out;
  }

  /**
   * A study over the informative components: a component whose estimates are all exactly 0 (e.g. a
   * Fisher row of a cost-only parameter, which P does not depend on, or a Hessian row of a parameter
   * that enters L linearly and not P) has no variance to compare with; it is left out after asserting
   * that the exact value is 0 there too (to FD accuracy, ≤ 10⁻⁸ of the largest exact component).
   */
  static Agreement.Study study(String model, String label, double[] exact, double[][][] estimates) {
    double largest = 0;
    for (double x : exact) {
      largest = Math.max(largest, Math.abs(x));
    }
    boolean[] keep = new boolean[exact.length];
    int kept = 0;
    for (int k = 0; k < exact.length; k++) {
      for (double[][] atN : estimates) {
        for (double[] e : atN) {
          keep[k] |= e[k] != 0;
        }
      }
      if (!keep[k]) {
        assertTrue(Math.abs(exact[k]) <= 1e-8 * largest, String.format(Locale.ROOT, "%s %s: component %d is exactly 0"
            + " in every estimate but %.3e in the oracle", model, label, k, exact[k]));
      }
      kept += keep[k] ? 1 : 0;
    }
    double[] x = new double[kept];
    Agreement.Sample[] samples = new Agreement.Sample[estimates.length];
    for (int i = 0; i < estimates.length; i++) {
      double[][] e = new double[estimates[i].length][kept];
      for (int r = 0; r < e.length; r++) {
        for (int k = 0, j = 0; k < exact.length; k++) {
          if (keep[k]) {
            e[r][j] = estimates[i][r][k];
            x[j++] = exact[k];
          }
        }
      }
      samples[i] = new Agreement.Sample(N[i], e);
    }
    if (kept < exact.length) {
      System.out.printf(Locale.ROOT, "%-11s %-8s %d of %d components are 0 in every estimate and in the oracle (left out)%n",
          model, label, exact.length - kept, exact.length);
    }
    return new Agreement.Study(model, label, x, samples);
  }

  /**
   * Agreement and rate. Agreement as in {@link Agreement.Study#check()}: every estimate within 5 SE of
   * the exact value in every component, the mean of the R estimates at each N within 5 SE/√R.
   *
   * <p>Rate: the standardized mean squared error z(N) = (1/R) Σ_r Σ_k (est_rk − exact_k)²/SE_k(N)²
   * has expectation K (the number of components) at every N when the estimator is unbiased with
   * variance ∝ 1/N, i.e. when the error falls as 1/√N, and grows as N·Σ_k bias_k²/σ_k² otherwise.
   * Measured in each component's own SE, the MSE has many more degrees of freedom than the raw one
   * (which the noisiest components dominate): z/K ≈ χ²_ν/ν with ν = R·K²/tr C², C the components'
   * correlation matrix (printed as "dof"; ≥ 40 at N = 10³; at N = 10⁵ ≈ 13–14 for the 3-component
   * visit weights (R = 8), ≈ 15 for the 5-component path gradients and 25–65 for the products (R = 6)).
   * The test asserts z(10⁵)/z(10³) ∈ [0.1, 4], i.e. MSE(10³)/MSE(10⁵) within [25, 1000] against the
   * 100 that 1/√N predicts: by chance this fails with probability ≲ 3·10⁻⁴ at ν = 13 even with the
   * N = 10³ denominator 25% off (χ²₁₃ &lt; 1.6 or &gt; 39), far less at larger ν, whereas a bias
   * of one SE(10⁴) in every component gives ≈ 11. (Small biases are the business of the 5-SE check of
   * the means, whose resolution is printed.)
   */
  static void check(Agreement.Study s) {
    double[] exact = s.exact();
    int kk = exact.length;
    double[] sigma2 = s.rolloutVariance();
    // The correlation of the components, pooled over every N like σ².
    double[][] corr = new double[kk][kk];
    double dof = 0;
    for (Agreement.Sample sample : s.samples()) {
      double[][] c = sample.covariance();
      for (int i = 0; i < kk; i++) {
        for (int j = 0; j < kk; j++) {
          corr[i][j] += (sample.reps() - 1) * sample.batch() * c[i][j];
        }
      }
      dof += sample.reps() - 1;
    }
    double trC2 = 0;
    for (int i = 0; i < kk; i++) {
      for (int j = 0; j < kk; j++) {
        double r = corr[i][j] / dof / Math.sqrt(sigma2[i] * sigma2[j]);
        trC2 += r * r;
      }
    }
    double[] z = new double[s.samples().length];
    for (int n = 0; n < s.samples().length; n++) {
      Agreement.Sample sample = s.samples()[n];
      double worstSingle = 0;
      for (double[] e : sample.estimates()) {
        for (int k = 0; k < kk; k++) {
          double se2 = sigma2[k] / sample.batch();
          double d = e[k] - exact[k];
          worstSingle = Math.max(worstSingle, Math.abs(d) / Math.sqrt(se2));
          z[n] += d * d / se2 / sample.reps();
        }
      }
      double[] m = sample.mean();
      double worstMean = 0;
      for (int k = 0; k < kk; k++) {
        worstMean = Math.max(worstMean,
            Math.abs(m[k] - exact[k]) / Math.sqrt(sigma2[k] / ((double) sample.batch() * sample.reps())));
      }
      System.out.printf(Locale.ROOT, "%-11s %-8s N=%-6d R=%-3d rms error %.3e  z/K %.2f  dof %4.0f  max single |err|/SE %.2f"
          + "  max |mean err|/SE %.2f%n", s.model(), s.label(), sample.batch(), sample.reps(),
          Math.sqrt(sample.meanSquaredError(exact)), z[n] / kk, sample.reps() * kk * kk / trC2, worstSingle, worstMean);
      assertTrue(worstSingle <= 5, String.format(Locale.ROOT, "%s %s N=%d: an estimate is %.2f standard errors from the"
          + " exact value in some component", s.model(), s.label(), sample.batch(), worstSingle));
      assertTrue(worstMean <= 5, String.format(Locale.ROOT, "%s %s N=%d: the mean of %d estimates is %.2f standard errors"
          + " from the exact value in some component (bias?)", s.model(), s.label(), sample.batch(), sample.reps(), worstMean));
    }
    Agreement.Sample small = s.samples()[0];
    Agreement.Sample large = s.samples()[s.samples().length - 1];
    double norm = 0;
    double resolution = 0;
    for (int k = 0; k < kk; k++) {
      norm += exact[k] * exact[k];
      resolution = Math.max(resolution, 5 * Math.sqrt(sigma2[k] / ((double) large.batch() * large.reps())));
    }
    double growth = z[z.length - 1] / z[0];
    System.out.printf(Locale.ROOT, "%-11s %-8s MSE(N=%d)/MSE(N=%d) = %.1f (1/N predicts %.0f); standardized z(%d)/z(%d) = %.2f;"
        + " resolution %.2e (%.1f%% of the exact vector's norm %.3f)%n", s.model(), s.label(), small.batch(), large.batch(),
        small.meanSquaredError(exact) / large.meanSquaredError(exact), (double) large.batch() / small.batch(),
        large.batch(), small.batch(), growth, resolution, 100 * resolution / Math.sqrt(norm), Math.sqrt(norm));
    assertTrue(growth >= 0.1 && growth <= 4, String.format(Locale.ROOT, "%s %s: the standardized error changes by %.2f"
        + " from N=%d to N=%d; an unbiased estimator's error falls as 1/√N (ratio ≈ 1)", s.model(), s.label(), growth,
        small.batch(), large.batch()));
  }

  /** max_k |mean_k − target_k| / SE_k of the mean of the R estimates at the largest N. */
  static double deviationOfLargestMean(Agreement.Study s, double[] target) {
    double[] sigma2 = s.rolloutVariance();
    Agreement.Sample last = s.samples()[s.samples().length - 1];
    double[] m = last.mean();
    double worst = 0;
    for (int k = 0; k < m.length; k++) {
      worst = Math.max(worst, Math.abs(m[k] - target[k]) / Math.sqrt(sigma2[k] / ((double) last.batch() * last.reps())));
    }
    return worst;
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Fisher–vector products (eq. 72)

  /**
   * (1) The sample chain Fisher on rollouts cut after H = 5 transitions with weights γᵗ, vs the exact
   * F = Σ_x ρ(x) Σ_x' ∇P∇Pᵀ/P with ρ = truncated(H − 1).density() (the states x₀ … x_{H−1} that
   * have a transition). 3 and 10 states, γ = 0.8.
   */
  @Test
  void fisherHorizonCut() {
    fisherHorizonCut("3-state", Mirrors.threeState(), ThreeStateDso.factory());
    fisherHorizonCut("10-state", Mirrors.tenState(), TenStateDso.factory());
  }

  private static void fisherHorizonCut(String model, Mirrors.Mirror m, KernelFactory factory) {
    double[] rho = ChainOracle.truncated(m.chain(), m.theta(), m.p0(), GAMMA, H - 1).density();
    double[][] f = ExactCurvature.chainFisher(m.chain(), m.theta(), rho);
    double[][] vs = directions(m.theta().length, 11);
    List<Agreement.Study> s = studies(model, factory, () -> DsoOptimizer.of(factory).horizon(H), m.theta(),
        List.of(new Stat("F·v H5", products(f, vs), products(vs, SampleCurvature::fisherVector))), R);
    check(s.get(0));
  }

  /**
   * (1') Random termination (3 states, γ = 0.8): what the recorded weights are, and what the sample
   * Fisher and the sample surrogate Hessian converge to. One sampling pass serves:
   *
   * <ul>
   *   <li>"visits": the weight S̃ gives L at each state (costWeight for t &lt; T, terminalWeight at
   *       x_T), read with a probe kernel → ρ of {@code discounted} exactly (what Theorem 1 needs);
   *   <li>"trans": the weight the sample Fisher gives each state (costWeight of transitions only) → γρ;
   *   <li>"F·v": {@link SampleCurvature#fisherVector} → γ·F·v, and it is asserted to be many SE away
   *       of eq. 72: each recorded transition carries the ρ-weight of its state (1/γ for the extra
   *       survival a recorded transition implies), and the run shows it is far from γ·F·v;
   *   <li>"∇²S̃·v": {@link Surrogate#hessianVector} at α = 0 (eq. 76) → ∂²S/∂α² · v of the exact
   *       surrogate (eq. 60): the ratio terms' weights R_{t+1} (no baseline) are unbiased for
   *       V(x_{t+1}) and random termination realizes their γ exactly.
   * </ul>
   *
   * The 10-state chain behaves the same (F̃·v ≈ 0.799·F·v, 133 SE from F·v; not run here, to keep
   * the class within its time budget).
   */
  @Test
  void randomTerminationThreeStates() {
    randomTermination("3-state", Mirrors.threeState(), ThreeStateDso.factory());
  }

  private static void randomTermination(String model, Mirrors.Mirror m, KernelFactory factory) {
    int n = m.chain().states();
    double[] rho = ChainOracle.discounted(m.chain(), m.theta(), m.p0(), GAMMA).density();
    double[][] f = ExactCurvature.chainFisher(m.chain(), m.theta(), rho);
    double[][] a = ExactCurvature.surrogateAlphaHessian(m, GAMMA, 1e-3);
    double[][] vs = directions(m.theta().length, 11);
    double[] fv = products(f, vs);
    double[] gammaFv = fv.clone();
    for (int k = 0; k < fv.length; k++) {
      gammaFv[k] *= GAMMA;
    }
    BatchStatistic visits = (batch, k) -> {
      double[] out = new double[k.paramCount()];
      new Surrogate(batch, new VisitProbe(k, true)).gradient(new double[k.paramCount()], out);
      return Arrays.copyOf(out, n);
    };
    BatchStatistic transitions = (batch, k) -> {
      double[] out = new double[k.paramCount()];
      SampleCurvature.fisherVector(batch, new VisitProbe(k, false), new double[k.paramCount()], out);
      return Arrays.copyOf(out, n);
    };
    Product hessian = (batch, k, v, out) -> new Surrogate(batch, k).hessianVector(new double[v.length], v, out);
    List<Agreement.Study> s = studies(model, factory, () -> DsoOptimizer.of(factory).randomTermination(true), m.theta(),
        List.of(new Stat("visits", rho, visits), new Stat("trans", rho, transitions),
            new Stat("F·v RT", fv, products(vs, SampleCurvature::fisherVector)),
            new Stat("∇²S̃·v", products(a, vs), products(vs, hessian))), R_RANDOM_TERMINATION);
    for (Agreement.Study study : s) {
      check(study);
    }
    // The transitions' Fisher weights are ρ (not γρ): F̃·v estimates eq. 72's F·v, not γ·F·v.
    double fisherVsGammaF = deviationOfLargestMean(s.get(2), gammaFv);
    System.out.printf(Locale.ROOT, "%-11s random termination: F̃·v vs γ·F·v: %.0f SE (F̃ must estimate F, eq. 72)%n",
        model, fisherVsGammaF);
    assertTrue(fisherVsGammaF > 10, String.format(Locale.ROOT, "%s: F̃·v is within %.1f SE of γ·F·v; the random-termination"
        + " Fisher weights have lost their 1/γ", model, fisherVsGammaF));
  }

  /**
   * Delegates to a kernel but records, instead of gradients, the weight each state x receives:
   * {@code out[x] += wL} ({@code cost}) or {@code out[x] += wP} with a unit directional derivative
   * (transitions). x is a state index in x[0]; {@code out} has paramCount ≥ states entries.
   */
  static final class VisitProbe implements ChainKernel {
    private final ChainKernel k;
    private final boolean cost;

    VisitProbe(ChainKernel k, boolean cost) {
      this.k = k;
      this.cost = cost;
    }

    @Override
    public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] g) {
      g[(int) x[0]] += cost ? wL : wP;
    }

    @Override
    public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) {
      return 1.0;
    }

    @Override public String modelName() { return k.modelName(); }
    @Override public int paramCount() { return k.paramCount(); }
    @Override public int stateDim() { return k.stateDim(); }
    @Override public int drawCount() { return k.drawCount(); }
    @Override public int bottleneckDim() { return 0; }
    @Override public org.dsojava.annotations.Setting setting() { return k.setting(); }
    @Override public double discount() { return k.discount(); }
    @Override public int horizon() { return k.horizon(); }
    @Override public String paramName(int i) { return k.paramName(i); }
    @Override public void initialParams(long seed, double[] theta) { k.initialParams(seed, theta); }
    @Override public void initialState(double[] theta, int n, org.dsojava.runtime.Rng rng, double[] x) {
      k.initialState(theta, n, rng, x);
    }
    @Override public void sample(double[] theta, double[] x, int t, int n, org.dsojava.runtime.Rng rng, double[] draws,
        double[] next) {
      k.sample(theta, x, t, n, rng, draws, next);
    }
    @Override public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
      k.meanStep(theta, x, t, n, mean);
    }
    @Override public boolean terminal(double[] x, int t, int n) { return k.terminal(x, t, n); }
    @Override public double cost(double[] theta, double[] x, int t, int n) { return k.cost(theta, x, t, n); }
    @Override public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
      return k.logDensity(theta, x, t, n, draws);
    }
    @Override public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v,
        double[] out) {
      throw new UnsupportedOperationException();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Lemma 3's unbiased Hessian (time-varying)

  /**
   * (2) {@link SampleCurvature#timeVaryingHessianVector} vs the exact ∇²J, the 4-point central
   * difference (h = 10⁻³) of the oracle's exact Theorem 3 gradient (its asymmetry, a measure of the FD
   * error, is printed and must be ≤ 10⁻⁸ relative); and the path gradient E[∇𝒦 ℒ + ∇ℒ] returned by
   * the same call vs the oracle's ∇J. On {@link TimeVarying} (T = 5) and on {@link CurvedTimeVarying},
   * whose costs are curved in θ so that the ∇²ℒ term of eq. 80 matters (on {@link TimeVarying} ∇²ℒ = 0,
   * so the printed 𝒦∇²ℒ would pass there too).
   */
  @Test
  void timeVaryingHessian() {
    timeVaryingHessian("time-vary", Mirrors.timeVarying(), TimeVaryingDso.factory());
  }

  /** (2) on {@link CurvedTimeVarying}. */
  @Test
  void curvedTimeVaryingHessian() {
    timeVaryingHessian("tv-curved", CurvatureMirrors.curvedTimeVarying(), CurvedTimeVaryingDso.factory());
  }

  private static void timeVaryingHessian(String model, Mirrors.Mirror m, KernelFactory factory) {
    int horizon = 5;
    double[][] hess = ExactCurvature.jacobian(th -> ChainOracle.timeVarying(m.chain(), th, m.p0(), horizon).gradient(),
        m.theta(), 1e-3);
    double asym = ExactCurvature.maxAbs(ExactCurvature.minus(hess, ExactCurvature.transpose(hess)));
    System.out.printf(Locale.ROOT, "%-11s exact ∇²J by FD: max|H − Hᵀ| = %.2e, max|H| = %.3f%n", model, asym,
        ExactCurvature.maxAbs(hess));
    assertTrue(asym <= 1e-8 * ExactCurvature.maxAbs(hess), "the finite-difference Hessian is not symmetric: " + asym);
    double[] grad = ChainOracle.timeVarying(m.chain(), m.theta(), m.p0(), horizon).gradient();
    double[][] vs = directions(m.theta().length, 12);
    int p = m.theta().length;
    BatchStatistic hvAndGradient = (batch, k) -> {
      double[][] out = new double[vs.length + 1][p];
      for (int d = 0; d < vs.length; d++) {
        SampleCurvature.timeVaryingHessianVector(batch, k, vs[d], out[d], d == 0 ? out[vs.length] : null);
      }
      return concat(out);
    };
    List<Agreement.Study> s = studies(model, factory, () -> DsoOptimizer.of(factory), m.theta(),
        List.of(new Stat(List.of("H̃·v", "path ∇J"), List.of(products(hess, vs), grad), hvAndGradient)), R);
    for (Agreement.Study study : s) {
      check(study);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. The symmetry of eq. 78 and eq. 77 vs eq. 75

  /**
   * (3) With the exact surrogate S(θ, α) of eq. 60 (ρ_θ, V_θ from the oracle; P, L at θ + α), the
   * cross derivatives M = ∂²S/∂θ∂α at α = 0, computed from values of S by finite differences, are
   * symmetric (eq. 78) and equal the exact ∇²J (eq. 77; FD of the oracle's gradient), to FD accuracy
   * (asserted ≤ 10⁻⁶ relative; observed ~10⁻⁹). The symmetry is not term by term: M = A + B_ρ + B_V
   * (A = ∂²S/∂α², B_ρ from ρ following θ, B_V from V following θ), B_ρ and B_V are each far from
   * symmetric, but B_ρ = B_Vᵀ — because ∂_iρᵀ = γρᵀ∂_iP(I − γP)⁻¹ and ∂_jV = (I − γP)⁻¹∇_jS, so
   * B_ρ[i][j] = γρᵀ∂_iP ∂_jV = B_V[j][i]. Hence ∇²J = A + B_V + B_Vᵀ, and eq. 75's approximation
   * ∇²J ≈ A misses B_V + B_Vᵀ, which is not small here (asserted ≥ 5% of ‖∇²J‖ in Frobenius norm;
   * the numbers are printed).
   */
  @Test
  void surrogateCrossDerivativesAreSymmetric() {
    symmetry("3-state", Mirrors.threeState());
    symmetry("10-state", Mirrors.tenState());
  }

  private static void symmetry(String model, Mirrors.Mirror m) {
    double[][] hj = ExactCurvature.discountedHessian(m, GAMMA, 1e-3);
    ExactCurvature.SurrogateDerivatives d = ExactCurvature.surrogateSecondDerivatives(m, GAMMA, 2e-3);
    double[][] mx = d.thetaAlpha();
    double[][] a = d.alphaAlpha();
    double scale = ExactCurvature.maxAbs(hj);
    double asymM = ExactCurvature.maxAbs(ExactCurvature.minus(mx, ExactCurvature.transpose(mx))) / scale;
    double mVsH = ExactCurvature.maxAbs(ExactCurvature.minus(mx, hj)) / scale;
    double asymH = ExactCurvature.maxAbs(ExactCurvature.minus(hj, ExactCurvature.transpose(hj))) / scale;
    // A two ways: from values of S, and from the exact α-gradient (cross-check of the FD).
    double aCheck = ExactCurvature.maxAbs(ExactCurvature.minus(a, ExactCurvature.surrogateAlphaHessian(m, GAMMA, 1e-3)))
        / scale;
    double asymRho = ExactCurvature.maxAbs(ExactCurvature.minus(d.rhoPart(), ExactCurvature.transpose(d.rhoPart())))
        / scale;
    double asymV = ExactCurvature.maxAbs(ExactCurvature.minus(d.valuePart(), ExactCurvature.transpose(d.valuePart())))
        / scale;
    double rhoIsVt = ExactCurvature.maxAbs(ExactCurvature.minus(d.rhoPart(), ExactCurvature.transpose(d.valuePart())))
        / scale;
    double[][] gap = ExactCurvature.minus(a, hj);
    double gapFro = ExactCurvature.frobenius(gap) / ExactCurvature.frobenius(hj);
    double gapMax = ExactCurvature.maxAbs(gap);
    System.out.printf(Locale.ROOT, "%-11s eq. 78: max|M − Mᵀ|/max|∇²J| = %.1e; eq. 77: max|M − ∇²J|/max|∇²J| = %.1e"
        + " (FD ∇²J asymmetry %.1e, A two ways %.1e)%n", model, asymM, mVsH, asymH, aCheck);
    System.out.printf(Locale.ROOT, "%-11s parts: max|B_ρ − B_ρᵀ| = %.3f, max|B_V − B_Vᵀ| = %.3f, max|B_ρ − B_Vᵀ| = %.1e"
        + " (relative to max|∇²J| = %.3f)%n", model, asymRho, asymV, rhoIsVt, scale);
    System.out.printf(Locale.ROOT, "%-11s eq. 75: ‖∂²S/∂α² − ∇²J‖_F/‖∇²J‖_F = %.3f, max entry difference %.3f%n", model,
        gapFro, gapMax);
    assertTrue(asymH <= 1e-8, model + ": FD ∇²J asymmetric by " + asymH);
    assertTrue(aCheck <= 1e-6, model + ": the two FD computations of ∂²S/∂α² differ by " + aCheck);
    assertTrue(asymM <= 1e-6, model + ": ∂²S/∂θ∂α is not symmetric: " + asymM);
    assertTrue(mVsH <= 1e-6, model + ": ∂²S/∂θ∂α differs from ∇²J by " + mVsH);
    assertTrue(rhoIsVt <= 1e-6, model + ": B_ρ differs from B_Vᵀ by " + rhoIsVt);
    assertTrue(asymRho >= 1e-2 && asymV >= 1e-2, model + ": the parts are (nearly) symmetric themselves; the check of"
        + " eq. 78 would be trivial");
    assertTrue(gapFro >= 0.05, model + ": ∂²S/∂α² is within " + gapFro + " of ∇²J; expected eq. 75 to be visibly"
        + " approximate");
  }
}
