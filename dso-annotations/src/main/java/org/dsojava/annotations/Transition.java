package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One transition x → x' of the chain. Signature {@code void step(double[] x, Noise noise, double[] next)},
 * optionally with {@link Step} and {@link Rollout} ints. Randomness enters only through {@code noise}, and θ
 * reaches {@code next} only through the parameters of noise sites (or as additive Gaussian noise), so that
 * ln P(x'|x,θ) is the log-density of the draws.
 *
 * <pre>{@code
 * @Transition void step(double[] x, Noise noise, double[] next) {
 *   next[0] = noise.gaussian(a * x[0], 0.1);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Transition {}
