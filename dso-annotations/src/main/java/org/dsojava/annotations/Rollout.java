package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code int} parameter of a model method that receives the rollout index n (rollout-specific
 * chains P^n, e.g. domain randomization; section 4.1).
 *
 * <pre>{@code @Initial void reset(Noise noise, double[] x, @Rollout int n) { x[0] = n % 2 == 0 ? 1 : -1; }}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Rollout {}
