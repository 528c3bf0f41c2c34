package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The passive chain p̄(x'|x) of an L-MDP (paper eq. 97): {@code void passive(double[] x, Noise noise,
 * double[] next)}, written like the {@code @Transition} but without the policy (the action noise alone,
 * θ̄ fixed: it may not read θ). With it, the model's cost becomes L_Lmdp(x, θ) = L(x) + KL(P(·|x, θ) ‖ p̄(·|x))
 * (section 5.1), the KL generated as the sum of closed-form KLs of the transition's noise sites against the
 * passive chain's, site by site in order. That is the KL of the two chains when both map their draws to the
 * next state the same way (eqs. 96–97: x' = f(x, a + ε) against x' = f(x, ε)) and no site's parameters depend
 * on an earlier draw; the compiler checks the second and the sites' pairing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Passive {}
