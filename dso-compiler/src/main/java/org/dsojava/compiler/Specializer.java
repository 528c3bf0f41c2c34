package org.dsojava.compiler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.Java;
import org.dsojava.compiler.jre.JreSources;

/**
 * Structural constants on the JRE path: the initializers of the named {@code static final} fields of the
 * model class replaced by the given values, found with Janino's parser (the field's position) and a scan of
 * the initializer that skips comments, strings and nested brackets.
 */
final class Specializer {
  private Specializer() {}

  static String specialize(String source, String file, String simple, Map<String, ? extends Object> constants) {
    Java.CompilationUnit unit;
    try {
      unit = JreSources.parse(file, source);
    } catch (CompileException e) {
      throw new IllegalArgumentException("the model source does not parse: " + e.getMessage(), e);
    }
    Map<String, int[]> spans = new LinkedHashMap<>();
    for (Java.PackageMemberTypeDeclaration t : unit.getPackageMemberTypeDeclarations()) {
      if (t instanceof Java.AbstractClassDeclaration c && t.getName().equals(simple)) {
        for (Java.FieldDeclarationOrInitializer x : c.fieldDeclarationsAndInitializers) {
          if (x instanceof Java.FieldDeclaration fd && fd.isStatic() && fd.isFinal()) {
            for (Java.VariableDeclarator v : fd.variableDeclarators) {
              if (v.initializer != null) {
                int[] span = initializerSpan(source, offset(source, v.getLocation()), v.name);
                if (span != null) {
                  Java.Type type = fd.type;
                  int kind = v.brackets > 0 || !(type instanceof Java.PrimitiveType p) ? 3
                      : switch (p.primitive) {
                        case INT -> 0;
                        case DOUBLE -> 1;
                        case BOOLEAN -> 2;
                        default -> 3;
                      };
                  spans.put(v.name, new int[] {span[0], span[1], kind});
                }
              }
            }
          }
        }
      }
    }
    TreeMap<Integer, String[]> edits = new TreeMap<>();
    for (Map.Entry<String, ? extends Object> c : constants.entrySet()) {
      int[] span = spans.get(c.getKey());
      if (span == null) {
        throw new IllegalArgumentException("constant " + c.getKey() + " is not a static final field with an"
            + " initializer of " + simple + "; its constants: " + spans.keySet());
      }
      edits.put(span[0], new String[] {Integer.toString(span[1]), DsoModels.literal(c.getKey(), c.getValue(), span[2])});
    }
    StringBuilder out = new StringBuilder(source);
    for (Map.Entry<Integer, String[]> e : edits.descendingMap().entrySet()) {
      out.replace(e.getKey(), Integer.parseInt(e.getValue()[0]), e.getValue()[1]);
    }
    return out.toString();
  }

  /** The offset of a 1-based line and column. */
  private static int offset(String text, Location l) {
    int line = 1;
    int i = 0;
    while (line < l.getLineNumber() && i < text.length()) {
      if (text.charAt(i++) == '\n') {
        line++;
      }
    }
    return Math.min(text.length(), i + Math.max(0, l.getColumnNumber() - 1));
  }

  /**
   * [start, end) of the initializer of the declarator named {@code name} at or after {@code from}: after its
   * {@code =}, up to the {@code ;} or {@code ,} that ends it, without surrounding blanks.
   */
  private static int[] initializerSpan(String s, int from, String name) {
    int i = s.indexOf(name, from);
    if (i < 0) {
      return null;
    }
    i = s.indexOf('=', i + name.length());
    if (i < 0) {
      return null;
    }
    int start = i + 1;
    int depth = 0;
    int j = start;
    while (j < s.length()) {
      char ch = s.charAt(j);
      if (ch == '/' && j + 1 < s.length() && s.charAt(j + 1) == '/') {
        j = s.indexOf('\n', j);
        if (j < 0) {
          return null;
        }
        continue;
      }
      if (ch == '/' && j + 1 < s.length() && s.charAt(j + 1) == '*') {
        j = s.indexOf("*/", j + 2);
        if (j < 0) {
          return null;
        }
        j += 2;
        continue;
      }
      if (ch == '"' || ch == '\'') {
        j++;
        while (j < s.length() && s.charAt(j) != ch) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j++;
        continue;
      }
      if (ch == '(' || ch == '[' || ch == '{') {
        depth++;
      } else if (ch == ')' || ch == ']' || ch == '}') {
        depth--;
      } else if ((ch == ';' || ch == ',') && depth == 0) {
        break;
      }
      j++;
    }
    int end = j;
    while (start < end && Character.isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return new int[] {start, end};
  }
}
