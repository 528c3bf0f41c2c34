package org.dsojava.compiler.jre;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The compile-time constants of a class known only as a class file: its {@code static final} fields with a
 * {@code ConstantValue} attribute, read from the class file itself (the class is not loaded or initialized),
 * as javac sees them when it folds {@code Other.C} into a constant expression.
 */
final class ClassFileConstants {
  private ClassFileConstants() {}

  /** Field name → Integer, Double or Boolean (floats widened); empty when the class file cannot be read. */
  static Map<String, Object> read(ClassLoader loader, String binaryName) {
    Map<String, Object> out = new HashMap<>();
    try (InputStream raw = loader.getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
      if (raw == null) {
        return out;
      }
      DataInputStream in = new DataInputStream(raw);
      if (in.readInt() != 0xCAFEBABE) {
        return out;
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      Object[] pool = new Object[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> pool[i] = in.readUTF();
          case 3 -> pool[i] = in.readInt();
          case 4 -> pool[i] = in.readFloat();
          case 5 -> {
            pool[i] = in.readLong();
            i++;
          }
          case 6 -> {
            pool[i] = in.readDouble();
            i++;
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> {
            return out;
          }
        }
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int interfaces = in.readUnsignedShort();
      for (int i = 0; i < interfaces; i++) {
        in.readUnsignedShort();
      }
      int fields = in.readUnsignedShort();
      for (int f = 0; f < fields; f++) {
        int access = in.readUnsignedShort();
        String name = (String) pool[in.readUnsignedShort()];
        String descriptor = (String) pool[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = (String) pool[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("ConstantValue") && (access & 0x0018) == 0x0018) {
            Object v = pool[in.readUnsignedShort()];
            switch (descriptor) {
              case "I" -> out.put(name, v);
              case "D" -> out.put(name, v);
              case "F" -> out.put(name, (double) (Float) v);
              case "Z" -> out.put(name, ((Integer) v) != 0);
              default -> { }
            }
          } else {
            in.skipNBytes(length);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    return out;
  }
}
