package org.dsojava.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** Traversals of IR trees: visiting every expression, and rebuilding expressions bottom-up. */
public final class Walk {
  private Walk() {}

  /** Visits every expression (and sub-expression) of a statement, including nested statements. */
  public static void exprs(Stmt s, Consumer<Expr> visit) {
    if (s instanceof Stmt.Decl d) {
      if (d.init() != null) {
        expr(d.init(), visit);
      }
    } else if (s instanceof Stmt.Assign a) {
      expr(a.target(), visit);
      expr(a.value(), visit);
    } else if (s instanceof Stmt.If i) {
      expr(i.cond(), visit);
      i.thenBlock().forEach(x -> exprs(x, visit));
      i.elseBlock().forEach(x -> exprs(x, visit));
    } else if (s instanceof Stmt.For f) {
      expr(f.from(), visit);
      expr(f.to(), visit);
      f.body().forEach(x -> exprs(x, visit));
    } else if (s instanceof Stmt.ForDown f) {
      expr(f.from(), visit);
      expr(f.to(), visit);
      f.body().forEach(x -> exprs(x, visit));
    } else if (s instanceof Stmt.Return r) {
      if (r.value() != null) {
        expr(r.value(), visit);
      }
    } else if (s instanceof Stmt.CallStmt c) {
      expr(c.call(), visit);
    } else if (s instanceof Stmt.Push p) {
      expr(p.value(), visit);
    } else if (s instanceof Stmt.Pop p) {
      expr(p.target(), visit);
    } else if (s instanceof Stmt.Draw d) {
      d.args().forEach(a -> expr(a, visit));
    }
  }

  public static void expr(Expr e, Consumer<Expr> visit) {
    visit.accept(e);
    if (e instanceof Expr.Index i) {
      expr(i.array(), visit);
      expr(i.index(), visit);
    } else if (e instanceof Expr.Unary u) {
      expr(u.operand(), visit);
    } else if (e instanceof Expr.Binary b) {
      expr(b.left(), visit);
      expr(b.right(), visit);
    } else if (e instanceof Expr.Call c) {
      c.args().forEach(a -> expr(a, visit));
    } else if (e instanceof Expr.Cond c) {
      expr(c.cond(), visit);
      expr(c.ifTrue(), visit);
      expr(c.ifFalse(), visit);
    } else if (e instanceof Expr.Cast c) {
      expr(c.operand(), visit);
    } else if (e instanceof Expr.Length l) {
      expr(l.array(), visit);
    } else if (e instanceof Expr.ModelCall m) {
      m.args().forEach(a -> expr(a, visit));
    } else if (e instanceof Expr.Noise n) {
      n.args().forEach(a -> expr(a, visit));
    }
  }

  /** Adds the name of every variable {@code e} mentions (arrays of element accesses included) to {@code out}. */
  public static void varNames(Expr e, java.util.Set<String> out) {
    expr(e, x -> {
      if (x instanceof Expr.Var v) {
        out.add(v.name());
      }
    });
  }

  /** Adds the name of every variable the expressions of {@code s} (nested statements included) mention. */
  public static void varNames(Stmt s, java.util.Set<String> out) {
    exprs(s, x -> {
      if (x instanceof Expr.Var v) {
        out.add(v.name());
      }
    });
  }

  /** Adds every variable name {@code body} declares or mentions, at any depth, to {@code out}. */
  public static void names(List<Stmt> body, java.util.Set<String> out) {
    for (Stmt s : body) {
      varNames(s, out);
      declaredNames(s, out);
    }
  }

  private static void declaredNames(Stmt s, java.util.Set<String> out) {
    if (s instanceof Stmt.Decl d) {
      out.add(d.var().name());
    } else if (s instanceof Stmt.Draw d) {
      out.add(d.var().name());
    } else if (s instanceof Stmt.ArrayDecl a) {
      out.add(a.var().name());
    } else if (s instanceof Stmt.Fill f) {
      out.add(f.array().name());
    } else if (s instanceof Stmt.If i) {
      i.thenBlock().forEach(x -> declaredNames(x, out));
      i.elseBlock().forEach(x -> declaredNames(x, out));
    } else if (s instanceof Stmt.For f) {
      out.add(f.index().name());
      f.body().forEach(x -> declaredNames(x, out));
    } else if (s instanceof Stmt.ForDown f) {
      out.add(f.index().name());
      f.body().forEach(x -> declaredNames(x, out));
    }
  }

