package org.dsojava.processor.spi;

import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Type;

/**
 * A distribution a noise site can draw from. Discovered with {@link java.util.ServiceLoader} on the
 * processor path (register with {@code @AutoService(NoiseDistribution.class)}); the built-in Gaussian,
 * uniform and categorical distributions are implemented the same way.
 *
 * <p>Only {@link #logDensity} is differentiated, so it is written in IR: the processor derives
 * first- and second-order θ-derivatives from it (∇ ln P of eq. 32, the Hessian terms of eq. 76).
 * Sampling is plain Java text, since draws are data, not functions of θ.
 */
public interface NoiseDistribution {
  /** The name used at the site: {@code noise.<name>(...)} for built-ins, {@code noise.draw("<name>", ...)} otherwise. */
  String name();

  /** Types of the distribution parameters at the site (scalars, or one array for categorical). */
  List<Type> parameterTypes();

  /** {@link Type#DOUBLE}, or {@link Type#INT} for a discrete distribution. */
  Type valueType();

  /**
   * A Java expression that draws one value, given the name of the runtime {@code Rng} variable and
   * the Java text of each argument (each argument is a plain variable or literal).
   */
  String sampleCode(String rng, List<String> args);

  /** The site's value in the mean step f(x,θ) of eq. 59 (for discrete values, the most likely one). */
  Expr mean(List<Expr> args, Scope scope);

  /** ln p(value | args), as IR; may append statements to {@code scope} (e.g. a log-sum-exp loop). */
  Expr logDensity(Expr value, List<Expr> args, Scope scope);

  /**
   * The Fisher information of the distribution in its parameters, as the quadratic form
   * ψ̇ᵀ F(ψ) ψ̇ for a tangent ψ̇ of the arguments ({@code tangents.get(i)} is the tangent of
   * {@code args.get(i)}: a scalar expression, an array variable for an array argument, or
   * {@link org.dsojava.processor.ir.Ir#ZERO} where the argument does not vary). Used for the η-space
   * Fisher block of eq. 73; may append statements (loops) to {@code scope}. Return null when the
   * Fisher information is not available (the kernel then reports it at run time).
   */
  default Expr fisherQuadratic(List<Expr> args, List<Expr> tangents, Scope scope) {
    return null;
  }

  /**
   * KL(p ‖ q) between this distribution with arguments {@code p} and with arguments {@code q}, in closed
   * form, as IR (L_Lmdp's per-site KL, section 5.1); may append statements to {@code scope}. Null when
   * there is no closed form (the compiler then reports it).
   */
  default Expr klDivergence(List<Expr> p, List<Expr> q, Scope scope) {
    return null;
  }

  /**
   * The index of a location parameter (value − location has a law free of it), or −1. A site
   * {@code e + noise.gaussian(m, s)} is read as {@code noise.gaussian(e + m, s)}: additive state noise.
   */
  default int locationParameter() {
    return -1;
  }
}
