package org.dsojava.processor.ir;

/** The types of the supported subset. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]"),
  INT_ARRAY("int[]"),
  VOID("void"),
  /** The {@code Noise} parameter of transition and initial-state methods. */
  NOISE("org.dsojava.annotations.Noise");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  public boolean isArray() {
    return this == DOUBLE_ARRAY || this == INT_ARRAY;
  }

  public boolean isNumeric() {
    return this == DOUBLE || this == INT;
  }

  /** The element type of an array type. */
  public Type element() {
    switch (this) {
      case DOUBLE_ARRAY:
        return DOUBLE;
      case INT_ARRAY:
        return INT;
      default:
        throw new IllegalStateException(this + " is not an array type");
    }
  }
}
