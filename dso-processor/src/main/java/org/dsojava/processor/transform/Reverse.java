package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * Reverse mode by source transformation: a forward sweep that saves every value it overwrites on a
 * tape, then a reverse sweep that restores them in reverse order while propagating adjoints. At each
 * adjoint step the whole state equals the state before the original statement ran, so partials are
 * evaluated on exactly the right values and counted loops simply run backwards. The tape lives in
 * work arrays sized statically ({@link TapeSize}); nothing is allocated per call.
 *
 * <p>Local declarations are hoisted to the top of the program (the reverse sweep needs them in
 * scope). A declaration outside every loop is executed at most once, so its old value need not be
 * saved.
 */
public final class Reverse {
  private final Map<String, PrimitiveFunction> primitives;
  private final Activity activity;
  private final Function<String, String> adjointName;
  private final List<Stmt> declarations = new ArrayList<>();
  private final Map<String, Integer> localArrays = new LinkedHashMap<>();
  private int temps;
  private int flags;
  /** Scalars assigned at exactly one site, outside every loop: their old value is never needed. */
  private final Set<String> assignedOnce = new java.util.HashSet<>();

  /**
   * @param adjointName the adjoint of each active variable ({@code theta} → {@code g}, locals
   *     {@code v} → {@code v$b})
   */
  public Reverse(Map<String, PrimitiveFunction> primitives, List<Stmt> program, Set<String> independents,
      Function<String, String> adjointName) {
    this.primitives = primitives;
    this.activity = new Activity(program, independents);
    this.adjointName = adjointName;
  }

  public Activity activity() {
    return activity;
  }

  /** Local arrays of the program and their lengths (they become kernel work arrays). */
  public Map<String, Integer> localArrays() {
    return localArrays;
  }

  /**
   * The differentiated program: declarations, forward sweep, seed {@code output$b = 1}, reverse
   * sweep. Adjoint arrays of active local arrays are named by {@code adjointName} and zeroed first.
   */
  public List<Stmt> differentiate(List<Stmt> program, Expr.Var output) {
    Map<String, Integer> sites = new java.util.HashMap<>();
    Set<String> inLoop = new java.util.HashSet<>();
    countSites(program, false, sites, inLoop);
    sites.forEach((name, count) -> {
      if (count == 1 && !inLoop.contains(name)) {
        assignedOnce.add(name);
      }
    });
    List<Stmt> forward = forward(program, 0);
    List<Stmt> reverse = reverse(program, 0);
    List<Stmt> out = new ArrayList<>(declarations);
    for (Map.Entry<String, Integer> a : localArrays.entrySet()) {
      if (activity.isActive(a.getKey())) {
        out.add(new Stmt.Fill(new Expr.Var(adjointName.apply(a.getKey()), Type.DOUBLE_ARRAY), a.getValue()));
      }
    }
    out.addAll(forward);
    out.add(Ir.assign(adjoint(output), Ir.ONE));
    out.addAll(reverse);
    return out;
  }

