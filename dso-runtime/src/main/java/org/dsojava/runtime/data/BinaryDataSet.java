package org.dsojava.runtime.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A data set read in place from a binary file (format: {@link DataSets#writeBinary}), for sets larger
 * than the heap. The records are memory-mapped, not copied: opening reads only the header and the
 * index (8 bytes per trajectory), and the operating system pages records in as they are read and
 * evicts them under memory pressure. A file over 2 GiB is mapped in several pieces of at most 1 GiB,
 * each holding whole records.
 *
 * <p>Reads are absolute and allocation-free, so any number of threads may read at once.
 * {@link #close()} makes further reads fail; Java 17 cannot unmap a file explicitly, so the mapping
 * itself goes when the garbage collector frees its buffers. Close only once no thread is reading.
 */
public final class BinaryDataSet implements DataSet, AutoCloseable {
  static final int MAX_CHUNK_BYTES = 1 << 30;

  private final Path file;
  private final String source;
  private final DataSchema schema;
  private final long[] start;
  private final long total;
  private final DoubleBuffer[] chunks;
  private final int shift;
  private final long mask;
  private final int width;
  private final int[] arity;
  private final int[] offset;
  private volatile boolean closed;

  private BinaryDataSet(Path file, BinaryFormat.Layout layout, DoubleBuffer[] chunks, int shift) {
    this.file = file;
    this.source = file.toString();
    this.schema = layout.schema();
    this.start = layout.start();
    this.total = layout.records();
    this.chunks = chunks;
    this.shift = shift;
    this.mask = (1L << shift) - 1;
    this.width = schema.width();
    this.arity = new int[schema.fieldCount()];
    this.offset = new int[schema.fieldCount()];
    for (int k = 0; k < arity.length; k++) {
      arity[k] = schema.arity(k);
      offset[k] = schema.offset(k);
    }
  }

  /**
   * Opens {@code file}, mapping pieces of at most {@code maxChunkBytes} bytes (tests use small pieces
   * to exercise the multi-mapping path).
   */
  static BinaryDataSet open(Path file, DataSchema expected, int maxChunkBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      BinaryFormat.Layout layout = BinaryFormat.read(file, ch, expected);
      long recordBytes = 8L * layout.schema().width();
      int shift = 63 - Long.numberOfLeadingZeros(Math.max(1, maxChunkBytes / recordBytes));
      long perChunk = 1L << shift;
      long records = layout.records();
      DoubleBuffer[] chunks = new DoubleBuffer[(int) ((records + perChunk - 1) >>> shift)];
      for (int c = 0; c < chunks.length; c++) {
        long first = (long) c << shift;
        long count = Math.min(perChunk, records - first);
        chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, layout.dataOffset() + first * recordBytes,
            count * recordBytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
      }
      return new BinaryDataSet(file, layout, chunks, shift);
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** Number of separate mappings the records are read through (1 below 1 GiB). */
  public int mappings() {
    return chunks.length;
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
    return start.length - 1;
  }

  @Override
  public int length(int n) {
    if (n < 0 || n >= start.length - 1) {
      throw Access.badN(this, n);
    }
    return (int) (start[n + 1] - start[n]);
  }

  @Override
  public long totalRecords() {
    return total;
  }

  @Override
  public void read(int n, int t, int field, double[] out, int off) {
    long r = record(n, t);
    if (field < 0 || field >= arity.length) {
      throw Access.badField(this, field);
    }
    int k = arity[field];
    if (off < 0 || off > out.length - k) {
      throw Access.badOut(this, out, off, k);
    }
    chunks[(int) (r >>> shift)].get((int) (r & mask) * width + offset[field], out, off, k);
  }

  @Override
  public double get(int n, int t, int field, int i) {
    long r = record(n, t);
    if (field < 0 || field >= arity.length) {
      throw Access.badField(this, field);
    }
    if (i < 0 || i >= arity[field]) {
      throw Access.badElement(this, field, i);
    }
    return chunks[(int) (r >>> shift)].get((int) (r & mask) * width + offset[field] + i);
  }

  @Override
  public void readRecord(int n, int t, double[] out, int off) {
    long r = record(n, t);
    if (off < 0 || off > out.length - width) {
      throw Access.badOut(this, out, off, width);
    }
    chunks[(int) (r >>> shift)].get((int) (r & mask) * width, out, off, width);
  }

  private long record(int n, int t) {
    if (closed) {
      throw new IllegalStateException(source + ": the data set is closed");
    }
    if (n < 0 || n >= start.length - 1) {
      throw Access.badN(this, n, t);
    }
    long first = start[n];
    if (t < 0 || t >= start[n + 1] - first) {
      throw Access.badT(this, n, t);
    }
    return first + t;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return source + ": " + trajectories() + " trajectories, " + total + " records of " + schema + " (mapped)";
  }
}
