package org.dsojava.runtime.data;

/** The messages of a data set's out-of-range reads, shared by the implementations (cold paths). */
final class Access {
  private Access() {}

  static IndexOutOfBoundsException badN(DataSet d, int n) {
    return badN(d, "n = " + n, d.trajectories());
  }

  static IndexOutOfBoundsException badN(DataSet d, int n, int t) {
    return badN(d, "n = " + n + " (with t = " + t + ")", d.trajectories());
  }

  private static IndexOutOfBoundsException badN(DataSet d, String what, int count) {
    return new IndexOutOfBoundsException(d.source() + ": " + what + " is out of range: the data set has " + count
        + (count == 1 ? " trajectory (n = 0)" : " trajectories (n = 0.." + (count - 1) + ")"));
  }

  static IndexOutOfBoundsException badT(DataSet d, int n, int t) {
    int length = d.length(n);
    return new IndexOutOfBoundsException(d.source() + ": t = " + t + " is out of range: trajectory n = " + n
        + " has " + length + (length == 1 ? " record (t = 0)" : " records (t = 0.." + (length - 1) + ")"));
  }

  static IndexOutOfBoundsException badField(DataSet d, int field) {
    DataSchema s = d.schema();
    return new IndexOutOfBoundsException(d.source() + ": field handle " + field + " is out of range: the schema ("
        + s + ") has fields 0.." + (s.fieldCount() - 1));
  }

  static IndexOutOfBoundsException badElement(DataSet d, int field, int i) {
    DataSchema.Field f = d.schema().field(field);
    return new IndexOutOfBoundsException(d.source() + ": element " + i + " of field " + f.name()
        + " is out of range: its arity is " + f.arity() + " (elements 0.." + (f.arity() - 1) + ")");
  }

  static IndexOutOfBoundsException badOut(DataSet d, double[] out, int off, int count) {
    return new IndexOutOfBoundsException(d.source() + ": cannot copy " + count + " values to offset " + off
        + " of an array of length " + out.length);
  }
}
