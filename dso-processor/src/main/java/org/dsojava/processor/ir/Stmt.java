package org.dsojava.processor.ir;

import java.util.List;

/**
 * A statement of the model IR. {@code origin} is the source tree a statement came from (opaque here,
 * used only to place diagnostics); generated statements carry {@code null}.
 */
public sealed interface Stmt {
  /** Declares a scalar local, optionally initialized. */
  record Decl(Expr.Var var, Expr init, Object origin) implements Stmt {}

  /** Declares a local array of a static length; Java semantics: zero-filled. */
  record ArrayDecl(Expr.Var var, int length, Object origin) implements Stmt {}

  /** {@code target = value}; compound assignments are desugared. Target: Var or Index. */
  record Assign(Expr target, Expr value, Object origin) implements Stmt {}

  record If(Expr cond, List<Stmt> thenBlock, List<Stmt> elseBlock, Object origin) implements Stmt {}

  /** {@code for (int i = from; i < to; i++)}; {@code to} is evaluated once. */
  record For(Expr.Var index, Expr from, Expr to, List<Stmt> body, Object origin) implements Stmt {}

  /** {@code for (int i = to - 1; i >= from; i--)}: the reverse sweep of a counted loop. */
  record ForDown(Expr.Var index, Expr from, Expr to, List<Stmt> body) implements Stmt {}

  /** Tail-position return; removed by inlining. */
  record Return(Expr value, Object origin) implements Stmt {}

  /** A void model call as a statement; removed by inlining. */
  record CallStmt(Expr.ModelCall call, Object origin) implements Stmt {}

  /** Saves a value on the tape (double or int tape by the value's type). */
  record Push(Expr value) implements Stmt {}

  /** Restores a value from the tape into {@code target} (Var or Index). */
  record Pop(Expr target) implements Stmt {}

  /** A noise site in sampling mode: draw, record in {@code draws[drawIndex]}, assign to {@code var}. */
  record Draw(Expr.Var var, String distribution, List<Expr> args, Object origin) implements Stmt {}

  /** Fills a whole array with zeros. */
  record Fill(Expr.Var array, int length) implements Stmt {}
}