  /**
   * {@code body} without the statements {@code drop} selects, at any depth, and without the branches and
   * loops that leaves empty (conditions and bounds have no side effects).
   */
  public static List<Stmt> without(List<Stmt> body, Predicate<Stmt> drop) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (drop.test(s)) {
        continue;
      }
      if (s instanceof Stmt.If f) {
        List<Stmt> t = without(f.thenBlock(), drop);
        List<Stmt> e = without(f.elseBlock(), drop);
        if (!t.isEmpty() || !e.isEmpty()) {
          out.add(new Stmt.If(f.cond(), t, e, f.origin()));
        }
      } else if (s instanceof Stmt.For f) {
        List<Stmt> b = without(f.body(), drop);
        if (!b.isEmpty()) {
          out.add(new Stmt.For(f.index(), f.from(), f.to(), b, f.origin()));
        }
      } else if (s instanceof Stmt.ForDown f) {
        List<Stmt> b = without(f.body(), drop);
        if (!b.isEmpty()) {
          out.add(new Stmt.ForDown(f.index(), f.from(), f.to(), b));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** True when some sub-expression satisfies {@code test}. */
  public static boolean any(Expr e, Predicate<Expr> test) {
    boolean[] found = {false};
    expr(e, x -> found[0] |= test.test(x));
    return found[0];
  }

  /** Rebuilds {@code e} bottom-up, applying {@code f} to every node after its children. */
  public static Expr map(Expr e, Function<Expr, Expr> f) {
    Expr rebuilt = e;
    if (e instanceof Expr.Index i) {
      rebuilt = new Expr.Index((Expr.Var) map(i.array(), f), map(i.index(), f), i.type());
    } else if (e instanceof Expr.Unary u) {
      rebuilt = new Expr.Unary(u.op(), map(u.operand(), f), u.type());
    } else if (e instanceof Expr.Binary b) {
      rebuilt = new Expr.Binary(b.op(), map(b.left(), f), map(b.right(), f), b.type());
    } else if (e instanceof Expr.Call c) {
      rebuilt = new Expr.Call(c.function(), mapAll(c.args(), f), c.type());
    } else if (e instanceof Expr.Cond c) {
      rebuilt = new Expr.Cond(map(c.cond(), f), map(c.ifTrue(), f), map(c.ifFalse(), f), c.type());
    } else if (e instanceof Expr.Cast c) {
      rebuilt = new Expr.Cast(map(c.operand(), f), c.type());
    } else if (e instanceof Expr.Length l) {
      rebuilt = new Expr.Length((Expr.Var) map(l.array(), f));
    } else if (e instanceof Expr.ModelCall m) {
      rebuilt = new Expr.ModelCall(m.method(), mapAll(m.args(), f), m.type(), m.origin());
    } else if (e instanceof Expr.Noise n) {
      rebuilt = new Expr.Noise(n.distribution(), mapAll(n.args(), f), n.type(), n.origin());
    }
    return f.apply(rebuilt);
  }

  public static List<Expr> mapAll(List<Expr> es, Function<Expr, Expr> f) {
    List<Expr> out = new ArrayList<>(es.size());
    for (Expr x : es) {
      out.add(map(x, f));
    }
    return out;
  }

  /** Rebuilds every expression in a statement list (statement structure kept). */
  public static List<Stmt> mapStmts(List<Stmt> body, Function<Expr, Expr> f) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      out.add(mapStmt(s, f));
    }
    return out;
  }

  public static Stmt mapStmt(Stmt s, Function<Expr, Expr> f) {
    if (s instanceof Stmt.Decl d) {
      return new Stmt.Decl((Expr.Var) map(d.var(), f), d.init() == null ? null : map(d.init(), f), d.origin());
    } else if (s instanceof Stmt.ArrayDecl a) {
      return new Stmt.ArrayDecl((Expr.Var) map(a.var(), f), a.length(), a.origin());
    } else if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(map(a.target(), f), map(a.value(), f), a.origin());
    } else if (s instanceof Stmt.If i) {
      return new Stmt.If(map(i.cond(), f), mapStmts(i.thenBlock(), f), mapStmts(i.elseBlock(), f), i.origin());
    } else if (s instanceof Stmt.For l) {
      return new Stmt.For((Expr.Var) map(l.index(), f), map(l.from(), f), map(l.to(), f), mapStmts(l.body(), f), l.origin());
    } else if (s instanceof Stmt.ForDown l) {
      return new Stmt.ForDown((Expr.Var) map(l.index(), f), map(l.from(), f), map(l.to(), f), mapStmts(l.body(), f));
    } else if (s instanceof Stmt.Return r) {
      return new Stmt.Return(r.value() == null ? null : map(r.value(), f), r.origin());
    } else if (s instanceof Stmt.CallStmt c) {
      return new Stmt.CallStmt((Expr.ModelCall) map(c.call(), f), c.origin());
    } else if (s instanceof Stmt.Push p) {
      return new Stmt.Push(map(p.value(), f));
    } else if (s instanceof Stmt.Pop p) {
      return new Stmt.Pop(map(p.target(), f));
    } else if (s instanceof Stmt.Draw d) {
      return new Stmt.Draw((Expr.Var) map(d.var(), f), d.distribution(), mapAll(d.args(), f), d.origin());
    } else if (s instanceof Stmt.Fill fl) {
      return new Stmt.Fill((Expr.Var) map(fl.array(), f), fl.length());
    }
    throw new IllegalArgumentException(s.toString());
  }
}
