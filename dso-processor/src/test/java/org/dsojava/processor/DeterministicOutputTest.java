package org.dsojava.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Same input, byte-identical output: two independent compilations (fresh processor instances) of
 * a model generate exactly the same sources, so builds are reproducible and golden files stable.
 */
class DeterministicOutputTest {
  @ParameterizedTest
  @ValueSource(strings = {"Helpers", "NestedLoops", "BranchNoise", "MathZoo", "Mixed"})
  void twoCompilationsGenerateIdenticalSources(String model) throws IOException {
    String source;
    try (InputStream in = getClass().getResourceAsStream("/models/" + model + ".java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> first = generated(source, model);
    Map<String, String> second = generated(source, model);
    assertTrue(first.size() >= 2, "expected the kernel and the entry class, got " + first.keySet());
    assertEquals(first, second);
  }

  private static Map<String, String> generated(String source, String model) throws IOException {
    Compilation c = Compiler.javac().withProcessors(new DsoProcessor())
        .compile(JavaFileObjects.forSourceString("test." + model, source));
    assertThat(c).succeededWithoutWarnings();
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject f : c.generatedSourceFiles()) {
      out.put(f.getName(), f.getCharContent(true).toString());
    }
    return out;
  }
}
