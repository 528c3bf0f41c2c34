package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Draws the initial state x₀ ~ P₀. Signature {@code void reset(Noise noise, double[] x)}, optionally with a
 * {@link Rollout} int (domain randomization).
 *
 * <pre>{@code @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); }}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Initial {}
