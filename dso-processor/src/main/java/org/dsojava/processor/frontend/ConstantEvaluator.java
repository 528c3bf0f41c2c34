package org.dsojava.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import java.lang.reflect.Method;
import java.util.Map;
import org.dsojava.processor.reading.Symbols;

/**
 * Evaluates the initializer of a {@code static final} field that javac does not fold because it calls
 * a method ({@code Math.sqrt(2.0)}): literals, other constants of the model or of other classes
 * ({@code Sizes.HIDDEN}), {@code + - * / %}, casts
 * and static {@code Math}/{@code StrictMath} functions, with Java's int and double semantics. The class
 * initializer of the model would compute the same value with the same library call, so the kernel may
 * use the number.
 */
final class ConstantEvaluator {
  /** Thrown with a reason when an initializer is outside what can be evaluated. */
  static final class NotConstant extends Exception {
    NotConstant(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Map<String, Symbols.Constant> constants;
  /** Registered primitive keys ({@code java.lang.Math.sqrt}): the functions a constant may call. */
  private final java.util.Set<String> functions;
  /**
   * The constants of another class by the name the source writes ({@code Sizes}, {@code org.acme.Sizes}),
   * resolved as a body resolves it; null when the name is no class with readable constants.
   */
  private final java.util.function.Function<String, Map<String, Symbols.Constant>> otherClasses;

  ConstantEvaluator(Map<String, Symbols.Constant> constants, java.util.Set<String> functions) {
    this(constants, functions, name -> null);
  }

  ConstantEvaluator(Map<String, Symbols.Constant> constants, java.util.Set<String> functions,
      java.util.function.Function<String, Map<String, Symbols.Constant>> otherClasses) {
    this.constants = constants;
    this.functions = functions;
    this.otherClasses = otherClasses;
  }

  /** The value as an Integer, Double or Boolean. */
  Object eval(ExpressionTree t) throws NotConstant {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return eval(((ParenthesizedTree) t).getExpression());
      case INT_LITERAL:
      case DOUBLE_LITERAL:
      case BOOLEAN_LITERAL:
        return ((LiteralTree) t).getValue();
      case FLOAT_LITERAL:
        return ((Float) ((LiteralTree) t).getValue()).doubleValue();
      case IDENTIFIER: {
        String name = ((IdentifierTree) t).getName().toString();
        Symbols.Constant c = constants.get(name);
        if (c == null || c.type().isArray()) {
          throw new NotConstant(name + " is not a scalar constant of the model declared before it");
        }
        return box(c);
      }
      case MEMBER_SELECT: {
        MemberSelectTree m = (MemberSelectTree) t;
        String owner = m.getExpression().toString();
        String member = m.getIdentifier().toString();
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
        throw new NotConstant(t + " is not Math.PI, Math.E, a constant of the model or a scalar static final"
            + " constant of another class");
      }
      case UNARY_MINUS: {
        Object v = eval(((UnaryTree) t).getExpression());
        if (v instanceof Integer i) {
          return -i;
        }
        return -number(v, t);
      }
      case UNARY_PLUS:
        return eval(((UnaryTree) t).getExpression());
      case LOGICAL_COMPLEMENT:
        return !bool(eval(((UnaryTree) t).getExpression()), t);
      case TYPE_CAST: {
        TypeCastTree c = (TypeCastTree) t;
        Object v = eval(c.getExpression());
        if (c.getType() instanceof PrimitiveTypeTree p) {
          switch (p.getPrimitiveTypeKind()) {
            case INT:
              return v instanceof Integer ? v : (int) number(v, t);
            case DOUBLE:
              return number(v, t);
            default:
              break;
          }
        }
        throw new NotConstant("the cast " + t);
      }
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) t);
      default:
        if (t instanceof com.sun.source.tree.BinaryTree b) {
          return binary(t.getKind(), eval(b.getLeftOperand()), eval(b.getRightOperand()), t);
        }
        throw new NotConstant("the expression " + t);
    }
  }

  /** The constant's value as the Integer, Boolean or Double its type says. */
  static Object box(Symbols.Constant c) {
    return switch (c.type()) {
      case INT -> (int) c.value();
      case BOOLEAN -> c.value() != 0;
      default -> c.value();
    };
  }

  private static boolean isMath(String owner) {
    return owner.equals("Math") || owner.equals("StrictMath") || owner.equals("java.lang.Math")
        || owner.equals("java.lang.StrictMath");
  }

  private static double number(Object v, Tree where) throws NotConstant {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Double d) {
      return d;
    }
    throw new NotConstant(where + " is not a number");
  }

  private static boolean bool(Object v, Tree where) throws NotConstant {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new NotConstant(where + " is not a boolean");
  }

  private static Object binary(Tree.Kind kind, Object l, Object r, Tree where) throws NotConstant {
    if (l instanceof Integer a && r instanceof Integer b) {
      switch (kind) {
        case PLUS: return a + b;
        case MINUS: return a - b;
        case MULTIPLY: return a * b;
        case DIVIDE:
        case REMAINDER:
          if (b == 0) {
            throw new NotConstant("integer division by zero in " + where);
          }
          return kind == Tree.Kind.DIVIDE ? a / b : a % b;
        case LESS_THAN: return a < b;
        case LESS_THAN_EQUAL: return a <= b;
        case GREATER_THAN: return a > b;
        case GREATER_THAN_EQUAL: return a >= b;
        case EQUAL_TO: return a.intValue() == b.intValue();
        case NOT_EQUAL_TO: return a.intValue() != b.intValue();
        default: throw new NotConstant("the operator of " + where);
      }
    }
    if (l instanceof Boolean a && r instanceof Boolean b) {
      switch (kind) {
        case CONDITIONAL_AND: return a && b;
        case CONDITIONAL_OR: return a || b;
        case EQUAL_TO: return a.booleanValue() == b.booleanValue();
        case NOT_EQUAL_TO: return a.booleanValue() != b.booleanValue();
        default: throw new NotConstant("the operator of " + where);
      }
    }
    double a = number(l, where);
    double b = number(r, where);
    switch (kind) {
      case PLUS: return a + b;
      case MINUS: return a - b;
      case MULTIPLY: return a * b;
      case DIVIDE: return a / b;
      case REMAINDER: return a % b;
      case LESS_THAN: return a < b;
      case LESS_THAN_EQUAL: return a <= b;
      case GREATER_THAN: return a > b;
      case GREATER_THAN_EQUAL: return a >= b;
      case EQUAL_TO: return a == b;
      case NOT_EQUAL_TO: return a != b;
      default: throw new NotConstant("the operator of " + where);
    }
  }

  private Object call(MethodInvocationTree call) throws NotConstant {
    if (!(call.getMethodSelect() instanceof MemberSelectTree m) || !isMath(m.getExpression().toString())) {
      throw new NotConstant("the call " + call + " (only Math and StrictMath functions)");
    }
    Class<?> owner = m.getExpression().toString().endsWith("StrictMath") ? StrictMath.class : Math.class;
    int n = call.getArguments().size();
    Object[] args = new Object[n];
    boolean ints = true;
    for (int i = 0; i < n; i++) {
      args[i] = eval(call.getArguments().get(i));
      if (!(args[i] instanceof Integer)) {
        ints = false;
        if (!(args[i] instanceof Double)) {
          throw new NotConstant(call.getArguments().get(i) + " is not a number");
        }
      }
    }
    String name = m.getIdentifier().toString();
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
      throw new NotConstant(call + " throws " + e);
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
