package org.dsojava.processor.spi;

import static org.dsojava.processor.ir.Ir.ONE;
import static org.dsojava.processor.ir.Ir.call;
import static org.dsojava.processor.ir.Ir.mul;
import static org.dsojava.processor.ir.Ir.sub;

import com.google.auto.service.AutoService;
import java.util.List;
import org.dsojava.processor.ir.Expr;

/**
 * {@code org.dsojava.runtime.Logistic}'s softplus and sigmoid as primitives: softplus′ = σ, σ′ = σ(1 − σ).
 * The Bernoulli-logit site's ln P is written with softplus, so its gradient is σ (one exp, no branch)
 * and its second derivative σ(1 − σ) stays finite at any logit (a quotient of exponentials would give
 * ∞/∞ for very negative ones).
 */
public final class LogisticFunctions {
  static final String OWNER = "org.dsojava.runtime.Logistic";

  private LogisticFunctions() {}

  /** {@code Logistic.sigmoid(z)} as an IR call. */
  static Expr sigmoid(Expr z) {
    return call(OWNER + ".sigmoid", List.of(z));
  }

  /** {@code Logistic.softplus(z)} as an IR call. */
  static Expr softplus(Expr z) {
    return call(OWNER + ".softplus", List.of(z));
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Softplus implements PrimitiveFunction {
    @Override
    public String owner() {
      return OWNER;
    }

    @Override
    public String name() {
      return "softplus";
    }

    @Override
    public int arity() {
      return 1;
    }

    @Override
    public Expr partial(int i, List<Expr> args) {
      return sigmoid(args.get(0));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Sigmoid implements PrimitiveFunction {
    @Override
    public String owner() {
      return OWNER;
    }

    @Override
    public String name() {
      return "sigmoid";
    }

    @Override
    public int arity() {
      return 1;
    }

    @Override
    public Expr partial(int i, List<Expr> args) {
      Expr s = sigmoid(args.get(0));
      return mul(s, sub(ONE, s));
    }

    @Override
    public Expr partialFromResult(int i, List<Expr> args, Expr result) {
      return mul(result, sub(ONE, result));
    }
  }
}
