package org.dsojava.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Defines the classes of one in-memory compilation (models, their kernels and entry classes). */
public final class GeneratedClasses extends ClassLoader {
  private final Map<String, byte[]> classes;

  public GeneratedClasses(Compilation c) {
    this(classFiles(c));
  }

  public GeneratedClasses(Map<String, byte[]> classes) {
    super(GeneratedClasses.class.getClassLoader());
    this.classes = classes;
  }

  /** The class files {@code c} wrote, by binary name. */
  public static Map<String, byte[]> classFiles(Compilation c) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String uri = f.toUri().getPath();
      String binary = uri.substring(uri.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
          uri.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(binary, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] b = classes.get(name);
    if (b == null) {
      throw new ClassNotFoundException(name + " (generated: " + classes.keySet() + ")");
    }
    return defineClass(name, b, 0, b.length);
  }
}
