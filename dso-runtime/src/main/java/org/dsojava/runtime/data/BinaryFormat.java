package org.dsojava.runtime.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Version 1 of the binary data set file, all little-endian:
 *
 * <pre>
 * offset  size  content
 *      0     8  magic "DSO-DATA" (ASCII)
 *      8     4  int32 version = 1
 *     12     4  int32 F, the number of fields
 *     16     8  int64 N, trajectories (−1 while the file is being written)
 *     24     8  int64 R, records in all (−1 while the file is being written)
 *     32     8  int64 H, byte offset of the first record (a multiple of 8)
 *     40     8  int64 I, byte offset of the index = H + 8·R·W (−1 while being written)
 *     48        F fields: int32 arity, int32 byte length of the name, the name in UTF-8
 *               zero padding up to H
 *      H  8·R·W records, W = Σ arity float64 each, in (n, t) order, fields in schema order
 *      I  8·(N+1) int64 index: the first record of each trajectory, then R
 * </pre>
 *
 * The index follows the records so that a converter can write the file in one pass over its input
 * (the number of trajectories is known only at the end) without copying the records afterwards.
 */
final class BinaryFormat {
  private BinaryFormat() {}

  static final byte[] MAGIC = {'D', 'S', 'O', '-', 'D', 'A', 'T', 'A'};
  static final int VERSION = 1;
  static final int FIXED = 48;
  static final int AT_VERSION = 8;
  static final int AT_FIELDS = 12;
  static final int AT_N = 16;
  static final int AT_R = 24;
  static final int AT_DATA = 32;
  static final int AT_INDEX = 40;
  /** Bounds what opening reads before it has checked anything against the records. */
  static final int MAX_SCHEMA_BYTES = 1 << 24;

  /** The header of a file still being written: N, R and I are −1. */
  static ByteBuffer header(DataSchema schema) {
    List<byte[]> names = new ArrayList<>();
    long end = FIXED;
    for (DataSchema.Field f : schema.fields()) {
      byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
      names.add(name);
      end += 8 + name.length;
    }
    int h = (int) align(end);
    ByteBuffer b = ByteBuffer.allocate(h).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(schema.fieldCount()).putLong(-1).putLong(-1).putLong(h).putLong(-1);
    for (int k = 0; k < names.size(); k++) {
      b.putInt(schema.arity(k)).putInt(names.get(k).length).put(names.get(k));
    }
    return b.position(0);
  }

  static long align(long offset) {
    return (offset + 7) & ~7L;
  }

  /** What {@link #read} finds in a valid file's header and index. */
  record Layout(DataSchema schema, long dataOffset, long[] start, long records) {}

