package org.dsojava.compiler.jre;

import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.Java;

/**
 * Where a diagnostic of the JRE front end is placed: a file name and a 1-based line and column (0 when
 * unknown), the positions the IR carries as its opaque {@code origin}s.
 */
public record Pos(String file, int line, int column) {
  static Pos of(JreSources.Unit unit, Java.Locatable tree) {
    Location l = tree == null ? null : tree.getLocation();
    if (l == null || unit == null) {
      return new Pos(unit == null ? null : unit.file(), 0, 0);
    }
    return new Pos(unit.file(), l.getLineNumber(), l.getColumnNumber());
  }

  /**
   * Where javac places a diagnostic on this tree (its "preferred position"): a call and a cast at their
   * {@code (}, an operator or assignment at its operator, a field access at its dot, an expression statement
   * at its start; Janino places other trees where javac does.
   */
  static Pos javac(JreSources.Unit unit, Java.Locatable tree) {
    Pos start = of(unit, tree);
    if (start.line() == 0 || unit.text() == null) {
      return start;
    }
    String text = unit.text();
    int at = offset(text, start.line(), start.column());
    if (tree instanceof Java.ExpressionStatement es) {
      return at(unit, startOf(unit, es.rvalue));
    }
    if (tree instanceof Java.MethodInvocation mi) {
      int i = text.indexOf(mi.methodName, at);
      while (i >= 0) {
        int j = i + mi.methodName.length();
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
          j++;
        }
        if (j < text.length() && text.charAt(j) == '(') {
          return at(unit, j);
        }
        i = text.indexOf(mi.methodName, i + 1);
      }
    } else if (tree instanceof Java.Assignment a) {
      for (int i = text.indexOf(a.operator, at); i >= 0; i = text.indexOf(a.operator, i + 1)) {
        int end = i + a.operator.length();
        boolean alone = !(a.operator.equals("=") && ((end < text.length() && text.charAt(end) == '=')
            || (i > 0 && "=!<>+-*/%&|^".indexOf(text.charAt(i - 1)) >= 0)));
        if (alone) {
          return at(unit, i);
        }
      }
    } else if (tree instanceof Java.BinaryOperation b) {
      int i = text.indexOf(b.operator, skipToken(text, at));
      return i < 0 ? start : at(unit, i);
    } else if (tree instanceof Java.UnaryOperation u) {
      int i = text.indexOf(u.operator, skipToken(text, at));
      return i < 0 ? start : at(unit, i);
    } else if (tree instanceof Java.FieldAccessExpression
        || tree instanceof Java.AmbiguousName n && n.n > 1) {
      int i = text.lastIndexOf('.', at);
      return i < 0 ? start : at(unit, i);
    } else if (tree instanceof Java.Cast && at < text.length() && text.charAt(at) == ')') {
      int depth = 0;
      for (int i = at; i >= 0; i--) {
        char c = text.charAt(i);
        depth += c == ')' ? 1 : c == '(' ? -1 : 0;
        if (depth == 0) {
          return at(unit, i);
        }
      }
    }
    return start;
  }

  /** The offset of the first token of an expression (javac places a statement at its start). */
  private static int startOf(JreSources.Unit unit, Java.Rvalue e) {
    String text = unit.text();
    Location l = e.getLocation();
    int at = offset(text, l.getLineNumber(), l.getColumnNumber());
    if (e instanceof Java.Assignment a) {
      return startOf(unit, a.lhs);
    }
    if (e instanceof Java.Crement c && !c.pre) {
      return startOf(unit, c.operand);
    }
    if (e instanceof Java.ArrayAccessExpression a) {
      return startOf(unit, a.lhs);
    }
    if (e instanceof Java.FieldAccessExpression f && f.lhs instanceof Java.Rvalue r) {
      return startOf(unit, r);
    }
    if (e instanceof Java.MethodInvocation mi && mi.target instanceof Java.Rvalue r) {
      return startOf(unit, r);
    }
    if (e instanceof Java.MethodInvocation mi) {
      int i = text.indexOf(mi.methodName, at);
      return i < 0 ? at : i;
    }
    if (e instanceof Java.AmbiguousName n && n.n > 1) {
      int i = text.lastIndexOf(n.identifiers[0], at);
      return i < 0 ? at : i;
    }
    return at;
  }

  private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile(
      "\\d[\\d_]*(\\.\\d*)?([eE][+-]?\\d+)?[fFdDlL]?|\\.\\d+([eE][+-]?\\d+)?[fFdD]?|[A-Za-z_$][A-Za-z0-9_$]*|.");

  /** The offset after the token at {@code at} (Janino places an operator at the token before it). */
  private static int skipToken(String text, int at) {
    java.util.regex.Matcher m = TOKEN.matcher(text);
    return at < text.length() && m.find(at) && m.start() == at ? m.end() : at + 1;
  }

  private static int offset(String text, int line, int column) {
    int l = 1;
    int i = 0;
    while (l < line && i < text.length()) {
      if (text.charAt(i++) == '\n') {
        l++;
      }
    }
    return Math.min(text.length(), i + Math.max(0, column - 1));
  }

  private static Pos at(JreSources.Unit unit, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (unit.text().charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Pos(unit.file(), line, offset - lineStart + 1);
  }

  /**
   * The position of the first {@code name} token at or after {@code tree}'s position: where javac places a
   * diagnostic on a declaration (its name).
   */
  static Pos name(JreSources.Unit unit, Java.Locatable tree, String name) {
    Pos start = of(unit, tree);
    if (start.line() == 0 || unit.text() == null) {
      return start;
    }
    String[] lines = unit.text().split("\n", -1);
    for (int ln = start.line() - 1; ln < lines.length; ln++) {
      String s = lines[ln];
      int from = ln == start.line() - 1 ? Math.max(0, start.column() - 1) : 0;
      for (int i = s.indexOf(name, from); i >= 0; i = s.indexOf(name, i + 1)) {
        boolean before = i == 0 || !Character.isJavaIdentifierPart(s.charAt(i - 1));
        int end = i + name.length();
        boolean after = end >= s.length() || !Character.isJavaIdentifierPart(s.charAt(end));
        if (before && after) {
          return new Pos(unit.file(), ln + 1, i + 1);
        }
      }
    }
    return start;
  }
}
