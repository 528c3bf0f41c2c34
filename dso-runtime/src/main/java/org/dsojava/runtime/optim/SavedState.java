package org.dsojava.runtime.optim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text format of policy files and checkpoints: UTF-8 lines {@code key = value} in a fixed order,
 * {@code #} comment lines, and a last line {@code sha256 = <hex>} over every byte before it, so a
 * truncated or altered file is refused as a whole, never half-loaded.
 *
 * <p>Values: a double is written by {@link Double#toString(double)} (the shortest decimal that reads
 * back to the same double, so every value round-trips bit for bit; also {@code NaN}, {@code Infinity});
 * arrays are such values separated by single spaces (an empty array is an empty value); longs are
 * decimal; strings are written with {@code \\}, {@code \n} and {@code \r} escaped. The first entry is
 * {@code format = <kind> <version>}.
 *
 * <p>A {@link #section(String) section} is a view whose keys get a prefix ({@code "stepRule."}), which is
 * how {@link Checkpointable} objects write their state without knowing where it goes.
 */
public final class SavedState {
  private static final String CHECKSUM = "sha256 = ";
  private final Map<String, String> entries;
  private final String prefix;
  private final String source;

  private SavedState(Map<String, String> entries, String prefix, String source) {
    this.entries = entries;
    this.prefix = prefix;
    this.source = source;
  }

  /** An empty state of the given format (e.g. {@code "dso-checkpoint 1"}), to be filled and written. */
  public static SavedState create(String format) {
    SavedState s = new SavedState(new LinkedHashMap<>(), "", "(unsaved)");
    s.putString("format", format);
    return s;
  }

  /** A view whose keys are {@code name + "." + key}. */
  public SavedState section(String name) {
    checkKey(name);
    return new SavedState(entries, prefix + name + ".", source);
  }

  /** The file this state was read from (for messages). */
  public String source() {
    return source;
  }

  // ------------------------------------------------------------------ writing

  public SavedState putString(String key, String value) {
    checkKey(key);
    String full = prefix + key;
    if (entries.containsKey(full)) {
      throw new IllegalArgumentException("entry \"" + full + "\" is written twice");
    }
    entries.put(full, escape(value));
    return this;
  }

  public SavedState putDouble(String key, double value) {
    return putString(key, Double.toString(value));
  }

  public SavedState putLong(String key, long value) {
    return putString(key, Long.toString(value));
  }

  public SavedState putBoolean(String key, boolean value) {
    return putString(key, Boolean.toString(value));
  }

  public SavedState putDoubles(String key, double[] values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : " ").append(values[i]);
    }
    return putString(key, b.toString());
  }

  public SavedState putLongs(String key, long[] values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : " ").append(values[i]);
    }
    return putString(key, b.toString());
  }

  public SavedState putInts(String key, int[] values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : " ").append(values[i]);
    }
    return putString(key, b.toString());
  }

  // ------------------------------------------------------------------ reading

  public boolean has(String key) {
    return entries.containsKey(prefix + key);
  }

  /** The entry's string; a {@link CheckpointException} naming the file and key if it is missing. */
  public String getString(String key) {
    String v = entries.get(prefix + key);
    if (v == null) {
      throw new CheckpointException(source + ": no entry \"" + prefix + key + "\"");
    }
    return unescape(v);
  }

  public double getDouble(String key) {
    String v = getString(key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw malformed(key, "a number", v);
    }
  }

  public long getLong(String key) {
    String v = getString(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw malformed(key, "an integer", v);
    }
  }

  public int getInt(String key) {
    long v = getLong(key);
    if (v != (int) v) {
      throw malformed(key, "an int", Long.toString(v));
    }
    return (int) v;
  }

  public boolean getBoolean(String key) {
    String v = getString(key);
    if (!v.equals("true") && !v.equals("false")) {
      throw malformed(key, "true or false", v);
    }
    return v.equals("true");
  }

  public double[] getDoubles(String key) {
    String[] parts = split(getString(key));
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i]);
      } catch (NumberFormatException e) {
        throw malformed(key, "numbers", parts[i]);
      }
    }
    return out;
  }

  /** {@link #getDoubles} with a required length. */
  public double[] getDoubles(String key, int length) {
    double[] out = getDoubles(key);
    if (out.length != length) {
      throw new CheckpointException(source + ": entry \"" + prefix + key + "\" has " + out.length + " values, "
          + length + " expected");
    }
    return out;
  }

  public long[] getLongs(String key) {
    String[] parts = split(getString(key));
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw malformed(key, "integers", parts[i]);
      }
    }
    return out;
  }

  public int[] getInts(String key) {
    long[] v = getLongs(key);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != (int) v[i]) {
        throw malformed(key, "ints", Long.toString(v[i]));
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  private static String[] split(String v) {
    return v.isEmpty() ? new String[0] : v.split(" ", -1);
  }

  private CheckpointException malformed(String key, String what, String value) {
    return new CheckpointException(source + ": entry \"" + prefix + key + "\" should be " + what + ", but is \""
        + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"");
  }

  // ------------------------------------------------------------------ files

  /** The bytes {@link #write} would write, for a state sent rather than saved (e.g. to remote workers). */
  byte[] bytes() {
    return text("").getBytes(StandardCharsets.UTF_8);
  }

  /** The text of the file: the entries and the checksum line. */
  String text(String header) {
    StringBuilder b = new StringBuilder();
    for (String line : header.split("\n")) {
      b.append("# ").append(line).append('\n');
    }
    for (Map.Entry<String, String> e : entries.entrySet()) {
      b.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
    }
    String body = b.toString();
    return body + CHECKSUM + sha256(body.getBytes(StandardCharsets.UTF_8)) + "\n";
  }

  /**
   * Writes the file atomically: the text goes to {@code <file>.tmp} in the same directory, which is
   * forced to disk (fsync) and renamed over {@code file} in one atomic step; then the directory is
   * forced too where the platform allows it. A crash at any moment leaves either the old file or the
   * new one (and possibly a stale {@code .tmp}, overwritten next time), never a mix.
   */
  public void write(Path file, String header) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    byte[] bytes = text(header).getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true); // makes the rename durable (Linux); other platforms may refuse to open a directory
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the rename itself is atomic either way
    }
  }

  /**
   * Reads and verifies a file written by {@link #write}: its checksum must match (else it is truncated
   * or altered) and its {@code format} must be {@code format}; a {@link CheckpointException} says which
   * check failed. Nothing is returned from a file that fails.
   */
  public static SavedState read(Path file, String format) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file (nothing saved there yet?)");
    }
    return parse(bytes, file.toString(), format);
  }

  /** The state in {@code bytes} as {@link #write} lays it out; {@code where} names its origin in messages. */
  static SavedState parse(byte[] bytes, String where, String format) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = text.lastIndexOf(CHECKSUM);
    if (at < 0 || (at > 0 && text.charAt(at - 1) != '\n') || !text.endsWith("\n")) {
      throw new CheckpointException(where + " is incomplete or corrupt: it does not end with its \"sha256 = …\""
          + " line (" + bytes.length + " bytes; a truncated copy or not a dso-java " + format + " file); nothing was"
          + " loaded");
    }
    String body = text.substring(0, at);
    String recorded = text.substring(at + CHECKSUM.length(), text.length() - 1).trim();
    String actual = sha256(body.getBytes(StandardCharsets.UTF_8));
    if (!recorded.equals(actual)) {
      throw new CheckpointException(where + " is corrupt: its checksum does not match its contents (recorded "
          + recorded + ", computed " + actual + "); nothing was loaded");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : body.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf(" = ");
      if (eq <= 0) {
        throw new CheckpointException(where + ", line " + lineNo + ": expected \"key = value\"");
      }
      String key = line.substring(0, eq);
      if (entries.put(key, line.substring(eq + 3)) != null) {
        throw new CheckpointException(where + ", line " + lineNo + ": entry \"" + key + "\" appears twice");
      }
    }
    SavedState s = new SavedState(entries, "", where);
    String found = entries.containsKey("format") ? s.getString("format") : "(none)";
    if (!found.equals(format)) {
      throw new CheckpointException(where + " has format \"" + found + "\", but a \"" + format + "\" file was"
          + " expected" + (found.startsWith("dso-") ? " (another kind of file or another format version)" : ""));
    }
    return s;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty() || key.contains(" = ") || key.contains("\n") || key.contains("\r")
        || key.startsWith("#")) {
      throw new IllegalArgumentException("bad entry name \"" + key + "\"");
    }
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char d = v.charAt(++i);
        b.append(d == 'n' ? '\n' : d == 'r' ? '\r' : d);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
