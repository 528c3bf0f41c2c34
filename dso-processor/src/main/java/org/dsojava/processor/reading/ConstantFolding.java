package org.dsojava.processor.reading;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dsojava.processor.ir.Type;

/**
 * Compile-time evaluation of constant initializers and part sizes on plain values, with Java's int and double
 * semantics so the numbers are the ones the class initializer would compute: names of constants, {@code + - * /
 * %}, comparisons, and static {@code Math}/{@code StrictMath} functions. Each front end walks its own trees
 * ({@code T}) and calls these; {@link #text} is how it prints a tree in a reason.
 */
public abstract class ConstantFolding<T> {
  /** Thrown with a reason when an initializer is outside what can be evaluated. */
  public static final class NotConstant extends Exception {
    public NotConstant(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Map<String, Symbols.Constant> constants;
  /** Registered primitive keys ({@code java.lang.Math.sqrt}): the functions a constant may call. */
  private final Set<String> functions;
  /**
   * The constants of another class by the name the source writes ({@code Sizes}, {@code org.acme.Sizes}),
   * resolved as a body resolves it; null when the name is no class with readable constants.
   */
  private final Function<String, Map<String, Symbols.Constant>> otherClasses;

  protected ConstantFolding(Map<String, Symbols.Constant> constants, Set<String> functions,
      Function<String, Map<String, Symbols.Constant>> otherClasses) {
    this.constants = constants;
    this.functions = functions;
    this.otherClasses = otherClasses;
  }

  /** The value as an Integer, Double or Boolean. */
  public abstract Object eval(T t) throws NotConstant;

  /** A tree as the source writes it (as javac prints it), for reasons. */
  protected abstract String text(Object tree);

  /** The constant's value as the Integer, Boolean or Double its type says. */
  public static Object box(Symbols.Constant c) {
    return switch (c.type()) {
      case INT -> (int) c.value();
      case BOOLEAN -> c.value() != 0;
      default -> c.value();
    };
  }

  /** An evaluated Integer, Boolean or Double as a scalar constant of its type. */
  public static Symbols.Constant constant(Object v) {
    if (v instanceof Integer i) {
      return new Symbols.Constant(Type.INT, i);
    }
    if (v instanceof Boolean b) {
      return new Symbols.Constant(Type.BOOLEAN, b ? 1 : 0);
    }
    return new Symbols.Constant(Type.DOUBLE, ((Number) v).doubleValue());
  }

  /** True for the names a source gives {@code Math} and {@code StrictMath}. */
  public static boolean isMath(String owner) {
    return owner.equals("Math") || owner.equals("StrictMath") || owner.equals("java.lang.Math")
        || owner.equals("java.lang.StrictMath");
  }

  /** A value of {@code type} as a double (booleans 0 and 1), or why {@code where} is not of that type. */
  public double numeric(Object v, Type type, Object where) throws NotConstant {
    if (type == Type.BOOLEAN) {
      if (v instanceof Boolean b) {
        return b ? 1 : 0;
      }
    } else if (type == Type.INT) {
      if (v instanceof Integer i) {
        return i;
      }
    } else if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new NotConstant(text(where) + " is not of type " + type.javaName());
  }

  /** A simple name: a scalar constant of this class declared before. */
  protected Object name(String name) throws NotConstant {
    Symbols.Constant c = constants.get(name);
    if (c == null || c.type().isArray()) {
      throw new NotConstant(name + " is not a scalar constant of the model declared before it");
    }
    return box(c);
  }

  /** {@code owner.member}: Math.PI, Math.E, {@code this.C}, or a scalar constant of another class. */
  protected Object member(String owner, String member, Object where) throws NotConstant {
    if (isMath(owner) && member.equals("PI")) {
      return Math.PI;
    }
    if (isMath(owner) && member.equals("E")) {
      return Math.E;
    }
    Symbols.Constant own = owner.equals("this") ? constants.get(member) : null;
    if (own != null && !own.type().isArray()) {
      return box(own);
    }
    Map<String, Symbols.Constant> other = owner.equals("this") ? null : otherClasses.apply(owner);
    Symbols.Constant theirs = other == null ? null : other.get(member);
    if (theirs != null && !theirs.type().isArray()) {
      return box(theirs);
    }
    throw new NotConstant(text(where) + " is not Math.PI, Math.E, a constant of the model or a scalar static final"
        + " constant of another class");
  }

  /** Unary minus. */
  protected Object negate(Object v, Object where) throws NotConstant {
    if (v instanceof Integer i) {
      return -i;
    }
    return -number(v, where);
  }

  /** A cast to int ({@code toInt}) or to double. */
  protected Object cast(Object v, boolean toInt, Object where) throws NotConstant {
    return toInt ? (v instanceof Integer ? v : (int) number(v, where)) : number(v, where);
  }

  protected double number(Object v, Object where) throws NotConstant {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Double d) {
      return d;
    }
    throw new NotConstant(text(where) + " is not a number");
  }