  /**
   * Reads and checks the header and the index of {@code file}, and the schema against
   * {@code expected} when it is not null.
   */
  static Layout read(Path file, FileChannel ch, DataSchema expected) throws IOException {
    long size = ch.size();
    if (size < FIXED) {
      throw DataFormatException.binary(file, size, "truncated: the file has " + size
          + " bytes, fewer than the " + FIXED + "-byte fixed header");
    }
    ByteBuffer b = readAt(ch, 0, FIXED);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw DataFormatException.binary(file, 0, "not a DSO data file: the first 8 bytes are " + hex(magic)
          + ", expected \"DSO-DATA\"");
    }
    int version = b.getInt(AT_VERSION);
    if (version != VERSION) {
      throw DataFormatException.binary(file, AT_VERSION, "unsupported format version " + version
          + "; this reader reads version " + VERSION);
    }
    int fieldCount = b.getInt(AT_FIELDS);
    long n = b.getLong(AT_N);
    long records = b.getLong(AT_R);
    long h = b.getLong(AT_DATA);
    long index = b.getLong(AT_INDEX);
    if (n == -1 || records == -1 || index == -1) {
      long at = n == -1 ? AT_N : records == -1 ? AT_R : AT_INDEX;
      throw DataFormatException.binary(file, at, "the header's counts are unset: the file was not completely written");
    }
    if (fieldCount < 1) {
      throw DataFormatException.binary(file, AT_FIELDS, "field count " + fieldCount + " is not at least 1");
    }
    if (n < 1 || n > Integer.MAX_VALUE - 9) {
      throw DataFormatException.binary(file, AT_N, "trajectory count " + n + " is not in 1.." + (Integer.MAX_VALUE - 9));
    }
    if (records < n) {
      throw DataFormatException.binary(file, AT_R, "record count " + records + " is less than the trajectory count "
          + n + " (every trajectory has at least one record)");
    }
    if (h < FIXED + 9L * fieldCount || h % 8 != 0) {
      throw DataFormatException.binary(file, AT_DATA, "data offset " + h + " is not a multiple of 8 of at least "
          + (FIXED + 9L * fieldCount) + " (the smallest header of " + fieldCount + " fields)");
    }
    if (h - FIXED > MAX_SCHEMA_BYTES) {
      throw DataFormatException.binary(file, AT_DATA, "data offset " + h + " leaves more than " + MAX_SCHEMA_BYTES
          + " bytes for the schema of " + fieldCount + " fields; the header is corrupt");
    }
    if (h > size) {
      throw DataFormatException.binary(file, size, "truncated: the file has " + size
          + " bytes, but its header says the records start at byte " + h);
    }
    DataSchema schema = schema(file, readAt(ch, FIXED, (int) (h - FIXED)), fieldCount, h);
    if (expected != null) {
      compare(file, schema, expected);
    }
    long end;
    try {
      end = Math.addExact(h, Math.multiplyExact(records, 8L * schema.width()));
    } catch (ArithmeticException e) {
      end = -1;
    }
    if (index != end) {
      throw DataFormatException.binary(file, AT_INDEX, "index offset " + index + " does not match the records: "
          + records + " records of " + schema.width() + " values from byte " + h + " end at byte "
          + (end < 0 ? "> 2^63" : Long.toString(end)));
    }
    long fileEnd = index + 8 * (n + 1);
    if (size < fileEnd) {
      throw DataFormatException.binary(file, size, "truncated: the file has " + size + " bytes, its header ("
          + n + " trajectories, " + records + " records of " + schema.width() + " values) says it ends at byte "
          + fileEnd);
    }
    if (size > fileEnd) {
      throw DataFormatException.binary(file, fileEnd, (size - fileEnd) + " unexpected bytes after the end of the index");
    }
    return new Layout(schema, h, index(file, ch, index, (int) n, records), records);
  }

  private static DataSchema schema(Path file, ByteBuffer b, int fieldCount, long h) throws DataFormatException {
    List<DataSchema.Field> fields = new ArrayList<>();
    long width = 0;
    for (int k = 0; k < fieldCount; k++) {
      long at = FIXED + b.position();
      if (b.remaining() < 8) {
        throw DataFormatException.binary(file, at, "field " + k + " of " + fieldCount + " runs past the data offset " + h);
      }
      int arity = b.getInt();
      int length = b.getInt();
      if (arity < 1 || arity > DataSchema.MAX_WIDTH) {
        throw DataFormatException.binary(file, at, "field " + k + ": arity " + arity + " is not in 1.." + DataSchema.MAX_WIDTH);
      }
      if (length < 1 || length > b.remaining()) {
        throw DataFormatException.binary(file, at + 4, "field " + k + ": name length " + length + " is not in 1.."
            + b.remaining() + " (the bytes left before the data offset " + h + ")");
      }
      byte[] bytes = new byte[length];
      b.get(bytes);
      String name;
      try {
        name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw DataFormatException.binary(file, at + 8, "field " + k + ": the name is not valid UTF-8");
      }
      try {
        fields.add(DataSchema.field(name, arity));
      } catch (IllegalArgumentException e) {
        throw DataFormatException.binary(file, at + 8, "field " + k + ": " + e.getMessage());
      }
      for (int j = 0; j < k; j++) {
        if (fields.get(j).name().equals(name)) {
          throw DataFormatException.binary(file, at + 8, "field " + k + ": duplicate name \"" + name + "\" (field " + j + ")");
        }
      }
      width += arity;
      if (width > DataSchema.MAX_WIDTH) {
        throw DataFormatException.binary(file, at, "field " + k + ": the fields add up to more than "
            + DataSchema.MAX_WIDTH + " values per record");
      }
    }
    long end = FIXED + b.position();
    if (align(end) != h) {
      throw DataFormatException.binary(file, AT_DATA, "data offset " + h + " does not follow the schema, which ends at byte "
          + end + " (expected " + align(end) + ")");
    }
    return DataSchema.of(fields);
  }

  /** The same checks and messages as a CSV header against the caller's schema. */
  private static void compare(Path file, DataSchema found, DataSchema expected) throws DataFormatException {
    long[] at = new long[found.fieldCount()];
    long p = FIXED;
    for (int k = 0; k < at.length; k++) {
      at[k] = p;
      p += 8 + found.field(k).name().getBytes(StandardCharsets.UTF_8).length;
    }
    for (int k = 0; k < expected.fieldCount(); k++) {
      DataSchema.Field f = expected.field(k);
      int j = found.indexOf(f.name());
      if (j < 0) {
        throw DataFormatException.binary(file, FIXED, "field " + f.name() + " (arity " + f.arity()
            + ") is missing: the file has the fields " + found);
      }
      if (found.arity(j) != f.arity()) {
        throw DataFormatException.binary(file, at[j], "field " + f.name() + " has arity " + found.arity(j)
            + " in the file, but the expected schema says " + f.arity());
      }
    }
    for (int j = 0; j < found.fieldCount(); j++) {
      if (expected.indexOf(found.field(j).name()) < 0) {
        throw DataFormatException.binary(file, at[j], "field " + found.field(j) + " is not in the expected schema ("
            + expected + ")");
      }
    }
    if (!found.equals(expected)) {
      throw DataFormatException.binary(file, FIXED, "the file has the fields in the order " + found
          + ", the expected schema in the order " + expected);
    }
  }

  private static long[] index(Path file, FileChannel ch, long at, int n, long records) throws IOException {
    long[] start = new long[n + 1];
    int block = 8192;
    long previous = -1;
    for (int from = 0; from <= n; from += block) {
      int count = Math.min(block, n + 1 - from);
      ByteBuffer b = readAt(ch, at + 8L * from, 8 * count);
      for (int i = from; i < from + count; i++) {
        long v = b.getLong();
        long pos = at + 8L * i;
        if (i == 0 && v != 0) {
          throw DataFormatException.binary(file, pos, "index entry 0 is " + v + ", not 0 (trajectory 0 starts at record 0)");
        }
        if (i > 0 && v <= previous) {
          throw DataFormatException.binary(file, pos, "index entry " + i + " is " + v + ", not greater than entry "
              + (i - 1) + " (" + previous + "): trajectory " + (i - 1) + " would have no records");
        }
        if (v > records) {
          throw DataFormatException.binary(file, pos, "index entry " + i + " is " + v + ", beyond the record count "
              + records);
        }
        if (i > 0 && v - previous > Integer.MAX_VALUE) {
          throw DataFormatException.binary(file, pos, "index entry " + i + ": trajectory " + (i - 1) + " would have "
              + (v - previous) + " records, more than " + Integer.MAX_VALUE);
        }
        start[i] = v;
        previous = v;
      }
    }
    if (start[n] != records) {
      throw DataFormatException.binary(file, at + 8L * n, "the last index entry is " + start[n]
          + ", not the record count " + records);
    }
    return start;
  }

  static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new EOFException("end of file at byte " + (position + b.position()));
      }
    }
    return b.flip();
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte x : bytes) {
      s.append(String.format("%02x", x & 0xff));
    }
    return s.toString();
  }
}
