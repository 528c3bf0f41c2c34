package org.dsojava.spark;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;
import org.dsojava.samples.CartPoleMlpDso;

/**
 * The CartPole MLP policy (2×64 tanh, 4 545 parameters) optimized by PCO with its batches on Spark, then
 * evaluated on 100 fresh episodes; with {@code --check}, the same run on the local engine too, and whether
 * θ came out bit for bit the same.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl dso-spark exec:exec            (local[*])
 * spark-submit --class org.dsojava.spark.SparkCartPole dso-spark/target/dso-spark-app.jar [--partitions P]
 * </pre>
 *
 * Arguments: {@code [--master M] [--partitions P] [--iterations K] [--batch B] [--seed S] [--check]}; the
 * master defaults to spark-submit's, else {@code local[*]}.
 */
public final class SparkCartPole {
  private SparkCartPole() {}

  public static void main(String[] args) {
    String master = null;
    int partitions = 0;
    int iterations = 40;
    int batch = 32;
    long seed = 1;
    boolean check = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--master" -> master = args[++i];
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--check" -> check = true;
        default -> {
          System.err.println("unknown argument " + args[i] + "; usage: SparkCartPole [--master M] [--partitions P]"
              + " [--iterations K] [--batch B] [--seed S] [--check]");
          System.exit(2);
        }
      }
    }
    SparkConf conf = new SparkConf().setAppName("dso-spark CartPole MLP").set("spark.ui.enabled", "false");
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      spark.setLogLevel("WARN");
      SparkEngine.Builder engine = SparkEngine.on(spark, (SparkEngine.Kernels) CartPoleMlpDso::kernel);
      if (partitions > 0) {
        engine.partitions(partitions);
      }
      SparkEngine e = engine.build();
      System.out.printf(Locale.ROOT, "Spark %s, master %s, %d partitions per batch%n", spark.version(), spark.master(),
          e.partitions());
      long start = System.nanoTime();
      Result onSpark = optimizer(seed, batch, iterations).engine(e).progress(System.out).run();
      double seconds = (System.nanoTime() - start) / 1e9;
      Evaluation eval = Evaluation.run(CartPoleMlpDso.kernel(), onSpark.theta(), 100, true, seed + 2000, 0);
      System.out.printf(Locale.ROOT, "%d iterations in %.1f s; evaluation over 100 fresh episodes: return %.1f ± %.1f%n",
          iterations, seconds, eval.meanReturn(), eval.costStd() / Math.sqrt(eval.episodes()));
      if (check) {
        Result local = optimizer(seed, batch, iterations).progress(null).run();
        boolean same = Arrays.equals(local.theta(), onSpark.theta());
        System.out.println("θ identical to the local engine's, bit for bit: " + (same ? "yes" : "NO"));
        if (!same) {
          System.exit(1);
        }
      }
    }
  }

  private static DsoOptimizer optimizer(long seed, int batch, int iterations) {
    return CartPoleMlpDso.optimizer().seed(seed).batch(batch).horizon(500).iterations(iterations).pco();
  }
}
