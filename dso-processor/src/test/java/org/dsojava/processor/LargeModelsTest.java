package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.dsojava.processor.writing.MethodSplitter;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Fdlibm;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, size cliffs: models javac compiles on their own whose generated derivative methods, unsplit,
 * exceed the JVM's 64 KB method limit ({@link LargeModels}: a 4 → 64 → 64 → 1 tanh MLP written out statement
 * by statement, 2000 straight-line statements, one expression of 1500 terms). {@link MethodSplitter} cuts
 * such methods into private parts; here they compile, no generated method exceeds 64 KB (read from the
 * class files), derivatives match finite differences, and results agree bit for bit with the same model
 * written with loops or with a hand-written reference. Forced splits of the small test models (a tiny
 * limit) agree bit for bit with their unsplit kernels on every kernel method.
 *
 * <p>Compilations run on a thread with a 1 GB stack: the 1500-deep expression tree overflows the default
 * stack in the processor's recursive passes (issue 12, handled separately).
 */
class LargeModelsTest {
  /** One in-memory compilation: class files by binary name, the time it took, the processor's share. */
  record Compiled(Map<String, byte[]> classes, long nanos, long processorNanos, Compilation compilation) {
    ChainKernel kernel(String model) {
      try {
        Class<?> k = new GeneratedClasses(classes).loadClass("test." + model + "Kernel");
        return (ChainKernel) k.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** Bytecode length of every method of the kernel class. */
    Map<String, Integer> methods(String model) {
      return ClassFileMethods.codeLengths(classes.get("test." + model + "Kernel"));
    }
  }

  /** Delegates to the processor, timing its rounds. */
  static final class TimedProcessor extends AbstractProcessor {
    final DsoProcessor inner = new DsoProcessor();
    long nanos;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      inner.init(env);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public Set<String> getSupportedOptions() {
      return inner.getSupportedOptions();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      long start = System.nanoTime();
      try {
        return inner.process(annotations, round);
      } finally {
        nanos += System.nanoTime() - start;
      }
    }
  }

  /** Compiles {@code source} with the processor on a big-stack thread; {@code splitLimit} > 0 overrides the limit. */
  static Compiled compile(String name, String source, int splitLimit) {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      String old = System.getProperty(MethodSplitter.LIMIT_PROPERTY);
      try {
        if (splitLimit > 0) {
          System.setProperty(MethodSplitter.LIMIT_PROPERTY, Integer.toString(splitLimit));
        }
        TimedProcessor processor = new TimedProcessor();
        long start = System.nanoTime();
        Compilation c = Compiler.javac().withProcessors(processor)
            .compile(JavaFileObjects.forSourceString("test." + name, source));
        long nanos = System.nanoTime() - start;
        if (c.status() != Compilation.Status.SUCCESS) {
          result.set(new AssertionError(name + " did not compile:\n" + c.diagnostics().stream().limit(10)
              .map(d -> d.toString().lines().limit(4).collect(Collectors.joining("\n")))
              .collect(Collectors.joining("\n"))));
          return;
        }
        Map<String, byte[]> classes = GeneratedClasses.classFiles(c);
        result.set(new Compiled(classes, nanos, processor.nanos, c));
      } catch (Throwable e) {
        result.set(e);
      } finally {
        if (old == null) {
          System.clearProperty(MethodSplitter.LIMIT_PROPERTY);
        } else {
          System.setProperty(MethodSplitter.LIMIT_PROPERTY, old);
        }
      }
    }, "big-stack-compile", 1L << 30);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    if (result.get() instanceof AssertionError e) {
      throw e;
    }
    if (result.get() instanceof Throwable e) {
      throw new AssertionError(name + ": the compilation threw", e);
    }
    return (Compiled) result.get();
  }

  static final int JVM_LIMIT = 65535;
  static final int JIT_LIMIT = 8000;
  private static final Map<String, String> FIGURES = new TreeMap<>();

  /** Asserts no kernel method exceeds 64 KB; records the processor time, the largest method, those over 8000 bytes. */
  static Map<String, Integer> checkSizes(String model, Compiled c) {
    Map<String, Integer> methods = c.methods(model);
    Map.Entry<String, Integer> largest = methods.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    List<String> huge = methods.entrySet().stream().filter(e -> e.getValue() > JIT_LIMIT)
        .map(e -> e.getKey().substring(0, e.getKey().indexOf('(')) + " " + e.getValue()).toList();
    String figure = String.format("%s: javac + processor %d ms (processor %d ms), %d methods, largest %s = %d bytes,"
        + " over %d bytes: %s", model, c.nanos() / 1_000_000, c.processorNanos() / 1_000_000, methods.size(),
        largest.getKey().substring(0, largest.getKey().indexOf('(')), largest.getValue(), JIT_LIMIT,
        huge.isEmpty() ? "none" : huge);
    FIGURES.put(model, figure);
    System.out.println(figure);
    assertTrue(largest.getValue() <= JVM_LIMIT, figure);
    return methods;
  }

