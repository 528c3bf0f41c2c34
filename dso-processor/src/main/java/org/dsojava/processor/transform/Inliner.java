package org.dsojava.processor.transform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.frontend.BodyReader;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Turns one role method into a flat program: calls to model methods are inlined (locals renamed
 * apart, tail returns become assignments), and every noise site and call is hoisted out of its
 * expression into a declaration of its own, in Java's evaluation order. Conditional operands that
 * contain sites or calls become if statements, so nothing is evaluated that Java would skip.
 */
public final class Inliner {
  private final Model model;
  private final Diagnostics diagnostics;
  private final Names names;
  private final Deque<String> stack = new ArrayDeque<>();
  /** When set, calls of the bottleneck read the precomputed η instead of being inlined. */
  private String bottleneck;
  private Expr.Var eta;
  private String state;

  /**
   * {@code names}: the program's name authority, shared with every other inliner and lowering that
   * contributes to the same program, so locals of different methods never meet.
   */
  public Inliner(Model model, Diagnostics diagnostics, Names names) {
    this.model = model;
    this.diagnostics = diagnostics;
    this.names = names;
  }

  /**
   * Makes calls of {@code method} (the {@code @Bottleneck} μ) read {@code eta} instead: the scalar
   * form becomes {@code eta[0]}, the array form copies η into the caller's array. Every call must
   * pass the entry method's state array {@code stateName}.
   */
  public Inliner withBottleneck(String method, Expr.Var etaVar, String stateName) {
    this.bottleneck = method;
    this.eta = etaVar;
    this.state = stateName;
    return this;
  }

  /**
   * Inlines {@code method} with its parameters bound to {@code bindings} (parameter name →
   * expression; arrays to variables); a non-void result is assigned to {@code result}.
   */
  public List<Stmt> inline(String method, Map<String, Expr> bindings, Expr.Var result) {
    List<Stmt> out = new ArrayList<>();
    body(method, bindings, result, out, true);
    return out;
  }

  private String fresh(String base) {
    return names.fresh(base);
  }

  private void body(String method, Map<String, Expr> bindings, Expr.Var result, List<Stmt> out, boolean entry) {
    Model.Method m = model.methods().get(method);
    Map<String, Expr> env = new HashMap<>(bindings);
    stack.push(method);
    block(m.body(), env, result, out, m);
    stack.pop();
  }

  private void block(List<Stmt> body, Map<String, Expr> env, Expr.Var result, List<Stmt> out, Model.Method m) {
    for (Stmt s : body) {
      statement(s, env, result, out, m);
    }
  }

  private void statement(Stmt s, Map<String, Expr> env, Expr.Var result, List<Stmt> out, Model.Method m) {
    if (s instanceof Stmt.Decl d) {
      Expr init = d.init() == null ? null : hoist(d.init(), env, out, m);
      Expr.Var v = new Expr.Var(fresh(d.var().name()), d.var().type());
      env.put(d.var().name(), v);
      out.add(new Stmt.Decl(v, init, d.origin()));
    } else if (s instanceof Stmt.ArrayDecl a) {
      Expr.Var v = new Expr.Var(fresh(a.var().name()), a.var().type());
      env.put(a.var().name(), v);
      out.add(new Stmt.ArrayDecl(v, a.length(), a.origin()));
    } else if (s instanceof Stmt.Assign a) {
      Expr value = hoist(a.value(), env, out, m);
      Expr target = hoist(a.target(), env, out, m);
      out.add(new Stmt.Assign(target, value, a.origin()));
    } else if (s instanceof Stmt.If f) {
      Expr c = hoist(f.cond(), env, out, m);
      List<Stmt> t = new ArrayList<>();
      block(f.thenBlock(), new HashMap<>(env), result, t, m);
      List<Stmt> e = new ArrayList<>();
      block(f.elseBlock(), new HashMap<>(env), result, e, m);
      out.add(new Stmt.If(c, t, e, f.origin()));
    } else if (s instanceof Stmt.For f) {
      Expr from = hoist(f.from(), env, out, m);
      Expr to = hoist(f.to(), env, out, m);
      Map<String, Expr> inner = new HashMap<>(env);
      Expr.Var i = new Expr.Var(fresh(f.index().name()), Type.INT);
      inner.put(f.index().name(), i);
      List<Stmt> b = new ArrayList<>();
      block(f.body(), inner, result, b, m);
      out.add(new Stmt.For(i, from, to, b, f.origin()));
    } else if (s instanceof Stmt.Return r) {
      // The front end accepts only tail returns (ModelReader.returnsInTail), so this ends the method.
      if (r.value() != null && result != null) {
        out.add(new Stmt.Assign(result, hoist(r.value(), env, out, m), r.origin()));
      }
    } else if (s instanceof Stmt.CallStmt c) {
      call(c.call(), env, out, m, null);
    } else {
      throw new IllegalStateException("unexpected statement before lowering: " + s);
    }
  }

