package org.dsojava.processor.transform;

import java.util.ArrayList;
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
 * Forward (tangent) mode by source transformation: every active variable v gets a tangent
 * {@code v$d} updated just before v. Applied to the original program it gives Jacobian–vector
 * products; applied to a {@link Reverse} program it gives Hessian–vector products
 * (forward-over-reverse), tape operations included: a saved active value saves its tangent too.
 */
public final class Tangent {
  private final Map<String, PrimitiveFunction> primitives;
  private final Activity activity;
  private final Function<String, String> tangentName;

  public Tangent(Map<String, PrimitiveFunction> primitives, List<Stmt> program, Set<String> independents,
      Function<String, String> tangentName) {
    this.primitives = primitives;
    this.activity = new Activity(program, independents);
    this.tangentName = tangentName;
  }

  public Activity activity() {
    return activity;
  }

  public List<Stmt> differentiate(List<Stmt> program) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      statement(s, out);
    }
    return out;
  }

  private static String nameOf(Expr target) {
    return target instanceof Expr.Index i ? i.array().name() : ((Expr.Var) target).name();
  }

  private boolean activeTarget(Expr target) {
    return target.type() == Type.DOUBLE && activity.isActive(nameOf(target));
  }

  private Expr tangentOf(Expr target) {
    if (target instanceof Expr.Index i) {
      return Ir.index(new Expr.Var(tangentName.apply(i.array().name()), i.array().type()), i.index());
    }
    Expr.Var v = (Expr.Var) target;
    return new Expr.Var(tangentName.apply(v.name()), v.type());
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Decl d) {
      if (activeTarget(d.var())) {
        out.add(new Stmt.Decl((Expr.Var) tangentOf(d.var()), d.init() == null ? Ir.ZERO : tangent(d.init()), null));
      }
      out.add(d);
    } else if (s instanceof Stmt.Assign a) {
      if (activeTarget(a.target())) {
        out.add(Ir.assign(tangentOf(a.target()), tangent(a.value())));
      }
      out.add(a);
    } else if (s instanceof Stmt.ArrayDecl a) {
      out.add(a);
      if (activity.isActive(a.var().name())) {
        out.add(new Stmt.ArrayDecl((Expr.Var) tangentOf(a.var()), a.length(), null));
      }
    } else if (s instanceof Stmt.Fill f) {
      out.add(f);
      if (activity.isActive(f.array().name())) {
        out.add(new Stmt.Fill((Expr.Var) tangentOf(f.array()), f.length()));
      }
    } else if (s instanceof Stmt.If f) {
      out.add(new Stmt.If(f.cond(), differentiate(f.thenBlock()), differentiate(f.elseBlock()), f.origin()));
    } else if (s instanceof Stmt.For f) {
      out.add(new Stmt.For(f.index(), f.from(), f.to(), differentiate(f.body()), f.origin()));
    } else if (s instanceof Stmt.ForDown f) {
      out.add(new Stmt.ForDown(f.index(), f.from(), f.to(), differentiate(f.body())));
    } else if (s instanceof Stmt.Push p) {
      out.add(p);
      if (activeTarget(p.value())) {
        out.add(new Stmt.Push(tangentOf(p.value())));
      }
    } else if (s instanceof Stmt.Pop p) {
      if (activeTarget(p.target())) {
        out.add(new Stmt.Pop(tangentOf(p.target())));
      }
      out.add(p);
    } else {
      throw new IllegalStateException("cannot differentiate " + s);
    }
  }

  /** The tangent of a double expression. */
  Expr tangent(Expr e) {
    if (!activity.isActive(e)) {
      return Ir.ZERO;
    }
    if (e instanceof Expr.Var || e instanceof Expr.Index) {
      return tangentOf(e);
    }
    if (e instanceof Expr.Unary u) {
      return Ir.neg(tangent(u.operand()));
    }
    if (e instanceof Expr.Binary b) {
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case "+":
          return Ir.add(tangent(l), tangent(r));
        case "-":
          return Ir.sub(tangent(l), tangent(r));
        case "*":
          return Ir.add(Ir.mul(tangent(l), r), Ir.mul(l, tangent(r)));
        case "/":
          return Ir.sub(Ir.div(tangent(l), r), Ir.div(Ir.mul(l, tangent(r)), Ir.mul(r, r)));
        default:
          throw new IllegalStateException("no derivative for " + b.op());
      }
    }
    if (e instanceof Expr.Call c) {
      PrimitiveFunction f = primitives.get(c.function());
      if (f == null || !f.differentiable()) {
        return Ir.ZERO;
      }
      Expr sum = Ir.ZERO;
      for (int i = 0; i < c.args().size(); i++) {
        if (activity.isActive(c.args().get(i))) {
          sum = Ir.add(sum, Ir.mul(f.partial(i, c.args()), tangent(c.args().get(i))));
        }
      }
      return sum;
    }
    if (e instanceof Expr.Cond c) {
      return Ir.cond(c.cond(), tangent(c.ifTrue()), tangent(c.ifFalse()));
    }
    if (e instanceof Expr.Cast c) {
      return tangent(c.operand());
    }
    return Ir.ZERO;
  }
}
