package org.dsojava.runtime;

import org.dsojava.annotations.Setting;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;

/**
 * What the runtime needs from a chain P(x'|x,θ) with cost L(x,θ); the processor generates one
 * implementation per {@code @Chain} model ({@code <Model>Kernel}).
 *
 * <p>One instance per thread: an instance owns the work arrays of its derivative code. Every method
 * works on caller-owned buffers and allocates nothing. {@code t} is the step index and {@code n} the
 * rollout index; models that do not declare {@code @Step} / {@code @Rollout} ignore them.
 *
 * <p>A transition records the <em>values</em> drawn at its noise sites in {@code draws}
 * ({@link #drawCount()} entries; a categorical site stores its category). ln P(x'|x,θ) is the
 * log-density of those draws under θ, so the same draws can be re-scored under another θ (the ratios of
 * eq. 66) and differentiated (eqs. 32, 59).
 *
 * <p>This is the core every kernel implements. A model that declares a {@code @Bottleneck} gets a
 * {@link BottleneckKernel}, which adds the η-space methods of Corollary 2 (eqs. 33–34) and the bottleneck
 * Fisher of eq. 73; code that needs them tests {@code instanceof BottleneckKernel} or calls
 * {@link BottleneckKernel#require}.
 */
public interface ChainKernel {
  /** Simple name of the model class. */
  String modelName();

  /** n_θ, the length of the flat parameter vector. */
  int paramCount();

  /** n_x. */
  int stateDim();

  /** The largest number of noise values one transition draws. */
  int drawCount();

  /**
   * n_η of the declared {@code @Bottleneck}, or 0 when the model has none. A kernel whose model declares
   * one implements {@link BottleneckKernel} (the η-space methods of Corollary 2) and returns n_η ≥ 1.
   */
  int bottleneckDim();

  Setting setting();

  double discount();

  /** Rollout cap, 0 for none. */
  int horizon();

  /** The name of θ entry {@code i}, e.g. {@code "gain[2]"} (the generated layout). */
  String paramName(int i);

  /** Writes the initial θ (from {@code @Param} values and, where asked, seeded random perturbations). */
  void initialParams(long seed, double[] theta);

  /** x₀ ~ P₀. */
  void initialState(double[] theta, int n, Rng rng, double[] x);

  /** x' ~ P(·|x,θ), recording the drawn values in {@code draws}. */
  void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next);

  /** The mean step f(x,θ) of eq. 59: the transition with every noise site at its mean. */
  void meanStep(double[] theta, double[] x, int t, int n, double[] mean);

  /**
   * One transition of the deterministic policy under the real environment: the noise sites whose
   * parameters depend on θ (the policy's actions) take their means (the most likely value of a discrete
   * one), the others (the environment's noise) are drawn from {@code rng} and recorded in {@code draws}.
   * This is what "evaluating the deterministic policy" means for a stochastic system; {@link #meanStep}
   * also fixes the environment's noise. The default (hand-written kernels) is the mean step.
   */
  default void samplePolicyMean(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
    meanStep(theta, x, t, n, next);
  }

  boolean terminal(double[] x, int t, int n);

  /** L(x,θ). */
  double cost(double[] theta, double[] x, int t, int n);

  /** ln P(x'|x,θ) of the transition that drew {@code draws} from x. */
  double logDensity(double[] theta, double[] x, int t, int n, double[] draws);

  /**
   * g += wL·∇θ L(x,θ) + wP·∇θ ln P(x'|x,θ): the per-step work of Algorithm 1 in one call. Only the first
   * {@link #paramCount()} entries of g are θ's: callers may pass a longer buffer (the estimator pads its
   * per-thread buffers against false sharing), so a kernel writes by θ's indices, never by g.length.
   */
  void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws,
      double wL, double wP, double[] g);

  /** The directional derivative ∇θ F · v of F = wL·L + wP·ln P. */
  double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v);

  /** out += ∇²θ F · v for F = wL·L + wP·ln P (for Chain Iteration and natural gradients). */
  void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
      double[] v, double[] out);

  // ------------------------------------------------------------------ recorded data (section 5.1)

  /**
   * The recorded fields the model reads ({@code @Recorded} parameters of its methods) with their
   * lengths, or null when it reads none. A data set bound with {@link #bind} must have these fields with
   * these arities (it may have more).
   */
  default DataSchema recordSchema() {
    return null;
  }

  /**
   * Whether the chain itself — transition, cost, initial state or terminal test — reads recorded data.
   * Its rollouts are then tied to trajectories of the bound data set (rollout-specific chains, eq. 99); a
   * model whose data costs alone read records runs ordinary rollouts.
   */
  default boolean chainReadsRecords() {
    return false;
  }

  /**
   * Binds the data set 𝒟 whose records the model reads: a {@code @Recorded} parameter of a method
   * called with (t, n) holds record (n, t) of 𝒟 (trajectory n: the rollout-specific chains Pⁿ of eq. 99
   * and section 4.1), and the {@code @DataCost} blocks run over 𝒟's records. Checks 𝒟's schema against
   * {@link #recordSchema()}: a missing field or another arity is an {@link IllegalArgumentException}
   * naming the field, both arities and 𝒟's source. Binding is per instance (kernels are per thread).
   */
  default void bind(DataSet data) {
    if (data != null && recordSchema() == null && dataCostCount() == 0) {
      throw new IllegalArgumentException(modelName() + " reads no recorded data; nothing to bind " + data.source()
          + " to");
    }
  }

  /** The number of {@code @DataCost} blocks ℓ_k of the model (L_clone, L_calib, L_sysid, … of section 5.1). */
  default int dataCostCount() {
    return 0;
  }

  /** The name of block k (its method's name). */
  default String dataCostName(int k) {
    throw new IndexOutOfBoundsException("data cost " + k + " of " + modelName() + ", which has "
        + dataCostCount());
  }

  /**
   * How many consecutive records one term of block k reads: 1 when it reads record t only, 2 when it
   * also reads t + 1 (L_sysid, L_hybrid). Its terms run over t = 0 … length(n) − span, and the block's
   * value is L_k(θ) = (1/N) Σₙ Σₜ γᵗ ℓ_k(θ; n, t) over the N trajectories of the bound data set.
   */
  default int dataCostSpan(int k) {
    throw new IndexOutOfBoundsException("data cost " + k + " of " + modelName() + ", which has "
        + dataCostCount());
  }

  /** ℓ_k(θ; n, t): block k's term at records (n, t …) of the bound data set. */
  default double dataCost(int k, double[] theta, int n, int t) {
    throw new IndexOutOfBoundsException("data cost " + k + " of " + modelName() + ", which has "
        + dataCostCount());
  }

  /** g += w · ∇θ ℓ_k(θ; n, t). */
  default void accumulateDataCostGradient(int k, double[] theta, int n, int t, double w, double[] g) {
    throw new IndexOutOfBoundsException("data cost " + k + " of " + modelName() + ", which has "
        + dataCostCount());
  }

  /** out += w · ∇²θ ℓ_k(θ; n, t) · v (for the curvature of PCO and Chain Iteration). */
  default void dataCostHvp(int k, double[] theta, int n, int t, double w, double[] v, double[] out) {
    throw new IndexOutOfBoundsException("data cost " + k + " of " + modelName() + ", which has "
        + dataCostCount());
  }
}
