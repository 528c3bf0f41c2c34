package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a Markov chain P(x'|x,θ) with step cost L(x,θ) (paper section 2). The processor
 * generates {@code <Model>Kernel} and the entry class {@code <Model>Dso} beside it.
 *
 * <pre>{@code
 * @Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.95, horizon = 200)
 * public class Drift {
 *   @Param double k;
 *   @Transition void step(double[] x, Noise noise, double[] next) { next[0] = noise.gaussian(k * x[0], 0.1); }
 *   @Cost double cost(double[] x) { return x[0] * x[0]; }
 *   @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Chain {
  /** Dimension of the state vector x. */
  int stateDim();

  /** Which objective J(θ) the chain has. */
  Setting setting() default Setting.DISCOUNTED;

  /** γ of eq. 2; must be 1 for {@link Setting#AVERAGE} and {@link Setting#TIME_VARYING}. */
  double discount() default 1.0;

  /** Steps after which a rollout is cut (T of eq. 9 for time-varying chains); 0 means no cap. */
  int horizon() default 0;
}
