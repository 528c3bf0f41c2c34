package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Walk;

/**
 * Runs a reverse-sweep loop ({@link Stmt.ForDown}) in ascending order when its iterations touch disjoint
 * memory, as the adjoint of a dense row does: {@code g[r + j] += a·h[j]; h$b[j] += a·W[r + j]} for
 * j = 63…0. Each element then receives the same operations in the same order whichever way the loop
 * runs, so results are bit-for-bit unchanged; ascending, the JIT vectorizes it as it would a
 * hand-written backward pass.
 *
 * <p>A loop qualifies when its body has only declarations and assignments (no branches, nested loops or
 * tape traffic), assigns no scalar declared outside it, and every array it writes is written and read
 * only at one index expression of the form {@code i + c}, c free of anything the body assigns (so
 * iteration i touches element i + c only).
 */
public final class AscendIndependentLoops {
  private AscendIndependentLoops() {}

  public static List<Stmt> apply(List<Stmt> program) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      if (s instanceof Stmt.ForDown f) {
        List<Stmt> body = apply(f.body());
        out.add(independent(f.index().name(), body)
            ? new Stmt.For(f.index(), f.from(), f.to(), body, null)
            : new Stmt.ForDown(f.index(), f.from(), f.to(), body));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), apply(f.body()), f.origin()));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), apply(f.thenBlock()), apply(f.elseBlock()), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  static boolean independent(String index, List<Stmt> body) {
    Set<String> locals = new HashSet<>();
    Map<String, Expr> writes = new HashMap<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d) {
        locals.add(d.var().name());
      } else if (s instanceof Stmt.Assign a) {
        if (a.target() instanceof Expr.Var v) {
          if (!locals.contains(v.name())) {
            return false;
          }
        } else if (a.target() instanceof Expr.Index ix) {
          Expr previous = writes.putIfAbsent(ix.array().name(), ix.index());
          if (previous != null && !previous.equals(ix.index())) {
            return false;
          }
        } else {
          return false;
        }
      } else {
        return false;
      }
    }
    if (writes.isEmpty()) {
      return false;
    }
    for (Expr at : writes.values()) {
      if (!indexPlusInvariant(at, index, locals)) {
        return false;
      }
    }
    boolean[] ok = {true};
    for (Stmt s : body) {
      Walk.exprs(s, e -> {
        if (e instanceof Expr.Index ix && writes.containsKey(ix.array().name())
            && !writes.get(ix.array().name()).equals(ix.index())) {
          ok[0] = false;
        }
      });
    }
    return ok[0];
  }

  /** e = i + c: {@code i} is reached from the root through {@code +} only, and c mentions none of {@code locals}. */
  static boolean indexPlusInvariant(Expr e, String index, Set<String> locals) {
    Set<String> names = new HashSet<>();
    Walk.varNames(e, names);
    for (String local : locals) {
      if (names.contains(local)) {
        return false;
      }
    }
    return occurrences(e, index) == 1 && additive(e, index);
  }

  private static boolean additive(Expr e, String index) {
    if (e instanceof Expr.Var v && v.name().equals(index)) {
      return true;
    }
    if (e instanceof Expr.Binary b && b.op().equals("+")) {
      return additive(b.left(), index) || additive(b.right(), index);
    }
    return false;
  }

  private static int occurrences(Expr e, String index) {
    int[] n = {0};
    Walk.expr(e, x -> {
      if (x instanceof Expr.Var v && v.name().equals(index)) {
        n[0]++;
      }
    });
    return n[0];
  }
}
