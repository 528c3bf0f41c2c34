package org.dsojava.runtime.optim;

import org.dsojava.runtime.ChainKernel;

/**
 * The sample surrogate S̃(θ, α) of eq. 66 over a recorded {@link Batch}, with its gradient (eq. 68)
 * and Hessian–vector product (eq. 76) in α, all computed by the generated kernel. The perturbation α
 * acts on L and P only; the weights γᵗ and γᵗ⁺¹R̂ (and so ρ, V̂) stay those of the batch's θ.
 *
 * <p>With {@code clip} = ε &lt; ∞ the ratio terms are clipped as in PCO (section 4.3): each term is
 * max(P̂·w, clip(P̂, 1−ε, 1+ε)·w), the pessimistic choice for a cost being minimized.
 *
 * <p>At α = 0 every ratio is 1 and ∇α S̃ is Algorithm 1's estimate (eq. 67).
 *
 * <p>Each pass sums every rollout's terms on its own (a row of the gradient, a number of the value) and
 * then the rollouts in order; within a method's iteration the rollouts are spread over the estimator's
 * threads, with the same result for any number of them.
 */
public final class Surrogate {
  private final Batch batch;
  private final Team team;
  private final double clip;
  private final int p;
  private final double[] point;
  private final double scale;

  /** The unclipped surrogate. */
  public Surrogate(Batch batch, ChainKernel kernel) {
    this(batch, kernel, Double.POSITIVE_INFINITY);
  }

  public Surrogate(Batch batch, ChainKernel kernel, double clip) {
    this(batch, Team.single(Numerics.nonNull(kernel, "kernel is null; pass a kernel of the batch's model, e.g."
        + " MyModelDso.kernel()")), clip);
  }