  @AfterAll
  static void printFigures() {
    System.out.println("LargeModelsTest figures:");
    FIGURES.values().forEach(f -> System.out.println("  " + f));
  }

  static void verifyDerivatives(ChainKernel k, int points) {
    KernelVerifier.Options options = KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5);
    KernelVerifier.Report report = KernelVerifier.verify(k, 17L, points, options);
    report.assertWithin(1e-6);
    assertEquals(points, report.pointsChecked(), report::toString);
  }

  // ------------------------------------------------------------------ the large models

  @Test
  void mlpWrittenOutStatementByStatementCompilesAndMatchesTheLoopModelBitForBit() {
    Compiled flat = compile("MlpFlat", LargeModels.mlpFlat("MlpFlat", LargeModels.H), 0);
    Map<String, Integer> sizes = checkSizes("MlpFlat", flat);
    assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith("accumulateGradient$")), "gradient was not split");
    Compiled loops = compile("MlpLoops", LargeModels.mlpLoops("MlpLoops", LargeModels.H), 0);
    checkSizes("MlpLoops", loops);
    assertTrue(loops.methods("MlpLoops").keySet().stream().noneMatch(m -> m.contains("$")), "the loop model was split");
    verifyDerivatives(flat.kernel("MlpFlat"), 6);
    // Same operations in the same order: every kernel method agrees with the loop model's bit for bit.
    KernelAgreement.assertBitwiseEqual(flat.kernel("MlpFlat"), loops.kernel("MlpLoops"), 8, Set.of());
  }

  @Test
  void twoThousandStraightLineStatementsCompileAndMatchAReferenceBitForBit() {
    Compiled c = compile("StraightLine", LargeModels.straightLine("StraightLine", LargeModels.LINES), 0);
    checkSizes("StraightLine", c);
    ChainKernel k = c.kernel("StraightLine");
    verifyDerivatives(k, 4);
    Rng r = new Rng(5L, 1L);
    for (int p = 0; p < 5; p++) {
      double[] th = new double[k.paramCount()];
      k.initialParams(p, th);
      double[] x = {r.uniform(-1, 1), r.uniform(-1, 1)};
      assertEquals(Double.doubleToLongBits(straightLineCost(th, x, LargeModels.LINES)),
          Double.doubleToLongBits(k.cost(th, x, 0, 0)), "cost");
      double[] mean = new double[2];
      k.meanStep(th, x, 0, 0, mean);
      double u = straightLineMean(th, x, LargeModels.LINES);
      assertEquals(Double.doubleToLongBits(x[0] + 0.1 * x[1]), Double.doubleToLongBits(mean[0]));
      assertEquals(Double.doubleToLongBits(0.9 * x[1] + 0.1 * u), Double.doubleToLongBits(mean[1]));
    }
  }

  /** The straight-line model's Gaussian mean, computed as the model does (Fdlibm.tanh is the kernel's tanh). */
  static double straightLineMean(double[] th, double[] x, int lines) {
    int half = lines / 2;
    double[] a = new double[half];
    a[0] = x[0];
    a[1] = x[1];
    for (int i = 2; i < half; i++) {
      a[i] = a[i - 1] + 0.001 * Fdlibm.tanh(th[i % LargeModels.K] * a[i - 2] + x[i % 2]);
    }
    return a[half - 1] - x[0];
  }

  static double straightLineCost(double[] th, double[] x, int lines) {
    int n = lines - lines / 2;
    double[] b = new double[n];
    b[0] = x[0] * th[LargeModels.K];
    b[1] = x[1];
    for (int i = 2; i < n; i++) {
      b[i] = b[i - 1] * 0.999 + 0.001 * Math.sin(th[i % LargeModels.K] * b[i - 2]);
    }
    return x[0] * x[0] + x[1] * x[1] + b[n - 1] * b[n - 1];
  }

  @Test
  void fifteenHundredTermExpressionCompilesAndMatchesAReferenceBitForBit() {
    Compiled c = compile("LongExpression", LargeModels.longExpression("LongExpression", LargeModels.TERMS), 0);
    checkSizes("LongExpression", c);
    ChainKernel k = c.kernel("LongExpression");
    verifyDerivatives(k, 6);
    Rng r = new Rng(6L, 1L);
    for (int p = 0; p < 5; p++) {
      double[] th = new double[k.paramCount()];
      k.initialParams(p, th);
      double[] x = {r.uniform(-1, 1), r.uniform(-1, 1), r.uniform(-1, 1), r.uniform(-1, 1)};
      double d = 0;
      for (int i = 0; i < LargeModels.TERMS; i++) {
        d = i == 0 ? x[0] * th[0] : d + x[i % 4] * th[i];
      }
      double cost = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] + 0.01 * d * d;
      assertEquals(Double.doubleToLongBits(cost), Double.doubleToLongBits(k.cost(th, x, 0, 0)), "cost");
      // ∇θ of the cost: 0.02·d·x[i % 4] (wL = 1, wP = 0).
      double[] g = new double[k.paramCount()];
      k.accumulateGradient(th, x, 0, 0, new double[k.drawCount()], 1.0, 0.0, g);
      for (int i = 0; i < LargeModels.TERMS; i++) {
        assertEquals(0.02 * d * x[i % 4], g[i], 1e-12 * Math.abs(d) + 1e-15, "g[" + i + "]");
      }
    }
  }

  // ------------------------------------------------------------------ split and unsplit agree bit for bit

  /** Medium-sized versions, which fit unsplit: the split kernel (a small limit) against the unsplit one. */
  @Test
  void splitMediumModelsAgreeWithUnsplitBitForBit() {
    String[][] models = {
        {"MlpFlat16", LargeModels.mlpFlat("MlpFlat16", 16)},
        {"StraightLine40", LargeModels.straightLine("StraightLine40", 40)},
        {"LongExpression150", LargeModels.longExpression("LongExpression150", 150)}};
    for (String[] m : models) {
      Compiled whole = compile(m[0], m[1], Integer.MAX_VALUE);
      assertTrue(whole.methods(m[0]).keySet().stream().noneMatch(x -> x.contains("$")), m[0] + " was split");
      for (int limit : new int[] {40, 700}) {
        Compiled split = compile(m[0], m[1], limit);
        assertTrue(split.methods(m[0]).keySet().stream().anyMatch(x -> x.startsWith("hvp$")), m[0] + " not split");
        KernelAgreement.assertBitwiseEqual(split.kernel(m[0]), whole.kernel(m[0]), 6, Set.of());
      }
    }
  }

  static Stream<String> smallModels() {
    List<String> all = new ArrayList<>(SubsetModelsTest.MODELS);
    all.addAll(List.of("DenseLayer", "SpringChain", "Overwrites", "PartialWrites", "StrictTrig", "ProbsBottleneck",
        "CategoricalBottleneck"));
    return all.stream();
  }

  /**
   * Every test model split as finely as possible (a limit of a few bytes: every statement its own part,
   * every if and loop outlined, their bodies too) agrees with its unsplit kernel bit for bit, method by
   * method, calls interleaved on one kernel instance (the fields that carry locals hold nothing between calls).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("smallModels")
  void forcedSplitAgreesWithUnsplitBitForBit(String model) {
    String source = SubsetModelsTest.source(model);
    Compiled whole = compile(model, source, 0);
    assertTrue(whole.methods(model).keySet().stream().noneMatch(x -> x.contains("$")),
        model + " is split at the default limit: " + whole.methods(model));
    Compiled split = compile(model, source, 1);
    assertTrue(split.methods(model).keySet().stream().anyMatch(x -> x.contains("$")), model + " not split");
    KernelAgreement.assertBitwiseEqual(split.kernel(model), whole.kernel(model), 6, Set.of());
  }

  @Test
  void sizesOfTheTestModelsUnsplit() {
    // The largest method among the test models stays below the default limit's trigger (no split).
    for (String model : smallModels().toList()) {
      Map<String, Integer> m = compile(model, SubsetModelsTest.source(model), 0).methods(model);
      int largest = m.values().stream().max(Integer::compare).orElseThrow();
      System.out.println(model + ": largest method " + largest + " bytes");
      if (largest > JIT_LIMIT) {
        fail(model + " has a method over " + JIT_LIMIT + " bytes: " + m);
      }
    }
  }
}
