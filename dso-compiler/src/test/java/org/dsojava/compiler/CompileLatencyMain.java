package org.dsojava.compiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Warm compile latency of a model source on the javac path (when this JVM has javac) and on the JRE path:
 * five warm-up compilations, then the best and the median of nine; for the JRE path also its two halves
 * (Janino parse → IR → generated sources, and Janino compiling those). Prints; asserts nothing. Run it on a
 * JDK and, with {@code --limit-modules java.base,java.logging}, on a plain JRE (docs/BENCHMARKS.md).
 */
public final class CompileLatencyMain {
  private CompileLatencyMain() {}

  public static void main(String[] args) throws Exception {
    String source = Files.readString(Path.of(args[0]));
    if (DsoModels.hasJavac()) {
      print("javac path", time(() -> DsoModels.compile(source)));
    }
    print("JRE path  ", time(() -> DsoModels.compileWithoutJdk(source)));
    String file = DsoModels.qualifiedName(source);
    file = file.substring(file.lastIndexOf('.') + 1) + ".java";
    String name = file;
    Map<String, String> generated = new TreeMap<>();
    print("  parse, IR, core", time(() -> {
      generated.clear();
      JrePath.generate(name, source, generated, new ArrayList<>());
    }));
    print("  Janino compile ", time(() -> JrePath.load(generated, DsoModels.class.getClassLoader())));
    String kernel = DsoModels.qualifiedName(source) + "Kernel";
    print("  Janino compile, then define and verify the kernel class", time(() -> {
      try {
        Class.forName(kernel, true, JrePath.load(generated, DsoModels.class.getClassLoader()));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }));
  }

  static double[] time(Runnable r) {
    for (int i = 0; i < 5; i++) {
      r.run();
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      long t0 = System.nanoTime();
      r.run();
      ms.add((System.nanoTime() - t0) * 1e-6);
    }
    ms.sort(null);
    return new double[] {ms.get(0), ms.get(4)};
  }

  static void print(String what, double[] t) {
    System.out.printf(Locale.ROOT, "%s: best %.0f ms, median %.0f ms (of 9, after 5 warm-up)%n", what, t[0], t[1]);
  }
}