  private static void countSites(List<Stmt> program, boolean loop, Map<String, Integer> sites, Set<String> inLoop) {
    for (Stmt s : program) {
      String name = null;
      if (s instanceof Stmt.Decl d && d.init() != null) {
        name = d.var().name();
      } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v) {
        name = v.name();
      } else if (s instanceof Stmt.If f) {
        countSites(f.thenBlock(), loop, sites, inLoop);
        countSites(f.elseBlock(), loop, sites, inLoop);
      } else if (s instanceof Stmt.For f) {
        countSites(f.body(), true, sites, inLoop);
      }
      if (name != null) {
        sites.merge(name, 1, Integer::sum);
        if (loop) {
          inLoop.add(name);
        }
      }
    }
  }

  /** Whether overwriting {@code target} must save its old value for the reverse sweep. */
  private boolean taped(Expr target) {
    return !(target instanceof Expr.Var v && assignedOnce.contains(v.name()));
  }

  private Expr.Var adjoint(Expr.Var v) {
    return new Expr.Var(adjointName.apply(v.name()), v.type());
  }

  private Expr adjointOf(Expr target) {
    if (target instanceof Expr.Index i) {
      return Ir.index(new Expr.Var(adjointName.apply(i.array().name()), i.array().type()), i.index());
    }
    return adjoint((Expr.Var) target);
  }

  private void declare(Expr.Var v) {
    declarations.add(new Stmt.Decl(v, zero(v.type()), null));
    if (v.type() == Type.DOUBLE && activity.isActive(v.name())) {
      declarations.add(new Stmt.Decl(adjoint(v), Ir.ZERO, null));
    }
  }

  private static Expr zero(Type t) {
    return t == Type.DOUBLE ? Ir.ZERO : new Expr.Const(0, t);
  }

  // ------------------------------------------------------------------ forward sweep

  private List<Stmt> forward(List<Stmt> program, int loopDepth) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      if (s instanceof Stmt.Decl d) {
        declare(d.var());
        if (d.init() != null) {
          if (loopDepth > 0) {
            out.add(new Stmt.Push(d.var()));
          }
          out.add(new Stmt.Assign(d.var(), d.init(), d.origin()));
        }
      } else if (s instanceof Stmt.ArrayDecl a) {
        localArrays.put(a.var().name(), a.length());
        if (loopDepth > 0) {
          Expr.Var k = new Expr.Var("k$" + (++temps), Type.INT);
          out.add(new Stmt.For(k, Ir.integer(0), Ir.integer(a.length()), List.of(new Stmt.Push(Ir.index(a.var(), k))), null));
        }
        out.add(new Stmt.Fill(a.var(), a.length()));
      } else if (s instanceof Stmt.Assign a) {
        if (taped(a.target())) {
          out.add(new Stmt.Push(a.target()));
        }
        out.add(a);
      } else if (s instanceof Stmt.If f) {
        List<Stmt> t = forward(f.thenBlock(), loopDepth);
        t.add(new Stmt.Push(new Expr.Const(1, Type.BOOLEAN)));
        List<Stmt> e = forward(f.elseBlock(), loopDepth);
        e.add(new Stmt.Push(new Expr.Const(0, Type.BOOLEAN)));
        out.add(new Stmt.If(f.cond(), t, e, f.origin()));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), forward(f.body(), loopDepth + 1), f.origin()));
      } else {
        throw new IllegalStateException("cannot differentiate " + s);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ reverse sweep

  private List<Stmt> reverse(List<Stmt> program, int loopDepth) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> reversed = new ArrayList<>(program);
    Collections.reverse(reversed);
    for (Stmt s : reversed) {
      if (s instanceof Stmt.Decl d) {
        if (d.init() != null) {
          if (loopDepth > 0) {
            out.add(new Stmt.Pop(d.var()));
          }
          assignAdjoint(d.var(), d.init(), out);
        }
      } else if (s instanceof Stmt.ArrayDecl a) {
        if (loopDepth > 0) {
          Expr.Var k = new Expr.Var("k$" + (++temps), Type.INT);
          out.add(new Stmt.ForDown(k, Ir.integer(0), Ir.integer(a.length()), List.of(new Stmt.Pop(Ir.index(a.var(), k)))));
        }
        if (activity.isActive(a.var().name())) {
          out.add(new Stmt.Fill(new Expr.Var(adjointName.apply(a.var().name()), Type.DOUBLE_ARRAY), a.length()));
        }
      } else if (s instanceof Stmt.Assign a) {
        if (taped(a.target())) {
          out.add(new Stmt.Pop(a.target()));
        }
        assignAdjoint(a.target(), a.value(), out);
      } else if (s instanceof Stmt.If f) {
        Expr.Var flag = new Expr.Var("branch$" + (++flags), Type.BOOLEAN);
        declarations.add(new Stmt.Decl(flag, new Expr.Const(0, Type.BOOLEAN), null));
        out.add(new Stmt.Pop(flag));
        out.add(new Stmt.If(flag, reverse(f.thenBlock(), loopDepth), reverse(f.elseBlock(), loopDepth), null));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.ForDown(f.index(), f.from(), f.to(), reverse(f.body(), loopDepth + 1)));
      }
    }
    return out;
  }

  /** Adjoint of {@code target = value}: a = target$b; target$b = 0; propagate a through value. */
  private void assignAdjoint(Expr target, Expr value, List<Stmt> out) {
    if (target.type() != Type.DOUBLE) {
      return;
    }
    String name = target instanceof Expr.Index i ? i.array().name() : ((Expr.Var) target).name();
    if (!activity.isActive(name)) {
      return;
    }
    Expr.Var a = temp();
    out.add(new Stmt.Decl(a, adjointOf(target), null));
    out.add(Ir.assign(adjointOf(target), Ir.ZERO));
    propagate(value, a, out);
  }

  private Expr.Var temp() {
    return new Expr.Var("a$" + (++temps), Type.DOUBLE);
  }

  /** Emits {@code adj · ∂e/∂u} into the adjoint of every active u that e reads. */
  private void propagate(Expr e, Expr adj, List<Stmt> out) {
    if (!activity.isActive(e) || Ir.isConst(adj, 0)) {
      return;
    }
    if (e instanceof Expr.Var || e instanceof Expr.Index) {
      Expr target = adjointOf(e);
      out.add(Ir.addTo(target, adj));
    } else if (e instanceof Expr.Unary u) {
      propagate(u.operand(), Ir.neg(adj), out);
    } else if (e instanceof Expr.Binary b) {
      adj = bind(adj, out);
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case "+":
          propagate(l, adj, out);
          propagate(r, adj, out);
          break;
        case "-":
          propagate(l, adj, out);
          propagate(r, Ir.neg(adj), out);
          break;
        case "*":
          propagate(l, Ir.mul(adj, r), out);
          propagate(r, Ir.mul(adj, l), out);
          break;
        case "/":
          propagate(l, Ir.div(adj, r), out);
          propagate(r, Ir.neg(Ir.div(Ir.mul(adj, l), Ir.mul(r, r))), out);
          break;
        default:
          throw new IllegalStateException("no derivative for " + b.op());
      }
    } else if (e instanceof Expr.Call c) {
      PrimitiveFunction f = primitives.get(c.function());
      if (f == null || !f.differentiable()) {
        return;
      }
      Expr shared = bind(adj, out);
      for (int i = 0; i < c.args().size(); i++) {
        if (activity.isActive(c.args().get(i))) {
          propagate(c.args().get(i), Ir.mul(shared, f.partial(i, c.args())), out);
        }
      }
    } else if (e instanceof Expr.Cond c) {
      List<Stmt> t = new ArrayList<>();
      propagate(c.ifTrue(), adj, t);
      List<Stmt> f = new ArrayList<>();
      propagate(c.ifFalse(), adj, f);
      out.add(new Stmt.If(c.cond(), t, f, null));
    } else if (e instanceof Expr.Cast c) {
      propagate(c.operand(), adj, out);
    }
  }

  /** Binds a compound adjoint to a temporary so it is computed once. */
  private Expr bind(Expr adj, List<Stmt> out) {
    if (adj instanceof Expr.Var || adj instanceof Expr.Const) {
      return adj;
    }
    Expr.Var t = temp();
    out.add(new Stmt.Decl(t, adj, null));
    return t;
  }
}
