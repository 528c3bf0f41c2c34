package org.dsojava.processor.transform;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Which variables carry derivatives: those that depend, through data flow, on the independent
 * arrays (θ). Flow-insensitive over names (arrays as a whole), which is safe: a variable marked
 * active that is not only costs a few zero updates.
 */
public final class Activity {
  private final Set<String> active = new HashSet<>();

  public Activity(List<Stmt> program, Set<String> independents) {
    active.addAll(independents);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : program) {
        changed |= scan(s);
      }
    }
  }

  public boolean isActive(String name) {
    return active.contains(name);
  }

  /** True when {@code e} is a double-valued expression that depends on an active variable. */
  public boolean isActive(Expr e) {
    return e.type() == Type.DOUBLE && Walk.any(e, x ->
        (x instanceof Expr.Var v && v.type() == Type.DOUBLE && active.contains(v.name()))
            || (x instanceof Expr.Index i && i.type() == Type.DOUBLE && active.contains(i.array().name())));
  }

  private static String targetName(Expr target) {
    return target instanceof Expr.Index i ? i.array().name() : ((Expr.Var) target).name();
  }

  private boolean mark(Expr target, Expr value) {
    if (value != null && target.type() == Type.DOUBLE && isActive(value)) {
      return active.add(targetName(target));
    }
    return false;
  }

  private boolean scan(Stmt s) {
    boolean changed = false;
    if (s instanceof Stmt.Decl d) {
      changed = mark(d.var(), d.init());
    } else if (s instanceof Stmt.Assign a) {
      changed = mark(a.target(), a.value());
    } else if (s instanceof Stmt.If f) {
      for (Stmt x : f.thenBlock()) {
        changed |= scan(x);
      }
      for (Stmt x : f.elseBlock()) {
        changed |= scan(x);
      }
    } else if (s instanceof Stmt.For f) {
      for (Stmt x : f.body()) {
        changed |= scan(x);
      }
    } else if (s instanceof Stmt.ForDown f) {
      for (Stmt x : f.body()) {
        changed |= scan(x);
      }
    }
    // A Pop restores a value saved from the same variable: it adds no dependence.
    return changed;
  }
}
