package org.dsojava.benchmarks.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KernelFlops} against a small source counted by hand. */
class KernelFlopsTest {
  static final String SOURCE = """
      class T {
        final double[] a = new double[9];

        void m(double[] x, double w, double v) {
          double s = 0;
          for (int i = 0; i < 8; i++) {
            s += x[i] * a[i + 1];                // 8 x 2, the index i + 1 is int
          }
          for (int o = 4 - 1; o >= 0; o--) {
            s = s * 2.0 + 3.0 * 4.0;             // 4 x 2, 3.0 * 4.0 folded by javac
          }
          if (w != 0.0) {
            s -= Math.exp(s) / w;                // 2, a weight test: the then-branch
          }
          if (v > s) {
            s = s * s * s;                       // 2, the larger branch
          } else {
            s = -s;                              // unary minus: 0
          }
          x[0] = Math.fma(s, s, s) - h(s);       // 2 + 1 + h
        }

        double h(double y) {
          return Math.tanh(y) * y + Math.max(y, 0.0);   // 2
        }
      }
      """;

  @Test
  void countsTheHandCountedSource(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("T.java");
    Files.writeString(file, SOURCE);
    Map<String, KernelFlops.Count> counts = KernelFlops.count(List.of(file.toFile()), List.of("m", "h"));
    KernelFlops.Count m = counts.get("T.m");
    assertEquals(16 + 8 + 2 + 2 + 3 + 2, m.flops);
    assertEquals(Map.of("exp", 1L, "tanh", 1L, "max", 1L), m.calls);
    assertEquals(2, m.transcendentals());
    assertEquals(1, m.notes.size(), m.notes.toString());
    assertEquals(2, counts.get("T.h").flops);
  }

  @Test
  void refusesALoopWithoutAConstantTripCount(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("U.java");
    Files.writeString(file, "class U { double m(double[] x) { double s = 0; for (int i = 0; i < x.length; i++) {"
        + " s += x[i]; } return s; } }");
    List<File> files = List.of(file.toFile());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelFlops.count(files, List.of("m")));
    assertEquals(true, e.getMessage().contains("x.length"), e.getMessage());
  }
}
