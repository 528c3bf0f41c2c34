package org.dsojava.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real plain-JRE run: a child JVM limited to {@code java.base} (and the few platform modules Janino and
 * the runtime need; never {@code java.compiler} or {@code jdk.compiler}) compiles CartPoleMlp from its
 * source through {@link DsoModels#compile(String, java.util.Map)} and runs three optimizer iterations. Its
 * θ must equal, bit for bit, what the javac path gives in this JVM, and so must a digest of the generated
 * sources; the child's class-loading log must show no class of the javac front end ({@code frontend/},
 * {@code DsoProcessor}) nor of javac's tree API.
 */
class JrePlainJreTest {
  /** Modules of the child JVM: no java.compiler, no jdk.compiler. */
  static final String MODULES = "java.base,java.logging";

  @Test
  void aJvmWithoutJavacCompilesAndOptimizesAModel(@TempDir Path dir) throws Exception {
    Path source = JreFrontEndTest.SAMPLES.resolve("CartPoleMlp.java");
    String expected = "javac false\n" + JreRunMain.run(DsoModels.compile(Files.readString(source)));
    String out = runPlainJre(dir, source.toString());
    assertEquals(expected, out);
  }

  @Test
  void structuralConstantsWorkWithoutJavac(@TempDir Path dir) throws Exception {
    Path source = JreFrontEndTest.SAMPLES.resolve("PendulumMlp.java");
    String expected = "javac false\n"
        + JreRunMain.run(DsoModels.compile(Files.readString(source), java.util.Map.of("OBS", 3)));
    String out = runPlainJre(dir, source.toString(), "OBS", "3");
    assertEquals(expected, out);
  }

  static String runPlainJre(Path dir, String... args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path loaded = dir.resolve("classes.txt");
    List<String> command = new ArrayList<>(List.of(java, "--limit-modules", MODULES,
        "-Xlog:class+load=info:file=" + loaded, "-cp", System.getProperty("java.class.path"),
        JreRunMain.class.getName()));
    Path result = dir.resolve("result.txt");
    command.add(args[0]);
    command.add(result.toString());
    command.addAll(List.of(args).subList(1, args.length));
    Path log = dir.resolve("log.txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    // The JRE path loads nothing of the javac front end or of javac's tree API.
    List<String> classes = Files.readAllLines(loaded);
    assertTrue(classes.stream().anyMatch(l -> l.contains("org.dsojava.compiler.jre.JreModelReader ")), "no class log");
    for (String l : classes) {
      assertFalse(l.contains("org.dsojava.processor.frontend.") || l.contains("org.dsojava.processor.DsoProcessor")
          || l.contains("com.sun.source.") || l.contains("org.dsojava.compiler.JavacPath"), l);
    }
    return Files.readString(result, StandardCharsets.UTF_8);
  }
}
