package org.dsojava.processor.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * {@code StrictMath.f}, the twin of a {@code java.lang.Math} primitive: the same derivative rules, with the
 * functions the partials call taken from {@code StrictMath} too. A model that writes {@code StrictMath}
 * asks for fdlibm's bits, the same on every JDK and platform; its kernel must compute exactly those, not
 * {@code Math}'s (within 1 ulp of them, but not equal: about 2% of {@code Math.sin}'s results on JDK 17,
 * x86-64).
 */
public final class StrictMathFunction implements PrimitiveFunction {
  static final String MATH = "java.lang.Math";
  static final String STRICT = "java.lang.StrictMath";
  private static final String PLACEHOLDER = "$strict$";

  private final PrimitiveFunction math;

  private StrictMathFunction(PrimitiveFunction math) {
    this.math = math;
  }

  /** {@code primitives} with a {@code StrictMath} twin added for every {@code java.lang.Math} function. */
  public static Map<String, PrimitiveFunction> withTwins(Map<String, PrimitiveFunction> primitives) {
    Map<String, PrimitiveFunction> all = new TreeMap<>(primitives);
    for (PrimitiveFunction f : primitives.values()) {
      if (f.owner().equals(MATH)) {
        PrimitiveFunction twin = new StrictMathFunction(f);
        all.putIfAbsent(twin.key(), twin);
      }
    }
    return all;
  }

  @Override
  public String owner() {
    return STRICT;
  }

  @Override
  public String name() {
    return math.name();
  }

  @Override
  public int arity() {
    return math.arity();
  }

  @Override
  public boolean differentiable() {
    return math.differentiable();
  }

  @Override
  public Expr partial(int i, List<Expr> args) {
    List<Expr> slots = slots(args.size());
    return fill(strict(math.partial(i, slots)), args, null);
  }

  @Override
  public Expr partialFromResult(int i, List<Expr> args, Expr result) {
    List<Expr> slots = slots(args.size());
    Expr p = math.partialFromResult(i, slots, new Expr.Var(PLACEHOLDER + "result", Type.DOUBLE));
    return p == null ? null : fill(strict(p), args, result);
  }

  /**
   * The rule is instantiated on placeholder arguments, so that only the calls the rule itself adds become
   * {@code StrictMath} calls, never a {@code Math} call the model wrote inside the arguments.
   */
  private static List<Expr> slots(int n) {
    List<Expr> slots = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      slots.add(new Expr.Var(PLACEHOLDER + k, Type.DOUBLE));
    }
    return slots;
  }

  private static Expr strict(Expr e) {
    return Walk.map(e, x -> x instanceof Expr.Call c && c.function().startsWith(MATH + ".")
        ? new Expr.Call(STRICT + c.function().substring(MATH.length()), c.args(), c.type())
        : x);
  }

  private static Expr fill(Expr e, List<Expr> args, Expr result) {
    return Walk.map(e, x -> {
      if (x instanceof Expr.Var v && v.name().startsWith(PLACEHOLDER)) {
        String slot = v.name().substring(PLACEHOLDER.length());
        return slot.equals("result") ? result : args.get(Integer.parseInt(slot));
      }
      return x;
    });
  }
}
