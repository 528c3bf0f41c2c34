package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code int} parameter of a model method that receives the step index t (time-varying chains,
 * eqs. 9–11).
 *
 * <pre>{@code @Cost double cost(double[] x, @Step int t) { return t == 199 ? 10 * x[0] * x[0] : 0; }}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Step {}
