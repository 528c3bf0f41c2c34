package org.dsojava.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.dsojava.annotations.Chain;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.frontend.ModelReader;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;
import org.dsojava.processor.spi.StrictMathFunction;
import org.dsojava.processor.transform.Programs;
import org.dsojava.processor.transform.TapeSize;
import org.dsojava.processor.writing.JavaWriter;
import org.dsojava.processor.writing.KernelWriter;

/**
 * The model compiler: for every {@code @Chain} class, read → validate → transform → write. Errors are
 * reported through the Messager and never thrown at javac.
 */
@AutoService(Processor.class)
public final class DsoProcessor extends AbstractProcessor {
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Chain.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<? extends Element> chains = round.getElementsAnnotatedWith(Chain.class);
    if (chains.isEmpty()) {
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
    Map<String, PrimitiveFunction> primitives = new TreeMap<>();
    for (PrimitiveFunction f : ServiceLoader.load(PrimitiveFunction.class, DsoProcessor.class.getClassLoader())) {
      primitives.put(f.key(), f);
    }
    primitives = StrictMathFunction.withTwins(primitives);
    Map<String, NoiseDistribution> distributions = new TreeMap<>();
    for (NoiseDistribution d : ServiceLoader.load(NoiseDistribution.class, DsoProcessor.class.getClassLoader())) {
      distributions.put(d.name(), d);
    }
    for (Element e : chains) {
      try {
        compile((TypeElement) e, trees, diagnostics, primitives, distributions);
      } catch (RuntimeException ex) {
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        diagnostics.error(Message.INTERNAL, e, e.getSimpleName(), trace.toString());
      }
    }
    return false;
  }

  private void compile(TypeElement type, Trees trees, Diagnostics diagnostics,
      Map<String, PrimitiveFunction> primitives, Map<String, NoiseDistribution> distributions) {
    int before = diagnostics.errorCount();
    Model model = new ModelReader(trees, diagnostics, primitives, distributions).read(type);
    if (model == null) {
      return;
    }
    Programs programs = new Programs(model, diagnostics, primitives, distributions);
    programs.checkTransition();
    programs.checkBottleneck();
    programs.checkReadOnly();
    if (diagnostics.errorCount() > before) {
      return;
    }
    try {
      for (JavaFile f : new KernelWriter(model, programs, distributions).write()) {
        f.writeTo(processingEnv.getFiler());
      }
    } catch (TapeSize.NotConstant nc) {
      diagnostics.error(Message.LOOP_BOUND, nc.origin != null ? nc.origin : type, JavaWriter.expr(nc.bound),
          type.getSimpleName());
    } catch (IOException io) {
      diagnostics.error(Message.INTERNAL, type, type.getSimpleName(), io.toString());
    }
  }
}
