package org.dsojava.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.MlpBaseline;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.PendulumMlpDso;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * θ after 10 iterations on Spark ({@code local[2]}, up to 3 attempts per task) equals the local engine's
 * bit for bit, for 1, 2 and 7 partitions, with Adam and with PCO; a task killed half-way through its
 * range is re-run by Spark and θ is still identical.
 */
class SparkEngineTest {
  private static JavaSparkContext spark;
  /** Kills injected so far (tasks run in this JVM under local[2]). */
  static final AtomicInteger KILLS = new AtomicInteger();

  @BeforeAll
  static void start() {
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("dso-spark-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    spark.setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static DsoOptimizer cartPole() {
    return CartPoleMlpDso.optimizer().seed(21).batch(14).horizon(100).iterations(10).threads(2).progress(null);
  }

  private static SparkEngine.Builder engine() {
    return SparkEngine.on(spark, (SparkEngine.Kernels) CartPoleMlpDso::kernel);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void adamMatchesTheLocalEngineBitForBit(int partitions) {
    double[] local = cartPole().adam(0.01).run().theta();
    double[] onSpark = cartPole().adam(0.01).engine(engine().partitions(partitions).build()).run().theta();
    assertArrayEquals(local, onSpark, 0.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void pcoMatchesTheLocalEngineBitForBit(int partitions) {
    double[] local = cartPole().pco().run().theta();
    double[] onSpark = cartPole().pco().engine(engine().partitions(partitions).build()).run().theta();
    assertArrayEquals(local, onSpark, 0.0);
  }

  @Test
  void pendulumWithAnMlpBaselineMatches() {
    java.util.function.Supplier<DsoOptimizer> pendulum = () -> PendulumMlpDso.optimizer().seed(3).batch(6).horizon(50)
        .iterations(4).threads(2).progress(null).baseline(new MlpBaseline(Features.quadratic(3, 0), 8, 2, 32, 1e-3, 9));
    double[] local = pendulum.get().adam(0.01).run().theta();
    double[] onSpark = pendulum.get().adam(0.01).engine(SparkEngine.on(spark, (SparkEngine.Kernels) PendulumMlpDso::kernel)
        .baseline((config, dim) -> new MlpBaseline(Features.quadratic(dim, 0), 8, 2, 32, 1e-3, 9)).partitions(3).build())
        .run().theta();
    assertArrayEquals(local, onSpark, 0.0);
  }

  @Test
  void aTaskKilledMidIterationIsRerunWithTheSameResult() {
    double[] local = cartPole().pco().run().theta();
    KILLS.set(0);
    // Batch 4's partition 1 and batch 7's partition 0 die half-way through their first attempts.
    SparkEngine killing = engine().partitions(3).faults((iteration, partition, attempt) -> {
      boolean kill = attempt == 0 && ((iteration == 4 && partition == 1) || (iteration == 7 && partition == 0));
      if (kill) {
        KILLS.incrementAndGet();
      }
      return kill;
    }).build();
    double[] onSpark = cartPole().pco().engine(killing).run().theta();
    assertEquals(2, KILLS.get(), "both injected faults fired");
    assertArrayEquals(local, onSpark, 0.0);
  }

  @Test
  void kernelsCompiledFromSourceOnTheExecutorsMatchTheBuiltModel() throws java.io.IOException {
    String source = java.nio.file.Files.readString(java.nio.file.Path.of("..", "samples", "src", "main", "java", "org",
        "dsojava", "samples", "CartPoleMlp.java"));
    double[] local = cartPole().adam(0.01).run().theta();
    double[] onSpark = cartPole().adam(0.01).engine(SparkEngine.on(spark, SourceKernels.of(source)).partitions(3).build())
        .run().theta();
    assertArrayEquals(local, onSpark, 0.0);
  }

  @Test
  void rolloutsTiedToDataMatchWithTheDataLoadedOnTheExecutors() {
    org.dsojava.runtime.data.DataSet data = org.dsojava.samples.estimation.PendulumFilters.record(8, 1, 3).data();
    // 12 rollouts over 8 trajectories: 8 in order, 4 drawn per iteration (eq. 99's tail sampler).
    java.util.function.Supplier<DsoOptimizer> estimator = () -> org.dsojava.samples.estimation.PendulumEstimatorDso
        .optimizer().data(data).batch(12).antithetic(true).seed(4).threads(2).iterations(5).progress(null).adam(0.03);
    double[] local = estimator.get().run().theta();
    double[] onSpark = estimator.get().engine(SparkEngine.on(spark,
        (SparkEngine.Kernels) org.dsojava.samples.estimation.PendulumEstimatorDso::kernel).partitions(5)
        .data(() -> org.dsojava.samples.estimation.PendulumFilters.record(8, 1, 3).data()).build()).run().theta();
    assertArrayEquals(local, onSpark, 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.get()
        .engine(SparkEngine.on(spark, (SparkEngine.Kernels) org.dsojava.samples.estimation.PendulumEstimatorDso::kernel)
            .data(() -> org.dsojava.samples.estimation.PendulumFilters.record(7, 1, 3).data()).build()).run());
    assertTrue(e.getMessage().contains("tied to 8 trajectories"), e.getMessage());
  }

  @Test
  void kernelsOfAnotherModelAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cartPole().adam(0.01)
        .engine(SparkEngine.on(spark, (SparkEngine.Kernels) PendulumMlpDso::kernel).build()).run());
    assertTrue(e.getMessage().contains("not the optimizer's model"), e.getMessage());
  }
}
