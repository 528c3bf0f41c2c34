package org.dsojava.runtime.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a {@link BinaryFormat} file in one pass: to a temporary file beside the target, which
 * {@link #commit()} completes and renames onto the target atomically; {@link #close()} without a
 * commit deletes it. Memory: a 64 KiB buffer and 8 bytes per trajectory for the index.
 */
final class BinaryWriter implements Closeable {
  private final Path target;
  private final Path tmp;
  private final FileChannel ch;
  private final int width;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private final long dataOffset;
  private long[] index = new long[64];
  private int trajectories;
  private long records;
  private boolean committed;

  private BinaryWriter(Path target, Path tmp, FileChannel ch, DataSchema schema) throws IOException {
    this.target = target;
    this.tmp = tmp;
    this.ch = ch;
    this.width = schema.width();
    ByteBuffer header = BinaryFormat.header(schema);
    this.dataOffset = header.remaining();
    while (header.hasRemaining()) {
      ch.write(header);
    }
  }

  /**
   * Creates the temporary file {@code .<target name>.<random>.tmp} beside the target. Not
   * {@link Files#createTempFile}, whose owner-only permissions the target would inherit.
   */
  static BinaryWriter create(Path target, DataSchema schema) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    while (true) {
      Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      FileChannel ch;
      try {
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      try {
        return new BinaryWriter(target, tmp, ch, schema);
      } catch (IOException | RuntimeException e) {
        ch.close();
        Files.deleteIfExists(tmp);
        throw e;
      }
    }
  }

  void beginTrajectory() {
    if (trajectories + 1 == index.length) {
      index = Arrays.copyOf(index, 2 * index.length);
    }
    index[trajectories++] = records;
  }

  void append(double[] record) throws IOException {
    for (int i = 0; i < width; i++) {
      if (buf.remaining() < 8) {
        flush();
      }
      buf.putDouble(record[i]);
    }
    records++;
  }

  /** Writes the index, completes the header, and moves the file onto the target. */
  void commit() throws IOException {
    index[trajectories] = records;
    for (int i = 0; i <= trajectories; i++) {
      if (buf.remaining() < 8) {
        flush();
      }
      buf.putLong(index[i]);
    }
    flush();
    ByteBuffer counts = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    counts.putLong(trajectories).putLong(records).putLong(dataOffset).putLong(dataOffset + 8 * width * records).flip();
    while (counts.hasRemaining()) {
      ch.write(counts, BinaryFormat.AT_N + counts.position());
    }
    ch.force(true);
    ch.close();
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
  }

  private void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        ch.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
