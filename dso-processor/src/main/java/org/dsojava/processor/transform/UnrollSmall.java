package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Fully unrolls counted loops of at most {@link #MAX_TRIP} iterations with constant bounds (a loop over
 * the three controls of an LQR, over η's two entries), folding the now constant integer index
 * arithmetic. Their array accesses then have constant indices, so {@link Scalarize} can turn the work
 * arrays they touch into locals, as a hand-written kernel would. Iteration order is kept (ascending
 * for {@code For}, descending for {@code ForDown}), so results and tape order are unchanged.
 */
public final class UnrollSmall {
  static final int MAX_TRIP = 4;

  private UnrollSmall() {}

  public static List<Stmt> apply(List<Stmt> program) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      if (s instanceof Stmt.For f && small(f.from(), f.to())) {
        List<Stmt> body = apply(f.body());
        java.util.Set<String> local = declared(body);
        for (int k = lo(f.from()); k < lo(f.to()); k++) {
          out.addAll(substitute(body, f.index().name(), k, local));
        }
      } else if (s instanceof Stmt.ForDown f && small(f.from(), f.to())) {
        List<Stmt> body = apply(f.body());
        java.util.Set<String> local = declared(body);
        for (int k = lo(f.to()) - 1; k >= lo(f.from()); k--) {
          out.addAll(substitute(body, f.index().name(), k, local));
        }
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), apply(f.body()), f.origin()));
      } else if (s instanceof Stmt.ForDown f) {
        out.add(new Stmt.ForDown(f.index(), f.from(), f.to(), apply(f.body())));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), apply(f.thenBlock()), apply(f.elseBlock()), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean small(Expr from, Expr to) {
    return from instanceof Expr.Const a && to instanceof Expr.Const b && a.type() == Type.INT
        && b.type() == Type.INT && b.value() - a.value() >= 1 && b.value() - a.value() <= MAX_TRIP;
  }

  private static int lo(Expr e) {
    return (int) ((Expr.Const) e).value();
  }

  /** Names declared at the top level of a loop body: each unrolled copy gets its own (suffix $u + k). */
  private static java.util.Set<String> declared(List<Stmt> body) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d) {
        out.add(d.var().name());
      } else if (s instanceof Stmt.ArrayDecl a) {
        out.add(a.var().name());
      } else if (s instanceof Stmt.Draw d) {
        out.add(d.var().name());
      }
    }
    return out;
  }

  private static List<Stmt> substitute(List<Stmt> body, String index, int k, java.util.Set<String> local) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), fold(f.from(), index, k, local), fold(f.to(), index, k, local),
            substitute(f.body(), index, k, local), f.origin()));
      } else if (s instanceof Stmt.ForDown f) {
        out.add(new Stmt.ForDown(f.index(), fold(f.from(), index, k, local), fold(f.to(), index, k, local),
            substitute(f.body(), index, k, local)));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(fold(f.cond(), index, k, local), substitute(f.thenBlock(), index, k, local),
            substitute(f.elseBlock(), index, k, local), f.origin()));
      } else {
        out.add(Walk.mapStmt(s, e -> folded(e, index, k, local)));
      }
    }
    return out;
  }

  private static Expr fold(Expr e, String index, int k, java.util.Set<String> local) {
    return Walk.map(e, x -> folded(x, index, k, local));
  }

  /** The index variable becomes k; integer arithmetic of constants is evaluated (as Java would). */
  private static Expr folded(Expr e, String index, int k, java.util.Set<String> local) {
    if (e instanceof Expr.Var v && v.name().equals(index)) {
      return Expr.Const.ofInt(k);
    }
    if (e instanceof Expr.Var v && local.contains(v.name())) {
      return new Expr.Var(v.name() + "$u" + k, v.type());
    }
    if (e instanceof Expr.Binary b && b.type() == Type.INT && b.left() instanceof Expr.Const l
        && b.right() instanceof Expr.Const r && l.type() == Type.INT && r.type() == Type.INT) {
      int x = (int) l.value();
      int y = (int) r.value();
      switch (b.op()) {
        case "+":
          return Expr.Const.ofInt(x + y);
        case "-":
          return Expr.Const.ofInt(x - y);
        case "*":
          return Expr.Const.ofInt(x * y);
        case "/":
          return y == 0 ? e : Expr.Const.ofInt(x / y);
        case "%":
          return y == 0 ? e : Expr.Const.ofInt(x % y);
        default:
          return e;
      }
    }
    return e;
  }
}
