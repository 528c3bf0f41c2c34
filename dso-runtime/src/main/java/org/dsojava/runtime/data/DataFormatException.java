package org.dsojava.runtime.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that cannot be read as the data set it claims to be: a CSV defect (located by line and
 * column) or a corrupt, truncated or mismatched binary file (located by byte offset). An
 * {@link IOException}, so one {@code catch} covers a file that cannot be opened and one that cannot be
 * understood; the loaders in {@link DataSets} throw it before returning anything, so a data set is
 * either complete or not there.
 *
 * <p>The message is {@code <file>, line <L>, column <C> (<name>): <reason>} for CSV (the column part
 * only when one column is to blame) and {@code <file>, byte offset <O>: <reason>} for binary files.
 */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final int column;
  private final String columnName;
  private final long byteOffset;
  private final String reason;

  private DataFormatException(Path file, long line, int column, String columnName, long byteOffset,
      String reason, String message) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
    this.columnName = columnName;
    this.byteOffset = byteOffset;
    this.reason = reason;
  }

  static DataFormatException csv(Path file, long line, int column, String columnName, String reason) {
    StringBuilder m = new StringBuilder().append(file).append(", line ").append(line);
    if (column > 0) {
      m.append(", column ").append(column);
      if (columnName != null && !columnName.isEmpty()) {
        m.append(" (").append(columnName).append(')');
      }
    }
    m.append(": ").append(reason);
    return new DataFormatException(file, line, column, columnName, -1, reason, m.toString());
  }

  static DataFormatException csv(Path file, long line, String reason) {
    return csv(file, line, 0, null, reason);
  }

  static DataFormatException binary(Path file, long byteOffset, String reason) {
    return new DataFormatException(file, 0, 0, null, byteOffset, reason,
        file + ", byte offset " + byteOffset + ": " + reason);
  }

  /** The file concerned. */
  public Path file() {
    return file;
  }

  /** The 1-based CSV line, or 0 for a binary file. */
  public long line() {
    return line;
  }

  /** The 1-based CSV column, or 0 when no single column is to blame (or for a binary file). */
  public int column() {
    return column;
  }

  /**
   * The CSV column's name as the header writes it, or the name of a column that should be there but
   * is not ({@code "x[3]"}); null when there is none.
   */
  public String columnName() {
    return columnName;
  }

  /** The byte offset in a binary file, or −1 for CSV. */
  public long byteOffset() {
    return byteOffset;
  }

  /** The message without the location prefix. */
  public String reason() {
    return reason;
  }
}
