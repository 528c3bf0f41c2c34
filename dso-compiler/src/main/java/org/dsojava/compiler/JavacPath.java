package org.dsojava.compiler;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.dsojava.processor.DsoProcessor;
import org.dsojava.runtime.ChainKernel;

/**
 * Run-time compilation with a JDK: javac and the model compiler (the same {@link DsoProcessor} a build runs)
 * in memory, no files written. Loaded only when the JVM has the {@code java.compiler} module, so that a
 * plain JRE never touches a {@code javax.tools} class.
 */
final class JavacPath {
  private JavacPath() {}

  /** Compiles the model with the given values of its {@code static final} constants. */
  static CompiledModel compile(String source, Map<String, ? extends Object> constants) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String qualified = DsoModels.qualifiedName(source);
    String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
    String text = constants.isEmpty() ? source : specialize(javac, source, simple, constants);
    Source unit = new Source(qualified, text);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
    Memory memory = new Memory(standard);
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:full",
        "-implicit:none", "-Xlint:-options");
    JavacTask task = (JavacTask) javac.getTask(null, memory, diagnostics, filterOptions(javac, options), null,
        List.of(unit));
    task.setProcessors(List.of(new DsoProcessor()));
    boolean ok = task.call();
    List<ModelCompilationException.Problem> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String file = d.getSource() == null ? qualified : fileName(d.getSource());
        problems.add(new ModelCompilationException.Problem(file, d.getLineNumber() < 0 ? 0 : d.getLineNumber(),
            d.getColumnNumber() < 0 ? 0 : d.getColumnNumber(), d.getMessage(Locale.ROOT)));
      }
    }
    if (!ok || !problems.isEmpty()) {
      throw new ModelCompilationException(problems);
    }
    ClassLoader loader = new MemoryLoader(memory.classes, DsoModels.class.getClassLoader());
    try {
      @SuppressWarnings("unchecked")
      Class<? extends ChainKernel> kernel = (Class<? extends ChainKernel>) loader.loadClass(qualified + "Kernel");
      return new CompiledModel(qualified, kernel, memory.sources);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(qualified + " compiled but no kernel was generated: is it annotated @Chain?", e);
    }
  }

  /** -proc:full exists from JDK 21 on; older javac runs processors by default. */
  private static List<String> filterOptions(JavaCompiler javac, List<String> options) {
    List<String> out = new ArrayList<>();
    for (String o : options) {
      if (o.equals("-proc:full") && javac.isSupportedOption("-proc:full") < 0
          && Runtime.version().feature() < 21) {
        continue;
      }
      out.add(o);
    }
    return out;
  }

  /**
   * The source with the initializers of the named {@code static final} fields of class {@code simple}
   * replaced by the given values (found by javac's parser, so comments and strings are safe).
   */
  static String specialize(JavaCompiler javac, String source, String simple, Map<String, ? extends Object> constants) {
    try {
      JavacTask parse = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null,
          List.of(new Source(simple, source)));
      CompilationUnitTree unit = parse.parse().iterator().next();
      SourcePositions positions = Trees.instance(parse).getSourcePositions();
      Map<String, long[]> spans = new LinkedHashMap<>();
      for (Tree t : unit.getTypeDecls()) {
        if (t instanceof ClassTree ct && ct.getSimpleName().contentEquals(simple)) {
          for (Tree m : ct.getMembers()) {
            if (m instanceof VariableTree v && v.getInitializer() != null
                && v.getModifiers().getFlags().contains(Modifier.STATIC)
                && v.getModifiers().getFlags().contains(Modifier.FINAL)) {
              spans.put(v.getName().toString(), new long[] {positions.getStartPosition(unit, v.getInitializer()),
                  positions.getEndPosition(unit, v.getInitializer()), DsoModels.kind(v.getType().toString())});
            }
          }
        }
      }
      TreeMap<Long, String[]> edits = new TreeMap<>();
      for (Map.Entry<String, ? extends Object> c : constants.entrySet()) {
        long[] span = spans.get(c.getKey());
        if (span == null) {
          throw new IllegalArgumentException("constant " + c.getKey() + " is not a static final field with an"
              + " initializer of " + simple + "; its constants: " + spans.keySet());
        }
        edits.put(span[0], new String[] {Long.toString(span[1]), DsoModels.literal(c.getKey(), c.getValue(), (int) span[2])});
      }
      StringBuilder out = new StringBuilder(source);
      for (Map.Entry<Long, String[]> e : edits.descendingMap().entrySet()) {
        out.replace(e.getKey().intValue(), Integer.parseInt(e.getValue()[0]), e.getValue()[1]);
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fileName(JavaFileObject f) {
    String path = f.toUri().getPath();
    return path == null ? f.getName() : path.substring(path.lastIndexOf('/') + 1);
  }

  /** The model's source, named as javac expects ({@code Name.java}). */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String qualified, String text) {
      super(URI.create("string:///" + qualified.replace('.', '/') + ".java"), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** Keeps javac's output (classes, generated sources, resources) in memory. */
  private static final class Memory extends ForwardingJavaFileManager<JavaFileManager> {
    final Map<String, byte[]> classes = new TreeMap<>();
    final Map<String, String> sources = new TreeMap<>();

    Memory(JavaFileManager standard) {
      super(standard);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
        FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream() {
            @Override
            public void close() {
              classes.put(className, toByteArray());
            }
          };
        }

        @Override
        public Writer openWriter() {
          return new StringWriter() {
            @Override
            public void close() {
              sources.put(className, toString());
            }
          };
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          String s = sources.get(className);
          if (s == null) {
            throw new IllegalStateException(className + " not written yet");
          }
          return s;
        }
      };
    }

    @Override
    public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + relativeName), JavaFileObject.Kind.OTHER) {
        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream();
        }

        @Override
        public Writer openWriter() {
          return new StringWriter();
        }
      };
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
      return a.toUri().equals(b.toUri());
    }
  }

  /** Defines the compiled classes, before asking its parent (the same names may exist on the class path). */
  private static final class MemoryLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && classes.containsKey(name)) {
          byte[] b = classes.get(name);
          c = defineClass(name, b, 0, b.length);
        }
        if (c == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
