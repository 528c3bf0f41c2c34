package org.dsojava.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Result;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.PendulumMlpDso;

/**
 * Throughput of Algorithm 1's batches on the local engine (1 and 2 threads) and on Spark {@code local[1]}
 * and {@code local[2]}, for the CartPole and Pendulum MLP policies, and Spark's per-iteration overhead (a
 * batch of 2 one-step rollouts). Adam with a negligible rate keeps θ, hence the episode lengths, fixed;
 * the first iterations warm the JIT up and are not counted. Prints a Markdown table (docs/SPARK.md).
 *
 * <pre>mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl dso-spark exec:exec -Dexec.mainClass=org.dsojava.spark.SparkThroughput</pre>
 */
public final class SparkThroughput {
  private SparkThroughput() {}

  private record Case(String name, Supplier<DsoOptimizer> optimizer, SparkEngine.Kernels kernels) {}

  public static void main(String[] args) {
    int warmup = 5;
    int timed = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int batch = 32;
    List<Case> cases = List.of(
        // CartPole from its initial θ: episodes of ~20 steps; horizon 200 cut.
        new Case("CartPole-MLP", () -> CartPoleMlpDso.optimizer().horizon(200).batch(batch),
            (SparkEngine.Kernels) CartPoleMlpDso::kernel),
        new Case("Pendulum-MLP", () -> PendulumMlpDso.optimizer().batch(batch),
            (SparkEngine.Kernels) PendulumMlpDso::kernel),
        new Case("overhead (2 one-step rollouts)", () -> PendulumMlpDso.optimizer().horizon(1).batch(2),
            (SparkEngine.Kernels) PendulumMlpDso::kernel));
    List<String> rows = new ArrayList<>();
    for (Case c : cases) {
      StringBuilder row = new StringBuilder("| " + c.name() + " |");
      for (int threads = 1; threads <= 2; threads++) {
        row.append(cell(run(c.optimizer().get().threads(threads), warmup, timed)));
      }
      for (int cores = 1; cores <= 2; cores++) {
        SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("dso-spark throughput")
            .set("spark.ui.enabled", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
          spark.setLogLevel("WARN");
          SparkEngine e = SparkEngine.on(spark, c.kernels()).partitions(cores).build();
          row.append(cell(run(c.optimizer().get().threads(1).engine(e), warmup, timed)));
        }
      }
      rows.add(row.toString());
    }
    System.out.println();
    System.out.println("| batch of 32 (steps/s; ms per iteration) | local, 1 thread | local, 2 threads | Spark local[1] |"
        + " Spark local[2] |");
    System.out.println("| --- | --- | --- | --- | --- |");
    rows.forEach(System.out::println);
  }

  /** {steps per second, milliseconds per iteration} over the timed iterations. */
  private static double[] run(DsoOptimizer o, int warmup, int timed) {
    Result r = o.seed(1).adam(1e-12).iterations(warmup + timed).progress(null).run();
    var first = r.curve().get(warmup - 1);
    var last = r.curve().get(warmup + timed - 1);
    double seconds = last.seconds() - first.seconds();
    return new double[] {(last.envSteps() - first.envSteps()) / seconds, 1e3 * seconds / timed};
  }

  private static String cell(double[] v) {
    return String.format(Locale.ROOT, " %,.0f; %.1f ms |", v[0], v[1]);
  }
}
