package org.dsojava.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Models without a build: compiles a model's source text in the running JVM — the Java compiler and the
 * model compiler (the same annotation processor a build runs) in memory, no files written — and returns the
 * generated kernel and optimizer. Parts and helper classes resolve against the JVM's class path (a
 * {@code @Part} from a jar, as in a build). Errors are the build's, with the model source's line and column.
 *
 * <p>Structural constants can be given at compile time, {@code compile(source, Map.of("H", 128))}: each
 * names a {@code static final} int, double or boolean field of the model class whose initializer is
 * replaced, so a sweep over layer widths needs no edit of the source.
 *
 * <p>On a JVM without javac (a plain JRE, or a runtime image without {@code java.compiler}) the same calls
 * take the JRE path instead ({@link #compileWithoutJdk(String, Map)}): Janino's parser, a front end of its
 * own into the same IR, the same compiler core, and Janino as the Java compiler.
 */
public final class DsoModels {
  private DsoModels() {}

  /** Compiles the model in {@code source} (one compilation unit with one public top-level class). */
  public static CompiledModel compile(String source) {
    return compile(source, Map.of());
  }

  /** Compiles the model in {@code file}. */
  public static CompiledModel compile(Path file) throws IOException {
    return compile(Files.readString(file), Map.of());
  }

  /**
   * Compiles the model with the given values of its {@code static final} constants: through javac when the
   * JVM has it, else through the JRE front end and Janino ({@link #compileWithoutJdk(String, Map)}).
   */
  public static CompiledModel compile(String source, Map<String, ? extends Object> constants) {
    return hasJavac() ? JavacPath.compile(source, constants) : JrePath.compile(source, constants);
  }

  /**
   * Compiles the model without a JDK: the model source read by Janino's parser into the model compiler's IR,
   * the same compiler core as the build's (byte-identical sources), and the generated sources compiled by
   * Janino in memory. Works on a plain JRE ({@code java.base} and {@code java.logging}); errors carry the
   * model source's line and column with the build's message texts.
   */
  public static CompiledModel compileWithoutJdk(String source) {
    return JrePath.compile(source, Map.of());
  }

  /** {@link #compileWithoutJdk(String)} with the given values of the model's {@code static final} constants. */
  public static CompiledModel compileWithoutJdk(String source, Map<String, ? extends Object> constants) {
    return JrePath.compile(source, constants);
  }

  /** True when this JVM has javac (the {@code java.compiler} module and a system compiler), looked up reflectively. */
  static boolean hasJavac() {
    if (ModuleLayer.boot().findModule("java.compiler").isEmpty()) {
      return false;
    }
    try {
      Class<?> provider = Class.forName("javax.tools.ToolProvider");
      return provider.getMethod("getSystemJavaCompiler").invoke(null) != null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern PUBLIC_CLASS = Pattern.compile("public\\s+(?:final\\s+|abstract\\s+)*class\\s+(\\w+)");

  static String qualifiedName(String source) {
    Matcher p = PACKAGE.matcher(source);
    Matcher c = PUBLIC_CLASS.matcher(source);
    if (!c.find()) {
      throw new IllegalArgumentException("the model source has no public top-level class");
    }
    return p.find() ? p.group(1) + "." + c.group(1) : c.group(1);
  }

  static long kind(String type) {
    return switch (type) {
      case "int" -> 0;
      case "double" -> 1;
      case "boolean" -> 2;
      default -> 3;
    };
  }

  static String literal(String name, Object value, int kind) {
    switch (kind) {
      case 0:
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
          return Long.toString(((Number) value).longValue());
        }
        break;
      case 1:
        if (value instanceof Number n) {
          double d = n.doubleValue();
          if (Double.isFinite(d)) {
            return Double.toString(d);
          }
        }
        break;
      case 2:
        if (value instanceof Boolean b) {
          return b.toString();
        }
        break;
      default:
        throw new IllegalArgumentException("constant " + name + " is not an int, double or boolean");
    }
    throw new IllegalArgumentException("constant " + name + " = " + value + " does not fit its type ("
        + (kind == 0 ? "int" : kind == 1 ? "double" : "boolean") + ")");
  }

}
