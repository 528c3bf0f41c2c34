package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Terminal states 𝒯 of a first-exit chain (they end a rollout; L is charged once at the terminal
 * state). Signature {@code boolean done(double[] x)}.
 *
 * <pre>{@code @Terminal boolean done(double[] x) { return Math.abs(x[0]) > 2.4; }}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Terminal {}
