package org.dsojava.processor.frontend;

import java.util.Map;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * What a method body may refer to besides its own locals: the model's θ fields, its compile-time
 * constants, the signatures of its methods, and the registered primitives and distributions.
 */
record Symbols(
    String modelName,
    Map<String, Model.ParamField> params,
    Map<String, Constant> constants,
    Map<String, Signature> methods,
    Map<String, PrimitiveFunction> primitives,
    Map<String, NoiseDistribution> distributions,
    /** Fields already reported as invalid (bad {@code @Param}, unsupported field or constant). */
    java.util.Set<String> rejectedFields,
    /** Methods whose signature is outside the subset: name → signature as written. */
    Map<String, String> untypedMethods) {

  /**
   * A {@code static final} constant: a double/int/boolean with its value, or a double[]/int[] with its
   * elements (written into the kernel as a {@code static final} array named {@link #arrayName}).
   */
  record Constant(Type type, double value, double[] elements) {
    Constant(Type type, double value) {
      this(type, value, null);
    }
  }

  /** The kernel field that holds the constant array {@code field}; '$' keeps it apart from model names. */
  static String arrayName(String field) {
    return field + "$const";
  }

  /** Parameter and return types of a model method, for typing calls before inlining. */
  record Signature(java.util.List<Type> parameterTypes, Type returnType) {}
}
