package org.dsojava.runtime.optim;

import java.util.Arrays;
import java.util.List;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;

/**
 * Curvature estimates from a recorded {@link Batch}, as matrix-free products with a vector v.
 *
 * <ul>
 *   <li>{@link #fisherVector}: the chain Fisher of eq. 72, F = E_{x~ρ, x'~P}[∇ln P ∇ln Pᵀ], as
 *       (1/N) Σₙ Σₜ ρₜ ∇ln Pₜ (∇ln Pₜ·v), ρₜ the state's ρ-weight (γᵗ for rollouts cut at a horizon;
 *       1/γ per recorded transition with random termination, where a transition is only recorded if
 *       the rollout survived one more stop).
 *   <li>{@link #timeVaryingHessianVector}: Lemma 3's unbiased Hessian of a time-varying J,
 *       E[(∇𝒦∇𝒦ᵀ + ∇²𝒦)ℒ + ∇𝒦∇ℒᵀ + ∇ℒ∇𝒦ᵀ + ∇²ℒ]·v with 𝒦 = Σₜ ln Pₜ and ℒ = Σₜ Lₜ over the path. (Eq. 80
 *       as printed ends in 𝒦∇²ℒ; differentiating eq. 81 once more gives ∇²ℒ, which is what this computes
 *       and what the exact-Hessian test confirms.)
 * </ul>
 */
public final class SampleCurvature {
  private SampleCurvature() {}

  /** out = F̃ v, the sample chain Fisher (eq. 72) times v. */
  public static void fisherVector(Batch batch, ChainKernel k, double[] v, double[] out) {
    fisherVector(batch, Team.single(checkKernel(k)), v, out);
  }

  private static ChainKernel checkKernel(ChainKernel k) {
    return Numerics.nonNull(k, "kernel is null; pass a kernel of the batch's model, e.g. MyModelDso.kernel()");
  }

  /**
   * The team's kernel as a {@link BottleneckKernel}: an {@link IllegalArgumentException} naming the model
   * when it declares no {@code @Bottleneck} (then use {@link #fisherVector}, eq. 72). Every member of a
   * team is a kernel of the same model, so checking member 0 covers the casts in the passes.
   */
  private static BottleneckKernel bottleneckOf(ChainKernel k) {
    if (k instanceof BottleneckKernel b && b.bottleneckDim() > 0) {
      return b;
    }
    throw new IllegalArgumentException(k.modelName() + " declares no @Bottleneck; the bottleneck Fisher–vector"
        + " product (eq. 73) needs one (Corollary 2): use fisherVector (eq. 72)");
  }

  /** Non-null batch and vectors of θ's length. */
  private static void checkArguments(Batch batch, double[]... vectors) {
    Numerics.nonNull(batch, "batch is null; pass one recorded by GradientEstimator.sample");
    int p = batch.theta().length;
    for (double[] a : vectors) {
      Numerics.nonNull(a, "a vector argument is null; pass an array of θ's length " + p);
      if (a.length != p) {
        throw new IllegalArgumentException("a vector argument has length " + a.length + ", θ has " + p);
      }
    }
  }

  /** A {@link NumericalException} if {@code out}, a pass's result, is not finite. */
  private static void check(ChainKernel k, Batch batch, String what, double[] out) {
    if (Numerics.firstNonFinite(out) >= 0) {
      Numerics.checkParamVector(k, k.modelName(), what + " over " + batch.rollouts().size() + " rollouts", out,
          batch.theta());
    }
  }

  /** {@link #fisherVector(Batch, ChainKernel, double[], double[])} with the rollouts spread over {@code team}. */
  static void fisherVector(Batch batch, Team team, double[] v, double[] out) {
    checkArguments(batch, v, out);
    double[] theta = batch.theta();
    team.sumOverRollouts(batch.rollouts(), 1.0 / batch.rollouts().size(), out, (k, r, row) -> {
      for (int t = 0; t < r.length; t++) {
        double w = r.fisherWeight[t];
        if (w == 0) {
          continue;
        }
        double d = k.jvp(theta, r.states[t], t, r.index, r.draws[t], 0.0, 1.0, v);
        k.accumulateGradient(theta, r.states[t], t, r.index, r.draws[t], 0.0, w * d, row);
      }
    });
    check(team.kernel(0), batch, "the Fisher–vector product F̃v (eq. 72)", out);
  }

