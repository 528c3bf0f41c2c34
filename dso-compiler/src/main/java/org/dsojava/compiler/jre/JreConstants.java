package org.dsojava.compiler.jre;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.codehaus.janino.Java;
import org.dsojava.processor.reading.ConstantFolding;
import org.dsojava.processor.reading.Symbols;

/**
 * Evaluates constant initializers on Janino's trees as the javac front end's {@code ConstantEvaluator}
 * does (and as javac folds constant expressions): literals, constants of the model or of other classes,
 * {@code + - * / %}, comparisons, casts between int and double, and {@code Math}/{@code StrictMath}
 * functions. The arithmetic is {@link ConstantFolding}'s, shared with the javac front end.
 */
final class JreConstants extends ConstantFolding<Java.Rvalue> {
  JreConstants(Map<String, Symbols.Constant> constants, java.util.Set<String> functions,
      java.util.function.Function<String, Map<String, Symbols.Constant>> otherClasses) {
    super(constants, functions, otherClasses);
  }

  @Override
  protected String text(Object tree) {
    return JavacText.of(tree);
  }

  /** The value as an Integer, Double or Boolean. */
  @Override
  public Object eval(Java.Rvalue t) throws NotConstant {
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
      return name(path.get(0));
    }
    if (path != null) {
      return member(String.join(".", path.subList(0, path.size() - 1)), path.get(path.size() - 1), t);
    }
    if (t instanceof Java.UnaryOperation u) {
      switch (u.operator) {
        case "-":
          return negate(eval(u.operand), t);
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
      if (p == Java.Primitive.INT || p == Java.Primitive.DOUBLE) {
        return cast(v, p == Java.Primitive.INT, t);
      }
      throw new NotConstant("the cast " + JavacText.of(t));
    }
    if (t instanceof Java.MethodInvocation mi) {
      List<String> target = mi.target == null ? null : JreTrees.path(mi.target);
      return call(target == null ? null : String.join(".", target), mi.methodName, Arrays.asList(mi.arguments), mi);
    }
    if (t instanceof Java.BinaryOperation b) {
      return binary(b.operator, eval(b.lhs), eval(b.rhs), t);
    }
    throw new NotConstant("the expression " + JavacText.of(t));
  }
}
