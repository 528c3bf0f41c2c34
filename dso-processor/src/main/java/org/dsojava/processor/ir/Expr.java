package org.dsojava.processor.ir;

import java.util.List;

/**
 * An expression of the model IR. Immutable; every node knows its type. Model calls and noise sites
 * only occur before inlining and hoisting respectively (see the transform package).
 */
public sealed interface Expr {
  Type type();

  /** A literal: int, double or boolean (0/1). */
  record Const(double value, Type type) implements Expr {
    public static Const ofDouble(double v) {
      return new Const(v, Type.DOUBLE);
    }

    public static Const ofInt(int v) {
      return new Const(v, Type.INT);
    }
  }

  /** A named variable: local, method parameter, or generated buffer. */
  record Var(String name, Type type) implements Expr {}

  /** {@code array[index]}. */
  record Index(Var array, Expr index, Type type) implements Expr {}

  /** {@code -e}, {@code !e}. */
  record Unary(String op, Expr operand, Type type) implements Expr {}

  /** Arithmetic, comparison and logical operators, Java spelling. */
  record Binary(String op, Expr left, Expr right, Type type) implements Expr {}

  /** A primitive function: a {@code Math} function or one registered through the SPI. */
  record Call(String function, List<Expr> args, Type type) implements Expr {}

  /** {@code cond ? a : b}. */
  record Cond(Expr cond, Expr ifTrue, Expr ifFalse, Type type) implements Expr {}

  /** {@code (int) e} or {@code (double) e}. */
  record Cast(Expr operand, Type type) implements Expr {}

  /** {@code array.length} of an array with a statically known length. */
  record Length(Var array) implements Expr {
    public Type type() {
      return Type.INT;
    }
  }

  /** A call to another method of the model; removed by inlining. */
  record ModelCall(String method, List<Expr> args, Type type, Object origin) implements Expr {}

  /** A noise site {@code noise.dist(args)}; hoisted into its own declaration before the transforms. */
  record Noise(String distribution, List<Expr> args, Type type, Object origin) implements Expr {}
}
