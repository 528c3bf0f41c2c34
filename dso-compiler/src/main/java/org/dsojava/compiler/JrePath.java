package org.dsojava.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.Java;
import org.dsojava.compiler.jre.JreModelReader;
import org.dsojava.compiler.jre.JreSources;
import org.dsojava.compiler.jre.Pos;
import org.dsojava.processor.DsoCompiler;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.spi.ModelGenerator;
import org.dsojava.runtime.ChainKernel;

/**
 * Run-time compilation without a JDK: parse (Janino's parser) → resolve, type and read into the IR
 * ({@link JreModelReader}) → the compiler core ({@link DsoCompiler}, the same one the annotation processor
 * runs, so the same IR gives byte-identical sources) → compile the generated sources with Janino in memory
 * → load. Needs only {@code java.base} (and Janino on the class path); no class of the javac front end is
 * loaded.
 */
final class JrePath {
  private JrePath() {}

  /** Stack for one model's compilation: the IR passes recurse over expression depth, as in the processor. */
  private static final long DEEP_STACK = 1L << 30;

  private static volatile DsoCompiler core;

  private static DsoCompiler core() {
    DsoCompiler c = core;
    if (c == null) {
      c = DsoCompiler.withExtensions(DsoModels.class.getClassLoader());
      core = c;
    }
    return c;
  }

  static CompiledModel compile(String source, Map<String, ? extends Object> constants) {
    String qualified = DsoModels.qualifiedName(source);
    String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
    String file = simple + ".java";
    String text = constants.isEmpty() ? source : Specializer.specialize(source, file, simple, constants);
    Map<String, String> generated = new TreeMap<>();
    List<ModelCompilationException.Problem> problems = new ArrayList<>();
    Throwable[] thrown = {null};
    Thread t = new Thread(null, () -> {
      try {
        generate(file, text, generated, problems);
      } catch (Throwable e) {
        thrown[0] = e;
      }
    }, "dso-jre-compiler", DEEP_STACK);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling " + qualified, e);
    }
    if (thrown[0] instanceof RuntimeException re) {
      throw re;
    }
    if (thrown[0] instanceof Error er) {
      throw er;
    }
    if (!problems.isEmpty()) {
      throw new ModelCompilationException(problems);
    }
    if (!generated.containsKey(qualified + "Kernel")) {
      throw new IllegalStateException(qualified + " compiled but no kernel was generated: is it annotated @Chain?");
    }
    ClassLoader loader = load(generated, DsoModels.class.getClassLoader());
    try {
      @SuppressWarnings("unchecked")
      Class<? extends ChainKernel> kernel = (Class<? extends ChainKernel>) loader.loadClass(qualified + "Kernel");
      return new CompiledModel(qualified, kernel, generated);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(qualified + "Kernel was generated but not loaded", e);
    }
  }

  /** Parses, reads and compiles every {@code @Chain} class of the unit; generated sources go to {@code out}. */
  static void generate(String file, String text, Map<String, String> out, List<ModelCompilationException.Problem> problems) {
    Diagnostics diagnostics = new Diagnostics((message, where, msg) -> {
      Pos p = where instanceof Pos pos ? pos : new Pos(file, 0, 0);
      problems.add(new ModelCompilationException.Problem(p.file() == null ? file : p.file(), p.line(), p.column(), msg));
    });
    JreSources sources = new JreSources(DsoModels.class.getClassLoader());
    JreSources.Unit unit;
    try {
      unit = sources.addModel(file, text);
    } catch (CompileException e) {
      Location l = e.getLocation();
      String msg = e.getMessage();
      if (l != null && msg.startsWith(l.toString())) {
        msg = msg.substring(l.toString().length()).replaceFirst("^:\\s*", "");
      }
      problems.add(new ModelCompilationException.Problem(file, l == null ? 0 : l.getLineNumber(),
          l == null ? 0 : l.getColumnNumber(), msg));
      return;
    }
    DsoCompiler core = core();
    JreModelReader reader = new JreModelReader(sources, diagnostics, core.primitives(), core.distributions());
    List<JreSources.ClassRef> chains = new ArrayList<>();
    String pkg = unit.tree().packageDeclaration == null ? "" : unit.tree().packageDeclaration.packageName + ".";
    for (Java.PackageMemberTypeDeclaration t : unit.tree().getPackageMemberTypeDeclarations()) {
      collect(sources.find(pkg + t.getName()), sources, reader, chains);
    }
    for (JreSources.ClassRef c : chains) {
      Model model = reader.read(c);
      if (model == null) {
        continue;
      }
      core.compile(model, diagnostics, reader.where(c), new ModelGenerator.Output() {
        @Override
        public void writeSource(String qualifiedName, String source) {
          out.put(qualifiedName, source);
        }

        @Override
        public void writeResource(String relativePath, String source) {
          // resources of generators are not needed to run the model
        }
      });
    }
  }

  private static void collect(JreSources.ClassRef c, JreSources sources, JreModelReader reader,
      List<JreSources.ClassRef> out) {
    if (c == null || !c.hasSource()) {
      return;
    }
    if (reader.isChain(c)) {
      out.add(c);
    }
    for (Java.MemberTypeDeclaration m : c.decl().getMemberTypeDeclarations()) {
      collect(sources.find(c.qualified() + "." + m.getName()), sources, reader, out);
    }
  }

  /**
   * Compiles the generated sources with Janino, all units together, and defines them in one loader that
   * looks at them before its parent: a class of the same name on the class path (the build-time kernel of
   * a sample, say) must not stand in for the one just generated, and the generated classes must see each
   * other (the lockstep kernel is found by name beside the kernel).
   */
  static ClassLoader load(Map<String, String> generated, ClassLoader parent) {
    org.codehaus.janino.Compiler compiler = new org.codehaus.janino.Compiler();
    compiler.setIClassLoader(new org.codehaus.janino.ClassLoaderIClassLoader(parent));
    Map<String, byte[]> classFiles = new java.util.HashMap<>();
    compiler.setClassFileCreator(new org.codehaus.commons.compiler.util.resource.MapResourceCreator(classFiles));
    List<org.codehaus.commons.compiler.util.resource.Resource> units = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(generated).entrySet()) {
      units.add(new org.codehaus.commons.compiler.util.resource.StringResource(
          e.getKey().replace('.', '/') + ".java", e.getValue()));
    }
    try {
      compiler.compile(units.toArray(new org.codehaus.commons.compiler.util.resource.Resource[0]));
    } catch (CompileException | java.io.IOException e) {
      throw new IllegalStateException("Janino cannot compile the generated sources " + generated.keySet() + ": "
          + e.getMessage(), e);
    }
    return new GeneratedClasses(classFiles, parent);
  }

  /** The generated classes, defined here before the parent is asked (see {@link #load}). */
  private static final class GeneratedClasses extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final Map<String, byte[]> classFiles;

    GeneratedClasses(Map<String, byte[]> classFiles, ClassLoader parent) {
      super(parent);
      this.classFiles = classFiles;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      byte[] b = classFiles.get(name.replace('.', '/') + ".class");
      if (b == null) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = defineClass(name, b, 0, b.length);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
