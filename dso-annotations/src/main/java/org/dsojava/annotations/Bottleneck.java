package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bottleneck η = μ(x,θ) of Corollary 2 (eq. 33): θ enters L and P only through it. Either
 * {@code double mu(double[] x)} (η scalar) or {@code void mu(double[] x, double[] eta)} with {@link #dim()}.
 * The generated gradient is taken in η-space and pulled back through μ once (eq. 34).
 *
 * <pre>{@code @Bottleneck double logit(double[] x) { return w[0] * x[0] + w[1] * x[1]; }}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Bottleneck {
  /** Dimension of η for the array form; the scalar form has dimension 1. */
  int dim() default 1;
}
