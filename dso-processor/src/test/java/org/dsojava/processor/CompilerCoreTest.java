package org.dsojava.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.dsojava.annotations.Chain;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.frontend.ModelReader;
import org.dsojava.processor.frontend.Sources;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.spi.ModelGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiler core ({@link DsoCompiler}) driven by a host of its own: the IR from javac's front end, errors
 * to a {@link org.dsojava.processor.diag.Reporter} that records them, files to memory. It writes what the
 * annotation processor writes, byte for byte, and hands the front end's positions back untouched.
 */
class CompilerCoreTest {
  record Reported(Message message, Object where, String text) {}

  /** Reads every model with javac's front end and compiles its IR with the core into memory. */
  static final class Host extends AbstractProcessor {
    final Map<String, String> written = new TreeMap<>();
    final List<Reported> reported = new ArrayList<>();
    Boolean compiled;

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
      DsoCompiler core = DsoCompiler.withExtensions(DsoCompiler.class.getClassLoader());
      Trees trees = Trees.instance(processingEnv);
      for (Element e : round.getElementsAnnotatedWith(Chain.class)) {
        TypeElement type = (TypeElement) e;
        Diagnostics reading = new Diagnostics(processingEnv.getMessager(), trees);
        Model model = new ModelReader(trees, new Sources(trees, processingEnv.getFiler()),
            processingEnv.getElementUtils(), reading, core.primitives(), core.distributions()).read(type);
        assertNotNull(model, "the front end read " + type);
        Diagnostics diagnostics = new Diagnostics((message, where, text) -> reported.add(new Reported(message, where,
            text)));
        compiled = core.compile(model, diagnostics, type, new ModelGenerator.Output() {
          @Override
          public void writeSource(String qualifiedName, String text) {
            written.put(qualifiedName, text);
          }

          @Override
          public void writeResource(String relativePath, String text) {
            written.put("resource:" + relativePath, text);
          }
        });
      }
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Helpers", "NestedLoops", "BranchNoise", "MathZoo", "Mixed", "TimeVarying"})
  void writesWhatTheProcessorWritesByteForByte(String name) throws IOException {
    String source;
    try (InputStream in = getClass().getResourceAsStream("/models/" + name + ".java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Compilation built = Compiler.javac().withProcessors(new DsoProcessor())
        .compile(JavaFileObjects.forSourceString("test." + name, source));
    assertThat(built).succeededWithoutWarnings();
    Map<String, String> processor = new TreeMap<>();
    for (JavaFileObject f : built.generatedSourceFiles()) {
      String path = f.toUri().getPath();
      String qualified = path.substring(path.indexOf("/SOURCE_OUTPUT/") + "/SOURCE_OUTPUT/".length())
          .replace(".java", "").replace('/', '.');
      processor.put(qualified, f.getCharContent(true).toString());
    }

    Host host = new Host();
    Compilation c = Compiler.javac().withProcessors(host).compile(JavaFileObjects.forSourceString("test." + name,
        source));
    assertTrue(host.compiled, "compiled: " + host.reported);
    assertEquals(List.of(), host.reported);
    assertEquals(processor.keySet(), host.written.keySet());
    assertEquals(processor, host.written);
    assertThat(c).succeeded();
  }

  @Test
  void reportsCheckErrorsAtTheFrontEndsPositions() {
    JavaFileObject model = JavaFileObjects.forSourceLines("test.Leaky",
        "package test;",
        "",
        "import org.dsojava.annotations.*;",
        "",
        "@Chain(stateDim = 2, discount = 0.9)",
        "public class Leaky {",
        "  @Param double k;",
        "  @Transition void step(double[] x, Noise noise, double[] next) {",
        "    next[0] = k * x[0];",
        "    next[1] = noise.gaussian(x[1], 1);",
        "  }",
        "  @Cost double cost(double[] x) { return x[0] * x[0]; }",
        "  @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); x[1] = 0; }",
        "}");
    Host host = new Host();
    Compiler.javac().withProcessors(host).compile(model);
    assertEquals(Boolean.FALSE, host.compiled);
    assertTrue(host.written.isEmpty(), "nothing is written for a model with errors: " + host.written.keySet());
    assertEquals(1, host.reported.size(), host.reported.toString());
    Reported r = host.reported.get(0);
    assertEquals(Message.THETA_REACHES_NEXT, r.message());
    assertEquals(Message.THETA_REACHES_NEXT.format("next[0]", "step", "k * x[0]"), r.text());
    // The position is the front end's own object: a javac tree in the model's source, not a copy.
    assertTrue(r.where() instanceof Diagnostics.SourcePos, String.valueOf(r.where()));
    Diagnostics.SourcePos pos = (Diagnostics.SourcePos) r.where();
    assertTrue(pos.tree().toString().contains("next[0]"), pos.tree().toString());

    // The annotation processor reports the same text at that tree's line.
    Compilation c = Compiler.javac().withProcessors(new DsoProcessor()).compile(model);
    assertThat(c).hadErrorContaining(r.text()).inFile(model).onLine(9);
  }
}