  /** Passes over the rollouts run on {@code team}'s threads; the results do not depend on how many. */
  Surrogate(Batch batch, Team team, double clip) {
    Numerics.nonNull(batch, "batch is null; pass one recorded by GradientEstimator.sample");
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip ε = " + clip + " must be positive (PPO-style clipping of ratios to [1−ε, 1+ε])");
    }
    if (batch.rollouts().isEmpty()) {
      throw new IllegalArgumentException("the batch has no usable rollouts (all blew up)");
    }
    this.batch = batch;
    this.team = team;
    this.clip = clip;
    this.p = batch.theta().length;
    this.point = new double[p];
    this.scale = 1.0 / batch.rollouts().size();
  }

  public Batch batch() {
    return batch;
  }

  private double[] at(double[] alpha) {
    Numerics.nonNull(alpha, "α is null; pass a perturbation of θ (zeros for θ itself)");
    if (alpha.length != p) {
      throw new IllegalArgumentException("α has length " + alpha.length + ", θ has " + p);
    }
    double[] theta = batch.theta();
    for (int i = 0; i < p; i++) {
      point[i] = theta[i] + alpha[i];
    }
    return point;
  }

  /** P̂ = P(x'|x, θ+α) / P(x'|x, θ). */
  private static double ratio(ChainKernel kernel, double[] th, Batch.Rollout r, int t) {
    return Math.exp(kernel.logDensity(th, r.states[t], t, r.index, r.draws[t]) - r.logDensity[t]);
  }

  /** Whether the clipped term is the active (α-dependent) branch of max(P̂w, clip(P̂)w). */
  private boolean unclipped(double ratio, double w) {
    double c = Math.min(1 + clip, Math.max(1 - clip, ratio));
    return ratio * w >= c * w;
  }

  /**
   * The weight of the ratio term's derivative, w·P̂ (∂(P̂w)/∂ln P̂), or 0 where the clip makes the term
   * constant in α.
   */
  private double ratioTermWeight(ChainKernel kernel, double[] th, Batch.Rollout r, int t) {
    double w = r.ratioWeight[t];
    if (w == 0) {
      return 0;
    }
    double q = ratio(kernel, th, r, t);
    return unclipped(q, w) ? w * q : 0;
  }

  /** Throws a {@link NumericalException} if a pass's vector {@code out} at α is not finite. */
  private void check(String what, double[] alpha, double[] out) {
    ChainKernel k = team.kernel(0);
    if (Numerics.firstNonFinite(out) >= 0) {
      Numerics.checkParamVector(k, k.modelName(), what + " at ‖α‖ = " + Math.sqrt(TrustRegionCg.dot(alpha, alpha))
          + " over " + batch.rollouts().size() + " rollouts", out, batch.theta());
    }
  }

  /**
   * S̃(θ, α). Not checked for finiteness: a method may try an α far enough away that a ratio overflows and
   * then reject that α (Chain Iteration does); a non-finite value at an α it keeps is its error to raise.
   */
  public double value(double[] alpha) {
    double[] th = at(alpha);
    return scale * team.sumOverRollouts(batch.rollouts(), (kernel, r) -> {
      double s = 0;
      for (int t = 0; t < r.length; t++) {
        if (r.costWeight[t] != 0) {
          s += r.costWeight[t] * kernel.cost(th, r.states[t], t, r.index);
        }
        double w = r.ratioWeight[t];
        if (w != 0) {
          double q = ratio(kernel, th, r, t);
          double c = Math.min(1 + clip, Math.max(1 - clip, q));
          s += Math.max(q * w, c * w);
        }
      }
      if (r.terminalWeight != 0) {
        s += r.terminalWeight * kernel.cost(th, r.states[r.length], r.length, r.index);
      }
      return s;
    });
  }

  /**
   * out = ∇α S̃(θ, α) (eq. 68). A non-finite entry (an overflowing ratio P̂ or ∇ln P) is a
   * {@link NumericalException} naming the entry's parameter.
   */
  public void gradient(double[] alpha, double[] out) {
    double[] th = at(alpha);
    checkOut(out);
    team.sumOverRollouts(batch.rollouts(), scale, out, (kernel, r, row) -> {
      for (int t = 0; t < r.length; t++) {
        double wp = ratioTermWeight(kernel, th, r, t);
        if (r.costWeight[t] != 0 || wp != 0) {
          kernel.accumulateGradient(th, r.states[t], t, r.index, r.draws[t], r.costWeight[t], wp, row);
        }
      }
      if (r.terminalWeight != 0) {
        kernel.accumulateGradient(th, r.states[r.length], r.length, r.index, r.draws.length > 0 ? r.draws[0] : new double[0],
            r.terminalWeight, 0.0, row);
      }
    });
    check("the surrogate gradient ∇S̃", alpha, out);
  }

  /**
   * out = ∇²α S̃(θ, α) · v (eq. 76): Σ γᵗ∇²L v + γᵗ⁺¹R̂ P̂ (∇ln P ∇ln Pᵀ + ∇²ln P) v, since
   * ∇²P̂ = P̂(∇ln P ∇ln Pᵀ + ∇²ln P). Clipped terms contribute nothing.
   */
  public void hessianVector(double[] alpha, double[] v, double[] out) {
    double[] th = at(alpha);
    checkOut(v);
    checkOut(out);
    team.sumOverRollouts(batch.rollouts(), scale, out, (kernel, r, row) -> {
      for (int t = 0; t < r.length; t++) {
        double wp = ratioTermWeight(kernel, th, r, t);
        if (r.costWeight[t] != 0 || wp != 0) {
          kernel.hvp(th, r.states[t], t, r.index, r.draws[t], r.costWeight[t], wp, v, row);
        }
        if (wp != 0) {
          double dv = kernel.jvp(th, r.states[t], t, r.index, r.draws[t], 0.0, 1.0, v);
          kernel.accumulateGradient(th, r.states[t], t, r.index, r.draws[t], 0.0, wp * dv, row);
        }
      }
      if (r.terminalWeight != 0) {
        kernel.hvp(th, r.states[r.length], r.length, r.index, r.draws.length > 0 ? r.draws[0] : new double[0],
            r.terminalWeight, 0.0, v, row);
      }
    });
    check("the surrogate Hessian–vector product ∇²S̃·v", alpha, out);
  }

  private void checkOut(double[] a) {
    Numerics.nonNull(a, "a vector argument is null; pass an array of θ's length " + p);
    if (a.length != p) {
      throw new IllegalArgumentException("a vector argument has length " + a.length + ", θ has " + p);
    }
  }

  /**
   * The mean over recorded transitions of the chain's KL divergence KL(P(·|x,θ) ‖ P(·|x,θ+α)),
   * estimated from the batch's own draws as the mean of ln P̂⁻¹ = ln P(θ) − ln P(θ+α). Not checked:
   * +∞ (a draw impossible under θ+α) is a legitimate answer; NaN is the caller's to raise.
   */
  public double meanKl(double[] alpha) {
    double[] th = at(alpha);
    double s = team.sumOverRollouts(batch.rollouts(), (kernel, r) -> {
      double kl = 0;
      for (int t = 0; t < r.length; t++) {
        kl += r.logDensity[t] - kernel.logDensity(th, r.states[t], t, r.index, r.draws[t]);
      }
      return kl;
    });
    long count = 0;
    for (Batch.Rollout r : batch.rollouts()) {
      count += r.length;
    }
    return count == 0 ? 0 : s / count;
  }
}