  protected boolean bool(Object v, Object where) throws NotConstant {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new NotConstant(text(where) + " is not a boolean");
  }

  /** A binary operator ({@code "+"}, {@code "<="}, {@code "&&"}, ...) on evaluated operands. */
  protected Object binary(String op, Object l, Object r, Object where) throws NotConstant {
    if (l instanceof Integer a && r instanceof Integer b) {
      switch (op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/":
        case "%":
          if (b == 0) {
            throw new NotConstant("integer division by zero in " + text(where));
          }
          return op.equals("/") ? a / b : a % b;
        case "<": return a < b;
        case "<=": return a <= b;
        case ">": return a > b;
        case ">=": return a >= b;
        case "==": return a.intValue() == b.intValue();
        case "!=": return a.intValue() != b.intValue();
        default: throw new NotConstant("the operator of " + text(where));
      }
    }
    if (l instanceof Boolean a && r instanceof Boolean b) {
      switch (op) {
        case "&&": return a && b;
        case "||": return a || b;
        case "==": return a.booleanValue() == b.booleanValue();
        case "!=": return a.booleanValue() != b.booleanValue();
        default: throw new NotConstant("the operator of " + text(where));
      }
    }
    double a = number(l, where);
    double b = number(r, where);
    switch (op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/": return a / b;
      case "%": return a % b;
      case "<": return a < b;
      case "<=": return a <= b;
      case ">": return a > b;
      case ">=": return a >= b;
      case "==": return a == b;
      case "!=": return a != b;
      default: throw new NotConstant("the operator of " + text(where));
    }
  }

  /**
   * {@code owner.name(arguments)} where {@code owner} is the name written before the dot (null when none):
   * a registered Math or StrictMath function, run by reflection on the evaluated arguments (the int overload
   * when every argument is an int and one exists, as Java picks it).
   */
  protected Object call(String ownerName, String name, List<? extends T> arguments, Object call) throws NotConstant {
    if (ownerName == null || !isMath(ownerName)) {
      throw new NotConstant("the call " + text(call) + " (only Math and StrictMath functions)");
    }
    Class<?> owner = ownerName.endsWith("StrictMath") ? StrictMath.class : Math.class;
    int n = arguments.size();
    Object[] args = new Object[n];
    boolean ints = true;
    for (int i = 0; i < n; i++) {
      args[i] = eval(arguments.get(i));
      if (!(args[i] instanceof Integer)) {
        ints = false;
        if (!(args[i] instanceof Double)) {
          throw new NotConstant(text(arguments.get(i)) + " is not a number");
        }
      }
    }
    if (!functions.contains(owner.getName() + "." + name)) {
      throw new NotConstant(owner.getSimpleName() + "." + name + " is not a function of the subset");
    }
    Method method = find(owner, name, n, ints ? int.class : null);
    if (method == null) {
      method = find(owner, name, n, double.class);
      for (int i = 0; i < n; i++) {
        args[i] = ((Number) args[i]).doubleValue();
      }
    }
    if (method == null) {
      throw new NotConstant(owner.getSimpleName() + "." + name + " with " + n + " argument(s)");
    }
    try {
      Object v = method.invoke(null, args);
      if (v instanceof Long l) {
        return (int) (long) l;
      }
      return v;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new NotConstant(text(call) + " throws " + e);
    }
  }

  private static Method find(Class<?> owner, String name, int arity, Class<?> argType) {
    if (argType == null) {
      return null;
    }
    Class<?>[] types = new Class<?>[arity];
    java.util.Arrays.fill(types, argType);
    try {
      Method m = owner.getMethod(name, types);
      Class<?> r = m.getReturnType();
      return r == double.class || r == int.class || r == long.class ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
