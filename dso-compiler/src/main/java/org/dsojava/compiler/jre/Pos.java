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
