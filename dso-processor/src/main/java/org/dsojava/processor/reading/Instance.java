package org.dsojava.processor.reading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Type;

/**
 * What running a part's constructors at compile time decided (parts are built before the kernel is
 * written): its final scalar fields, the lengths and initial values its {@code @Param} arrays were given
 * ({@code w = new double[in * out]}, {@code Init.normal(n, mean, std)}), and the part each part field holds.
 * The checks here are on evaluated values; each front end evaluates its own trees. {@code C} is the front
 * end's handle on a class.
 */
public record Instance<C>(Map<String, Symbols.Constant> values, Map<String, Integer> paramLengths,
    Map<String, double[]> paramInits, Map<String, PartUse<C>> parts) {

  /** {@code new T(args)} with the arguments evaluated, and where it was written. */
  public record PartUse<C>(C type, List<Symbols.Constant> args, Object where) {}

  /** An instance nothing has been decided for yet. */
  public static <C> Instance<C> empty() {
    return new Instance<>(new LinkedHashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
  }

  /** {@code @Param double[] f = new double[n]}: the length must be an int. */
  public void paramLength(Diagnostics diagnostics, Object at, String cname, String fname, Symbols.Constant n) {
    if (n != null && n.type() == Type.INT) {
      paramLengths.put(fname, (int) n.value());
    } else if (n != null) {
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "the length of @Param " + fname + " is not an int");
    }
  }

  /** {@code @Param double[] f = Init.normal(n, mean, std)} with its three arguments evaluated. */
  public void initNormal(Diagnostics diagnostics, Object at, String cname, String fname, Symbols.Constant n,
      Symbols.Constant mean, Symbols.Constant std) {
    if (n.type() != Type.INT || mean.type() == Type.BOOLEAN || std.type() == Type.BOOLEAN) {
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "Init.normal takes (int n, double mean, double std)");
      return;
    }
    paramLengths.put(fname, (int) n.value());
    paramInits.put(fname, new double[] {mean.value(), std.value()});
  }

  /** {@code @Param double f = v}: a scalar's initial value (null when it failed to evaluate, reported). */
  public void paramValue(Diagnostics diagnostics, Object at, String cname, String fname, Symbols.Constant v) {
    if (v != null && v.type() != Type.BOOLEAN) {
      paramInits.put(fname, new double[] {v.value(), Double.NaN});
    } else if (v != null) {
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "@Param " + fname + " is given a boolean");
    }
  }

  /**
   * A final size field of type {@code t} given the evaluated {@code k}; the constant, or null (and reported)
   * when it is not of the field's type.
   */
  public Symbols.Constant sizeField(Diagnostics diagnostics, Object at, String cname, String fname, Type t,
      Symbols.Constant k, ConstantFolding<?> evaluator, Object value) {
    try {
      k = new Symbols.Constant(t, evaluator.numeric(ConstantFolding.box(k), t, value));
    } catch (ConstantFolding.NotConstant e) {
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, e.getMessage());
      return null;
    }
    values.put(fname, k);
    return k;
  }

  /**
   * Java's choice among a part's constructors (given by their parameter types) for {@code args}: the one whose
   * parameter types match the arguments exactly in the most places (an int argument also fits a double
   * parameter). Its index, or -1 (reported) when none fits or two fit equally well.
   */
  public static int chooseConstructor(Diagnostics diagnostics, Object where, String cname,
      List<List<Type>> constructors, List<Symbols.Constant> args) {
    int chosen = -1;
    int best = -1;
    boolean tie = false;
    for (int i = 0; i < constructors.size(); i++) {
      int exact = applicability(constructors.get(i), args);
      if (exact > best) {
        chosen = i;
        best = exact;
        tie = false;
      } else if (exact == best && exact >= 0) {
        tie = true;
      }
    }
    if (chosen < 0 || best < 0) {
      diagnostics.error(Message.PART_CONSTRUCTOR, where, cname, "no constructor takes ("
          + String.join(", ", args.stream().map(a -> a.type().javaName()).toList()) + ")");
      return -1;
    }
    if (tie) {
      diagnostics.error(Message.PART_CONSTRUCTOR, where, cname, "two constructors fit ("
          + String.join(", ", args.stream().map(a -> a.type().javaName()).toList()) + ") equally well");
      return -1;
    }
    return chosen;
  }

  /** -1 when parameters of types {@code k} cannot take {@code args}; else how many match their argument exactly. */
  private static int applicability(List<Type> k, List<Symbols.Constant> args) {
    if (k.size() != args.size()) {
      return -1;
    }
    int exact = 0;
    for (int i = 0; i < args.size(); i++) {
      Type t = k.get(i);
      Type a = args.get(i).type();
      if (t == a) {
        exact++;
      } else if (!(t == Type.DOUBLE && a == Type.INT)) {
        return -1;
      }
    }
    return exact;
  }

  /**
   * Argument {@code i} (from 0) for a constructor parameter of type {@code t}, written {@code typeText}: an int
   * widened to double; null (and reported) when it does not fit.
   */
  public static Symbols.Constant argument(Diagnostics diagnostics, Object where, String cname, int i, Type t,
      String typeText, Symbols.Constant a) {
    if (t == Type.DOUBLE && a.type() == Type.INT) {
      return new Symbols.Constant(Type.DOUBLE, a.value());
    } else if (t != a.type()) {
      diagnostics.error(Message.PART_CONSTRUCTOR, where, cname, "argument " + (i + 1) + " is " + a.type().javaName()
          + " where the constructor takes " + typeText + "; part constructors take int, double or boolean sizes");
      return null;
    }
    return a;
  }

  /** Reports a part that contains itself; true when {@code qn} is not among the parts being built. */
  public static boolean notCyclic(Diagnostics diagnostics, List<String> building, String qn, Object where) {
    if (building.contains(qn)) {
      List<String> cycle = new ArrayList<>(building.subList(building.indexOf(qn), building.size()));
      cycle.add(qn);
      diagnostics.error(Message.PART_CYCLE, where, qn, String.join(" → ", cycle));
      return false;
    }
    return true;
  }
}
