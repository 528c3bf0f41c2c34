package org.dsojava.runtime.data;

import static org.dsojava.runtime.data.Fixtures.HEADER;
import static org.dsojava.runtime.data.Fixtures.XAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dsojava.runtime.AllocationProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary form: bit-exact round trips, atomic writing, the exact error for each kind of corrupt,
 * truncated or mismatched file, and reading through mappings rather than the heap.
 *
 * <p>The layout of {@link Fixtures#XAY} with trajectories of 3 and 2 records, used for byte offsets
 * below: header 48 bytes + 3 × (8 + 1) schema bytes = 75, padded to H = 80; 5 records × 7 values × 8
 * bytes end at I = 360; the index of 3 longs ends the file at 384.
 */
class BinaryFormatTest {
  @TempDir
  Path dir;

  private static final String[] SPECIAL = {"0.1", "-0.0", "1e-300", "4.9e-324", "2.2250738585072009e-308",
      "2.2250738585072014e-308", "1.7976931348623157e308", "9007199254740993", "0.30000000000000004",
      "-123456789.123456789e-5", "1e23", "-1e-320", "0"};
  private static final long[] SPECIAL_BITS = {0x3fb999999999999aL, 0x8000000000000000L, 0x01a56e1fc2f8f359L, 1L,
      0x000fffffffffffffL, 0x0010000000000000L, 0x7fefffffffffffffL, 0x4340000000000000L, 0x3fd3333333333334L,
      0xc0934a458547a09eL, 0x44b52d02c7e14af6L, 0x80000000000007e8L, 0L};

  private Path small() throws IOException {
    Path f = dir.resolve("d.bin");
    DataSets.writeBinary(Fixtures.synthetic(3, 2), f);
    return f;
  }

  private DataFormatException reject(Path f) {
    return assertThrows(DataFormatException.class, () -> DataSets.openBinary(f));
  }

  private static void patch(Path f, long at, ByteBuffer bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.write(bytes.flip(), at);
    }
  }

  private static ByteBuffer le(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void truncate(Path f, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  /** A CSV of two trajectories whose cells run through {@link #SPECIAL} and random bit patterns. */
  private String specialCsv() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    SplittableRandom random = new SplittableRandom(11);
    int k = 0;
    int[] lengths = {5, 4};
    for (int n = 0; n < lengths.length; n++) {
      for (int t = 0; t < lengths[n]; t++) {
        b.append(n).append(',').append(t);
        for (int p = 0; p < 7; p++, k++) {
          String cell;
          if (k < SPECIAL.length) {
            cell = SPECIAL[k];
          } else {
            double v;
            do {
              v = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(v));
            cell = Double.toString(v);
          }
          b.append(',').append(cell);
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  @Test
  void csvToMemoryToBinaryIsBitForBit() throws IOException {
    Path csv = Fixtures.write(dir, "d.csv", specialCsv());
    DataSet memory = DataSets.readCsv(csv, XAY);
    double[] r = new double[7];
    int k = 0;
    for (int t = 0; k < SPECIAL.length; t++) {
      memory.readRecord(0, t, r, 0);
      for (int p = 0; p < 7 && k < SPECIAL.length; p++, k++) {
        assertEquals(SPECIAL_BITS[k], Double.doubleToRawLongBits(r[p]), SPECIAL[k]);
      }
    }
    Path bin = dir.resolve("d.bin");
    DataSets.writeBinary(memory, bin);
    try (BinaryDataSet mapped = DataSets.openBinary(bin, XAY)) {
      Fixtures.assertSameBits(memory, mapped);
      assertEquals(bin.toString(), mapped.source());
    }
    Path converted = dir.resolve("c.bin");
    DataSets.convertCsv(csv, XAY, converted);
    assertEquals(-1L, Files.mismatch(bin, converted), "writeBinary and convertCsv write the same bytes");
  }

  @Test
  void layoutIsTheDocumentedOne() throws IOException {
    Path f = small();
    assertEquals(384, Files.size(f));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    b.get(magic);
    assertEquals("DSO-DATA", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, b.getInt(8));
    assertEquals(3, b.getInt(12));
    assertEquals(2, b.getLong(16));
    assertEquals(5, b.getLong(24));
    assertEquals(80, b.getLong(32));
    assertEquals(360, b.getLong(40));
    assertEquals(4, b.getInt(48));
    assertEquals(1, b.getInt(52));
    assertEquals('x', b.get(56));
    assertEquals(Fixtures.value(1, 1, 6), b.getDouble(80 + 4 * 56 + 6 * 8));
    assertEquals(0, b.getLong(360));
    assertEquals(3, b.getLong(368));
    assertEquals(5, b.getLong(376));
  }

  @Test
  void truncatedFile() throws IOException {
    Path f = small();
    truncate(f, 376);
    DataFormatException e = reject(f);
    assertEquals(f + ", byte offset 376: truncated: the file has 376 bytes, its header (2 trajectories, 5 records "
        + "of 7 values) says it ends at byte 384", e.getMessage());
    assertEquals(376, e.byteOffset());
    assertEquals(f, e.file());
    assertEquals(0, e.line());
    truncate(f, 200);
    assertEquals(f + ", byte offset 200: truncated: the file has 200 bytes, its header (2 trajectories, 5 records "
        + "of 7 values) says it ends at byte 384", reject(f).getMessage());
    truncate(f, 60);
    assertEquals(f + ", byte offset 60: truncated: the file has 60 bytes, but its header says the records start at "
        + "byte 80", reject(f).getMessage());
    truncate(f, 20);
    assertEquals(f + ", byte offset 20: truncated: the file has 20 bytes, fewer than the 48-byte fixed header",
        reject(f).getMessage());
  }

  @Test
  void trailingBytes() throws IOException {
    Path f = small();
    Files.write(f, new byte[8], StandardOpenOption.APPEND);
    assertEquals(f + ", byte offset 384: 8 unexpected bytes after the end of the index", reject(f).getMessage());
  }

  @Test
  void notADataFile() throws IOException {
    Path f = Fixtures.write(dir, "d.bin", "hello world, this is not a data set file at all!!");
    assertEquals(f + ", byte offset 0: not a DSO data file: the first 8 bytes are 68656c6c6f20776f, expected "
        + "\"DSO-DATA\"", reject(f).getMessage());
  }

  @Test
  void unsupportedVersion() throws IOException {
    Path f = small();
    patch(f, 8, le(4).putInt(2));
    assertEquals(f + ", byte offset 8: unsupported format version 2; this reader reads version 1",
        reject(f).getMessage());
  }

  @Test
  void unfinishedFile() throws IOException {
    Path f = small();
    patch(f, 16, le(8).putLong(-1));
    assertEquals(f + ", byte offset 16: the header's counts are unset: the file was not completely written",
        reject(f).getMessage());
  }

  @Test
  void recordCountDisagreesWithIndexOffset() throws IOException {
    Path f = small();
    patch(f, 24, le(8).putLong(6));
    assertEquals(f + ", byte offset 40: index offset 360 does not match the records: 6 records of 7 values from "
        + "byte 80 end at byte 416", reject(f).getMessage());
  }

  @Test
  void corruptSchema() throws IOException {
    Path f = small();
    patch(f, 57, le(4).putInt(0));
    assertEquals(f + ", byte offset 57: field 1: arity 0 is not in 1..16777216", reject(f).getMessage());
    f = small();
    patch(f, 56, le(1).put((byte) '7'));
    assertEquals(f + ", byte offset 56: field 0: field name \"7\" is not a Java identifier", reject(f).getMessage());
    f = small();
    patch(f, 65, le(1).put((byte) 'x'));
    assertEquals(f + ", byte offset 65: field 1: duplicate name \"x\" (field 0)", reject(f).getMessage());
  }

  @Test
  void implausibleDataOffset() throws IOException {
    Path f = small();
    patch(f, 32, le(8).putLong(1L << 40));
    assertEquals(f + ", byte offset 32: data offset 1099511627776 leaves more than 16777216 bytes for the schema "
        + "of 3 fields; the header is corrupt", reject(f).getMessage());
    patch(f, 32, le(8).putLong(84));
    assertEquals(f + ", byte offset 32: data offset 84 is not a multiple of 8 of at least 75 (the smallest header "
        + "of 3 fields)", reject(f).getMessage());
    patch(f, 32, le(8).putLong(88));
    assertEquals(f + ", byte offset 32: data offset 88 does not follow the schema, which ends at byte 75 "
        + "(expected 80)", reject(f).getMessage());
  }

  @Test
  void corruptIndex() throws IOException {
    Path f = small();
    patch(f, 368, le(8).putLong(0));
    assertEquals(f + ", byte offset 368: index entry 1 is 0, not greater than entry 0 (0): trajectory 0 would have "
        + "no records", reject(f).getMessage());
    f = small();
    patch(f, 376, le(8).putLong(4));
    assertEquals(f + ", byte offset 376: the last index entry is 4, not the record count 5", reject(f).getMessage());
    f = small();
    patch(f, 360, le(8).putLong(1));
    assertEquals(f + ", byte offset 360: index entry 0 is 1, not 0 (trajectory 0 starts at record 0)",
        reject(f).getMessage());
  }

  @Test
  void expectedSchemaMismatch() throws IOException {
    Path f = small();
    DataSchema more = DataSchema.of(DataSchema.field("x", 4), DataSchema.field("a", 1), DataSchema.field("y", 2),
        DataSchema.field("z", 3));
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.openBinary(f, more));
    assertEquals(f + ", byte offset 48: field z (arity 3) is missing: the file has the fields x[4], a[1], y[2]",
        e.getMessage());
    assertEquals(48, e.byteOffset());
    DataSchema arity = DataSchema.of(DataSchema.field("x", 4), DataSchema.field("a", 1), DataSchema.field("y", 3));
    assertEquals(f + ", byte offset 66: field y has arity 2 in the file, but the expected schema says 3",
        assertThrows(DataFormatException.class, () -> DataSets.openBinary(f, arity)).getMessage());
    DataSchema fewer = DataSchema.of(DataSchema.field("x", 4), DataSchema.field("a", 1));
    assertEquals(f + ", byte offset 66: field y[2] is not in the expected schema (x[4], a[1])",
        assertThrows(DataFormatException.class, () -> DataSets.openBinary(f, fewer)).getMessage());
    DataSchema order = DataSchema.of(DataSchema.field("a", 1), DataSchema.field("x", 4), DataSchema.field("y", 2));
    assertEquals(f + ", byte offset 48: the file has the fields in the order x[4], a[1], y[2], the expected schema "
        + "in the order a[1], x[4], y[2]",
        assertThrows(DataFormatException.class, () -> DataSets.openBinary(f, order)).getMessage());
  }

  private List<String> listing(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void convertCsvWithADefectOnTheLastLineLeavesNothing() throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (int t = 0; t < 20_000; t++) {
      text.append("0,").append(t).append(",1,2,3,4,5,6,7\n");
    }
    text.append("0,20000,1,2,3,4,5,6,x\n");
    Path csv = Fixtures.write(dir, "d.csv", text.toString());
    Path bin = dir.resolve("d.bin");
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.convertCsv(csv, XAY, bin));
    assertEquals(csv + ", line 20002, column 9 (y[1]): \"x\" is not a number", e.getMessage());
    assertEquals(List.of("d.csv"), listing(dir));

    Files.writeString(bin, "previous contents");
    assertThrows(DataFormatException.class, () -> DataSets.convertCsv(csv, XAY, bin));
    assertEquals("previous contents", Files.readString(bin));
    assertEquals(List.of("d.bin", "d.csv"), listing(dir));
  }

  @Test
  void convertCsvReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path csv = Fixtures.write(dir, "d.csv", HEADER + "\n0,0,1,2,3,4,5,6,7\n0,1,1,2,3,4,5,6,8\n");
    Path bin = dir.resolve("d.bin");
    Files.writeString(bin, "previous contents");
    DataSets.convertCsv(csv, XAY, bin);
    assertEquals(List.of("d.bin", "d.csv"), listing(dir));
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(Files.getPosixFilePermissions(csv), Files.getPosixFilePermissions(bin),
          "the output has a new file's permissions, not a temporary file's owner-only ones");
    }
    try (BinaryDataSet d = DataSets.openBinary(bin, XAY)) {
      Fixtures.assertSameBits(DataSets.readCsv(csv, XAY), d);
    }
  }

  @Test
  void severalMappingsReadTheSameRecords() throws IOException {
    DataSet memory = Fixtures.synthetic(3, 1, 4, 2, 5);
    Path f = dir.resolve("d.bin");
    DataSets.writeBinary(memory, f);
    try (BinaryDataSet two = BinaryDataSet.open(f, XAY, 128); BinaryDataSet one = BinaryDataSet.open(f, XAY, 8);
        BinaryDataSet whole = DataSets.openBinary(f)) {
      assertEquals(8, two.mappings(), "15 records, 2 records of 56 bytes per 128-byte piece");
      assertEquals(15, one.mappings());
      assertEquals(1, whole.mappings());
      Fixtures.assertSameBits(memory, two);
      Fixtures.assertSameBits(memory, one);
      int y = two.field("y");
      double[] out = new double[3];
      for (int n = 0; n < memory.trajectories(); n++) {
        for (int t = 0; t < memory.length(n); t++) {
          two.read(n, t, y, out, 1);
          assertEquals(Fixtures.value(n, t, 5), out[1]);
          assertEquals(Fixtures.value(n, t, 6), out[2]);
          assertEquals(Fixtures.value(n, t, 6), one.get(n, t, y, 1));
        }
      }
    }
  }

  /**
   * Opening a file of 8.4 MB allocates a few kilobytes on the heap (header, index, buffer objects):
   * the records stay in the file, mapped. Reading all of them back then allocates nothing either.
   */
  @Test
  void openingDoesNotReadTheRecordsIntoTheHeap() throws IOException {
    assumeTrue(AllocationProbe.isSupported(), "JVM cannot count per-thread allocation");
    int[] lengths = new int[150];
    java.util.Arrays.fill(lengths, 1000);
    Path f = dir.resolve("big.bin");
    DataSets.writeBinary(Fixtures.synthetic(lengths), f);
    long size = Files.size(f);
    assertTrue(size > 8_000_000, "file of " + size + " bytes");
    BinaryDataSet[] opened = new BinaryDataSet[1];
    long bytes = AllocationProbe.allocatedBytes(() -> {
      try {
        opened[0] = DataSets.openBinary(f, XAY);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertTrue(bytes < 200_000, "opening allocated " + bytes + " bytes for a file of " + size);
    try (BinaryDataSet d = opened[0]) {
      assertEquals(150_000, d.totalRecords());
      assertEquals(Fixtures.value(149, 999, 3), d.get(149, 999, d.field("x"), 3));
      assertEquals(Fixtures.value(77, 500, 4), d.get(77, 500, d.field("a"), 0));
    }
  }

  @Test
  void readsAfterCloseFail() throws IOException {
    Path f = small();
    BinaryDataSet d = DataSets.openBinary(f);
    assertEquals(Fixtures.value(0, 0, 0), d.get(0, 0, 0, 0));
    d.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.get(0, 0, 0, 0));
    assertEquals(f + ": the data set is closed", e.getMessage());
    assertArrayEquals(new int[] {3, 2}, new int[] {d.length(0), d.length(1)});
  }
}
