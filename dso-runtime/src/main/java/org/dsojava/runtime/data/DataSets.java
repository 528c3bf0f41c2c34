package org.dsojava.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loading, converting and writing {@link DataSet}s. Every loader checks the whole input before it
 * returns, and a writer moves its output into place only once it is complete: a data set is either
 * all there or an exception says exactly what is wrong and where. The formats and the messages are
 * described in {@code docs/DATA.md}.
 *
 * <h2>CSV</h2>
 *
 * UTF-8, comma-separated, one record per line (LF or CRLF). The first line is the header: the columns
 * {@code n} and {@code t} and, for a field {@code x} of arity k, {@code x[0]}…{@code x[k-1]} (a field
 * of arity 1 may be written {@code a} or {@code a[0]}), in any order. Each following line is one
 * record: n and t are integers ≥ 0, the values finite decimal numbers ({@code 1}, {@code -0.5},
 * {@code 1e-300}; not NaN, infinities, hexadecimal or Java suffixes). Trajectories come in order
 * n = 0, 1, 2, …, each on consecutive lines, with t = 0, 1, 2, … within one; their lengths may differ.
 * Cells are trimmed of spaces and tabs; a cell may be quoted with double quotes as in RFC 4180
 * ({@code ""} for a quote), but a quoted cell cannot span lines. Empty lines are allowed at the end of
 * the file only. Parsing is exact: each value is the double nearest its decimal text.
 */
public final class DataSets {
  private DataSets() {}

  /** What a CSV loader does with a header column that is not n, t or a schema field's. */
  public enum ExtraColumns {
    /** Such a column is an error naming it (the default: a misspelt field name would otherwise go unnoticed). */
    REJECT,
    /** Such columns are skipped without reading their cells (they still count for the cells per row). */
    IGNORE
  }

  /** {@link #readCsv(Path, DataSchema, ExtraColumns)} rejecting extra columns. */
  public static DataSet readCsv(Path csv, DataSchema schema) throws IOException {
    return readCsv(csv, schema, ExtraColumns.REJECT);
  }

  /**
   * Reads a whole CSV file into memory (for files that fit the heap; see {@link #convertCsv} for the
   * others). The data set's {@link DataSet#source() source} is the path.
   *
   * @throws DataFormatException at the first defect, naming the file, the line and the column
   * @throws IOException if the file cannot be read
   */
  public static DataSet readCsv(Path csv, DataSchema schema, ExtraColumns extra) throws IOException {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(extra, "extra");
    MemoryDataSet.Growing growing = new MemoryDataSet.Growing(schema);
    double[] record = new double[schema.width()];
    try (CsvReader in = CsvReader.open(csv, schema, extra)) {
      while (in.next(record)) {
        if (in.started()) {
          growing.beginTrajectory();
        }
        growing.append(record, 0);
      }
    }
    return growing.finish(csv.toString());
  }

  /** {@link #convertCsv(Path, DataSchema, Path, ExtraColumns)} rejecting extra columns. */
  public static void convertCsv(Path csv, DataSchema schema, Path binary) throws IOException {
    convertCsv(csv, schema, binary, ExtraColumns.REJECT);
  }

  /**
   * Converts a CSV file to the binary form {@link #openBinary} maps, streaming: memory use is one
   * line of the CSV, a 64 KiB buffer and 8 bytes per trajectory, whatever the file's size. The output
   * goes to a temporary file in {@code binary}'s directory, which is moved onto {@code binary}
   * (replacing it) only once the whole CSV has been read without a defect; on any error the temporary
   * file is deleted and {@code binary} is left as it was.
   *
   * @throws DataFormatException at the first defect of the CSV, as {@link #readCsv} reports it
   */
  public static void convertCsv(Path csv, DataSchema schema, Path binary, ExtraColumns extra) throws IOException {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(extra, "extra");
    double[] record = new double[schema.width()];
    try (CsvReader in = CsvReader.open(csv, schema, extra); BinaryWriter out = BinaryWriter.create(binary, schema)) {
      while (in.next(record)) {
        if (in.started()) {
          out.beginTrajectory();
        }
        out.append(record);
      }
      out.commit();
    }
  }

  /**
   * Writes {@code data} in binary form, atomically as {@link #convertCsv} does. The format (all
   * little-endian): the magic {@code "DSO-DATA"}, version 1, the field count, N, R, the byte offsets
   * of the records and of the index, the schema (arity, name length and UTF-8 name per field), zero
   * padding to a multiple of 8, the R records as float64 (fields in schema order), then the index of
   * N + 1 int64: the first record of each trajectory, and R. Values are stored bit for bit.
   */
  public static void writeBinary(DataSet data, Path binary) throws IOException {
    double[] record = new double[data.schema().width()];
    try (BinaryWriter out = BinaryWriter.create(binary, data.schema())) {
      for (int n = 0; n < data.trajectories(); n++) {
        out.beginTrajectory();
        for (int t = 0, len = data.length(n); t < len; t++) {
          data.readRecord(n, t, record, 0);
          out.append(record);
        }
      }
      out.commit();
    }
  }

  /** {@link #openBinary(Path, DataSchema)} accepting whatever schema the file has. */
  public static BinaryDataSet openBinary(Path binary) throws IOException {
    return BinaryDataSet.open(binary, null, BinaryDataSet.MAX_CHUNK_BYTES);
  }

  /**
   * Maps a binary data set file without reading its records into the heap (see {@link BinaryDataSet}).
   * The header and the index are checked in full — magic, version, schema, counts, offsets, the
   * file's exact length — but the records are not read, so a value corrupted in place goes unnoticed.
   *
   * @param expected the schema the caller's code was written for; the file's must be the same (names,
   *     arities, order), else the error names the missing, extra or differing field
   * @throws DataFormatException for a corrupt, truncated or mismatched file, naming the byte offset
   */
  public static BinaryDataSet openBinary(Path binary, DataSchema expected) throws IOException {
    return BinaryDataSet.open(binary, Objects.requireNonNull(expected, "expected"), BinaryDataSet.MAX_CHUNK_BYTES);
  }
}
