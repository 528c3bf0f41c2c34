package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Unroll-and-jam of a row loop around a reduction: {@code for i { z = b[i]; for j { z += W[i,j]·h[j] }
 * out[i] = f(z) }} becomes four rows per outer iteration with four accumulators interleaved in the
 * inner loop. Each accumulator still sums in the model's order, so results are bit-for-bit unchanged;
 * the JIT does not reassociate floating-point sums, so without this a dense layer runs at the latency of
 * one dependent add per weight instead of the throughput of four.
 *
 * <p>Applied only where iterations are provably independent: constant bounds with a trip count divisible
 * by {@link #LANES}; a body of straight-line statements around one inner loop of straight-line
 * statements; every scalar the body assigns written before it is read in each iteration (privatized,
 * with its last-row value restored after the loop); every array the body writes accessed only at the
 * row index itself, possibly offset by a constant. Saves to the tape keep their order (rows ascend).
 */
public final class UnrollAndJam {
  static final int LANES = 4;

  private UnrollAndJam() {}

  public static List<Stmt> apply(List<Stmt> program) {
    int[] fresh = {0};
    return block(program, fresh);
  }

  private static List<Stmt> block(List<Stmt> body, int[] fresh) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.For f) {
        List<Stmt> jammed = jam(f, fresh);
        if (jammed != null) {
          out.addAll(jammed);
        } else {
          out.add(new Stmt.For(f.index(), f.from(), f.to(), block(f.body(), fresh), f.origin()));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), block(f.thenBlock(), fresh), block(f.elseBlock(), fresh), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static List<Stmt> jam(Stmt.For f, int[] fresh) {
    if (!(f.from() instanceof Expr.Const from) || !(f.to() instanceof Expr.Const to)) {
      return null;
    }
    int lo = (int) from.value();
    int trip = (int) to.value() - lo;
    if (trip < 2 * LANES || trip % LANES != 0) {
      return null;
    }
    List<Stmt> pre = new ArrayList<>();
    List<Stmt> post = new ArrayList<>();
    Stmt.For inner = null;
    for (Stmt s : f.body()) {
      if (s instanceof Stmt.For g && inner == null) {
        inner = g;
      } else if (straightLine(s, true)) {
        (inner == null ? pre : post).add(s);
      } else {
        return null;
      }
    }
    if (inner == null || !(inner.from() instanceof Expr.Const) || !(inner.to() instanceof Expr.Const)
        || !inner.body().stream().allMatch(s -> straightLine(s, false))) {
      return null;
    }
    // Saves on both sides of the inner loop would leave the tape in lane order, not row order.
    if (pre.stream().anyMatch(s -> s instanceof Stmt.Push) && post.stream().anyMatch(s -> s instanceof Stmt.Push)) {
      return null;
    }
    String i = f.index().name();
    List<Stmt> order = new ArrayList<>(pre);
    order.addAll(inner.body());
    order.addAll(post);
    Set<String> scalars = new java.util.TreeSet<>();
    if (!privatizable(order, i, inner.index().name(), scalars) || !rowArrays(f.body(), i)) {
      return null;
    }
    Expr.Var row = new Expr.Var(i + "$r" + (++fresh[0]), Type.INT);
    List<Function<Expr, Expr>> lane = new ArrayList<>();
    for (int u = 0; u < LANES; u++) {
      Expr scaled = new Expr.Binary("*", row, Ir.integer(LANES), Type.INT);
      Expr index = lo + u == 0 ? scaled : new Expr.Binary("+", scaled, Ir.integer(lo + u), Type.INT);
      int k = u;
      lane.add(e -> {
        if (e instanceof Expr.Var v && v.name().equals(i)) {
          return index;
        }
        if (e instanceof Expr.Var v && scalars.contains(v.name())) {
          return new Expr.Var(v.name() + "$" + k, v.type());
        }
        return e;
      });
    }
    List<Stmt> body = new ArrayList<>();
    for (int u = 0; u < LANES; u++) {
      for (Stmt s : pre) {
        body.add(Walk.mapStmt(s, lane.get(u)));
      }
    }
    List<Stmt> innerBody = new ArrayList<>();
    for (Stmt s : inner.body()) {
      for (int u = 0; u < LANES; u++) {
        innerBody.add(Walk.mapStmt(s, lane.get(u)));
      }
    }
    body.add(new Stmt.For(inner.index(), inner.from(), inner.to(), innerBody, inner.origin()));
    for (int u = 0; u < LANES; u++) {
      for (Stmt s : post) {
        body.add(Walk.mapStmt(s, lane.get(u)));
      }
    }
    List<Stmt> out = new ArrayList<>();
    for (String v : scalars) {
      if (declaredIn(order, v)) {
        continue;
      }
      Type t = typeOf(order, v);
      for (int u = 0; u < LANES; u++) {
        out.add(new Stmt.Decl(new Expr.Var(v + "$" + u, t), t == Type.DOUBLE ? Ir.ZERO : new Expr.Const(0, t), null));
      }
    }
    out.add(new Stmt.For(row, Ir.integer(0), Ir.integer(trip / LANES), body, f.origin()));
    for (String v : scalars) {
      if (!declaredIn(order, v)) {
        Type t = typeOf(order, v);
        out.add(new Stmt.Assign(new Expr.Var(v, t), new Expr.Var(v + "$" + (LANES - 1), t), null));
      }
    }
    return out;
  }

  private static boolean straightLine(Stmt s, boolean pushAllowed) {
    return s instanceof Stmt.Assign || s instanceof Stmt.Decl || pushAllowed && s instanceof Stmt.Push;
  }

  /**
   * Every scalar assigned in the body is written before it is read within an iteration (in the order
   * pre, one pass of the inner body, post: a scalar that the inner loop both reads and writes must be
   * defined in pre). Collects them into {@code scalars}.
   */
  private static boolean privatizable(List<Stmt> order, String row, String column, Set<String> scalars) {
    Set<String> written = new HashSet<>();
    Set<String> readFirst = new HashSet<>();
    for (Stmt s : order) {
      Set<String> reads = new HashSet<>();
      Expr target = null;
      if (s instanceof Stmt.Assign a) {
        target = a.target();
        Walk.varNames(a.value(), reads);
        if (a.target() instanceof Expr.Index x) {
          Walk.varNames(x.index(), reads);
        }
      } else if (s instanceof Stmt.Decl d) {
        target = d.var();
        if (d.init() != null) {
          Walk.varNames(d.init(), reads);
        }
      } else if (s instanceof Stmt.Push p) {
        Walk.varNames(p.value(), reads);
      }
      for (String r : reads) {
        if (!written.contains(r)) {
          readFirst.add(r);
        }
      }
      if (target instanceof Expr.Var v) {
        if (v.name().equals(row) || v.name().equals(column) || readFirst.contains(v.name())) {
          return false;
        }
        written.add(v.name());
      }
    }
    scalars.addAll(written);
    return true;
  }

  /** Arrays written in the body are accessed there only at {@code row} or {@code row + c}, one form each. */
  private static boolean rowArrays(List<Stmt> body, String row) {
    Set<String> writtenArrays = new HashSet<>();
    for (Stmt s : body) {
      collectWrites(s, writtenArrays);
    }
    Map<String, Expr> at = new HashMap<>();
    boolean[] ok = {true};
    for (Stmt s : body) {
      Walk.exprs(s, e -> {
        if (e instanceof Expr.Index x && writtenArrays.contains(x.array().name())) {
          Expr seen = at.putIfAbsent(x.array().name(), x.index());
          ok[0] &= rowIndex(x.index(), row) && (seen == null || seen.equals(x.index()));
        }
      });
    }
    return ok[0];
  }

  private static void collectWrites(Stmt s, Set<String> out) {
    if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Index x) {
      out.add(x.array().name());
    } else if (s instanceof Stmt.For g) {
      g.body().forEach(b -> collectWrites(b, out));
    }
  }

  private static boolean rowIndex(Expr e, String row) {
    if (e instanceof Expr.Var v) {
      return v.name().equals(row);
    }
    return e instanceof Expr.Binary b && b.op().equals("+")
        && (b.left() instanceof Expr.Const && b.right() instanceof Expr.Var v && v.name().equals(row)
            || b.right() instanceof Expr.Const && b.left() instanceof Expr.Var w && w.name().equals(row));
  }

  private static Type typeOf(List<Stmt> order, String v) {
    for (Stmt s : order) {
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var x && x.name().equals(v)) {
        return x.type();
      }
      if (s instanceof Stmt.Decl d && d.var().name().equals(v)) {
        return d.var().type();
      }
    }
    return Type.DOUBLE;
  }

  private static boolean declaredIn(List<Stmt> order, String v) {
    return order.stream().anyMatch(s -> s instanceof Stmt.Decl d && d.var().name().equals(v));
  }
}
