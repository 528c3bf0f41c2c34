package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Fully unrolls counted loops with constant bounds that are short (at most {@link #MAX_TRIP} iterations: a
 * loop over the three controls of an LQR, over η's two entries), or whose conditionals the index decides
 * and that stay small once unrolled (at most {@link #MAX_UNROLLED_STATEMENTS} statements: the five masses
 * of a spring chain, whose wall terms are {@code i > 0 ? x[2 * i - 2] : 0.0}). The now constant integer
 * arithmetic, comparisons and the conditionals they decide are folded ({@code 0 > 0 ? … : 0.0} is
 * {@code 0.0}), so the unrolled copies carry no branches. Array accesses then have constant
 * indices, so {@link Scalarize} can turn the work arrays they touch into locals, as a hand-written kernel
 * would. Iteration order is kept (ascending for {@code For}, descending for {@code ForDown}) and every
 * floating-point operation stays as written, so results and tape order are unchanged bit for bit.
 */
public final class UnrollSmall {
  static final int MAX_TRIP = 4;
  static final int MAX_UNROLLED_TRIP = 16;
  static final int MAX_UNROLLED_STATEMENTS = 64;

  private UnrollSmall() {}

  public static List<Stmt> apply(List<Stmt> program) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      if (s instanceof Stmt.For f) {
        List<Stmt> body = apply(f.body());
        if (small(f.index(), f.from(), f.to(), body)) {
          java.util.Set<String> local = declared(body);
          for (int k = lo(f.from()); k < lo(f.to()); k++) {
            out.addAll(substitute(body, f.index().name(), k, local));
          }
        } else {
          out.add(new Stmt.For(f.index(), f.from(), f.to(), body, f.origin()));
        }
      } else if (s instanceof Stmt.ForDown f) {
        List<Stmt> body = apply(f.body());
        if (small(f.index(), f.from(), f.to(), body)) {
          java.util.Set<String> local = declared(body);
          for (int k = lo(f.to()) - 1; k >= lo(f.from()); k--) {
            out.addAll(substitute(body, f.index().name(), k, local));
          }
        } else {
          out.add(new Stmt.ForDown(f.index(), f.from(), f.to(), body));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), apply(f.thenBlock()), apply(f.elseBlock()), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean small(Expr.Var index, Expr from, Expr to, List<Stmt> body) {
    if (!(from instanceof Expr.Const a && to instanceof Expr.Const b && a.type() == Type.INT
        && b.type() == Type.INT)) {
      return false;
    }
    double trip = b.value() - a.value();
    return trip >= 1 && (trip <= MAX_TRIP || trip <= MAX_UNROLLED_TRIP
        && trip * statements(body) <= MAX_UNROLLED_STATEMENTS && decidedByIndex(body, index.name()));
  }

  /** Whether some conditional or branch of the body, at any depth, tests the loop index. */
  private static boolean decidedByIndex(List<Stmt> body, String index) {
    java.util.function.Predicate<Expr> mentionsIndex = e -> e instanceof Expr.Var v && v.name().equals(index);
    for (Stmt s : body) {
      boolean[] found = {false};
      Walk.exprs(s, e -> found[0] |= e instanceof Expr.Cond c && Walk.any(c.cond(), mentionsIndex));
      if (found[0] || branchesOn(s, mentionsIndex)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s} is, or contains, an {@code if} whose condition satisfies {@code test}. */
  private static boolean branchesOn(Stmt s, java.util.function.Predicate<Expr> test) {
    if (s instanceof Stmt.If f) {
      return Walk.any(f.cond(), test) || f.thenBlock().stream().anyMatch(x -> branchesOn(x, test))
          || f.elseBlock().stream().anyMatch(x -> branchesOn(x, test));
    }
    List<Stmt> body = s instanceof Stmt.For l ? l.body() : s instanceof Stmt.ForDown l ? l.body() : List.of();
    return body.stream().anyMatch(x -> branchesOn(x, test));
  }

  /** Statements of a body, nested ones included (a loop counts its body once). */
  private static int statements(List<Stmt> body) {
    int n = 0;
    for (Stmt s : body) {
      n++;
      if (s instanceof Stmt.For f) {
        n += statements(f.body());
      } else if (s instanceof Stmt.ForDown f) {
        n += statements(f.body());
      } else if (s instanceof Stmt.If f) {
        n += statements(f.thenBlock()) + statements(f.elseBlock());
      }
    }
    return n;
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
        Expr cond = fold(f.cond(), index, k, local);
        List<Stmt> then = substitute(f.thenBlock(), index, k, local);
        List<Stmt> otherwise = substitute(f.elseBlock(), index, k, local);
        List<Stmt> taken = cond instanceof Expr.Const c ? (c.value() != 0 ? then : otherwise) : null;
        if (taken != null && declared(taken).isEmpty()) {
          out.addAll(taken);
        } else {
          out.add(new Stmt.If(cond, then, otherwise, f.origin()));
        }
      } else {
        out.add(Walk.mapStmt(s, e -> folded(e, index, k, local)));
      }
    }
    return out;
  }

  private static Expr fold(Expr e, String index, int k, java.util.Set<String> local) {
    return Walk.map(e, x -> folded(x, index, k, local));
  }

  /**
   * The index variable becomes k; integer arithmetic and comparisons of constants are evaluated (as Java
   * would), and so are the logic and the conditionals they decide.
   */
  private static Expr folded(Expr e, String index, int k, java.util.Set<String> local) {
    if (e instanceof Expr.Cond c && c.cond() instanceof Expr.Const b) {
      return b.value() != 0 ? c.ifTrue() : c.ifFalse();
    }
    if (e instanceof Expr.Unary u && u.op().equals("!") && u.operand() instanceof Expr.Const b) {
      return bool(b.value() == 0);
    }
    if (e instanceof Expr.Binary b && b.type() == Type.BOOLEAN) {
      return comparison(b);
    }
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

  private static Expr comparison(Expr.Binary b) {
    if (!(b.left() instanceof Expr.Const l && b.right() instanceof Expr.Const r)) {
      return b;
    }
    if (l.type() == Type.BOOLEAN && r.type() == Type.BOOLEAN) {
      boolean x = l.value() != 0;
      boolean y = r.value() != 0;
      switch (b.op()) {
        case "&&":
          return bool(x && y);
        case "||":
          return bool(x || y);
        case "==":
          return bool(x == y);
        case "!=":
          return bool(x != y);
        default:
          return b;
      }
    }
    if (l.type() != Type.INT || r.type() != Type.INT) {
      return b;
    }
    int x = (int) l.value();
    int y = (int) r.value();
    switch (b.op()) {
      case "<":
        return bool(x < y);
      case "<=":
        return bool(x <= y);
      case ">":
        return bool(x > y);
      case ">=":
        return bool(x >= y);
      case "==":
        return bool(x == y);
      case "!=":
        return bool(x != y);
      default:
        return b;
    }
  }

  private static Expr.Const bool(boolean v) {
    return new Expr.Const(v ? 1 : 0, Type.BOOLEAN);
  }
}
