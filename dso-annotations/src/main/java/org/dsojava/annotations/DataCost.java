package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A cost block ℓ_k(θ; record) on recorded data (paper, section 5.1: L_clone, L_calib, L_sysid,
 * L_hybrid): a {@code double} method of {@code @Recorded} parameters (and optionally {@code @Step int t},
 * {@code @Rollout int n}) that may read θ. The block's value is L_k(θ) = (1/N) Σₙ Σₜ γᵗ ℓ_k(θ; n, t) over
 * the bound data set; the kernel gets its value, gradient and Hessian-vector product, and the optimizer
 * adds it, weighted, to the rollout objective ({@code DsoOptimizer.dataCost(name, weight)}). A model may
 * declare several.
 *
 * <pre>{@code
 * @DataCost double clone(@Recorded(value = "x", length = 3) double[] x,
 *     @Recorded(value = "a", length = 1) double[] a) {
 *   double z = (a[0] - policy.value(x)) / Math.exp(logStd);
 *   return 0.5 * z * z + logStd;                          // −ln p_ε(ā − μ(x̄)) + const
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DataCost {}
