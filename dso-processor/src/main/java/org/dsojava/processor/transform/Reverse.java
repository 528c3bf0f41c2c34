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
import org.dsojava.processor.ir.Walk;
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
  /** The save/restore site of each taping statement, and of each save and restore emitted for it. */
  private final Map<Stmt, Integer> siteOf = new java.util.IdentityHashMap<>();
  private final Map<Stmt, Integer> tapeSite = new java.util.IdentityHashMap<>();
  private boolean sharedStatements;

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
    if (!sharedStatements) {
      Set<Integer> unread = new java.util.HashSet<>();
      unreadRestores(reverse, new java.util.HashSet<>(), unread);
      forward = withoutSites(forward, unread);
      reverse = withoutSites(reverse, unread);
    }
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
            out.add(site(s, new Stmt.Push(d.var())));
          }
          out.add(new Stmt.Assign(d.var(), d.init(), d.origin()));
        }
      } else if (s instanceof Stmt.ArrayDecl a) {
        localArrays.put(a.var().name(), a.length());
        if (loopDepth > 0) {
          Expr.Var k = new Expr.Var("$k" + (++temps), Type.INT);
          out.add(new Stmt.For(k, Ir.integer(0), Ir.integer(a.length()), List.of(site(s, new Stmt.Push(Ir.index(a.var(), k)))), null));
        }
        out.add(new Stmt.Fill(a.var(), a.length()));
      } else if (s instanceof Stmt.Assign a) {
        if (taped(a.target())) {
          out.add(site(s, new Stmt.Push(a.target())));
        }
        out.add(a);
      } else if (s instanceof Stmt.If f) {
        List<Stmt> t = forward(f.thenBlock(), loopDepth);
        List<Stmt> e = forward(f.elseBlock(), loopDepth);
        if (!reevaluable(f)) {
          t.add(new Stmt.Push(new Expr.Const(1, Type.BOOLEAN)));
          e.add(new Stmt.Push(new Expr.Const(0, Type.BOOLEAN)));
        }
        out.add(new Stmt.If(f.cond(), t, e, f.origin()));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), forward(f.body(), loopDepth + 1), f.origin()));
      } else {
        throw new IllegalStateException("cannot differentiate " + s);
      }
    }
    return out;
  }

  /**
   * Whether the reverse sweep may evaluate the branch condition again instead of taping it. When the
   * reverse sweep reaches an {@code if}, every later statement has been undone, so the state is the
   * one just after the {@code if} ran: the condition has its forward value unless the branches
   * themselves assign something it reads.
   */
  private static boolean reevaluable(Stmt.If f) {
    Set<String> read = new java.util.HashSet<>();
    Walk.varNames(f.cond(), read);
    Set<String> written = new java.util.HashSet<>();
    assigned(f.thenBlock(), written);
    assigned(f.elseBlock(), written);
    written.retainAll(read);
    return written.isEmpty();
  }

  private static void assigned(List<Stmt> body, Set<String> out) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d) {
        out.add(d.var().name());
      } else if (s instanceof Stmt.ArrayDecl a) {
        out.add(a.var().name());
      } else if (s instanceof Stmt.Assign a) {
        out.add(a.target() instanceof Expr.Index i ? i.array().name() : ((Expr.Var) a.target()).name());
      } else if (s instanceof Stmt.If f) {
        assigned(f.thenBlock(), out);
        assigned(f.elseBlock(), out);
      } else if (s instanceof Stmt.For f) {
        out.add(f.index().name());
        assigned(f.body(), out);
      }
    }
  }

  // ------------------------------------------------------------------ to-be-restored analysis

  /** Tags a save or restore with the site of the original statement {@code s}. */
  private Stmt site(Stmt s, Stmt tapeOp) {
    Integer id = siteOf.get(s);
    if (id == null) {
      id = siteOf.size();
      siteOf.put(s, id);
    } else if (tapeOp instanceof Stmt.Push) {
      sharedStatements = true; // one statement object at two places: sites would be ambiguous
    }
    tapeSite.put(tapeOp, id);
    return tapeOp;
  }

  /**
   * Backward liveness over the reverse sweep: a restore whose value is overwritten (or never read)
   * before the reverse sweep reads it is dead, and so is its save. Only values the reverse sweep
   * reads — in partials, re-evaluated conditions, bounds and indices — are taped; dropping the rest
   * also lets dead-code elimination remove the primal work that only fed the unused output value
   * (ln P itself, for instance). Collects dead sites into {@code unread} when non-null.
   */
  private void unreadRestores(List<Stmt> body, Set<String> live, Set<Integer> unread) {
    for (int i = body.size() - 1; i >= 0; i--) {
      Stmt s = body.get(i);
      if (s instanceof Stmt.Pop p) {
        Integer id = tapeSite.get(p);
        if (p.target() instanceof Expr.Var v) {
          if (id != null && !live.contains(v.name()) && unread != null) {
            unread.add(id);
          }
          live.remove(v.name());
        } else {
          Expr.Index x = (Expr.Index) p.target();
          if (id != null && !live.contains(x.array().name()) && unread != null) {
            unread.add(id);
          }
          Walk.varNames(x.index(), live);
        }
      } else if (s instanceof Stmt.If f) {
        Set<String> t = new java.util.HashSet<>(live);
        unreadRestores(f.thenBlock(), t, unread);
        Set<String> e = new java.util.HashSet<>(live);
        unreadRestores(f.elseBlock(), e, unread);
        live.addAll(t);
        live.addAll(e);
        Walk.varNames(f.cond(), live);
      } else if (s instanceof Stmt.ForDown f) {
        Set<String> loop = new java.util.HashSet<>(live);
        while (true) {
          Set<String> in = new java.util.HashSet<>(loop);
          unreadRestores(f.body(), in, null);
          in.addAll(live);
          if (in.equals(loop)) {
            break;
          }
          loop = in;
        }
        if (unread != null) {
          unreadRestores(f.body(), new java.util.HashSet<>(loop), unread);
          elementwiseUnread(f, live, unread);
        }
        live.addAll(loop);
        Walk.varNames(f.from(), live);
        Walk.varNames(f.to(), live);
      } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v) {
        live.remove(v.name());
        Walk.varNames(a.value(), live);
      } else if (s instanceof Stmt.Decl d && d.init() != null) {
        live.remove(d.var().name());
        Walk.varNames(d.init(), live);
      } else {
        Walk.varNames(s, live);
      }
    }
  }

  /**
   * Restores that are dead element by element, though the array as a whole is read: in the reverse
   * loop over a layer ({@code h[i] = tape[--tp]} after the adjoint of {@code h[i] = tanh(z)}), iteration
   * i restores element i + c only, the other iterations read only their own elements, nothing later
   * in the iteration reads the array, and nothing after the loop ({@code liveAfter}) does. Then no read
   * ever sees a restored value, and the save of each activation can go.
   */
  private void elementwiseUnread(Stmt.ForDown f, Set<String> liveAfter, Set<Integer> unread) {
    String index = f.index().name();
    Set<String> assigned = new java.util.HashSet<>();
    if (!assignedNames(f.body(), assigned)) {
      return;
    }
    List<Stmt> body = f.body();
    for (int i = 0; i < body.size(); i++) {
      Integer id = tapeSite.get(body.get(i));
      if (id == null || !(body.get(i) instanceof Stmt.Pop p) || !(p.target() instanceof Expr.Index x)) {
        continue;
      }
      String array = x.array().name();
      if (liveAfter.contains(array) || !AscendIndependentLoops.indexPlusInvariant(x.index(), index, assigned)) {
        continue;
      }
      boolean ownElementOnly = true;
      for (int j = 0; j < body.size() && ownElementOnly; j++) {
        boolean after = j > i;
        ownElementOnly = !mentions(body.get(j), array, after ? null : x.index());
      }
      if (ownElementOnly) {
        unread.add(id);
      }
    }
  }

  /** Whether {@code s} touches {@code array} at all ({@code at} null) or at an index other than {@code at}. */
  private static boolean mentions(Stmt s, String array, Expr at) {
    boolean[] found = {false};
    Walk.exprs(s, e -> {
      if (e instanceof Expr.Index ix && ix.array().name().equals(array) && (at == null || !ix.index().equals(at))) {
        found[0] = true;
      } else if (e instanceof Expr.Var v && v.name().equals(array) && at == null) {
        found[0] = true;
      }
    });
    return found[0];
  }

  /** Collects the names {@code body} assigns; false if it fills or declares arrays (not analysed). */
  private static boolean assignedNames(List<Stmt> body, Set<String> out) {
    boolean ok = true;
    for (Stmt s : body) {
      if (s instanceof Stmt.Fill || s instanceof Stmt.ArrayDecl) {
        return false;
      } else if (s instanceof Stmt.Decl d) {
        out.add(d.var().name());
      } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v) {
        out.add(v.name());
      } else if (s instanceof Stmt.Pop p && p.target() instanceof Expr.Var v) {
        out.add(v.name());
      } else if (s instanceof Stmt.If f) {
        ok &= assignedNames(f.thenBlock(), out) & assignedNames(f.elseBlock(), out);
      } else if (s instanceof Stmt.For f) {
        out.add(f.index().name());
        ok &= assignedNames(f.body(), out);
      } else if (s instanceof Stmt.ForDown f) {
        out.add(f.index().name());
        ok &= assignedNames(f.body(), out);
      }
    }
    return ok;
  }

  /** Drops the saves and restores of the given sites (and loops left empty). */
  private List<Stmt> withoutSites(List<Stmt> body, Set<Integer> drop) {
    return Walk.without(body, s -> tapeSite.containsKey(s) && drop.contains(tapeSite.get(s)));
  }

  // ------------------------------------------------------------------ reverse sweep

  private List<Stmt> reverse(List<Stmt> program, int loopDepth) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> reversed = new ArrayList<>(program);
    Collections.reverse(reversed);
    for (Stmt s : reversed) {
      if (s instanceof Stmt.Decl d) {
        if (d.init() != null) {
          restoreAndAdjoint(s, d.var(), d.init(), loopDepth > 0, out);
        }
      } else if (s instanceof Stmt.ArrayDecl a) {
        if (loopDepth > 0) {
          Expr.Var k = new Expr.Var("$k" + (++temps), Type.INT);
          out.add(new Stmt.ForDown(k, Ir.integer(0), Ir.integer(a.length()), List.of(site(s, new Stmt.Pop(Ir.index(a.var(), k))))));
        }
        if (activity.isActive(a.var().name())) {
          out.add(new Stmt.Fill(new Expr.Var(adjointName.apply(a.var().name()), Type.DOUBLE_ARRAY), a.length()));
        }
      } else if (s instanceof Stmt.Assign a) {
        restoreAndAdjoint(s, a.target(), a.value(), taped(a.target()), out);
      } else if (s instanceof Stmt.If f) {
        Expr cond = f.cond();
        if (!reevaluable(f)) {
          Expr.Var flag = new Expr.Var("$branch" + (++flags), Type.BOOLEAN);
          declarations.add(new Stmt.Decl(flag, new Expr.Const(0, Type.BOOLEAN), null));
          out.add(new Stmt.Pop(flag));
          cond = flag;
        }
        out.add(new Stmt.If(cond, reverse(f.thenBlock(), loopDepth), reverse(f.elseBlock(), loopDepth), null));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.ForDown(f.index(), f.from(), f.to(), reverse(f.body(), loopDepth + 1)));
      }
    }
    return out;
  }

  /**
   * Undoes {@code target = value} in the reverse sweep: restores target's old value (when taped) and
   * propagates its adjoint. When value is a primitive call with a derivative in terms of its result
   * and does not read target, the adjoint is taken before the restore, while target still holds
   * f(args).
   */
  private void restoreAndAdjoint(Stmt s, Expr target, Expr value, boolean taped, List<Stmt> out) {
    String name = target instanceof Expr.Index i ? i.array().name() : ((Expr.Var) target).name();
    Expr fromResult = null;
    if (value instanceof Expr.Call c && c.args().size() == 1 && primitives.get(c.function()) != null
        && !reads(value, name)) {
      fromResult = primitives.get(c.function()).partialFromResult(0, c.args(), target);
    }
    if (fromResult != null) {
      assignAdjoint(target, value, fromResult, out);
    }
    if (taped) {
      out.add(site(s, new Stmt.Pop(target)));
    }
    if (fromResult == null) {
      assignAdjoint(target, value, null, out);
    }
  }

  private static boolean reads(Expr e, String name) {
    return Walk.any(e, x -> x instanceof Expr.Var v && v.name().equals(name));
  }

  /**
   * Adjoint of {@code target = value}: a = target$b; target$b = 0; propagate a through value. With
   * {@code partialFromResult} non-null, value is a one-argument call and that is its partial.
   * Primitive calls the partials repeat are computed once (no primal value changes inside the block).
   */
  private void assignAdjoint(Expr target, Expr value, Expr partialFromResult, List<Stmt> out) {
    if (target.type() != Type.DOUBLE) {
      return;
    }
    String name = target instanceof Expr.Index i ? i.array().name() : ((Expr.Var) target).name();
    if (!activity.isActive(name)) {
      return;
    }
    List<Stmt> block = new ArrayList<>();
    Expr.Var a = temp();
    block.add(new Stmt.Decl(a, adjointOf(target), null));
    Expr increment = partialFromResult == null ? increment(target, value, name) : null;
    if (increment != null) {
      // target = target ± e: target's adjoint passes through unchanged; only e receives ±a. Zeroing and
      // re-adding it would chain every step of a reduction loop through one floating-point add.
      propagate(increment, a, block);
      out.addAll(sharedCalls(block));
      return;
    }
    block.add(Ir.assign(adjointOf(target), Ir.ZERO));
    if (partialFromResult != null) {
      propagate(((Expr.Call) value).args().get(0), Ir.mul(a, partialFromResult), block);
    } else {
      propagate(value, a, block);
    }
    out.addAll(sharedCalls(block));
  }

  /** e (or −e) when value is target + e, e + target or target − e with e not reading target; else null. */
  private static Expr increment(Expr target, Expr value, String name) {
    if (!(value instanceof Expr.Binary b) || target.type() != Type.DOUBLE) {
      return null;
    }
    Expr e = null;
    if (b.op().equals("+") && b.left().equals(target)) {
      e = b.right();
    } else if (b.op().equals("+") && b.right().equals(target)) {
      e = b.left();
    } else if (b.op().equals("-") && b.left().equals(target)) {
      e = new Expr.Unary("-", b.right(), b.right().type());
    }
    return e == null || reads(e, name) || e.type() != Type.DOUBLE ? null : e;
  }

  /** Hoists each primitive call occurring more than once at the top level of {@code block} into a temporary. */
  private List<Stmt> sharedCalls(List<Stmt> block) {
    while (true) {
      Map<Expr, Integer> count = new LinkedHashMap<>();
      Map<Expr, Integer> first = new java.util.HashMap<>();
      for (int k = 0; k < block.size(); k++) {
        int at = k;
        for (Expr e : topLevelExprs(block.get(k))) {
          unconditionalCalls(e, call -> {
            count.merge(call, 1, Integer::sum);
            first.putIfAbsent(call, at);
          });
        }
      }
      Expr repeated = null;
      for (Map.Entry<Expr, Integer> c : count.entrySet()) {
        if (c.getValue() > 1 && (repeated == null || size(c.getKey()) > size(repeated))) {
          repeated = c.getKey();
        }
      }
      if (repeated == null) {
        return block;
      }
      Expr call = repeated;
      Expr.Var t = new Expr.Var("$a" + (++temps), call.type());
      int at = first.get(call);
      List<Stmt> rewritten = new ArrayList<>(block.subList(0, at));
      rewritten.add(new Stmt.Decl(t, call, null));
      rewritten.addAll(Walk.mapStmts(block.subList(at, block.size()),
          e -> e.equals(call) ? t : e));
      block = rewritten;
    }
  }

  private static List<Expr> topLevelExprs(Stmt s) {
    if (s instanceof Stmt.Decl d && d.init() != null) {
      return List.of(d.init());
    }
    if (s instanceof Stmt.Assign a) {
      return a.target() instanceof Expr.Index i ? List.of(i.index(), a.value()) : List.of(a.value());
    }
    return List.of();
  }

  /** Visits the calls of {@code e} that are always evaluated (not inside a conditional's branches). */
  private static void unconditionalCalls(Expr e, java.util.function.Consumer<Expr> visit) {
    if (e instanceof Expr.Call c) {
      visit.accept(c);
      c.args().forEach(x -> unconditionalCalls(x, visit));
    } else if (e instanceof Expr.Cond c) {
      unconditionalCalls(c.cond(), visit);
    } else if (e instanceof Expr.Index i) {
      unconditionalCalls(i.index(), visit);
    } else if (e instanceof Expr.Unary u) {
      unconditionalCalls(u.operand(), visit);
    } else if (e instanceof Expr.Binary b) {
      unconditionalCalls(b.left(), visit);
      if (!b.op().equals("&&") && !b.op().equals("||")) {
        unconditionalCalls(b.right(), visit);
      }
    } else if (e instanceof Expr.Cast c) {
      unconditionalCalls(c.operand(), visit);
    }
  }

  private static int size(Expr e) {
    int[] n = {0};
    Walk.expr(e, x -> n[0]++);
    return n[0];
  }

  private Expr.Var temp() {
    return new Expr.Var("$a" + (++temps), Type.DOUBLE);
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
