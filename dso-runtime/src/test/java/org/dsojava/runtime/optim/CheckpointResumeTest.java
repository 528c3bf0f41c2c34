package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.data.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and resume of {@link DsoOptimizer}: a run of 60 iterations equals 30 + resume + 30 bit for
 * bit (θ, learning curve, totals), for Adam and SGD, linear and MLP baselines, the average-cost setting,
 * data blocks with minibatches, one or two threads; checkpoints from another configuration, model or
 * library, and truncated or corrupt files, are refused with a message naming what differs.
 */
class CheckpointResumeTest {
  @TempDir
  Path dir;

  private static DsoOptimizer noisy() {
    return DsoOptimizer.of(Noisy::new).batch(8).seed(5).progress(null);
  }

  /** Asserts two results are the same run: θ, every record's numbers (not its wall time), the totals. */
  static void assertSameRun(Result expected, Result actual) {
    assertArrayEquals(bits(expected.theta()), bits(actual.theta()), "θ bit for bit");
    assertEquals(expected.envSteps(), actual.envSteps(), "env steps");
    assertEquals(expected.blowups(), actual.blowups(), "blowups");
    assertEquals(expected.dataCostNames(), actual.dataCostNames());
    assertEquals(expected.curve().size(), actual.curve().size(), "curve length");
    for (int i = 0; i < expected.curve().size(); i++) {
      IterationRecord e = expected.curve().get(i);
      IterationRecord a = actual.curve().get(i);
      String at = "record " + i;
      assertEquals(e.iteration(), a.iteration(), at);
      assertEquals(e.envSteps(), a.envSteps(), at);
      assertEquals(Double.doubleToRawLongBits(e.meanCost()), Double.doubleToRawLongBits(a.meanCost()), at);
      assertEquals(Double.doubleToRawLongBits(e.gradientNorm()), Double.doubleToRawLongBits(a.gradientNorm()), at);
      assertEquals(e.blowups(), a.blowups(), at);
      assertArrayEquals(bits(e.rolloutCosts()), bits(a.rolloutCosts()), at);
      assertArrayEquals(e.rolloutSteps(), a.rolloutSteps(), at);
      assertArrayEquals(bits(e.dataCosts()), bits(a.dataCosts()), at);
    }
  }

