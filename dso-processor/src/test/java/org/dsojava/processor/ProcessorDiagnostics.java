package org.dsojava.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiling test models with the processor, and exact assertions on the errors it reports. */
final class ProcessorDiagnostics {
  private ProcessorDiagnostics() {}

  static Compilation compile(ModelSource src) {
    return javac().withProcessors(new DsoProcessor()).compile(src.file);
  }

  /** Where an error is expected: a line found by its content, and the column of a part of it. */
  record At(String marker, String part) {}

  /** At the start of {@code marker}. */
  static At at(String marker) {
    return new At(marker, marker);
  }

  /** At the first {@code part} from {@code marker} on (e.g. the '(' of a call, the operator of a binary expression). */
  static At at(String marker, String part) {
    return new At(marker, part);
  }

  /**
   * Asserts that compiling {@code src} reports exactly one error: {@code message}, word for word, at
   * {@code where}.
   */
  static Compilation assertOnlyError(ModelSource src, String message, At where) {
    Compilation c = compile(src);
    assertError(c, src, message, where);
    assertErrorCount(c, src, 1);
    return c;
  }

  /** Asserts that {@code c} reports {@code message}, word for word, at {@code where}. */
  static void assertError(Compilation c, ModelSource src, String message, At where) {
    int line = src.line(where.marker());
    int column = src.column(where.marker(), where.part());
    assertThat(c).hadErrorContaining(message).inFile(src.file).onLine(line).atColumn(column);
    boolean exact = c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).equals(message)
        && d.getLineNumber() == line && d.getColumnNumber() == column);
    if (!exact) {
      fail("no error with exactly the text\n  " + message + "\nat " + line + ":" + column + "; errors:\n"
          + describe(c.errors()) + "\nin\n" + src);
    }
  }

  static void assertErrorCount(Compilation c, ModelSource src, int count) {
    assertEquals(count, c.errors().size(), () -> "errors:\n" + describe(c.errors()) + "\nin\n" + src);
  }

  /**
   * The sources the processor writes for {@code src}. compile-testing hides generated files of a
   * failed compilation, so this runs javac (annotation processing only) with a file manager that
   * records what the Filer creates.
   */
  static List<String> generatedSources(ModelSource src) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> written = new ArrayList<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    JavaFileManager recording = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        if (kind == JavaFileObject.Kind.SOURCE) {
          written.add(className);
        }
        // Kept in memory: javac parses generated sources in the next round.
        StringWriter content = new StringWriter();
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public Writer openWriter() {
            return content;
          }

          @Override
          public OutputStream openOutputStream() {
            return OutputStream.nullOutputStream();
          }

          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return content.toString();
          }
        };
      }
    };
    JavaCompiler.CompilationTask task = javac.getTask(Writer.nullWriter(), recording, d -> { },
        List.of("-proc:only"), null, List.of(src.file));
    task.setProcessors(List.of(new DsoProcessor()));
    task.call();
    return written;
  }

  /** A model with errors gets no kernel. */
  static void assertNothingGenerated(ModelSource src) {
    assertEquals(List.of(), generatedSources(src), "sources generated for a model with errors");
  }

  static String describe(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream()
        .map(d -> "  " + d.getLineNumber() + ":" + d.getColumnNumber() + " " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }
}
