package org.dsojava.compiler.jre;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.janino.Java;

/**
 * Source text of Janino's trees as javac prints its own trees into messages (its {@code Pretty}): literals by
 * value, casts without a blank ({@code (int)x[0]}), binary operators with blanks, parentheses as written, so
 * that messages quoting an expression read the same on both paths.
 */
final class JavacText {
  private JavacText() {}

  static String of(Object tree) {
    if (tree instanceof Java.Rvalue r) {
      return expr(r);
    }
    if (tree instanceof Java.Type t) {
      return type(t);
    }
    if (tree instanceof Java.ArrayInitializer a) {
      return "{" + join(a.values) + "}";
    }
    return String.valueOf(tree);
  }

  static String type(Java.Type t) {
    if (t instanceof Java.PrimitiveType p) {
      return p.primitive.toString();
    }
    if (t instanceof Java.ArrayType a) {
      return type(a.componentType) + "[]";
    }
    if (t instanceof Java.ReferenceType r) {
      String s = String.join(".", r.identifiers);
      if (r.typeArguments != null && r.typeArguments.length > 0) {
        List<String> args = new ArrayList<>();
        for (Java.TypeArgument a : r.typeArguments) {
          args.add(a instanceof Java.Type at ? type(at) : String.valueOf(a));
        }
        s += "<" + String.join(", ", args) + ">";
      }
      return s;
    }
    return String.valueOf(t);
  }

  private static String join(Object[] items) {
    List<String> out = new ArrayList<>();
    for (Object o : items) {
      out.add(of(o));
    }
    return String.join(", ", out);
  }

  static String expr(Java.Rvalue t) {
    if (t instanceof Java.ParenthesizedExpression p) {
      return "(" + expr(p.value) + ")";
    }
    if (t instanceof Java.IntegerLiteral l) {
      String v = l.value.replace("_", "");
      if (v.endsWith("L") || v.endsWith("l")) {
        return v.substring(0, v.length() - 1).replaceFirst("^0+(?=\\d)", "") + "L";
      }
      Integer i = JreTrees.intValue(l);
      return String.valueOf(i);
    }
    if (t instanceof Java.FloatingPointLiteral l) {
      return JreTrees.isFloat(l) ? (float) JreTrees.doubleValue(l) + "F" : String.valueOf(JreTrees.doubleValue(l));
    }
    if (t instanceof Java.Literal l) {
      return l.value;
    }
    List<String> path = JreTrees.path(t);
    if (path != null) {
      return String.join(".", path);
    }
    if (t instanceof Java.FieldAccessExpression f) {
      return of(f.lhs) + "." + f.fieldName;
    }
    if (t instanceof Java.MethodInvocation mi) {
      return (mi.target == null ? "" : of(mi.target) + ".") + mi.methodName + "(" + join(mi.arguments) + ")";
    }
    if (t instanceof Java.BinaryOperation b) {
      return expr(b.lhs) + " " + b.operator + " " + expr(b.rhs);
    }
    if (t instanceof Java.UnaryOperation u) {
      return u.operator + expr(u.operand);
    }
    if (t instanceof Java.Crement c) {
      return c.pre ? c.operator + expr(c.operand) : expr(c.operand) + c.operator;
    }
    if (t instanceof Java.Assignment a) {
      return expr(a.lhs) + " " + a.operator + " " + expr(a.rhs);
    }
    if (t instanceof Java.Cast c) {
      return "(" + type(c.targetType) + ")" + expr(c.value);
    }
    if (t instanceof Java.ArrayAccessExpression a) {
      return expr(a.lhs) + "[" + expr(a.index) + "]";
    }
    if (t instanceof Java.ConditionalExpression c) {
      return expr(c.lhs) + " ? " + expr(c.mhs) + " : " + expr(c.rhs);
    }
    if (t instanceof Java.NewArray n) {
      StringBuilder s = new StringBuilder("new " + type(n.type));
      for (Java.Rvalue d : n.dimExprs) {
        s.append('[').append(expr(d)).append(']');
      }
      s.append("[]".repeat(n.dims));
      return s.toString();
    }
    if (t instanceof Java.NewInitializedArray n) {
      return "new " + type(n.arrayType) + "{" + join(n.arrayInitializer.values) + "}";
    }
    if (t instanceof Java.NewClassInstance n) {
      return "new " + (n.type == null ? String.valueOf(n.iType) : type(n.type)) + "(" + join(n.arguments) + ")";
    }
    return String.valueOf(t);
  }
}
