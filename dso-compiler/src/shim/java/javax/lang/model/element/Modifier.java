package javax.lang.model.element;

/**
 * Stand-in for {@code java.compiler}'s {@code Modifier}, used only on a JVM without that module (a plain
 * JRE): JavaPoet, which writes the generated kernels, names modifiers with this enum. Same constants in the
 * same order and the same spelling as JDK 17's, so the sources written are the same. On a JDK the
 * module's own class is loaded and this one never is (its package belongs to {@code java.compiler}).
 */
public enum Modifier {
  PUBLIC, PROTECTED, PRIVATE, ABSTRACT, DEFAULT, STATIC, SEALED, NON_SEALED, FINAL, TRANSIENT, VOLATILE,
  SYNCHRONIZED, NATIVE, STRICTFP;

  /** The modifier as written in source: lower case, {@code non-sealed} with a hyphen. */
  @Override
  public String toString() {
    return this == NON_SEALED ? "non-sealed" : name().toLowerCase(java.util.Locale.US);
  }
}
