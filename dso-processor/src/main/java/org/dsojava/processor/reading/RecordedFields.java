package org.dsojava.processor.reading;

import java.util.HashMap;
import java.util.Map;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Type;

/**
 * Checks of {@code @Recorded} parameters (recorded data a data cost reads), with the arity each record field
 * was first read with: a field has one arity throughout the model. One per model read.
 */
public final class RecordedFields {
  /** Arity of each recorded field, as the first {@code @Recorded} read of it declared it. */
  private final Map<String, Integer> recordArity = new HashMap<>();

  /** Forgets the arities of the previous model. */
  public void clear() {
    recordArity.clear();
  }

  /** A {@code @Recorded} parameter must be a double[] of a role method other than the bottleneck. */
  public boolean placeOk(Diagnostics diagnostics, Object where, String pname, Type t, String roleName, String method) {
    if (t != Type.DOUBLE_ARRAY || roleName == null || roleName.equals("Bottleneck")) {
      diagnostics.error(Message.RECORDED_PLACE, where, pname, method);
      return false;
    }
    return true;
  }

  /**
   * The recorded parameter checked: {@code field} ({@code identifier} says whether it is a Java identifier and
   * no keyword), its length and how far ahead it reads. Null (and reported) otherwise.
   */
  public Model.Recorded recorded(Diagnostics diagnostics, Object where, String pname, String field,
      boolean identifier, int length, int ahead) {
    if (!identifier || field.equals("n") || field.equals("t") || field.contains("$")) {
      diagnostics.error(Message.RECORDED_FIELD, where, field, pname, "a field name is a Java identifier other than n and t"
          + " (the record keys), without '$'");
      return null;
    }
    if (length < 1 || ahead < 0) {
      diagnostics.error(Message.RECORDED_FIELD, where, field, pname, length < 1 ? "length must be at least 1"
          : "ahead must be 0 or more (records after t)");
      return null;
    }
    Integer known = recordArity.putIfAbsent(field, length);
    if (known != null && known != length) {
      diagnostics.error(Message.RECORDED_FIELD, where, field, pname, "it is read elsewhere with length = " + known
          + "; a field has one arity");
      return null;
    }
    return new Model.Recorded(field, length, ahead);
  }
}