  /**
   * out = F̃ v in the bottleneck form of eq. 73: (1/N) Σₙ Σₜ γᵗ Jₜᵀ F_η(xₜ) Jₜ v with J = ∂μ/∂θ. The inner
   * expectation over x' is exact (the kernel's η-space Fisher), so this has less variance than
   * {@link #fisherVector}; both estimate the same chain Fisher. For a Gaussian site with mean η it is
   * eq. 74.
   */
  public static void bottleneckFisherVector(Batch batch, ChainKernel k, double[] v, double[] out) {
    bottleneckFisherVector(batch, Team.single(checkKernel(k)), v, out);
  }

  /** {@link #bottleneckFisherVector(Batch, ChainKernel, double[], double[])} on {@code team}. */
  static void bottleneckFisherVector(Batch batch, Team team, double[] v, double[] out) {
    checkArguments(batch, v, out);
    int m = bottleneckOf(team.kernel(0)).bottleneckDim();
    double[] theta = batch.theta();
    team.sumOverRollouts(batch.rollouts(), 1.0 / batch.rollouts().size(), out, (kernel, r, row) -> {
      BottleneckKernel k = (BottleneckKernel) kernel;
      double[] eta = new double[m];
      double[] jv = new double[m];
      double[] f = new double[m * m];
      double[] u = new double[m];
      for (int t = 0; t < r.length; t++) {
        double w = r.fisherWeight[t];
        if (w == 0) {
          continue;
        }
        double[] x = r.states[t];
        k.bottleneck(theta, x, t, r.index, eta);
        k.bottleneckTangent(theta, x, t, r.index, v, jv);
        k.bottleneckFisher(eta, x, t, r.index, r.draws[t], f);
        for (int i = 0; i < m; i++) {
          double s = 0;
          for (int j = 0; j < m; j++) {
            s += f[i * m + j] * jv[j];
          }
          u[i] = w * s;
        }
        k.pullBack(theta, x, t, r.index, u, row);
      }
    });
    check(team.kernel(0), batch, "the bottleneck Fisher–vector product JᵀF_ηJv (eq. 73)", out);
  }

  /**
   * The bottleneck Fisher–vector product of eq. 73 with its v-independent half done once per batch: F_η at
   * every step of every rollout (with its weight) is assembled once, so that each product — each CG step of
   * the natural gradient — costs one tangent and one pull-back per step instead of also re-evaluating μ and
   * F_η. The product is the same, bit for bit, as {@link #bottleneckFisherVector(Batch, Team, double[], double[])}.
   */
  public static final class BottleneckFisher {
    private final Batch batch;
    private final int m;
    /** [rollout][step]: F_η (m × m, row-major), null where the step's Fisher weight is 0. */
    private final double[][][] fisher;

    /** Assembles F_η over {@code batch} with one kernel. */
    public BottleneckFisher(Batch batch, ChainKernel k) {
      this(batch, Team.single(checkKernel(k)));
    }

    BottleneckFisher(Batch batch, Team team) {
      this.batch = batch;
      this.m = bottleneckOf(team.kernel(0)).bottleneckDim();
      List<Batch.Rollout> rollouts = batch.rollouts();
      this.fisher = new double[rollouts.size()][][];
      double[] theta = batch.theta();
      team.forEachRollout(rollouts.size(), (kernel, n) -> {
        BottleneckKernel k = (BottleneckKernel) kernel;
        Batch.Rollout r = rollouts.get(n);
        double[][] f = new double[r.length][];
        double[] eta = new double[m];
        for (int t = 0; t < r.length; t++) {
          if (r.fisherWeight[t] == 0) {
            continue;
          }
          k.bottleneck(theta, r.states[t], t, r.index, eta);
          f[t] = new double[m * m];
          k.bottleneckFisher(eta, r.states[t], t, r.index, r.draws[t], f[t]);
        }
        fisher[n] = f;
      });
    }

    /** out = JᵀF_ηJ v (eq. 73) with one kernel. */
    public void apply(ChainKernel k, double[] v, double[] out) {
      apply(Team.single(bottleneckOf(checkKernel(k))), v, out);
    }

