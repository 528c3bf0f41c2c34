package org.dsojava.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Part;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.frontend.ModelReader;
import org.dsojava.processor.frontend.Sources;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.spi.ModelGenerator;

/**
 * The model compiler as an annotation processor: for every {@code @Chain} class, javac's elements and trees
 * are read into the IR (the front end, {@link ModelReader}) and handed to the core, {@link DsoCompiler}
 * (validate → transform → write). Errors are reported through the Messager and never thrown at javac.
 */
@AutoService(Processor.class)
public final class DsoProcessor extends AbstractProcessor {
  /** The compiler core with this processor path's extensions (made on first use). */
  private DsoCompiler core;

  /** Generated class-name stem (package.Name) → the model that claimed it, across rounds. */
  private final Map<String, String> generatedBy = new java.util.HashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Chain.class.getCanonicalName(), Part.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<? extends Element> chains = round.getElementsAnnotatedWith(Chain.class);
    Set<? extends Element> parts = round.getElementsAnnotatedWith(Part.class);
    if (chains.isEmpty() && parts.isEmpty()) {
      return false;
    }
    Trees trees;
    try {
      trees = Trees.instance(processingEnv);
    } catch (IllegalArgumentException | LinkageError e) {
      Diagnostics d = new Diagnostics(processingEnv.getMessager(), null);
      for (Element e2 : chains) {
        d.error(Message.NOT_JAVAC, e2, processingEnv.getClass().getName());
      }
      return false;
    }
    Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager(), trees);
    exportParts(parts, trees, diagnostics);
    if (core == null) {
      core = DsoCompiler.withExtensions(DsoProcessor.class.getClassLoader());
    }
    for (Element e : chains) {
      Throwable failure = onDeepStack(() -> compile((TypeElement) e, trees, diagnostics));
      if (failure instanceof StackOverflowError) {
        diagnostics.error(Message.TOO_DEEP, e, "a method of " + e.getSimpleName(),
            "more than the " + (DEEP_STACK >> 20) + " MB of stack the compiler gives a model");
      } else if (failure != null) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        diagnostics.error(Message.INTERNAL, e, e.getSimpleName(), trace.toString());
      }
    }
    return false;
  }

  /** Top-level classes whose source this build has put in its output, across rounds. */
  private final Set<String> exported = new java.util.HashSet<>();

  /**
   * Leaves the source of every {@code @Part} in the class output ({@link Sources#PREFIX}), so that a
   * model compiled against this module's jar can read the part's method bodies.
   */
  private void exportParts(Set<? extends Element> parts, Trees trees, Diagnostics diagnostics) {
    for (Element e : parts) {
      Element top = e;
      while (top.getEnclosingElement() instanceof TypeElement outer) {
        top = outer;
      }
      String name = ((TypeElement) top).getQualifiedName().toString();
      var path = trees.getPath(top);
      if (path == null || !exported.add(name)) {
        continue;
      }
      try {
        CharSequence text = path.getCompilationUnit().getSourceFile().getCharContent(true);
        javax.tools.FileObject out = processingEnv.getFiler().createResource(javax.tools.StandardLocation.CLASS_OUTPUT,
            "", Sources.resourceName(name), top);
        try (java.io.Writer w = out.openWriter()) {
          w.append(text);
        }
      } catch (IOException io) {
        diagnostics.error(Message.INTERNAL, e, e.getSimpleName(), "writing its source for other modules: " + io);
      }
    }
  }

  /** Stack for one model's compilation: the IR passes recurse over expression depth (a 1500-term sum). */
  static final long DEEP_STACK = 1L << 30;

  /**
   * Runs {@code work} on a thread of its own with a {@link #DEEP_STACK}-byte stack and waits for it; the
   * caller's thread does nothing meanwhile, so javac's objects are never used by two threads at once.
   * Returns what it threw, or null.
   */
  private static Throwable onDeepStack(Runnable work) {
    Throwable[] thrown = {null};
    Thread t = new Thread(null, () -> {
      try {
        work.run();
      } catch (Throwable ex) {
        thrown[0] = ex;
      }
    }, "dso-processor", DEEP_STACK);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException ie) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return thrown[0];
  }

  /** Reads the model through javac (the front end) and hands its IR to the core. */
  private void compile(TypeElement type, Trees trees, Diagnostics diagnostics) {
    Model model = new ModelReader(trees, new Sources(trees, processingEnv.getFiler()), processingEnv.getElementUtils(),
        diagnostics, core.primitives(), core.distributions()).read(type);
    if (model == null) {
      return;
    }
    String kernel = model.packageName().isEmpty() ? model.simpleName() : model.packageName() + "." + model.simpleName();
    String owner = generatedBy.putIfAbsent(kernel, type.getQualifiedName().toString());
    if (owner != null && !owner.equals(type.getQualifiedName().toString())) {
      diagnostics.error(Message.OUTPUT_CLASH, type, type.getQualifiedName(), kernel + "Kernel", owner);
      return;
    }
    core.compile(model, diagnostics, type, new ModelGenerator.Output() {
      @Override
      public void writeSource(String qualifiedName, String text) throws IOException {
        try (java.io.Writer w = processingEnv.getFiler().createSourceFile(qualifiedName, type).openWriter()) {
          w.append(text);
        }
      }

      @Override
      public void writeResource(String relativePath, String text) throws IOException {
        try (java.io.Writer w = processingEnv.getFiler().createResource(javax.tools.StandardLocation.CLASS_OUTPUT,
            "", relativePath, type).openWriter()) {
          w.append(text);
        }
      }
    });
  }
}
