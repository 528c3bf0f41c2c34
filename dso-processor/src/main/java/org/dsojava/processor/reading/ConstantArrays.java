package org.dsojava.processor.reading;

import java.util.Map;
import org.dsojava.processor.ir.Model;

/**
 * The kernel's {@code static final} arrays for the constant arrays of the model and of the classes it
 * reaches: each class's arrays carry a name of their own ({@code Dense_W$const}; {@code Dense2_...} when two
 * classes share a simple name), the same in both front ends so the generated sources agree.
 */
public final class ConstantArrays {
  private ConstantArrays() {}

  /**
   * The name class {@code qn} (simple name {@code simple}) gives its arrays, chosen once per class among
   * {@code owners}: empty for the model, else the simple name made unique.
   */
  public static String owner(Map<String, String> owners, String qn, String simple, boolean model) {
    return owners.computeIfAbsent(qn, k -> {
      if (model) {
        return "";
      }
      String candidate = simple;
      for (int i = 2; owners.containsValue(candidate); i++) {
        candidate = simple + i;
      }
      return candidate;
    });
  }

  /**
   * Records the evaluated constant {@code k} of field {@code fname} of a class ({@code simple}, arrays named
   * after {@code owner}): among the class's {@code constants}, and among the kernel's {@code arrays} when it is
   * an array.
   */
  public static void put(Map<String, Symbols.Constant> constants, Map<String, Model.ConstantArray> arrays,
      String owner, String simple, String fname, String arrayName, Symbols.Constant k) {
    constants.put(fname, k);
    if (k.type().isArray()) {
      arrays.put(arrayName, new Model.ConstantArray(owner.isEmpty() ? fname : simple + "." + fname, k.type(),
          k.elements()));
    }
  }
}
