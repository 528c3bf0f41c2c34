package org.dsojava.processor.spi;

import java.util.List;
import org.dsojava.processor.ir.Expr;

/**
 * A scalar function the model may call, with its derivative rules. Discovered with
 * {@link java.util.ServiceLoader} (register with {@code @AutoService(PrimitiveFunction.class)}); the
 * {@code Math} functions are built in the same way.
 *
 * <p>Partials are IR expressions, so second derivatives (Hessian–vector products) follow without
 * further rules, provided the functions the partials call are primitives too.
 */
public interface PrimitiveFunction {
  /** The class as written at call sites, qualified, e.g. {@code "java.lang.Math"} or {@code "com.acme.Act"}. */
  String owner();

  /** The static method's name, e.g. {@code "tanh"}. */
  String name();

  int arity();

  /** ∂f/∂args[i] at {@code args}; the args are side-effect-free and may be repeated. */
  Expr partial(int i, List<Expr> args);

  /** Non-differentiable functions (floor, ceil) have zero partials; they are still allowed anywhere. */
  /**
   * ∂f/∂args[i] written in terms of the already computed result {@code f(args)}, or {@code null} where
   * there is no such form. The reverse sweep prefers it, so that it does not evaluate f again
   * (tanh′ = 1 − tanh², exp′ = exp), as a hand-written backward pass would not.
   */
  default Expr partialFromResult(int i, List<Expr> args, Expr result) {
    return null;
  }

  default boolean differentiable() {
    return true;
  }

  /** The key an IR {@link Expr.Call} uses for this function. */
  default String key() {
    return owner() + "." + name();
  }
}
