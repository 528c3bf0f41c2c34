package org.dsojava.compiler.jre;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.janino.Java;

/** Small views of Janino's trees shared by the readers: names as paths, literals, primitive types. */
final class JreTrees {
  private JreTrees() {}

  /**
   * The dotted name an atom is ({@code a}, {@code a.b.c}, {@code this.w}), as its identifiers; null when the
   * atom is not a plain name.
   */
  static List<String> path(Java.Atom a) {
    if (a instanceof Java.AmbiguousName n) {
      return List.of(java.util.Arrays.copyOf(n.identifiers, n.n));
    }
    if (a instanceof Java.ThisReference) {
      return List.of("this");
    }
    if (a instanceof Java.FieldAccessExpression f) {
      List<String> owner = path(f.lhs);
      if (owner == null) {
        return null;
      }
      List<String> out = new ArrayList<>(owner);
      out.add(f.fieldName);
      return out;
    }
    return null;
  }

  /** An int literal's value; null for a long literal. */
  static Integer intValue(Java.IntegerLiteral l) {
    String v = l.value.replace("_", "");
    if (v.endsWith("L") || v.endsWith("l")) {
      return null;
    }
    long x;
    if (v.startsWith("0x") || v.startsWith("0X")) {
      x = Long.parseLong(v.substring(2), 16);
    } else if (v.startsWith("0b") || v.startsWith("0B")) {
      x = Long.parseLong(v.substring(2), 2);
    } else if (v.length() > 1 && v.startsWith("0")) {
      x = Long.parseLong(v.substring(1), 8);
    } else {
      x = Long.parseLong(v);
    }
    return (int) x;
  }

  static boolean isFloat(Java.FloatingPointLiteral l) {
    return l.value.endsWith("f") || l.value.endsWith("F");
  }

  static double doubleValue(Java.FloatingPointLiteral l) {
    String v = l.value.replace("_", "");
    if (isFloat(l)) {
      return Float.parseFloat(v.substring(0, v.length() - 1));
    }
    if (v.endsWith("d") || v.endsWith("D")) {
      v = v.substring(0, v.length() - 1);
    }
    return Double.parseDouble(v);
  }

  static boolean booleanValue(Java.BooleanLiteral l) {
    return l.value.equals("true");
  }

  static Java.Rvalue unparenthesized(Java.Rvalue r) {
    while (r instanceof Java.ParenthesizedExpression p) {
      r = p.value;
    }
    return r;
  }

  /** The primitive of a primitive type, else null. */
  static Java.Primitive primitive(Java.Type t) {
    return t instanceof Java.PrimitiveType p ? p.primitive : null;
  }

  static boolean hasModifier(Java.Modifier[] modifiers, String keyword) {
    for (Java.Modifier m : modifiers) {
      if (m instanceof Java.AccessModifier a && a.keyword.equals(keyword)) {
        return true;
      }
    }
    return false;
  }
}
