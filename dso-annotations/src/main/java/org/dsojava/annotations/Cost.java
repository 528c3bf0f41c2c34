package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The step cost L(x,θ). Signature {@code double cost(double[] x)}, optionally with {@link Step} and
 * {@link Rollout} ints. May read {@link Param} fields (cost-side parameters, e.g. regularizers).
 *
 * <pre>{@code @Cost double cost(double[] x) { return x[0] * x[0] + 0.1 * x[1] * x[1]; }}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Cost {}
