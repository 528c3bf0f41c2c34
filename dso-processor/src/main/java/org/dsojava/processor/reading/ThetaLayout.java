package org.dsojava.processor.reading;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Model;

/**
 * The layout of θ: every {@code @Param} field of the model and of the parts it holds, checked and given its
 * offset in declaration order (a superclass's fields first, a part's at the field that holds it), as both
 * front ends must lay it out for the generated kernels to agree.
 */
public final class ThetaLayout {
  /**
   * A {@code @Param} field as its front end read it: where to report on it, its name, modifiers, its
   * initializer as written (null when none), its declared type (array, double[], double, as written) and the
   * annotation's length, value and initStd.
   */
  public record Declaration(Object where, String name, boolean isStatic, boolean isFinal, String initializer,
      boolean arrayType, boolean doubleArray, boolean isDouble, String typeText, int length, double value,
      double initStd) {}

  private final List<Model.ParamField> params = new ArrayList<>();
  private int offset;

  /** The θ fields laid out so far, in θ order. */
  public List<Model.ParamField> params() {
    return params;
  }

  /**
   * Checks a {@code @Param} field of the model ({@code model}) or of the part at {@code path} and lays it out;
   * {@code instance} has the length and initial values a part's constructor gave it. Null (and reported) when
   * it is rejected.
   */
  public Model.ParamField add(Diagnostics diagnostics, Declaration p, String path, boolean model,
      Instance<?> instance) {
    String fname = p.name();
    Object at = p.where();
    if (p.isStatic()) {
      diagnostics.error(Message.PARAM_STATIC, at, fname);
      return null;
    }
    if (p.isFinal()) {
      diagnostics.error(Message.PARAM_FINAL, at, fname);
      return null;
    }
    if (p.initializer() != null && model) {
      diagnostics.error(Message.PARAM_INITIALIZER, at, fname, p.arrayType()
          ? "length = " + Math.max(1, p.length()) + ", value = v) (every entry starts at v; initStd adds noise"
          : "value = " + p.initializer() + ")");
      return null;
    }
    boolean array = p.doubleArray();
    if (!array && !p.isDouble()) {
      diagnostics.error(Message.PARAM_TYPE, at, fname, p.typeText());
      return null;
    }
    int length = 1;
    if (array) {
      Integer built = instance.paramLengths().get(fname);
      length = built != null ? built : p.length();
      if (built != null && p.length() > 0 && p.length() != built) {
        diagnostics.error(Message.PART_CONSTRUCTOR, at, path, "@Param(length = " + p.length() + ") " + fname
            + " is given " + built + " entries by the constructor; keep one of the two");
        return null;
      }
      if (length < 1) {
        diagnostics.error(Message.PARAM_LENGTH, at, fname);
        return null;
      }
    } else if (p.length() > 1) {
      diagnostics.error(Message.PARAM_SCALAR_LENGTH, at, fname, p.length());
      return null;
    }
    double[] init = instance.paramInits().get(fname);
    double value = init != null ? init[0] : p.value();
    double initStd = init != null && !Double.isNaN(init[1]) ? init[1] : p.initStd();
    String qualified = path.isEmpty() ? fname : path + "." + fname;
    Model.ParamField pf = new Model.ParamField(qualified, array, length, offset, value, initStd);
    params.add(pf);
    offset += length;
    return pf;
  }

  /**
   * Reports an instance field that is neither θ, nor a part given its instance, nor a final size: a field of
   * a class type ({@code declaredType}, null otherwise; Noise excepted) is a part never given.
   */
  public static void reportUnassigned(Diagnostics diagnostics, Object where, String fname, String declaredType,
      boolean model) {
    if (declaredType != null && !declaredType.equals("org.dsojava.annotations.Noise")) {
      String simple = declaredType.substring(declaredType.lastIndexOf('.') + 1);
      diagnostics.error(Message.PART_CONSTRUCTOR, where, simple, "field " + fname + " is never given its part; write "
          + fname + " = new " + simple + "(...) where it is declared" + (model ? "" : " or in the constructor"));
    } else {
      diagnostics.error(Message.FIELD_NOT_SUPPORTED, where, fname);
    }
  }
}
