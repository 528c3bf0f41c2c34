package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field that is part of θ. A {@code double} field is one entry, a {@code double[]} field is
 * {@link #length()} entries. Fields are laid out in θ in declaration order; the generated kernel
 * documents the layout. Initial value: {@code value + initStd · N(0,1)} per entry (the draw comes from
 * the seed given to {@code initialParams}).
 *
 * <pre>{@code
 * @Param(length = 4) double[] gain;                       // 4 zeros
 * @Param(length = 64 * 4, initStd = 0.5) double[] w1;   // random init
 * @Param(value = -0.5) double logStd;                     // scalar
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Param {
  /** Number of entries of a {@code double[]} parameter; ignored (must be left 0 or 1) for a scalar. */
  int length() default 0;

  /** Initial value of every entry. */
  double value() default 0.0;

  /** Standard deviation of the Gaussian perturbation of the initial value. */
  double initStd() default 0.0;
}
