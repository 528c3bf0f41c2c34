package org.dsojava.runtime.data;

import java.util.Arrays;

/** A data set on the heap: one array per trajectory, records back to back. */
final class MemoryDataSet implements DataSet {
  static final String IN_MEMORY = "in-memory data set";

  private final DataSchema schema;
  private final String source;
  private final double[][] rows;
  private final int[] lengths;
  private final long total;
  private final int width;
  private final int[] arity;
  private final int[] offset;

  private MemoryDataSet(DataSchema schema, String source, double[][] rows, int[] lengths, long total) {
    this.schema = schema;
    this.source = source;
    this.rows = rows;
    this.lengths = lengths;
    this.total = total;
    this.width = schema.width();
    this.arity = new int[schema.fieldCount()];
    this.offset = new int[schema.fieldCount()];
    for (int k = 0; k < arity.length; k++) {
      arity[k] = schema.arity(k);
      offset[k] = schema.offset(k);
    }
  }

  @Override
  public DataSchema schema() {
    return schema;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public int trajectories() {
    return rows.length;
  }

  @Override
  public int length(int n) {
    if (n < 0 || n >= rows.length) {
      throw Access.badN(this, n);
    }
    return lengths[n];
  }

  @Override
  public long totalRecords() {
    return total;
  }

  @Override
  public void read(int n, int t, int field, double[] out, int off) {
    int base = base(n, t);
    if (field < 0 || field >= arity.length) {
      throw Access.badField(this, field);
    }
    int k = arity[field];
    if (off < 0 || off > out.length - k) {
      throw Access.badOut(this, out, off, k);
    }
    System.arraycopy(rows[n], base + offset[field], out, off, k);
  }

  @Override
  public double get(int n, int t, int field, int i) {
    int base = base(n, t);
    if (field < 0 || field >= arity.length) {
      throw Access.badField(this, field);
    }
    if (i < 0 || i >= arity[field]) {
      throw Access.badElement(this, field, i);
    }
    return rows[n][base + offset[field] + i];
  }

  @Override
  public void readRecord(int n, int t, double[] out, int off) {
    int base = base(n, t);
    if (off < 0 || off > out.length - width) {
      throw Access.badOut(this, out, off, width);
    }
    System.arraycopy(rows[n], base, out, off, width);
  }

  private int base(int n, int t) {
    if (n < 0 || n >= rows.length) {
      throw Access.badN(this, n, t);
    }
    if (t < 0 || t >= lengths[n]) {
      throw Access.badT(this, n, t);
    }
    return t * width;
  }

  @Override
  public String toString() {
    return source + ": " + rows.length + " trajectories, " + total + " records of " + schema;
  }

  /** Accumulates trajectories whose order the caller has checked. */
  static final class Growing {
    /** The longest Java array HotSpot allocates reliably. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final DataSchema schema;
    private final int width;
    private double[][] rows = new double[8][];
    private int[] lengths = new int[8];
    private int count;
    private double[] current;
    private int used;
    private long total;

    Growing(DataSchema schema) {
      this.schema = schema;
      this.width = schema.width();
    }

    void beginTrajectory() {
      close();
      if (count == rows.length) {
        rows = Arrays.copyOf(rows, 2 * count);
        lengths = Arrays.copyOf(lengths, 2 * count);
      }
      current = new double[Math.max(width, Math.min(MAX_ARRAY / width * width, 64 * width))];
      used = 0;
      count++;
    }

    void append(double[] values, int from) {
      if (current.length - used < width) {
        long want = Math.min(2L * current.length, (long) MAX_ARRAY / width * width);
        if (want - used < width) {
          throw new IllegalArgumentException("trajectory n = " + (count - 1) + " has more than "
              + MAX_ARRAY / width + " records, too many for an in-memory data set; use DataSets.convertCsv "
              + "or DataSets.writeBinary and DataSets.openBinary");
        }
        current = Arrays.copyOf(current, (int) want);
      }
      System.arraycopy(values, from, current, used, width);
      used += width;
      total++;
    }

    private void close() {
      if (count > 0) {
        rows[count - 1] = current.length == used ? current : Arrays.copyOf(current, used);
        lengths[count - 1] = used / width;
        current = null;
      }
    }

    MemoryDataSet finish(String source) {
      close();
      return new MemoryDataSet(schema, source, Arrays.copyOf(rows, count), Arrays.copyOf(lengths, count), total);
    }
  }
}
