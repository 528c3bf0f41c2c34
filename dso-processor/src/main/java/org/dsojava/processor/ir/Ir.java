package org.dsojava.processor.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Builders for IR expressions with light algebraic simplification (0·e = 0, 1·e = e, e + 0 = e), so
 * that derivative code stays small and readable. Only simplifications valid for finite doubles are
 * applied; NaN propagation is preserved by never folding a non-constant operand away in a product
 * except by an exact zero constant introduced by differentiation itself.
 */
public final class Ir {
  public static final Expr.Const ZERO = Expr.Const.ofDouble(0);
  public static final Expr.Const ONE = Expr.Const.ofDouble(1);

  private Ir() {}

  public static Expr.Const num(double v) {
    return Expr.Const.ofDouble(v);
  }

  public static Expr.Const integer(int v) {
    return Expr.Const.ofInt(v);
  }

  public static boolean isConst(Expr e, double v) {
    return e instanceof Expr.Const c && c.value() == v;
  }

  private static Type numeric(Expr a, Expr b) {
    return a.type() == Type.DOUBLE || b.type() == Type.DOUBLE ? Type.DOUBLE : Type.INT;
  }

  public static Expr add(Expr a, Expr b) {
    if (isConst(a, 0) && b.type() == Type.DOUBLE) {
      return b;
    }
    if (isConst(b, 0) && a.type() == Type.DOUBLE) {
      return a;
    }
    if (a instanceof Expr.Const x && b instanceof Expr.Const y) {
      Type t = numeric(a, b);
      return new Expr.Const(t == Type.INT ? (int) x.value() + (int) y.value() : x.value() + y.value(), t);
    }
    return new Expr.Binary("+", a, b, numeric(a, b));
  }

  public static Expr sub(Expr a, Expr b) {
    if (isConst(b, 0) && a.type() == Type.DOUBLE) {
      return a;
    }
    if (isConst(a, 0) && b.type() == Type.DOUBLE) {
      return neg(b);
    }
    return new Expr.Binary("-", a, b, numeric(a, b));
  }

  public static Expr mul(Expr a, Expr b) {
    if (isConst(a, 0) || isConst(b, 0)) {
      return ZERO;
    }
    if (isConst(a, 1) && b.type() == Type.DOUBLE) {
      return b;
    }
    if (isConst(b, 1) && a.type() == Type.DOUBLE) {
      return a;
    }
    if (isConst(a, -1) && b.type() == Type.DOUBLE) {
      return neg(b);
    }
    if (isConst(b, -1) && a.type() == Type.DOUBLE) {
      return neg(a);
    }
    return new Expr.Binary("*", a, b, numeric(a, b));
  }

  public static Expr div(Expr a, Expr b) {
    if (isConst(a, 0)) {
      return ZERO;
    }
    if (isConst(b, 1) && a.type() == Type.DOUBLE) {
      return a;
    }
    return new Expr.Binary("/", a, b, numeric(a, b));
  }

  public static Expr neg(Expr a) {
    if (a instanceof Expr.Const c) {
      return new Expr.Const(-c.value(), c.type());
    }
    if (a instanceof Expr.Unary u && u.op().equals("-")) {
      return u.operand();
    }
    return new Expr.Unary("-", a, a.type());
  }

  public static Expr cmp(String op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b, Type.BOOLEAN);
  }

  public static Expr cond(Expr c, Expr a, Expr b) {
    if (a.equals(b)) {
      return a;
    }
    return new Expr.Cond(c, a, b, numeric(a, b));
  }

  public static Expr math(String fn, Expr... args) {
    return new Expr.Call("java.lang.Math." + fn, Arrays.asList(args), Type.DOUBLE);
  }

  public static Expr call(String key, List<Expr> args) {
    return new Expr.Call(key, args, Type.DOUBLE);
  }

  public static Expr.Var var(String name, Type type) {
    return new Expr.Var(name, type);
  }

  public static Expr.Index index(Expr.Var array, Expr i) {
    return new Expr.Index(array, i, array.type().element());
  }

  public static Stmt assign(Expr target, Expr value) {
    return new Stmt.Assign(target, value, null);
  }

  /** {@code target = target + value} (the accumulation every adjoint update is). */
  public static Stmt addTo(Expr target, Expr value) {
    return new Stmt.Assign(target, add(target, value), null);
  }

  /**
   * The value of a constant int expression (literals and + − * / % of them), or null when it is not
   * a compile-time constant or divides by zero.
   */
  public static Integer constantInt(Expr e) {
    if (e instanceof Expr.Const c && c.type() == Type.INT) {
      return (int) c.value();
    }
    if (e instanceof Expr.Binary b && b.type() == Type.INT) {
      Integer l = constantInt(b.left());
      Integer r = constantInt(b.right());
      if (l == null || r == null) {
        return null;
      }
      switch (b.op()) {
        case "+":
          return l + r;
        case "-":
          return l - r;
        case "*":
          return l * r;
        case "/":
          return r == 0 ? null : l / r;
        case "%":
          return r == 0 ? null : l % r;
        default:
          return null;
      }
    }
    return null;
  }
}
