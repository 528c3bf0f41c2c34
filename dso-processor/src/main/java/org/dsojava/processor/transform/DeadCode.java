package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Walk;

/**
 * Removes statements that cannot affect the program's outputs (backward liveness, arrays as a whole).
 * In the weighted sum F = wL·L + wP·ln P the next-state update is dead: ln P reads only the draws'
 * distribution parameters. Dropping it before differentiation keeps it off the tape and out of the
 * reverse sweep, so the gradient costs what ln P and L cost, as hand-written code would.
 */
public final class DeadCode {
  private DeadCode() {}

  public static List<Stmt> eliminate(List<Stmt> program, Set<String> outputs) {
    Set<String> live = new HashSet<>(outputs);
    return withoutUnusedDeclarations(block(program, live));
  }

  /**
   * Drops declarations (without initializer) of variables nothing else mentions any more, at any depth,
   * and then loops and branches left empty.
   */
  private static List<Stmt> withoutUnusedDeclarations(List<Stmt> program) {
    Set<String> used = new HashSet<>();
    collectUses(program, used);
    return Walk.without(program, s -> s instanceof Stmt.Decl d && d.init() == null && !used.contains(d.var().name()));
  }

  private static void collectUses(List<Stmt> body, Set<String> used) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.init() == null) {
        continue;
      }
      if (s instanceof Stmt.If f) {
        Walk.varNames(f.cond(), used);
        collectUses(f.thenBlock(), used);
        collectUses(f.elseBlock(), used);
      } else if (s instanceof Stmt.For f) {
        used.add(f.index().name());
        Walk.varNames(f.from(), used);
        Walk.varNames(f.to(), used);
        collectUses(f.body(), used);
      } else if (s instanceof Stmt.ForDown f) {
        used.add(f.index().name());
        Walk.varNames(f.from(), used);
        Walk.varNames(f.to(), used);
        collectUses(f.body(), used);
      } else if (s instanceof Stmt.Fill f) {
        used.add(f.array().name());
      } else {
        Walk.varNames(s, used);
      }
    }
  }

  /** Processes {@code body} backwards; {@code live} is updated to the set live before it. */
  private static List<Stmt> block(List<Stmt> body, Set<String> live) {
    List<Stmt> kept = new ArrayList<>();
    for (int i = body.size() - 1; i >= 0; i--) {
      Stmt s = statement(body.get(i), live);
      if (s != null) {
        kept.add(s);
      }
    }
    Collections.reverse(kept);
    return kept;
  }

  private static Stmt statement(Stmt s, Set<String> live) {
    if (s instanceof Stmt.Decl d) {
      if (d.init() == null) {
        return s;
      }
      if (!live.remove(d.var().name())) {
        return new Stmt.Decl(d.var(), null, d.origin());
      }
      reads(d.init(), live);
      return s;
    }
    if (s instanceof Stmt.ArrayDecl) {
      return s;
    }
    if (s instanceof Stmt.Push p) {
      reads(p.value(), live);
      return s;
    }
    if (s instanceof Stmt.Pop p) {
      if (p.target() instanceof Expr.Var v) {
        live.remove(v.name());
      } else {
        reads(((Expr.Index) p.target()).index(), live);
      }
      return s;
    }
    if (s instanceof Stmt.Fill f) {
      return live.contains(f.array().name()) ? s : null;
    }
    if (s instanceof Stmt.Assign a) {
      if (a.target() instanceof Expr.Index i) {
        if (!live.contains(i.array().name())) {
          return null;
        }
        reads(i.index(), live);
      } else if (!live.remove(((Expr.Var) a.target()).name())) {
        return null;
      }
      reads(a.value(), live);
      return s;
    }
    if (s instanceof Stmt.If f) {
      Set<String> thenLive = new HashSet<>(live);
      List<Stmt> t = block(f.thenBlock(), thenLive);
      Set<String> elseLive = new HashSet<>(live);
      List<Stmt> e = block(f.elseBlock(), elseLive);
      if (t.isEmpty() && e.isEmpty()) {
        return null;
      }
      live.addAll(thenLive);
      live.addAll(elseLive);
      reads(f.cond(), live);
      return new Stmt.If(f.cond(), t, e, f.origin());
    }
    if (s instanceof Stmt.ForDown f) {
      Stmt.For up = (Stmt.For) statement(new Stmt.For(f.index(), f.from(), f.to(), f.body(), null), live);
      return up == null ? null : new Stmt.ForDown(up.index(), up.from(), up.to(), up.body());
    }
    if (s instanceof Stmt.For f) {
      Set<String> after = new HashSet<>(live);
      Set<String> loop = new HashSet<>(after);
      List<Stmt> body;
      while (true) {
        Set<String> in = new HashSet<>(loop);
        body = block(f.body(), in);
        in.addAll(after);
        if (in.equals(loop)) {
          break;
        }
        loop = in;
      }
      if (body.isEmpty()) {
        return null;
      }
      live.addAll(loop);
      reads(f.from(), live);
      reads(f.to(), live);
      return new Stmt.For(f.index(), f.from(), f.to(), body, f.origin());
    }
    throw new IllegalStateException("unexpected statement in dead-code elimination: " + s);
  }

  private static void reads(Expr e, Set<String> live) {
    Walk.varNames(e, live); // an element access names its array too
  }
}
