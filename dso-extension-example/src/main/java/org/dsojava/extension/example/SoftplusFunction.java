package org.dsojava.extension.example;

import static org.dsojava.processor.ir.Ir.ONE;
import static org.dsojava.processor.ir.Ir.ZERO;
import static org.dsojava.processor.ir.Ir.add;
import static org.dsojava.processor.ir.Ir.cmp;
import static org.dsojava.processor.ir.Ir.cond;
import static org.dsojava.processor.ir.Ir.div;
import static org.dsojava.processor.ir.Ir.math;
import static org.dsojava.processor.ir.Ir.neg;

import com.google.auto.service.AutoService;
import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * The derivative rule of {@link Softplus#softplus}: d/dz softplus(z) = σ(z) = 1 / (1 + e^(−z)).
 *
 * <p>The partial is IR built from {@code Math.exp} only, so the processor differentiates it again for
 * Hessian–vector products. It is written branch-wise, σ(z) = 1/(1 + e^(−z)) for z ≥ 0 and
 * eᶻ/(1 + eᶻ) for z &lt; 0, so that neither σ nor its derivative overflows (the one-line form gives
 * ∞/∞ in σ′ for z &lt; −709).
 */
@AutoService(PrimitiveFunction.class)
public final class SoftplusFunction implements PrimitiveFunction {
  @Override
  public String owner() {
    return "org.dsojava.extension.example.Softplus";
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
    Expr z = args.get(0);
    Expr ez = math("exp", z);
    return cond(cmp(">=", z, ZERO), div(ONE, add(ONE, math("exp", neg(z)))), div(ez, add(ONE, ez)));
  }
}
