package org.dsojava.runtime.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layout of one record of a {@link DataSet}: named numeric fields, each a fixed number of doubles
 * (for the paper's 𝒟 = {x̄ₜⁿ, āₜⁿ, ȳₜⁿ} of section 5.1, e.g. x of arity 4, a of 1, y of 2). A record is
 * the fields' values concatenated in schema order, {@link #width()} doubles in all; its keys n
 * (trajectory) and t (time step) are not fields, so those two names are reserved.
 *
 * <p>Names are Java identifiers so that a field reads the same in a model's source, a CSV header
 * ({@code x[0]}…) and an error message. Immutable.
 */
public final class DataSchema {
  /** Upper bound on {@link #width()}: 2²⁴ doubles (128 MiB) per record, so a record fits a mapping chunk. */
  public static final int MAX_WIDTH = 1 << 24;

  /**
   * One named field of {@code arity} doubles.
   *
   * @param name a Java identifier other than {@code n} and {@code t}
   * @param arity number of doubles, 1 ≤ arity ≤ {@link #MAX_WIDTH}
   */
  public record Field(String name, int arity) {
    public Field {
      checkName(name);
      if (arity < 1 || arity > MAX_WIDTH) {
        throw new IllegalArgumentException("field " + name + ": arity " + arity + " is not in 1.." + MAX_WIDTH);
      }
    }

    /** {@code x[4]}: the name and the arity. */
    @Override
    public String toString() {
      return name + "[" + arity + "]";
    }
  }

  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
      "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
      "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
      "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
      "while", "true", "false", "null", "_");

  private final Field[] fields;
  private final int[] offsets;
  private final int width;
  private final Map<String, Integer> index;

  private DataSchema(Field[] fields) {
    if (fields.length == 0) {
      throw new IllegalArgumentException("a schema needs at least one field");
    }
    this.fields = fields;
    this.offsets = new int[fields.length];
    this.index = new HashMap<>();
    long w = 0;
    for (int k = 0; k < fields.length; k++) {
      Field f = fields[k];
      if (f == null) {
        throw new IllegalArgumentException("field " + k + " is null");
      }
      Integer prev = index.putIfAbsent(f.name(), k);
      if (prev != null) {
        throw new IllegalArgumentException("duplicate field name \"" + f.name() + "\" (fields " + prev + " and " + k + ")");
      }
      offsets[k] = (int) w;
      w += f.arity();
      if (w > MAX_WIDTH) {
        throw new IllegalArgumentException("the fields " + Arrays.toString(fields) + " add up to more than "
            + MAX_WIDTH + " values per record");
      }
    }
    this.width = (int) w;
  }

  /** A field {@code name} of {@code arity} doubles; see {@link Field}. */
  public static Field field(String name, int arity) {
    return new Field(name, arity);
  }

  /**
   * The schema with these fields in this order (the order of values within a record).
   *
   * @throws IllegalArgumentException if there are no fields or two share a name
   */
  public static DataSchema of(Field... fields) {
    return new DataSchema(fields.clone());
  }

  /** {@link #of(Field...)} from a list. */
  public static DataSchema of(List<Field> fields) {
    return new DataSchema(fields.toArray(new Field[0]));
  }

  /** Number of fields. */
  public int fieldCount() {
    return fields.length;
  }

  /** The fields in record order. */
  public List<Field> fields() {
    return List.of(fields);
  }

  /** Field {@code k}, counting from 0 in record order. */
  public Field field(int k) {
    return fields[k];
  }

  /** The index of the field called {@code name} (its handle in {@link DataSet}), or −1. */
  public int indexOf(String name) {
    Integer k = index.get(name);
    return k == null ? -1 : k;
  }

  /** The arity of field {@code k}. */
  public int arity(int k) {
    return fields[k].arity();
  }

  /** Where field {@code k}'s first value sits in a record. */
  public int offset(int k) {
    return offsets[k];
  }

  /** Values per record: the sum of the arities. */
  public int width() {
    return width;
  }

  /** {@code x[4], a[1], y[2]}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Field f : fields) {
      b.append(b.length() == 0 ? "" : ", ").append(f);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSchema s && Arrays.equals(fields, s.fields);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields);
  }

  static void checkName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("field name is null");
    }
    if (name.equals("n") || name.equals("t")) {
      throw new IllegalArgumentException("field name \"" + name
          + "\" is reserved: every record has the integer keys n (trajectory) and t (time step)");
    }
    if (!isIdentifier(name)) {
      throw new IllegalArgumentException("field name \"" + name + "\" is not a Java identifier");
    }
  }

  /** A Java identifier, without the control characters Java would ignore in one (they have no place in a CSV header). */
  static boolean isIdentifier(String s) {
    if (s.isEmpty() || KEYWORDS.contains(s) || !Character.isJavaIdentifierStart(s.codePointAt(0))) {
      return false;
    }
    for (int i = Character.charCount(s.codePointAt(0)); i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      int c = s.codePointAt(i);
      if (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
        return false;
      }
    }
    return true;
  }
}
