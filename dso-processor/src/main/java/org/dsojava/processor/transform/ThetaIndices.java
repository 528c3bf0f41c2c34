package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.dsojava.processor.frontend.BodyReader;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Indices into {@code @Param} arrays. θ is one flat vector, so {@code k[2]} on a length-2 {@code k}
 * would read the next parameter where Java throws. An index that is a function of constants and the
 * indices of constant-bound loops is decided by enumerating those loops: out of range where the read
 * runs unconditionally is a compile error ({@link #check}); every index not proven in range is guarded
 * at run time ({@link #guard}) so that it throws {@link ArrayIndexOutOfBoundsException} instead of
 * reading a neighbour.
 */
public final class ThetaIndices {
  /** Enumerations larger than this count as undecided (and are guarded). */
  private static final long MAX_CASES = 1L << 16;

  private ThetaIndices() {}

  /** A read that is out of range whenever it runs: the param, the index, its values, the statement. */
  public record OutOfRange(Model.ParamField param, Expr index, String values, Object origin) {}

  /** Reads of {@code program} (inlined, before lowering) that are out of range whenever they run. */
  public static List<OutOfRange> check(List<Stmt> program, Model model) {
    List<OutOfRange> out = new ArrayList<>();
    visit(program, new HashMap<>(), false, null, (read, ctx) -> {
      Model.ParamField p = model.param(read.array().name().substring(1)).orElse(null);
      if (p == null || ctx.conditional) {
        return;
      }
      int[] range = values(read.index(), ctx.loops, model);
      if (range != null && (range[0] < 0 || range[1] >= p.length())) {
        out.add(new OutOfRange(p, display(read.index()), range[0] == range[1] ? String.valueOf(range[0])
            : "[" + range[0] + ", " + range[1] + "]", ctx.origin));
      }
    });
    return out;
  }

  /**
   * Replaces each index {@code i} of a θ array of length L that is not proven in [0, L) by
   * {@code 0 <= i && i < L ? i : -1 - offset}, which the resolver turns into {@code theta[-1]}: Java's
   * own bounds check then throws.
   */
  public static List<Stmt> guard(List<Stmt> program, Model model) {
    return rewrite(program, new HashMap<>(), model);
  }

  private static List<Stmt> rewrite(List<Stmt> body, Map<String, int[]> loops, Model model) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(guardExpr(f.cond(), loops, model), rewrite(f.thenBlock(), loops, model),
            rewrite(f.elseBlock(), loops, model), f.origin()));
      } else if (s instanceof Stmt.For f) {
        Map<String, int[]> inner = new HashMap<>(loops);
        Integer from = Ir.constantInt(f.from());
        Integer to = Ir.constantInt(f.to());
        if (from != null && to != null) {
          inner.put(f.index().name(), new int[] {from, to});
        }
        out.add(new Stmt.For(f.index(), guardExpr(f.from(), loops, model), guardExpr(f.to(), loops, model),
            rewrite(f.body(), inner, model), f.origin()));
      } else {
        out.addAll(Walk.mapStmts(List.of(s), e -> guardIndex(e, loops, model)));
      }
    }
    return out;
  }

  private static Expr guardExpr(Expr e, Map<String, int[]> loops, Model model) {
    return Walk.map(e, x -> guardIndex(x, loops, model));
  }

  private static Expr guardIndex(Expr e, Map<String, int[]> loops, Model model) {
    if (!(e instanceof Expr.Index i) || !i.array().name().startsWith(BodyReader.PARAM_PREFIX)) {
      return e;
    }
    Model.ParamField p = model.param(i.array().name().substring(1)).orElse(null);
    if (p == null) {
      return e;
    }
    int[] range = values(i.index(), loops, model);
    if (range != null && range[0] >= 0 && range[1] < p.length()) {
      return e;
    }
    Expr index = i.index();
    Expr inRange = new Expr.Binary("&&", Ir.cmp("<=", Ir.integer(0), index), Ir.cmp("<", index, Ir.integer(p.length())),
        Type.BOOLEAN);
    return new Expr.Index(i.array(), new Expr.Cond(inRange, index, Ir.integer(-1 - p.offset()), Type.INT), i.type());
  }

  /** The index as the model wrote it: θ fields by their names ({@code w.length}, not {@code @w.length}). */
  private static Expr display(Expr index) {
    return Walk.map(index, e -> {
      if (e instanceof Expr.Var v && v.name().startsWith(BodyReader.PARAM_PREFIX)) {
        return new Expr.Var(v.name().substring(1), v.type());
      }
      return e;
    });
  }

  /** Where a read is: the enclosing loops' constant ranges, under a condition or not, the statement. */
  private record Context(Map<String, int[]> loops, boolean conditional, Object origin) {}

  private static void visit(List<Stmt> body, Map<String, int[]> loops, boolean conditional, Object origin,
      BiConsumer<Expr.Index, Context> reads) {
    for (Stmt s : body) {
      Object where = origin(s) != null ? origin(s) : origin;
      if (s instanceof Stmt.If f) {
        visitExpr(f.cond(), new Context(loops, conditional, where), reads);
        visit(f.thenBlock(), loops, true, where, reads);
        visit(f.elseBlock(), loops, true, where, reads);
      } else if (s instanceof Stmt.For f) {
        Context here = new Context(loops, conditional, where);
        visitExpr(f.from(), here, reads);
        visitExpr(f.to(), here, reads);
        Map<String, int[]> inner = new HashMap<>(loops);
        Integer from = Ir.constantInt(f.from());
        Integer to = Ir.constantInt(f.to());
        boolean known = from != null && to != null;
        if (known) {
          inner.put(f.index().name(), new int[] {from, to});
        }
        // A loop that may run zero times makes its body conditional.
        visit(f.body(), inner, conditional || !known || from >= to, where, reads);
      } else {
        Context here = new Context(loops, conditional, where);
        List<Expr> roots = new ArrayList<>();
        if (s instanceof Stmt.Decl d && d.init() != null) {
          roots.add(d.init());
        } else if (s instanceof Stmt.Assign a) {
          roots.add(a.target());
          roots.add(a.value());
        } else if (s instanceof Stmt.Return r && r.value() != null) {
          roots.add(r.value());
        } else {
          Walk.exprs(s, e -> {
            if (e instanceof Expr.Index i && i.array().name().startsWith(BodyReader.PARAM_PREFIX)) {
              reads.accept(i, new Context(loops, true, where));
            }
          });
        }
        roots.forEach(r -> visitExpr(r, here, reads));
      }
    }
  }

  private static Object origin(Stmt s) {
    if (s instanceof Stmt.Decl d) {
      return d.origin();
    }
    if (s instanceof Stmt.Assign a) {
      return a.origin();
    }
    if (s instanceof Stmt.If f) {
      return f.origin();
    }
    if (s instanceof Stmt.For f) {
      return f.origin();
    }
    return null;
  }

  /** Visits reads in {@code e}; operands Java may skip (of ?:, && and ||) are conditional. */
  private static void visitExpr(Expr e, Context ctx, BiConsumer<Expr.Index, Context> reads) {
    if (e instanceof Expr.Index i) {
      if (i.array().name().startsWith(BodyReader.PARAM_PREFIX)) {
        reads.accept(i, ctx);
      }
      visitExpr(i.index(), ctx, reads);
    } else if (e instanceof Expr.Cond c) {
      visitExpr(c.cond(), ctx, reads);
      Context maybe = new Context(ctx.loops, true, ctx.origin);
      visitExpr(c.ifTrue(), maybe, reads);
      visitExpr(c.ifFalse(), maybe, reads);
    } else if (e instanceof Expr.Binary b && (b.op().equals("&&") || b.op().equals("||"))) {
      visitExpr(b.left(), ctx, reads);
      visitExpr(b.right(), new Context(ctx.loops, true, ctx.origin), reads);
    } else if (e instanceof Expr.Binary b) {
      visitExpr(b.left(), ctx, reads);
      visitExpr(b.right(), ctx, reads);
    } else if (e instanceof Expr.Unary u) {
      visitExpr(u.operand(), ctx, reads);
    } else if (e instanceof Expr.Cast c) {
      visitExpr(c.operand(), ctx, reads);
    } else if (e instanceof Expr.Call c) {
      c.args().forEach(a -> visitExpr(a, ctx, reads));
    } else if (e instanceof Expr.Noise n) {
      n.args().forEach(a -> visitExpr(a, ctx, reads));
    } else if (e instanceof Expr.ModelCall c) {
      c.args().forEach(a -> visitExpr(a, ctx, reads));
    }
  }

  /**
   * {min, max} of an int expression over every combination of its loop indices, or null when it
   * reads anything else (a local, the state, a draw) or has too many combinations.
   */
  static int[] values(Expr index, Map<String, int[]> loops, Model model) {
    index = Walk.map(index, e -> e instanceof Expr.Length l && l.array().name().startsWith(BodyReader.PARAM_PREFIX)
        ? Ir.integer(model.param(l.array().name().substring(1)).orElseThrow().length()) : e);
    List<String> vars = new ArrayList<>();
    boolean[] closed = {true};
    Walk.expr(index, e -> {
      if (e instanceof Expr.Var v) {
        if (loops.containsKey(v.name())) {
          if (!vars.contains(v.name())) {
            vars.add(v.name());
          }
        } else {
          closed[0] = false;
        }
      } else if (!(e instanceof Expr.Const || e instanceof Expr.Binary || e instanceof Expr.Unary)) {
        closed[0] = false;
      }
    });
    if (!closed[0]) {
      return null;
    }
    long cases = 1;
    for (String v : vars) {
      int[] r = loops.get(v);
      if (r[1] <= r[0]) {
        return null;
      }
      cases *= r[1] - r[0];
      if (cases > MAX_CASES) {
        return null;
      }
    }
    Map<String, Integer> env = new HashMap<>();
    int[] current = new int[vars.size()];
    for (int k = 0; k < vars.size(); k++) {
      current[k] = loops.get(vars.get(k))[0];
    }
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    while (true) {
      for (int k = 0; k < vars.size(); k++) {
        env.put(vars.get(k), current[k]);
      }
      Long v = eval(index, env);
      if (v == null) {
        return null;
      }
      min = (int) Math.min(min, v);
      max = (int) Math.max(max, v);
      int k = 0;
      while (k < vars.size() && ++current[k] >= loops.get(vars.get(k))[1]) {
        current[k] = loops.get(vars.get(k))[0];
        k++;
      }
      if (k == vars.size()) {
        return new int[] {min, max};
      }
    }
  }

  /** Java int semantics; null for anything but int constants, loop indices and + - * / % and unary minus. */
  private static Long eval(Expr e, Map<String, Integer> env) {
    if (e instanceof Expr.Const c) {
      return c.type() == Type.INT ? (long) (int) c.value() : null;
    }
    if (e instanceof Expr.Var v) {
      Integer x = env.get(v.name());
      return x == null ? null : (long) x;
    }
    if (e instanceof Expr.Unary u && u.op().equals("-")) {
      Long x = eval(u.operand(), env);
      return x == null ? null : (long) -(int) (long) x;
    }
    if (e instanceof Expr.Binary b && b.type() == Type.INT) {
      Long l = eval(b.left(), env);
      Long r = eval(b.right(), env);
      if (l == null || r == null) {
        return null;
      }
      int a = (int) (long) l;
      int c = (int) (long) r;
      return switch (b.op()) {
        case "+" -> (long) (a + c);
        case "-" -> (long) (a - c);
        case "*" -> (long) (a * c);
        case "/" -> c == 0 ? null : (long) (a / c);
        case "%" -> c == 0 ? null : (long) (a % c);
        default -> null;
      };
    }
    return null;
  }
}