    /** out = JᵀF_ηJ v (eq. 73), the rollouts' rows added in rollout order. */
    void apply(Team team, double[] v, double[] out) {
      checkArguments(batch, v, out);
      double[] theta = batch.theta();
      List<Batch.Rollout> rollouts = batch.rollouts();
      team.sumOverItems(rollouts.size(), 1.0 / rollouts.size(), out, (kernel, n, row) -> {
        BottleneckKernel k = (BottleneckKernel) kernel;
        Batch.Rollout r = rollouts.get(n);
        double[][] f = fisher[n];
        double[] jv = new double[m];
        double[] u = new double[m];
        for (int t = 0; t < r.length; t++) {
          double w = r.fisherWeight[t];
          if (w == 0) {
            continue;
          }
          double[] x = r.states[t];
          k.bottleneckTangent(theta, x, t, r.index, v, jv);
          for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
              s += f[t][i * m + j] * jv[j];
            }
            u[i] = w * s;
          }
          k.pullBack(theta, x, t, r.index, u, row);
        }
      });
      check(team.kernel(0), batch, "the bottleneck Fisher–vector product JᵀF_ηJv (eq. 73)", out);
    }
  }

  /**
   * out = H̃ v with Lemma 3's unbiased Hessian estimate (eq. 80, corrected) for a TIME_VARYING batch.
   * Also returns, in {@code gradient} when non-null, the matching path gradient E[∇𝒦 ℒ + ∇ℒ].
   */
  public static void timeVaryingHessianVector(Batch batch, ChainKernel k, double[] v, double[] out, double[] gradient) {
    checkKernel(k);
    checkArguments(batch, v, out);
    if (gradient != null) {
      checkArguments(batch, gradient);
    }
    if (batch.rollouts().isEmpty()) {
      throw new IllegalArgumentException("the batch has no usable rollouts (all blew up)");
    }
    if (k.setting() != Setting.TIME_VARYING) {
      throw new IllegalArgumentException("Lemma 3's Hessian needs a TIME_VARYING chain; " + k.modelName() + " is "
          + k.setting() + " (use the surrogate Hessian of eq. 75–76 instead)");
    }
    double[] theta = batch.theta();
    int p = theta.length;
    double[] gk = new double[p];
    double[] gl = new double[p];
    double[] hk = new double[p];
    double[] hl = new double[p];
    Arrays.fill(out, 0);
    if (gradient != null) {
      Arrays.fill(gradient, 0);
    }
    for (Batch.Rollout r : batch.rollouts()) {
      Arrays.fill(gk, 0);
      Arrays.fill(gl, 0);
      Arrays.fill(hk, 0);
      Arrays.fill(hl, 0);
      double pathCost = 0;
      for (int t = 0; t < r.length; t++) {
        double[] x = r.states[t];
        k.accumulateGradient(theta, x, t, r.index, r.draws[t], 0.0, 1.0, gk);
        k.accumulateGradient(theta, x, t, r.index, r.draws[t], 1.0, 0.0, gl);
        k.hvp(theta, x, t, r.index, r.draws[t], 0.0, 1.0, v, hk);
        k.hvp(theta, x, t, r.index, r.draws[t], 1.0, 0.0, v, hl);
        pathCost += k.cost(theta, x, t, r.index);
      }
      if (r.terminalWeight != 0) {
        double[] x = r.states[r.length];
        double[] noDraws = r.draws.length > 0 ? r.draws[0] : new double[0];
        k.accumulateGradient(theta, x, r.length, r.index, noDraws, 1.0, 0.0, gl);
        k.hvp(theta, x, r.length, r.index, noDraws, 1.0, 0.0, v, hl);
        pathCost += k.cost(theta, x, r.length, r.index);
      }
      double kv = 0;
      double lv = 0;
      for (int i = 0; i < p; i++) {
        kv += gk[i] * v[i];
        lv += gl[i] * v[i];
      }
      for (int i = 0; i < p; i++) {
        out[i] += (gk[i] * kv + hk[i]) * pathCost + gk[i] * lv + gl[i] * kv + hl[i];
        if (gradient != null) {
          gradient[i] += gk[i] * pathCost + gl[i];
        }
      }
    }
    scale(out, batch.rollouts().size());
    check(k, batch, "Lemma 3's Hessian–vector product H̃v", out);
    if (gradient != null) {
      scale(gradient, batch.rollouts().size());
      check(k, batch, "Lemma 3's path gradient", gradient);
    }
  }

  private static void scale(double[] a, int n) {
    for (int i = 0; i < a.length; i++) {
      a[i] /= n;
    }
  }
}
