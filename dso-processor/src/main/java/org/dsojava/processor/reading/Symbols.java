package org.dsojava.processor.reading;

import java.util.Map;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * What a method body may refer to besides its own locals: the θ fields, compile-time constants and
 * method signatures of the class it is in (the model, a part instance, or a class of static helpers),
 * the parts that class holds, other classes whose static methods it may call, and the registered
 * primitives and distributions. Shared by the javac and the JRE front ends (no javac types), so both read
 * bodies against the same scope.
 */
public record Symbols(
    /** The simple name of the class ({@code Model.f()}, {@code Model.C} name its own members). */
    String modelName,
    /**
     * Prefix of the IR names of this class's methods: empty for the model, the part's path and a dot for
     * a part instance ({@code policy.}), the qualified class name and {@code ::} for static helpers.
     */
    String prefix,
    /** θ fields by the name the body uses; {@link Model.ParamField#name()} is the name in θ ({@code policy.w}). */
    Map<String, Model.ParamField> params,
    Map<String, Constant> constants,
    Map<String, Signature> methods,
    Map<String, PrimitiveFunction> primitives,
    Map<String, NoiseDistribution> distributions,
    /** Fields already reported as invalid (bad {@code @Param}, unsupported field or constant). */
    java.util.Set<String> rejectedFields,
    /** Methods whose signature is outside the subset: name → signature as written. */
    Map<String, String> untypedMethods,
    /** Part instances held by this class's fields, by field name. */
    Map<String, Symbols> parts,
    /** Other classes by the name a body writes ({@code Physics}, {@code org.acme.Physics}); null if none. */
    java.util.function.Function<String, Symbols> classes) {

  /** The IR name of this class's method {@code name}. */
  public String key(String name) {
    return prefix + name;
  }

  /**
   * A {@code static final} constant: a double/int/boolean with its value, or a double[]/int[] with its
   * elements (written into the kernel as a {@code static final} array named {@link #arrayName}).
   */
  public record Constant(Type type, double value, double[] elements, String arrayName) {
    public Constant(Type type, double value) {
      this(type, value, null, null);
    }
  }

  /**
   * The kernel field that holds the constant array {@code field} of a class: '$' keeps it apart from
   * model names; a part's arrays carry their class's name ({@code Dense_W$const}).
   */
  public static String arrayName(String owner, String field) {
    return (owner.isEmpty() ? "" : owner + "_") + field + "$const";
  }

  /** Parameter and return types of a model method, for typing calls before inlining. */
  public record Signature(java.util.List<Type> parameterTypes, Type returnType) {}
}
