package javax.lang.model;

import java.util.Set;

/**
 * Stand-in for {@code java.compiler}'s {@code SourceVersion}, loaded only on a JVM without that module:
 * JavaPoet checks names with {@link #isName} and {@link #isIdentifier}, which behave here as JDK 17's do.
 */
public final class SourceVersion {
  private SourceVersion() {}

  private static final Set<String> KEYWORDS = Set.of("abstract", "continue", "for", "new", "switch", "assert",
      "default", "if", "package", "synchronized", "boolean", "do", "goto", "private", "this", "break", "double",
      "implements", "protected", "throw", "byte", "else", "import", "public", "throws", "case", "enum",
      "instanceof", "return", "transient", "catch", "extends", "int", "short", "try", "char", "final",
      "interface", "static", "void", "class", "finally", "long", "strictfp", "volatile", "const", "float",
      "native", "super", "while", "_", "true", "false", "null");

  /** Whether {@code name} is a syntactically valid identifier (keywords included). */
  public static boolean isIdentifier(CharSequence name) {
    String id = name.toString();
    if (id.isEmpty()) {
      return false;
    }
    int cp = id.codePointAt(0);
    if (!Character.isJavaIdentifierStart(cp)) {
      return false;
    }
    for (int i = Character.charCount(cp); i < id.length(); i += Character.charCount(cp)) {
      cp = id.codePointAt(i);
      if (!Character.isJavaIdentifierPart(cp)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is a keyword or a literal of the latest source version. */
  public static boolean isKeyword(CharSequence s) {
    return KEYWORDS.contains(s.toString());
  }

  /** Whether {@code name} is a qualified name: dot-separated identifiers, none a keyword. */
  public static boolean isName(CharSequence name) {
    String id = name.toString();
    for (String s : id.split("\\.", -1)) {
      if (!isIdentifier(s) || isKeyword(s)) {
        return false;
      }
    }
    return true;
  }
}
