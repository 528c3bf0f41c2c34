package org.dsojava.runtime.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Streams the records of a CSV file one line at a time, checking everything {@link DataSets#readCsv}
 * documents. Holds one line in memory, whatever the file's size.
 */
final class CsvReader implements Closeable {
  private static final int N = -2;
  private static final int T = -3;
  private static final int IGNORED = -1;

  private final Path file;
  private final DataSchema schema;
  private final BufferedReader in;
  private final KeyOrder order = new KeyOrder();
  private String[] names;
  /** Per column: {@link #N}, {@link #T}, {@link #IGNORED} or the position of its value in a record. */
  private int[] role;
  private String[] cells = new String[16];
  private long line;
  private long blank;
  private boolean started;

  private CsvReader(Path file, DataSchema schema, BufferedReader in) {
    this.file = file;
    this.schema = schema;
    this.in = in;
  }

  /** Opens {@code file} and reads its header. */
  static CsvReader open(Path file, DataSchema schema, DataSets.ExtraColumns extra) throws IOException {
    CsvReader r = new CsvReader(file, schema, Files.newBufferedReader(file, StandardCharsets.UTF_8));
    try {
      r.header(extra);
      return r;
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /** True if the last record returned by {@link #next} began a trajectory. */
  boolean started() {
    return started;
  }

  /**
   * Reads the next record's values into {@code record} (schema order); false at the end of the file.
   *
   * @throws DataFormatException at the first defect, or at the end if the file had no record
   */
  boolean next(double[] record) throws IOException {
    String text;
    while (true) {
      text = readLine();
      if (text == null) {
        if (order.records() == 0) {
          throw DataFormatException.csv(file, 1, "the file has a header but no records");
        }
        return false;
      }
      if (isBlank(text)) {
        if (blank == 0) {
          blank = line;
        }
        continue;
      }
      if (blank != 0) {
        throw DataFormatException.csv(file, blank,
            "empty line inside the data (empty lines are allowed only at the end of the file)");
      }
      break;
    }
    int count = split(text, names);
    if (count < names.length) {
      throw error(count + 1, "the column is missing: the row has " + count + (count == 1 ? " cell" : " cells")
          + ", the header has " + names.length + " columns");
    }
    if (count > names.length) {
      throw DataFormatException.csv(file, line, names.length + 1, null,
          "the row has " + count + " cells, the header has " + names.length + " columns");
    }
    long n = -1;
    long t = -1;
    int nColumn = 0;
    int tColumn = 0;
    for (int c = 0; c < count; c++) {
      int r = role[c];
      if (r >= 0) {
        record[r] = number(c);
      } else if (r == N) {
        n = integer(c, "n");
        nColumn = c + 1;
      } else if (r == T) {
        t = integer(c, "t");
        tColumn = c + 1;
      }
    }
    String why = order.checkN(n);
    if (why != null) {
      throw error(nColumn, why);
    }
    why = order.checkT(n, t);
    if (why != null) {
      throw error(tColumn, why);
    }
    started = order.newTrajectory(n);
    order.accept(n, t);
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void header(DataSets.ExtraColumns extra) throws IOException {
    String text = readLine();
    String expected = "; the header must name the columns n, t, " + columnList(schema);
    if (text == null) {
      throw DataFormatException.csv(file, 1, "the file is empty" + expected);
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    if (isBlank(text)) {
      throw DataFormatException.csv(file, 1, "the header line is empty" + expected);
    }
    int count = split(text, null);
    names = Arrays.copyOf(cells, count);
    role = new int[count];
    int[] columnOf = new int[schema.width()];
    int nAt = 0;
    int tAt = 0;
    for (int c = 0; c < count; c++) {
      String name = names[c];
      int col = c + 1;
      if (name.equals("n") || name.equals("t")) {
        int seen = name.equals("n") ? nAt : tAt;
        if (seen != 0) {
          throw error(col, "duplicate of column " + seen + " (" + names[seen - 1] + ")");
        }
        role[c] = name.equals("n") ? N : T;
        if (name.equals("n")) {
          nAt = col;
        } else {
          tAt = col;
        }
        continue;
      }
      int bracket = name.indexOf('[');
      String base = bracket < 0 ? name : name.substring(0, bracket);
      int k = schema.indexOf(base);
      if (k < 0) {
        if (extra == DataSets.ExtraColumns.IGNORE) {
          role[c] = IGNORED;
          continue;
        }
        throw error(col, (name.isEmpty() ? "the column has no name" : "no field \"" + base + "\" in the schema ("
            + schema + ")") + "; DataSets.ExtraColumns.IGNORE skips columns outside the schema");
      }
      DataSchema.Field f = schema.field(k);
      int i;
      if (bracket < 0) {
        if (f.arity() != 1) {
          throw error(col, "field " + f.name() + " has arity " + f.arity() + ": name its columns "
              + columns(f, 0, f.arity()));
        }
        i = 0;
      } else {
        i = index(name, bracket);
        if (i < 0) {
          throw error(col, "malformed column name: expected " + f.name() + "[i] with i in 0.." + (f.arity() - 1));
        }
        if (i >= f.arity()) {
          throw error(col, "index " + i + " is beyond the arity of field " + f.name() + ", which is " + f.arity()
              + " (columns " + columns(f, 0, f.arity()) + ")");
        }
      }
      int pos = schema.offset(k) + i;
      if (columnOf[pos] != 0) {
        throw error(col, "duplicate of column " + columnOf[pos] + " (" + names[columnOf[pos] - 1] + ")");
      }
      columnOf[pos] = col;
      role[c] = pos;
    }
    if (nAt == 0 || tAt == 0) {
      String key = nAt == 0 ? "n" : "t";
      throw DataFormatException.csv(file, 1, 0, key, "column " + key + " is missing" + expected);
    }
    for (int k = 0; k < schema.fieldCount(); k++) {
      DataSchema.Field f = schema.field(k);
      int at = schema.offset(k);
      int present = 0;
      int prefix = 0;
      int firstMissing = -1;
      for (int i = 0; i < f.arity(); i++) {
        if (columnOf[at + i] != 0) {
          present++;
          if (prefix == i) {
            prefix++;
          }
        } else if (firstMissing < 0) {
          firstMissing = i;
        }
      }
      if (present == 0) {
        throw DataFormatException.csv(file, 1, 0, f.name(), "field " + f.name() + " (arity " + f.arity()
            + ") has no columns: expected " + (f.arity() == 1 ? f.name() + " or " + f.name() + "[0]"
                : columns(f, 0, f.arity())));
      }
      if (firstMissing >= 0) {
        String missing = f.name() + "[" + firstMissing + "]";
        String why = present == prefix
            ? "column " + missing + " is missing: the header has " + columns(f, 0, prefix) + ", but field "
                + f.name() + " has arity " + f.arity()
            : "column " + missing + " is missing: field " + f.name() + " has arity " + f.arity() + " (columns "
                + columns(f, 0, f.arity()) + ")";
        throw DataFormatException.csv(file, 1, 0, missing, why);
      }
    }
  }

  private String readLine() throws IOException {
    String text;
    try {
      text = in.readLine();
    } catch (CharacterCodingException e) {
      throw DataFormatException.csv(file, line + 1, "the file is not valid UTF-8 (at or after this line)");
    }
    if (text != null) {
      line++;
    }
    return text;
  }

  /**
   * Splits {@code text} into {@link #cells}, trimmed of spaces and tabs and with RFC 4180 quotes
   * removed; returns the number of cells. {@code header} names the columns for quote errors (null
   * while reading the header itself).
   */
  private int split(String text, String[] header) throws DataFormatException {
    int count = 0;
    int len = text.length();
    int i = 0;
    while (true) {
      while (i < len && isSpace(text.charAt(i))) {
        i++;
      }
      String cell;
      if (i < len && text.charAt(i) == '"') {
        int col = count + 1;
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= len) {
            throw DataFormatException.csv(file, line, col, nameOf(header, col),
                "the quoted cell is not closed on this line (quoted line breaks are not supported)");
          }
          char ch = text.charAt(i++);
          if (ch == '"') {
            if (i < len && text.charAt(i) == '"') {
              b.append('"');
              i++;
            } else {
              break;
            }
          } else {
            b.append(ch);
          }
        }
        while (i < len && isSpace(text.charAt(i))) {
          i++;
        }
        if (i < len && text.charAt(i) != ',') {
          throw DataFormatException.csv(file, line, col, nameOf(header, col),
              "text after the closing quote of a quoted cell");
        }
        cell = trim(b);
      } else {
        int start = i;
        while (i < len && text.charAt(i) != ',') {
          i++;
        }
        int end = i;
        while (end > start && isSpace(text.charAt(end - 1))) {
          end--;
        }
        cell = text.substring(start, end);
      }
      if (count == cells.length) {
        cells = Arrays.copyOf(cells, 2 * count);
      }
      cells[count++] = cell;
      if (i >= len) {
        return count;
      }
      i++;
    }
  }

  private static String nameOf(String[] header, int col) {
    return header != null && col <= header.length ? header[col - 1] : null;
  }

  private double number(int c) throws DataFormatException {
    String s = cells[c];
    if (s.isEmpty()) {
      throw error(c + 1, "the cell is empty; expected a number");
    }
    if (!isDecimal(s)) {
      String word = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
      word = word.toLowerCase(Locale.ROOT);
      if (word.equals("nan") || word.equals("inf") || word.equals("infinity")) {
        throw error(c + 1, "\"" + s + "\" is not finite: NaN and infinite values are not allowed");
      }
      throw error(c + 1, "\"" + s + "\" is not a number");
    }
    double v = Double.parseDouble(s);
    if (Double.isInfinite(v)) {
      throw error(c + 1, "\"" + s + "\" overflows to infinity: NaN and infinite values are not allowed");
    }
    return v;
  }

  private long integer(int c, String key) throws DataFormatException {
    String s = cells[c];
    if (s.isEmpty()) {
      throw error(c + 1, "the cell is empty; " + key + " must be an integer 0, 1, 2, …");
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        throw error(c + 1, "\"" + s + "\" is not a valid " + key + ": " + key + " must be an integer 0, 1, 2, …");
      }
      v = 10 * v + (ch - '0');
      if (v > Integer.MAX_VALUE) {
        throw error(c + 1, key + " = " + s + " is too large (at most " + Integer.MAX_VALUE + ")");
      }
    }
    return v;
  }

  /** [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?: the decimal forms CSV writers produce. */
  static boolean isDecimal(String s) {
    int i = 0;
    int len = s.length();
    if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < len && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < len && s.charAt(i) == '.') {
      i++;
      while (i < len && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < len && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < len && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == len;
  }

  /** A column's index in {@code name[i]}: canonical decimal digits then ']' at the end, else −1. */
  private static int index(String name, int bracket) {
    int end = name.length() - 1;
    if (end <= bracket + 1 || name.charAt(end) != ']' || (name.charAt(bracket + 1) == '0' && end > bracket + 2)) {
      return -1;
    }
    long v = 0;
    for (int i = bracket + 1; i < end; i++) {
      char ch = name.charAt(i);
      if (!isDigit(ch)) {
        return -1;
      }
      v = 10 * v + (ch - '0');
      if (v > Integer.MAX_VALUE) {
        return Integer.MAX_VALUE;
      }
    }
    return (int) v;
  }

  private DataFormatException error(int column, String reason) {
    return DataFormatException.csv(file, line, column, column <= names.length ? names[column - 1] : null, reason);
  }

  static String columns(DataSchema.Field f, int from, int to) {
    String name = f.name();
    if (to - from == 1) {
      return name + "[" + from + "]";
    }
    return name + "[" + from + "].." + name + "[" + (to - 1) + "]";
  }

  static String columnList(DataSchema schema) {
    StringBuilder b = new StringBuilder();
    for (DataSchema.Field f : schema.fields()) {
      b.append(b.length() == 0 ? "" : ", ").append(f.arity() == 1 ? f.name() : columns(f, 0, f.arity()));
    }
    return b.toString();
  }

  private static String trim(CharSequence s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.subSequence(start, end).toString();
  }

  private static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
