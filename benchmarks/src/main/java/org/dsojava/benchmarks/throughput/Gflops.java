package org.dsojava.benchmarks.throughput;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Achieved GFLOP/s of {@link LockstepThroughputBenchmark} (issue 19) against the {@link FmaPeakBenchmark}
 * peak, from one JMH CSV result file holding both: env steps/s × the flops of one env step, counted by
 * {@link KernelFlops} in the generated scalar kernels (the lockstep kernel does each lane's operations of
 * the scalar kernel, in its order). One step of the estimator with a non-zero baseline calls
 * {@code sample} forward and {@code meanStep}, {@code accumulateGradient} and {@code cost} backward
 * ({@code RolloutRecursion}); the baseline's own flops are not counted.
 *
 * <p>Run (docs/FLOPS.md): {@code java -cp benchmarks/target/benchmarks.jar
 * org.dsojava.benchmarks.throughput.Gflops results.csv [generated-sources roots...]}, the roots defaulting to
 * {@code samples/target/generated-sources/annotations} and {@code benchmarks/target/generated-sources/annotations}.
 */
public final class Gflops {
  private Gflops() {}

  /** LockstepThroughputBenchmark's model names and their kernels' sources, relative to a generated-sources root. */
  static final Map<String, String> KERNELS = Map.of(
      "linear", "org/dsojava/samples/CartPoleLinearKernel.java",
      "mlp", "org/dsojava/samples/CartPoleMlpKernel.java",
      "pendulum", "org/dsojava/samples/PendulumMlpKernel.java",
      "lqr10", "org/dsojava/benchmarks/models/Lqr10Kernel.java");

  static final List<String> STEP = List.of("sample", "meanStep", "accumulateGradient", "cost");

  /** Splits one CSV line of JMH's output (quoted fields, no embedded quotes). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(ch);
      }
    }
    out.add(b.toString());
    return out;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: Gflops results.csv [generated-sources roots...]");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    List<String> head = fields(lines.get(0));
    int name = head.indexOf("Benchmark");
    int score = head.indexOf("Score");
    int error = head.indexOf("Score Error (99.9%)");
    int unit = head.indexOf("Unit");
    List<String> roots = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("samples/target/generated-sources/annotations", "benchmarks/target/generated-sources/annotations");
    Map<String, Double> peak = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      List<String> f = fields(l);
      String b = f.get(name);
      if (b.contains("FmaPeakBenchmark.") && !b.contains(":") && !b.endsWith("tanhCalls")) {
        if (!f.get(unit).equals("ops/ns")) {
          throw new IllegalArgumentException("FmaPeakBenchmark in " + f.get(unit) + ", expected ops/ns (GFLOP/s)");
        }
        peak.put(b.substring(b.lastIndexOf('.') + 1), Double.parseDouble(f.get(score)));
      } else if (b.endsWith("LockstepThroughputBenchmark.estimate:envSteps")) {
        if (!f.get(unit).equals("ops/s")) {
          throw new IllegalArgumentException("envSteps in " + f.get(unit) + ", expected ops/s");
        }
        rows.add(f);
      }
    }
    Map<String, Long> flops = new LinkedHashMap<>();
    for (var e : KERNELS.entrySet()) {
      File source = null;
      for (String r : roots) {
        File c = new File(r, e.getValue());
        if (c.isFile()) {
          source = c;
        }
      }
      if (source == null) {
        continue;
      }
      long total = 0;
      for (KernelFlops.Count c : KernelFlops.count(List.of(source), STEP).values()) {
        total += c.flops;
      }
      flops.put(e.getKey(), total);
    }
    peak.forEach((k, v) -> System.out.printf(Locale.ROOT, "peak %-13s %7.2f GFLOP/s per thread%n", k, v));
    double scalar = peak.getOrDefault("scalarFma", Double.NaN);
    double vector = peak.getOrDefault("vectorFma8", Double.NaN);
    System.out.printf(Locale.ROOT, "%-9s %5s %7s %12s %10s %13s %11s %11s %11s%n", "model", "lanes", "threads",
        "env steps/s", "± (99.9%)", "flops/step", "GFLOP/s", "per thread", "% peak s/v");
    int model = head.indexOf("Param: model");
    int lanes = head.indexOf("Param: lanes");
    int threads = head.indexOf("Param: threads");
    for (List<String> f : rows) {
      String m = f.get(model);
      Long perStep = flops.get(m);
      if (perStep == null) {
        throw new IllegalArgumentException("no generated kernel source for model " + m + " under " + roots);
      }
      double steps = Double.parseDouble(f.get(score));
      double g = steps * perStep * 1e-9;
      int t = Integer.parseInt(f.get(threads));
      System.out.printf(Locale.ROOT, "%-9s %5s %7d %12.4g %10.3g %13d %11.3f %11.3f %5.1f/%4.1f%n", m, f.get(lanes), t,
          steps, Double.parseDouble(f.get(error)), perStep, g, g / t, 100 * g / t / scalar, 100 * g / t / vector);
    }
  }
}
