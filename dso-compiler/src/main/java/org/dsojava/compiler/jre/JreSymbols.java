package org.dsojava.compiler.jre;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * What a method body may refer to besides its locals (the javac front end's {@code Symbols}): the θ fields,
 * constants and method signatures of its class (the model, a part instance, a class of static helpers), the
 * parts it holds, other classes, and the registered primitives and distributions.
 */
record JreSymbols(
    String modelName,
    /** Prefix of the IR names of this class's methods ({@code ""}, {@code policy.}, {@code pkg.C::}). */
    String prefix,
    Map<String, Model.ParamField> params,
    Map<String, Constant> constants,
    Map<String, Signature> methods,
    Map<String, PrimitiveFunction> primitives,
    Map<String, NoiseDistribution> distributions,
    Set<String> rejectedFields,
    Map<String, String> untypedMethods,
    Map<String, JreSymbols> parts,
    Function<String, JreSymbols> classes) {

  String key(String name) {
    return prefix + name;
  }

  /** A {@code static final} constant: a scalar with its value or an array with its elements. */
  record Constant(Type type, double value, double[] elements, String arrayName) {
    Constant(Type type, double value) {
      this(type, value, null, null);
    }
  }

  /** The kernel field holding constant array {@code field} of a class ({@code Dense_W$const}). */
  static String arrayName(String owner, String field) {
    return (owner.isEmpty() ? "" : owner + "_") + field + "$const";
  }

  record Signature(List<Type> parameterTypes, Type returnType) {}
}
