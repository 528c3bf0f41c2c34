package org.dsojava.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loading {@link DataSet}s. Every loader checks the whole input before it
 * returns: a data set is either all there or an exception says exactly what is wrong and where. The formats and the messages are
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
   * Reads a whole CSV file into memory. The data set's {@link DataSet#source() source} is the path.
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
}
