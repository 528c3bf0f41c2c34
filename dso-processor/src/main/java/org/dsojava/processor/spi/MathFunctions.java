package org.dsojava.processor.spi;

import static org.dsojava.processor.ir.Ir.ONE;
import static org.dsojava.processor.ir.Ir.ZERO;
import static org.dsojava.processor.ir.Ir.add;
import static org.dsojava.processor.ir.Ir.cmp;
import static org.dsojava.processor.ir.Ir.cond;
import static org.dsojava.processor.ir.Ir.div;
import static org.dsojava.processor.ir.Ir.math;
import static org.dsojava.processor.ir.Ir.mul;
import static org.dsojava.processor.ir.Ir.neg;
import static org.dsojava.processor.ir.Ir.num;
import static org.dsojava.processor.ir.Ir.sub;

import com.google.auto.service.AutoService;
import java.util.List;
import org.dsojava.processor.ir.Expr;

/** The {@code java.lang.Math} functions of the subset, each a {@link PrimitiveFunction}. */
public final class MathFunctions {
  private MathFunctions() {}

  /** Base for the Math functions: owner {@code java.lang.Math}. */
  abstract static class MathFunction implements PrimitiveFunction {
    private final String name;
    private final int arity;

    MathFunction(String name, int arity) {
      this.name = name;
      this.arity = arity;
    }

    @Override
    public String owner() {
      return "java.lang.Math";
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int arity() {
      return arity;
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Sin extends MathFunction {
    public Sin() {
      super("sin", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return math("cos", a.get(0));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Cos extends MathFunction {
    public Cos() {
      super("cos", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return neg(math("sin", a.get(0)));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Tan extends MathFunction {
    public Tan() {
      super("tan", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      Expr c = math("cos", a.get(0));
      return div(ONE, mul(c, c));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Exp extends MathFunction {
    public Exp() {
      super("exp", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return math("exp", a.get(0));
    }

    @Override
    public Expr partialFromResult(int i, List<Expr> a, Expr result) {
      return result;
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Log extends MathFunction {
    public Log() {
      super("log", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return div(ONE, a.get(0));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Log1p extends MathFunction {
    public Log1p() {
      super("log1p", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return div(ONE, add(ONE, a.get(0)));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Sqrt extends MathFunction {
    public Sqrt() {
      super("sqrt", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return div(num(0.5), math("sqrt", a.get(0)));
    }

    @Override
    public Expr partialFromResult(int i, List<Expr> a, Expr result) {
      return div(num(0.5), result);
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Tanh extends MathFunction {
    public Tanh() {
      super("tanh", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      Expr t = math("tanh", a.get(0));
      return sub(ONE, mul(t, t));
    }

    @Override
    public Expr partialFromResult(int i, List<Expr> a, Expr result) {
      return sub(ONE, mul(result, result));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Abs extends MathFunction {
    public Abs() {
      super("abs", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return cond(cmp(">=", a.get(0), ZERO), ONE, num(-1));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Pow extends MathFunction {
    public Pow() {
      super("pow", 2);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      Expr x = a.get(0);
      Expr y = a.get(1);
      if (i == 0) {
        return mul(y, math("pow", x, sub(y, ONE)));
      }
      return mul(math("pow", x, y), math("log", x));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Atan2 extends MathFunction {
    public Atan2() {
      super("atan2", 2);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      Expr y = a.get(0);
      Expr x = a.get(1);
      Expr r2 = add(mul(x, x), mul(y, y));
      return i == 0 ? div(x, r2) : div(neg(y), r2);
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Hypot extends MathFunction {
    public Hypot() {
      super("hypot", 2);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return div(a.get(i), math("hypot", a.get(0), a.get(1)));
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Min extends MathFunction {
    public Min() {
      super("min", 2);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      Expr first = cmp("<=", a.get(0), a.get(1));
      return i == 0 ? cond(first, ONE, ZERO) : cond(first, ZERO, ONE);
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Max extends MathFunction {
    public Max() {
      super("max", 2);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      Expr first = cmp(">=", a.get(0), a.get(1));
      return i == 0 ? cond(first, ONE, ZERO) : cond(first, ZERO, ONE);
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Floor extends MathFunction {
    public Floor() {
      super("floor", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return ZERO;
    }

    @Override
    public boolean differentiable() {
      return false;
    }
  }

  @AutoService(PrimitiveFunction.class)
  public static final class Ceil extends MathFunction {
    public Ceil() {
      super("ceil", 1);
    }

    @Override
    public Expr partial(int i, List<Expr> a) {
      return ZERO;
    }

    @Override
    public boolean differentiable() {
      return false;
    }
  }
}