  static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }

  /** 60 straight vs 30, checkpoint, resume to 60 (threads may differ between the parts). */
  private void assertResumes(Supplier<DsoOptimizer> config, int threadsFirst, int threadsSecond) {
    Result whole = config.get().threads(threadsFirst).iterations(60).run();
    Path file = dir.resolve("run.ckpt");
    Result half = config.get().threads(threadsFirst).iterations(30).checkpoint(file, 7).run();
    assertEquals(30, half.curve().size());
    Result resumed = config.get().threads(threadsSecond).iterations(60).resume(file).run();
    assertSameRun(whole, resumed);
    for (int i = 0; i < 30; i++) {
      assertEquals(half.curve().get(i).seconds(), resumed.curve().get(i).seconds(), "restored wall times");
    }
    assertTrue(resumed.seconds() >= half.curve().get(29).seconds(), "elapsed time continues");
  }

  @Test
  void adamWithTheLinearBaselineResumesBitForBit() {
    assertResumes(CheckpointResumeTest::noisy, 1, 1);
  }

  @Test
  void resumingOnAnotherThreadCountChangesNothing() {
    assertResumes(CheckpointResumeTest::noisy, 2, 1);
  }

  @Test
  void sgdWithAScheduleMlpBaselineAndPriorResumesBitForBit() {
    // The MLP baseline's shuffler is the one stream not keyed by the iteration: its position is saved.
    assertResumes(() -> noisy().stepRule(StepRule.sgd(Schedule.inverseTime(0.01, 20)))
        .baseline(new MlpBaseline(Features.quadratic(1, 0), 6, 3, 16, 0.01, 3)).prior(Prior.gaussian(0, 3))
        .clipGradientNorm(50), 2, 2);
  }

  @Test
  void averageCostSettingResumesBitForBit() {
    // The average-cost estimate Ĵ of the last batch feeds the next one: it is saved.
    assertResumes(() -> noisy().setting(Setting.AVERAGE).discount(1).horizon(40).adam(0.02), 1, 2);
  }

  @Test
  void dataBlocksWithMinibatchesAndTiedRolloutsResumeBitForBit() {
    DataSet data = DataKernel.data(12, 2, 9, 21);
    assertResumes(() -> DsoOptimizer.of(() -> new DataKernel(true)).batch(10).seed(9).progress(null).data(data)
        .rollouts(0.5).dataCost("clone", 1.0).dataCost("sysid", 0.3, 4).adam(0.02), 2, 1);
  }

  @Test
  void aCheckpointIsWrittenAfterTheLastIterationAndEveryNth() throws IOException {
    Path file = dir.resolve("c.ckpt");
    List<Integer> seen = new java.util.ArrayList<>();
    noisy().iterations(10).checkpoint(file, 4).onIteration((k, theta, r) -> {
      if (Files.exists(file)) {
        seen.add(lastIteration(file));
      }
    }).run();
    // The listener runs before the iteration's checkpoint: it sees the checkpoints of 4 and 8.
    assertEquals(List.of(4, 4, 4, 4, 8, 8), seen);
    assertEquals(10, lastIteration(file));
    assertFalse(Files.exists(dir.resolve("c.ckpt.tmp")), "no temporary file is left behind");
    String text = Files.readString(file);
    assertTrue(text.startsWith("# dso-java checkpoint"), text.substring(0, 80));
    assertTrue(text.contains("\nformat = dso-checkpoint 1\n"));
    assertTrue(text.contains("\nmodel.param.1 = sigma\n"));
    assertTrue(text.contains("\nstepRule.kind = adam\n"));
    assertTrue(text.contains("\nconfig.batch = 8\n"));
  }

  private static int lastIteration(Path file) {
    try {
      return SavedState.read(file, RunCheckpoint.FORMAT).section("run").getInt("iteration");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aStopRuleThatEndedTheRunEndsTheResumedRunToo() {
    Path file = dir.resolve("stop.ckpt");
    StopRule atTwelve = (theta, k) -> k == 12;
    Result stopped = noisy().iterations(40).stopWhen(atTwelve).checkpoint(file, 5).run();
    assertEquals(12, stopped.curve().size());
    Result resumed = noisy().iterations(40).stopWhen(atTwelve).resume(file).run();
    assertSameRun(stopped, resumed);
  }

  @Test
  void aCheckpointableStopRuleHasItsStateSaved() {
    // Stops at its 15th call: a counter, restored from the checkpoint.
    class Counting implements StopRule, Checkpointable {
      int calls;

      @Override
      public boolean done(double[] theta, int iteration) {
        return ++calls == 15;
      }

      @Override
      public void saveState(SavedState out) {
        out.putLong("calls", calls);
      }

      @Override
      public void restoreState(SavedState in) {
        calls = in.getInt("calls");
      }
    }
    Result whole = noisy().iterations(40).stopWhen(new Counting()).run();
    assertEquals(15, whole.curve().size());
    Path file = dir.resolve("count.ckpt");
    noisy().iterations(10).stopWhen(new Counting()).checkpoint(file, 3).run();
    Result resumed = noisy().iterations(40).stopWhen(new Counting()).resume(file).run();
    assertSameRun(whole, resumed);
  }

  @Test
  void resumeIfPresentStartsAnewWithoutAFile() {
    Path file = dir.resolve("absent.ckpt");
    Result fresh = noisy().iterations(12).checkpoint(file, 5).resumeIfPresent(file).run();
    assertSameRun(noisy().iterations(12).run(), fresh);
    Result again = noisy().iterations(12).checkpoint(file, 5).resumeIfPresent(file).run();
    assertSameRun(fresh, again);
  }

  @Test
  void aCheckpointFromAnotherConfigurationIsRefusedNamingTheDifference() {
    Path file = dir.resolve("cfg.ckpt");
    noisy().iterations(5).checkpoint(file, 5).run();
    assertRefused(noisy().batch(16), file, "batch = 8 there, 16 here");
    assertRefused(noisy().seed(6), file, "seed = 5 there, 6 here");
    assertRefused(noisy().sgd(0.05), file, "stepRule = adam(rate 0.05 at k = 1, β₂ = 0.999) there, sgd(rate 0.05");
    assertRefused(noisy().adam(0.01), file, "stepRule = adam(rate 0.05");
    assertRefused(noisy().stepRule(StepRule.adam(k -> k < 50 ? 0.05 : 0.01, 0.9, 0.999, 1e-8)), file,
        "the step rule's rates at k = 1, 2, 10, …");
    assertRefused(noisy().stepRule(StepRule.adam(0.05, 0.8, 0.999, 1e-8)), file, "Adam's β₁ β₂ ε = 0.9 0.999 1.0E-8");
    assertRefused(noisy().baseline(ValueBaseline.none()), file, "baseline = linear(3 features, ridge 1.0E-6) there,"
        + " none here");
    assertRefused(noisy().discount(0.9), file, "discount = 0.95 there, 0.9 here");
    assertRefused(noisy().initialTheta(new double[] {0.4, 0.3}), file, "theta0 = ");
    assertRefused(noisy().prior(Prior.gaussian(0, 1)), file, "prior = none there, gaussian(mean 0.0, std 1.0) here");
    // The thread count is not part of the configuration: results do not depend on it.
    noisy().threads(2).iterations(6).resume(file).run();
  }

  @Test
  void aCheckpointOfAnotherModelIsRefused() {
    Path file = dir.resolve("model.ckpt");
    noisy().iterations(3).checkpoint(file, 1).run();
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> DsoOptimizer.of(() -> new DataKernel(false)).progress(null).iterations(5).resume(file).run());
    assertContains(e.getMessage(), "does not fit DataKernel: it was saved from model Noisy, not DataKernel");
  }

  @Test
  void aTruncatedOrCorruptCheckpointIsRefusedAndNothingIsLoaded() throws IOException {
    Path file = dir.resolve("bad.ckpt");
    noisy().iterations(4).checkpoint(file, 1).run();
    byte[] good = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
    assertRefused(noisy(), file, "is incomplete or corrupt: it does not end with its \"sha256 = …\" line");
    String text = new String(good, StandardCharsets.UTF_8);
    Files.writeString(file, text.replace("\nrun.iteration = 4\n", "\nrun.iteration = 3\n"));
    assertRefused(noisy(), file, "is corrupt: its checksum does not match its contents");
    Files.writeString(file, "");
    assertRefused(noisy(), file, "is incomplete or corrupt");
    Files.write(file, good);
    StepRule adam = StepRule.adam(0.05);
    // A refused resume leaves the step rule as it was: a run with it equals a fresh one.
    Files.writeString(file, text.replace("config.seed = 5", "config.seed = 7"));
    assertThrows(CheckpointException.class, () -> noisy().stepRule(adam).iterations(5).resume(file).run());
    assertSameRun(noisy().iterations(5).run(), noisy().stepRule(adam).iterations(5).run());
  }

  @Test
  void checkpointArgumentsAreChecked() {
    Path file = dir.resolve("x.ckpt");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> noisy().checkpoint(file, 0));
    assertContains(e.getMessage(), "pass 1 or more");
    e = assertThrows(IllegalArgumentException.class, () -> noisy().stepRule((theta, g, k) -> {}).iterations(2)
        .checkpoint(file, 1).run());
    assertContains(e.getMessage(), "does not implement Checkpointable");
    noisy().iterations(6).checkpoint(file, 1).run();
    e = assertThrows(IllegalArgumentException.class, () -> noisy().iterations(5).resume(file).run());
    assertContains(e.getMessage(), "after iteration 6, beyond iterations(5)");
    java.io.UncheckedIOException missing = assertThrows(java.io.UncheckedIOException.class,
        () -> noisy().iterations(5).resume(dir.resolve("none.ckpt")).run());
    assertContains(missing.getMessage(), "none.ckpt");
  }

  @Test
  void aCheckpointFromAnotherLibraryVersionIsRefused() throws IOException {
    Path file = dir.resolve("lib.ckpt");
    noisy().iterations(2).checkpoint(file, 1).run();
    SavedState s = SavedState.read(file, RunCheckpoint.FORMAT);
    String text = Files.readString(file);
    String library = s.getString("library");
    String body = text.substring(0, text.lastIndexOf("sha256 = ")).replace("\nlibrary = " + library + "\n",
        "\nlibrary = 0.0.1-old\n");
    Files.writeString(file, body + "sha256 = " + SavedState.sha256(body.getBytes(StandardCharsets.UTF_8)) + "\n");
    assertRefused(noisy(), file, "was written by dso-runtime 0.0.1-old; this is " + library);
  }

  // ------------------------------------------------------------------ batch methods (BatchLoop)

  private static EstimatorConfig batchConfig(int threads) {
    return DsoOptimizer.of(Noisy::new).batch(8).seed(5).threads(threads).config();
  }

  private static final double[] THETA0 = {0.5, 0.3};

  /** A batch method built for a thread count, configured further (checkpoint, resume) by the test. */
  private interface Method {
    Result run(int threads, java.util.function.UnaryOperator<Object> configure, int iterations);
  }

  private void assertBatchMethodResumes(Method m) {
    Result whole = m.run(2, o -> o, 40);
    Path file = dir.resolve("batch.ckpt");
    Result half = m.run(2, o -> checkpoint(o, file), 20);
    assertEquals(20, half.curve().size());
    Result resumed = m.run(1, o -> resume(o, file), 40);
    assertSameRun(whole, resumed);
  }

  private static Object checkpoint(Object o, Path file) {
    if (o instanceof ProximalChainOptimization p) {
      return p.checkpoint(file, 6);
    } else if (o instanceof ChainIteration c) {
      return c.checkpoint(file, 6);
    }
    return ((NaturalGradient) o).checkpoint(file, 6);
  }

  private static Object resume(Object o, Path file) {
    if (o instanceof ProximalChainOptimization p) {
      return p.resume(file);
    } else if (o instanceof ChainIteration c) {
      return c.resume(file);
    }
    return ((NaturalGradient) o).resume(file);
  }

  private static LinearBaseline linear() {
    return new LinearBaseline(Features.quadratic(1, 0), 1e-6);
  }

  @Test
  void proximalChainOptimizationResumesBitForBit() {
    // The inner Adam's moments and step count carry over between iterations: they are saved.
    assertBatchMethodResumes((threads, configure, iterations) -> ((ProximalChainOptimization) configure.apply(
        new ProximalChainOptimization(Noisy::new, batchConfig(threads), 0.2, 3, 2, 0.05, StepRule.adam(0.01), linear(),
            null))).run(THETA0, iterations));
  }

  @Test
  void chainIterationResumesBitForBit() {
    assertBatchMethodResumes((threads, configure, iterations) -> ((ChainIteration) configure.apply(
        new ChainIteration(Noisy::new, batchConfig(threads), 0.5, 0.1, 2, 10, linear(), null, null, null)))
        .run(THETA0, iterations));
  }

  @Test
  void naturalGradientResumesBitForBitAndRefusesAnotherMethodsCheckpoint() {
    assertBatchMethodResumes((threads, configure, iterations) -> ((NaturalGradient) configure.apply(
        new NaturalGradient(Noisy::new, batchConfig(threads), 0.01, 1e-3, 10, linear(), null, null, null)))
        .run(THETA0, iterations));
    Path file = dir.resolve("batch.ckpt");
    CheckpointException e = assertThrows(CheckpointException.class, () -> new ChainIteration(Noisy::new,
        batchConfig(1), 0.5, 0.1, 2, 10, linear(), null, null, null).resume(file).run(THETA0, 40));
    assertContains(e.getMessage(), "was written with optimizer NaturalGradient; this run has ChainIteration");
    e = assertThrows(CheckpointException.class, () -> new NaturalGradient(Noisy::new, batchConfig(1), 0.02, 1e-3, 10,
        linear(), null, null, null).resume(file).run(THETA0, 40));
    assertContains(e.getMessage(), "klStep = 0.01 there, 0.02 here");
  }

  private static void assertRefused(DsoOptimizer o, Path file, String expected) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> o.iterations(10).resume(file).run());
    assertContains(e.getMessage(), expected);
    assertContains(e.getMessage(), file.toString());
  }

  static void assertContains(String message, String expected) {
    assertTrue(message.contains(expected), "expected \"" + expected + "\" in: " + message);
  }
}
