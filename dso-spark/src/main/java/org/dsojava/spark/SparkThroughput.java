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
 * the first iterations (100 by default) warm the JIT up and are not counted. Prints a Markdown table (docs/SPARK.md).
 *
 * <pre>mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl dso-spark exec:exec -Dexec.mainClass=org.dsojava.spark.SparkThroughput</pre>
 */
public final class SparkThroughput {
  private SparkThroughput() {}

  private record Case(String name, Supplier<DsoOptimizer> optimizer, SparkEngine.Kernels kernels) {}

  public static void main(String[] args) {
    int timed = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    // The remote path (worker, codec, Spark's task code) reaches its compiled speed later than the local loop.
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int batch = 32;
    int executors = 100;
    List<Case> cases = List.of(
        // CartPole from its initial θ: short episodes (about 20 steps), so the batch is small work.
        new Case("CartPole-MLP", () -> CartPoleMlpDso.optimizer().horizon(200).batch(batch),
            (SparkEngine.Kernels) CartPoleMlpDso::kernel),
        new Case("Pendulum-MLP", () -> PendulumMlpDso.optimizer().batch(batch),
            (SparkEngine.Kernels) PendulumMlpDso::kernel),
        new Case("overhead (2 one-step rollouts)", () -> PendulumMlpDso.optimizer().horizon(1).batch(2),
            (SparkEngine.Kernels) PendulumMlpDso::kernel));
    List<String> rows = new ArrayList<>();
    double[][] ms = new double[cases.size()][];
    for (int c = 0; c < cases.size(); c++) {
      Case k = cases.get(c);
      double[][] cells = new double[5][];
      cells[0] = run(k.optimizer().get().threads(1), warmup, timed);
      cells[1] = run(k.optimizer().get().threads(2), warmup, timed);
      // The remote path without Spark: the same encoding, one worker, in this JVM.
      cells[2] = run(k.optimizer().get().threads(1).engine(inProcess(k.kernels())), warmup, timed);
      for (int cores = 1; cores <= 2; cores++) {
        SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("dso-spark throughput")
            .set("spark.ui.enabled", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
          spark.setLogLevel("WARN");
          SparkEngine e = SparkEngine.on(spark, k.kernels()).partitions(cores).build();
          cells[2 + cores] = run(k.optimizer().get().threads(1).engine(e), warmup, timed);
        }
      }
      StringBuilder row = new StringBuilder("| " + k.name() + " |");
      ms[c] = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        row.append(cell(cells[i]));
        ms[c][i] = cells[i][1];
      }
      rows.add(row.toString());
    }
    // Spark's overhead split: a broadcast of a θ-sized request (36 KB) destroyed again, and a job of two
    // empty tasks collecting 8 bytes each, on local[2].
    try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[2]")
        .setAppName("dso-spark overhead").set("spark.ui.enabled", "false"))) {
      spark.setLogLevel("WARN");
      List<int[]> two = List.of(new int[] {0, 1}, new int[] {1, 2});
      byte[] request = new byte[36_000];
      double[] broadcastMs = new double[2];
      double[] jobMs = new double[2];
      for (int round = 0; round < 2; round++) { // the first round warms up
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
          spark.broadcast(request).destroy();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
          spark.parallelize(two, 2).map(r -> new byte[8]).collect();
        }
        long t2 = System.nanoTime();
        broadcastMs[round] = (t1 - t0) / 50e6;
        jobMs[round] = (t2 - t1) / 50e6;
      }
      System.out.printf(Locale.ROOT, "%nSpark local[2]: broadcast + destroy of 36 KB %.2f ms; a 2-task job %.2f ms%n",
          broadcastMs[1], jobMs[1]);
    }
    System.out.println();
    System.out.println("| batch of 32: env steps/s; ms per iteration | local, 1 thread | local, 2 threads |"
        + " remote path in-process, 1 worker | Spark local[1] | Spark local[2] |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    rows.forEach(System.out::println);
    // Break-even: a cluster of E one-core executors, per iteration o + B·(t/E + c), against this machine's
    // B·t/s₂ (2 threads); o = Spark's per-iteration overhead (local[2], tiny batch), t = one rollout on one
    // core, c = the remote path's per-rollout cost (encode, decode, put back), s₂ = the 2-thread speed-up.
    double overhead = ms[cases.size() - 1][4];
    System.out.println();
    for (int c = 0; c < cases.size() - 1; c++) {
      double t = ms[c][0] / batch;
      double s2 = ms[c][0] / ms[c][1];
      double perRollout = Math.max(0, (ms[c][2] - ms[c][0]) / batch);
      double gain = t / s2 - t / executors - perRollout;
      System.out.printf(Locale.ROOT, "%s: t = %.3f ms per rollout, s2 = %.2f, c = %.3f ms, o = %.1f ms: %s%n",
          cases.get(c).name(), t, s2, perRollout, overhead, gain <= 0 ? "a cluster never wins"
              : String.format(Locale.ROOT, "%d executors beat this machine from a batch of %.0f rollouts (%.1f per"
                  + " executor)", executors, Math.ceil(overhead / gain), Math.ceil(overhead / gain) / executors));
    }
  }

  /** The remote path in this JVM: one {@link org.dsojava.runtime.optim.RolloutWorker} runs the whole batch. */
  private static org.dsojava.runtime.optim.RolloutEngine inProcess(SparkEngine.Kernels kernels) {
    return (config, paramCount) -> {
      var worker = new org.dsojava.runtime.optim.RolloutWorker(kernels, config, 1,
          DsoOptimizer.defaultBaseline(kernels.create().stateDim(), config));
      return new org.dsojava.runtime.optim.RolloutEngine.Runner() {
        @Override
        public List<byte[]> run(byte[] request) {
          return List.of(worker.run(request, 0, config.batch()));
        }

        @Override
        public void close() {
          worker.close();
        }
      };
    };
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
