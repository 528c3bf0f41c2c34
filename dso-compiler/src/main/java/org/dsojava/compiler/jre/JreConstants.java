package org.dsojava.compiler.jre;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.codehaus.janino.Java;
import org.dsojava.processor.reading.Symbols;

/**
 * Evaluates constant initializers on Janino's trees as the javac front end's {@code ConstantEvaluator}
 * does (and as javac folds constant expressions): literals, constants of the model or of other classes,
 * {@code + - * / %}, comparisons, casts between int and double, and {@code Math}/{@code StrictMath}
 * functions, with Java's int and double semantics, so the numbers are the ones the class initializer
 * would compute.
 */
final class JreConstants {
  /** Thrown with a reason when an initializer is outside what can be evaluated. */
  static final class NotConstant extends Exception {
    NotConstant(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Map<String, Symbols.Constant> constants;
  private final java.util.Set<String> functions;
  private final java.util.function.Function<String, Map<String, Symbols.Constant>> otherClasses;

  JreConstants(Map<String, Symbols.Constant> constants, java.util.Set<String> functions,
      java.util.function.Function<String, Map<String, Symbols.Constant>> otherClasses) {
    this.constants = constants;
    this.functions = functions;
    this.otherClasses = otherClasses;
  }

  /** The value as an Integer, Double or Boolean. */
  Object eval(Java.Rvalue t) throws NotConstant {
    if (t instanceof Java.ParenthesizedExpression p) {
      return eval(p.value);
    }
    if (t instanceof Java.IntegerLiteral l) {
      Integer v = JreTrees.intValue(l);
      if (v == null) {
        throw new NotConstant("the expression " + JavacText.of(t));
      }
      return v;
    }
    if (t instanceof Java.FloatingPointLiteral l) {
      return JreTrees.doubleValue(l);
    }
    if (t instanceof Java.BooleanLiteral l) {
      return JreTrees.booleanValue(l);
    }
    List<String> path = JreTrees.path(t);
    if (path != null && path.size() == 1) {
      String name = path.get(0);
      Symbols.Constant c = constants.get(name);
      if (c == null || c.type().isArray()) {
        throw new NotConstant(name + " is not a scalar constant of the model declared before it");
      }
      return box(c);
    }
    if (path != null) {
      String owner = String.join(".", path.subList(0, path.size() - 1));
      String member = path.get(path.size() - 1);
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
      throw new NotConstant(JavacText.of(t) + " is not Math.PI, Math.E, a constant of the model or a scalar static final"
          + " constant of another class");
    }
    if (t instanceof Java.UnaryOperation u) {
      switch (u.operator) {
        case "-": {
          Object v = eval(u.operand);
          if (v instanceof Integer i) {
            return -i;
          }
          return -number(v, t);
        }
        case "+":
          return eval(u.operand);
        case "!":
          return !bool(eval(u.operand), t);
        default:
          throw new NotConstant("the expression " + JavacText.of(t));
      }
    }
    if (t instanceof Java.Cast c) {
      Object v = eval(c.value);
      Java.Primitive p = JreTrees.primitive(c.targetType);
      if (p == Java.Primitive.INT) {
        return v instanceof Integer ? v : (int) number(v, t);
      }
      if (p == Java.Primitive.DOUBLE) {
        return number(v, t);
      }
      throw new NotConstant("the cast " + JavacText.of(t));
    }
    if (t instanceof Java.MethodInvocation mi) {
      return call(mi);
    }
    if (t instanceof Java.BinaryOperation b) {
      if (b.operator.equals("&&") || b.operator.equals("||")) {
        return binary(b.operator, eval(b.lhs), eval(b.rhs), t);
      }
      return binary(b.operator, eval(b.lhs), eval(b.rhs), t);
    }
    throw new NotConstant("the expression " + JavacText.of(t));
  }

  static Object box(Symbols.Constant c) {
    return switch (c.type()) {
      case INT -> (int) c.value();
      case BOOLEAN -> c.value() != 0;
      default -> c.value();
    };
  }

  static boolean isMath(String owner) {
    return owner.equals("Math") || owner.equals("StrictMath") || owner.equals("java.lang.Math")
        || owner.equals("java.lang.StrictMath");
  }

  private static double number(Object v, Object where) throws NotConstant {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Double d) {
      return d;
    }
    throw new NotConstant(JavacText.of(where) + " is not a number");
  }

  private static boolean bool(Object v, Object where) throws NotConstant {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new NotConstant(JavacText.of(where) + " is not a boolean");
  }

  private static Object binary(String op, Object l, Object r, Object where) throws NotConstant {
    if (l instanceof Integer a && r instanceof Integer b) {
      switch (op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/":
        case "%":
          if (b == 0) {
            throw new NotConstant("integer division by zero in " + JavacText.of(where));
          }
          return op.equals("/") ? a / b : a % b;
        case "<": return a < b;
        case "<=": return a <= b;
        case ">": return a > b;
        case ">=": return a >= b;
        case "==": return a.intValue() == b.intValue();
        case "!=": return a.intValue() != b.intValue();
        default: throw new NotConstant("the operator of " + JavacText.of(where));
      }
    }
    if (l instanceof Boolean a && r instanceof Boolean b) {
      switch (op) {
        case "&&": return a && b;
        case "||": return a || b;
        case "==": return a.booleanValue() == b.booleanValue();
        case "!=": return a.booleanValue() != b.booleanValue();
        default: throw new NotConstant("the operator of " + JavacText.of(where));
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
      default: throw new NotConstant("the operator of " + JavacText.of(where));
    }
  }

  private Object call(Java.MethodInvocation call) throws NotConstant {
    List<String> target = call.target == null ? null : JreTrees.path(call.target);
    String ownerName = target == null ? null : String.join(".", target);
    if (ownerName == null || !isMath(ownerName)) {
      throw new NotConstant("the call " + JavacText.of(call) + " (only Math and StrictMath functions)");
    }
    Class<?> owner = ownerName.endsWith("StrictMath") ? StrictMath.class : Math.class;
    int n = call.arguments.length;
    Object[] args = new Object[n];
    boolean ints = true;
    for (int i = 0; i < n; i++) {
      args[i] = eval(call.arguments[i]);
      if (!(args[i] instanceof Integer)) {
        ints = false;
        if (!(args[i] instanceof Double)) {
          throw new NotConstant(JavacText.of(call.arguments[i]) + " is not a number");
        }
      }
    }
    String name = call.methodName;
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
      throw new NotConstant(JavacText.of(call) + " throws " + e);
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
