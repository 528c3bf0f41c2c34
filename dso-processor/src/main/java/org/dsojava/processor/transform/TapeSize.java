package org.dsojava.processor.transform;

import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;

/**
 * Static bounds on what a program stores: tape entries (doubles and ints) and recorded draws. Counted
 * loops have constant trip counts (checked by the front end), branches take the larger side.
 */
public final class TapeSize {
  /** Upper bounds: doubles pushed, ints pushed, draws recorded. */
  public record Bound(long doubles, long ints, long draws) {
    Bound plus(Bound o) {
      return new Bound(doubles + o.doubles, ints + o.ints, draws + o.draws);
    }

    Bound times(long k) {
      return new Bound(doubles * k, ints * k, draws * k);
    }

    Bound max(Bound o) {
      return new Bound(Math.max(doubles, o.doubles), Math.max(ints, o.ints), Math.max(draws, o.draws));
    }
  }

  /** Thrown for a loop whose trip count is not a compile-time constant. */
  public static final class NotConstant extends RuntimeException {
    public final transient Object origin;
    public final transient Expr bound;

    NotConstant(Object origin, Expr bound) {
      super("loop bound is not constant");
      this.origin = origin;
      this.bound = bound;
    }
  }

  private TapeSize() {}

  public static Bound of(List<Stmt> program) {
    Bound total = new Bound(0, 0, 0);
    for (Stmt s : program) {
      total = total.plus(of(s));
    }
    return total;
  }

  private static Bound of(Stmt s) {
    if (s instanceof Stmt.Push p) {
      return p.value().type() == Type.DOUBLE ? new Bound(1, 0, 0) : new Bound(0, 1, 0);
    }
    if (s instanceof Stmt.Draw) {
      return new Bound(0, 0, 1);
    }
    if (s instanceof Stmt.Decl d && d.init() instanceof Expr.Noise) {
      return new Bound(0, 0, 1);
    }
    if (s instanceof Stmt.If f) {
      return of(f.thenBlock()).max(of(f.elseBlock()));
    }
    if (s instanceof Stmt.For f) {
      return of(f.body()).times(trips(f.from(), f.to(), f.origin()));
    }
    if (s instanceof Stmt.ForDown f) {
      return of(f.body()).times(trips(f.from(), f.to(), null));
    }
    return new Bound(0, 0, 0);
  }

  private static long trips(Expr from, Expr to, Object origin) {
    Integer a = constant(from);
    Integer b = constant(to);
    if (a == null) {
      throw new NotConstant(origin, from);
    }
    if (b == null) {
      throw new NotConstant(origin, to);
    }
    return Math.max(0, b - a);
  }

  /** The value of a constant int expression, or null. */
  public static Integer constant(Expr e) {
    return Ir.constantInt(e);
  }

}
