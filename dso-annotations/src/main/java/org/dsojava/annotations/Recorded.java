package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code double[]} parameter that holds a record of the bound data set 𝒟 = {x̄ₜⁿ, āₜⁿ, ȳₜⁿ} (paper,
 * section 5.1): field {@link #value()} of record (n, t + {@link #ahead()}), where n and t are the rollout
 * and step indices of the call (for a {@code @DataCost}, the record the term is evaluated at; for an
 * {@code @Initial}, t = 0). Recorded data are constants: read-only, never differentiated.
 *
 * <pre>{@code
 * @Transition void step(double[] x, Noise noise, double[] next,
 *     @Recorded(value = "y", length = 2) double[] y) { ... }           // measurement ȳₜⁿ (eq. 99)
 * @DataCost double sysid(@Recorded(value = "x", length = 4) double[] x,
 *     @Recorded(value = "a", length = 1) double[] a,
 *     @Recorded(value = "x", length = 4, ahead = 1) double[] xNext) { ... }   // x̄ₜ₊₁ⁿ
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Recorded {
  /** The field of the data set (a column group of its CSV header: {@code y[0]}, {@code y[1]}, …). */
  String value();

  /** The field's arity; the data set bound at run time must agree. */
  int length();

  /** Which record relative to t: 0 for record t, 1 for t + 1 (L_sysid, L_hybrid). */
  int ahead() default 0;
}