  /** Substitutes bindings and hoists sites and calls out of {@code e}; returns the remaining expression. */
  private Expr hoist(Expr e, Map<String, Expr> env, List<Stmt> out, Model.Method m) {
    if (e instanceof Expr.Var v) {
      Expr bound = env.get(v.name());
      return bound != null ? bound : v;
    }
    if (e instanceof Expr.Const) {
      return e;
    }
    if (e instanceof Expr.Noise n) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : n.args()) {
        args.add(materialized(hoist(a, env, out, m), out));
      }
      Expr.Var v = new Expr.Var(fresh("draw"), n.type());
      out.add(new Stmt.Decl(v, new Expr.Noise(n.distribution(), args, n.type(), n.origin()), n.origin()));
      return v;
    }
    if (e instanceof Expr.ModelCall c) {
      if (c.type() == Type.VOID) {
        diagnostics.error(Message.TYPE_MISMATCH, c.origin(), c.method() + "()", m.name(), "void", "a value");
        return Ir.ZERO;
      }
      Expr.Var r = new Expr.Var(fresh(c.method()), c.type());
      out.add(new Stmt.Decl(r, null, c.origin()));
      call(c, env, out, m, r);
      return r;
    }
    if (e instanceof Expr.Cond c && (effects(c.ifTrue()) || effects(c.ifFalse()))) {
      Expr cond = hoist(c.cond(), env, out, m);
      Expr.Var r = new Expr.Var(fresh("choice"), c.type());
      out.add(new Stmt.Decl(r, null, null));
      // Each branch: the statements hoisted from its operand, then the assignment of its value.
      List<Stmt> t = new ArrayList<>();
      Expr ifTrue = hoist(c.ifTrue(), env, t, m);
      t.add(Ir.assign(r, ifTrue));
      List<Stmt> f = new ArrayList<>();
      Expr ifFalse = hoist(c.ifFalse(), env, f, m);
      f.add(Ir.assign(r, ifFalse));
      out.add(new Stmt.If(cond, t, f, null));
      return r;
    }
    if (e instanceof Expr.Binary b && (b.op().equals("&&") || b.op().equals("||")) && effects(b.right())) {
      Expr.Var r = new Expr.Var(fresh("test"), Type.BOOLEAN);
      out.add(new Stmt.Decl(r, hoist(b.left(), env, out, m), null));
      List<Stmt> then = new ArrayList<>();
      Expr right = hoist(b.right(), env, then, m);
      then.add(Ir.assign(r, right));
      Expr guard = b.op().equals("&&") ? r : new Expr.Unary("!", r, Type.BOOLEAN);
      out.add(new Stmt.If(guard, then, List.of(), null));
      return r;
    }
    // Children in evaluation order (left to right), then rebuild.
    if (e instanceof Expr.Index i) {
      return new Expr.Index((Expr.Var) hoist(i.array(), env, out, m), hoist(i.index(), env, out, m), i.type());
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), hoist(u.operand(), env, out, m), u.type());
    }
    if (e instanceof Expr.Binary b) {
      Expr l = hoist(b.left(), env, out, m);
      return new Expr.Binary(b.op(), l, hoist(b.right(), env, out, m), b.type());
    }
    if (e instanceof Expr.Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(hoist(a, env, out, m));
      }
      return new Expr.Call(c.function(), args, c.type());
    }
    if (e instanceof Expr.Cond c) {
      return new Expr.Cond(hoist(c.cond(), env, out, m), hoist(c.ifTrue(), env, out, m), hoist(c.ifFalse(), env, out, m), c.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(hoist(c.operand(), env, out, m), c.type());
    }
    if (e instanceof Expr.Length l) {
      return new Expr.Length((Expr.Var) hoist(l.array(), env, out, m));
    }
    throw new IllegalStateException("unexpected expression: " + e);
  }

  private void readEta(Expr.ModelCall c, Map<String, Expr> env, List<Stmt> out, Model.Method caller, Expr.Var result) {
    Expr x = hoist(c.args().get(0), env, out, caller);
    if (!(x instanceof Expr.Var v) || !v.name().equals(state)) {
      Model.Method mu = model.methods().get(bottleneck);
      diagnostics.error(Message.BOTTLENECK_ARGS, c.origin(), bottleneck, caller.name(), bottleneck,
          mu.parameters().size() == 1 ? "x" : "x, eta");
      return;
    }
    if (result != null) {
      out.add(new Stmt.Assign(result, Ir.index(eta, Ir.integer(0)), c.origin()));
    } else {
      Expr.Var target = (Expr.Var) hoist(c.args().get(1), env, out, caller);
      Expr.Var k = new Expr.Var(fresh("k"), Type.INT);
      out.add(new Stmt.For(k, Ir.integer(0), Ir.integer(model.bottleneckDim()),
          List.of(new Stmt.Assign(Ir.index(target, k), Ir.index(eta, k), c.origin())), c.origin()));
    }
  }

  /**
   * A noise site takes array arguments whole, but a θ array is no array of the kernel (it is a slice of
   * the flat θ): pass a local copy instead, so that the site's code and its derivatives see an ordinary
   * local array.
   */
  private Expr materialized(Expr arg, List<Stmt> out) {
    if (!(arg instanceof Expr.Var v) || !v.type().isArray() || !v.name().startsWith(BodyReader.PARAM_PREFIX)) {
      return arg;
    }
    String field = v.name().substring(BodyReader.PARAM_PREFIX.length());
    int length = model.param(field).orElseThrow().length();
    Expr.Var copy = new Expr.Var(fresh(field), v.type());
    Expr.Var k = new Expr.Var(fresh("k"), Type.INT);
    out.add(new Stmt.ArrayDecl(copy, length, null));
    out.add(new Stmt.For(k, Ir.integer(0), Ir.integer(length),
        List.of(new Stmt.Assign(Ir.index(copy, k), Ir.index(v, k), null)), null));
    return copy;
  }

  private static boolean effects(Expr e) {
    return Walk.any(e, x -> x instanceof Expr.Noise || x instanceof Expr.ModelCall);
  }

  private void call(Expr.ModelCall c, Map<String, Expr> env, List<Stmt> out, Model.Method caller, Expr.Var result) {
    if (c.method().equals(bottleneck)) {
      readEta(c, env, out, caller, result);
      return;
    }
    if (stack.contains(c.method())) {
      diagnostics.error(Message.RECURSION, c.origin(), c.method(), String.join(" → ", stack));
      return;
    }
    Model.Method callee = model.methods().get(c.method());
    if (callee == null) {
      return; // reported by the front end
    }
    Map<String, Expr> bindings = new HashMap<>();
    for (int i = 0; i < c.args().size(); i++) {
      Model.Parameter p = callee.parameters().get(i);
      Expr arg = hoist(c.args().get(i), env, out, caller);
      if (p.type().isArray() || p.type() == Type.NOISE) {
        bindings.put(p.name(), arg);
      } else if (arg instanceof Expr.Const k && k.type() == p.type() && !assigns(callee.body(), p.name())) {
        // A constant size passed to a helper (Activations.tanh(v, 64)) stays a constant: loop bounds
        // in differentiated code must be compile-time constants.
        bindings.put(p.name(), k);
      } else {
        Expr.Var v = new Expr.Var(fresh(p.name()), p.type());
        out.add(new Stmt.Decl(v, arg, c.origin()));
        bindings.put(p.name(), v);
      }
    }
    body(c.method(), bindings, result, out, false);
  }

  /** Whether {@code body} assigns the scalar {@code name} anywhere. */
  private static boolean assigns(List<Stmt> body, String name) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && v.name().equals(name)) {
        return true;
      }
      if (s instanceof Stmt.If f && (assigns(f.thenBlock(), name) || assigns(f.elseBlock(), name))) {
        return true;
      }
      if (s instanceof Stmt.For f && assigns(f.body(), name)) {
        return true;
      }
    }
    return false;
  }
}
