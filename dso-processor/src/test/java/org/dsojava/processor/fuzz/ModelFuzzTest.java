package org.dsojava.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.dsojava.processor.DsoProcessor;
import org.dsojava.processor.GeneratedClasses;
import org.dsojava.processor.fuzz.FuzzModel.Expect;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * Model fuzzer for the processor (issue 12: every model compiles to correct kernels or gets a clear
 * error — no silent wrong code, no crash).
 *
 * <p>{@link ModelGenerator} writes random models of the supported subset (a quarter of them mutated by
 * {@link Mutations} to step just outside it), deterministic in their seed; class {@code test.Fz<seed>}.
 * They are compiled in memory with the processor, {@value #DEFAULT_BATCH} per javac run, and every model
 * gets one outcome:
 *
 * <ul>
 *   <li><b>PROCESSOR_EXCEPTION</b> (failure): an "internal error … this is a bug" diagnostic, or javac
 *       itself throwing (the model is then isolated by bisection).
 *   <li><b>GENERATED_UNCOMPILABLE</b> (failure): an error located in a generated {@code *Kernel.java} /
 *       {@code *Dso.java}.
 *   <li><b>rejected</b>: an error located in the model's own source, with a line number. Expected for
 *       mutations; for a grammar-valid model it is the failure <b>VALID_REJECTED</b> (the message is
 *       recorded: some may be legitimate limits). An error in the model's file without a line is
 *       <b>ERROR_WITHOUT_LINE</b>; the same message twice at one place is <b>DUPLICATE_DIAGNOSTIC</b>.
 *   <li><b>accepted</b>: the kernel and the model class are loaded and compared at random points
 *       (θ = initialParams + N(0, 0.3²), x ∈ [−1.5, 1.5]ⁿ): the model's own {@code @Transition}, run with
 *       a {@link FuzzNoises.Replay} of the draws the kernel's {@code sample} recorded, must give the same
 *       next state bit for bit (SEMANTIC_STEP); {@code cost}, {@code terminal}, {@code bottleneck},
 *       {@code meanStep} (model run with {@link FuzzNoises.Mean}) and {@code initialState} (model run on
 *       the same {@link Rng} stream) likewise (SEMANTIC_COST, …); {@code logDensity} against ln P of the
 *       replayed sites' distributions, relative tolerance 1e-12 (SEMANTIC_LOGDENSITY); derivatives
 *       ({@code accumulateGradient}, {@code jvp}, {@code hvp}) by {@link KernelVerifier} at tolerance
 *       1e-6 (DERIVATIVES); a kernel method throwing is KERNEL_EXCEPTION. A kernel method and the model's
 *       code that both throw ArrayIndexOutOfBoundsException at the same point (an unclamped index read from
 *       the state, mutation {@code unclampedIndex}) agree; one throwing without the other is a SEMANTIC_*
 *       failure, and a grammar-valid model whose code throws is VALID_MODEL_THROWS (a generator bug); the
 *       derivatives of such models are checked at states where the model's code does not throw. A mutation that must be rejected
 *       but is accepted is <b>ACCEPTED_OUT_OF_SUBSET</b>. Non-finite values compare by NaN-ness (bits);
 *       derivative reports with non-finite values are skipped for models whose grammar allowed an
 *       operation out of its domain.
 * </ul>
 *
 * <h2>Running</h2>
 *
 * CI mode (this test as is): seeds 0 to 1999 (2,000 models, about 500 of them mutated).
 *
 * <pre>
 * mvn -B -q -pl dso-processor -am test -Dtest=ModelFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Long runs and reproductions, by system property (surefire passes {@code -D} properties on):
 *
 * <ul>
 *   <li>{@code -Dfuzz.seeds=0:20000} — the seed range [from, to); {@code -Dfuzz.seeds=1234} one seed;
 *       {@code -Dfuzz.seeds=5,17,90} a list.
 *   <li>{@code -Dfuzz.batch=80} — models per javac run; {@code -Dfuzz.threads=2} javac runs at a time
 *       (default: 2, or 1 on a single core); {@code -Dfuzz.verbose=true} prints the time of each run.
 *   <li>{@code -Dfuzz.dump=true} — also write every model's source to {@code target/fuzz-models/}.
 * </ul>
 *
 * Every failing model's source is written to {@code target/fuzz-failures/<Category>_Fz<seed>.java}
 * with the category and reason in a header comment, and the assertion message lists each failing seed,
 * its category and a short reason, followed by a count per category.
 */
class ModelFuzzTest {
  static final int DEFAULT_BATCH = 80;
  private static final boolean VERBOSE = Boolean.getBoolean("fuzz.verbose");
  private static final Pattern FILE = Pattern.compile("(Fz\\d+)(\\w*)\\.java$");

  record Failure(FuzzModel model, String category, String reason) {}

  private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> outcomes = new TreeMap<>();
  /** Accepted models whose kernel and Java code both threw ArrayIndexOutOfBoundsException somewhere, and how often. */
  private int throwModels;
  private int throwChecks;

  @Test
  void fuzz() throws IOException {
    List<Long> seeds = seeds(System.getProperty("fuzz.seeds", "0:2000"));
    int batch = Integer.getInteger("fuzz.batch", DEFAULT_BATCH);
    boolean dump = Boolean.getBoolean("fuzz.dump");
    Path failDir = Paths.get("target", "fuzz-failures");
    deleteDir(failDir);
    long start = System.nanoTime();
    int threads = Integer.getInteger("fuzz.threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> jobs = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i += batch) {
      List<FuzzModel> models = new ArrayList<>();
      for (long s : seeds.subList(i, Math.min(seeds.size(), i + batch))) {
        FuzzModel m = ModelGenerator.generate(s);
        models.add(m);
        if (dump) {
          Path d = Paths.get("target", "fuzz-models");
          Files.createDirectories(d);
          Files.writeString(d.resolve(m.name + ".java"), m.source);
        }
      }
      jobs.add(pool.submit(() -> compileAll(models)));
    }
    try {
      for (Future<?> f : jobs) {
        f.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    Map<String, Integer> byCategory = new TreeMap<>();
    failures.sort((a, b) -> Long.compare(a.model().seed, b.model().seed));
    for (Failure f : failures) {
      byCategory.merge(f.category(), 1, Integer::sum);
      Files.createDirectories(failDir);
      Files.writeString(failDir.resolve(f.category() + "_" + f.model().name + ".java"),
          "// fuzz seed " + f.model().seed + " (" + f.model().kind() + "): " + f.category() + "\n// "
              + f.reason().replace("\n", "\n// ") + "\n" + f.model().source);
    }
    String summary = String.format(Locale.ROOT, "ModelFuzzTest: %d models in %.1f s (%.1f s per 1000); outcomes %s;"
        + " kernel and Java both threw ArrayIndexOutOfBoundsException in %d accepted models (%d checks);"
        + " failures by category %s", seeds.size(), seconds, 1000 * seconds / Math.max(1, seeds.size()), outcomes,
        throwModels, throwChecks, byCategory);
    System.out.println(summary);
    if (!failures.isEmpty()) {
      StringBuilder sb = new StringBuilder(summary).append("\nfailing models (sources in ")
          .append(failDir.toAbsolutePath()).append("):\n");
      failures.stream().sorted((a, b) -> a.category().equals(b.category())
              ? Long.compare(a.model().seed, b.model().seed) : a.category().compareTo(b.category()))
          .forEach(f -> sb.append("  seed ").append(f.model().seed).append(" [").append(f.category()).append("] ")
              .append(f.model().kind()).append(": ").append(shorten(f.reason(), 300)).append('\n'));
      System.out.println(sb);
      assertTrue(false, sb.toString());
    }
  }

  // ------------------------------------------------------------------ compiling

  /** Compiles {@code models} together; models with errors are set aside and the rest recompiled. */
  private void compileAll(List<FuzzModel> models) {
    List<FuzzModel> pending = new ArrayList<>(models);
    while (!pending.isEmpty()) {
      Compilation c;
      long t0 = System.nanoTime();
      try {
        c = Compiler.javac().withProcessors(new DsoProcessor()).withOptions("-Xlint:none", "-nowarn", "-Xmaxerrs", "100000", "-XDshould-stop.ifError=FLOW")
            .compile(pending.stream().map(m -> JavaFileObjects.forSourceString("test." + m.name, m.source))
                .collect(Collectors.toList()));
      } catch (Throwable t) {
        if (pending.size() == 1) {
          fail(pending.get(0), "PROCESSOR_EXCEPTION", "javac threw " + describe(t));
          return;
        }
        int half = pending.size() / 2;
        compileAll(new ArrayList<>(pending.subList(0, half)));
        compileAll(new ArrayList<>(pending.subList(half, pending.size())));
        return;
      }
      if (VERBOSE) {
        System.out.printf(Locale.ROOT, "javac: %d models, %s, %.1f s%n", pending.size(), c.status(),
            (System.nanoTime() - t0) * 1e-9);
      }
      if (c.status() == Compilation.Status.SUCCESS) {
        GeneratedClasses loader = new GeneratedClasses(c);
        long t1 = System.nanoTime();
        for (FuzzModel m : pending) {
          accepted(m, loader, c);
        }
        if (VERBOSE) {
          System.out.printf(Locale.ROOT, "checks: %d models, %.1f s%n", pending.size(), (System.nanoTime() - t1) * 1e-9);
        }
        return;
      }
      Map<String, List<Diagnostic<? extends JavaFileObject>>> byModel = new LinkedHashMap<>();
      List<Diagnostic<? extends JavaFileObject>> unattributed = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
        String file = d.getSource() == null ? "" : d.getSource().toUri().getPath();
        Matcher mt = FILE.matcher(file);
        if (mt.find()) {
          byModel.computeIfAbsent(mt.group(1), k -> new ArrayList<>()).add(d);
        } else {
          unattributed.add(d);
        }
      }
      List<FuzzModel> rest = new ArrayList<>();
      for (FuzzModel m : pending) {
        List<Diagnostic<? extends JavaFileObject>> ds = byModel.get(m.name);
        if (ds == null) {
          rest.add(m);
        } else {
          rejected(m, ds, c);
        }
      }
      if (rest.size() == pending.size()) {
        // errors that name no model: isolate them
        if (pending.size() == 1) {
          fail(pending.get(0), "PROCESSOR_EXCEPTION", "errors outside any source: " + unattributed.stream()
              .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; ")));
          return;
        }
        int half = pending.size() / 2;
        compileAll(new ArrayList<>(pending.subList(0, half)));
        compileAll(new ArrayList<>(pending.subList(half, pending.size())));
        return;
      }
      pending = rest;
    }
  }

  private void rejected(FuzzModel m, List<Diagnostic<? extends JavaFileObject>> ds, Compilation c) {
    for (Diagnostic<? extends JavaFileObject> d : ds) {
      String msg = d.getMessage(Locale.ROOT);
      if (msg.contains("this is a bug") || msg.contains("internal error")) {
        fail(m, "PROCESSOR_EXCEPTION", internalSummary(msg));
        return;
      }
    }
    for (Diagnostic<? extends JavaFileObject> d : ds) {
      Matcher mt = FILE.matcher(d.getSource().toUri().getPath());
      mt.find();
      if (!mt.group(2).isEmpty()) {
        fail(m, "GENERATED_UNCOMPILABLE", mt.group(1) + mt.group(2) + ".java:" + d.getLineNumber() + ": "
            + firstLine(d.getMessage(Locale.ROOT)) + " | " + sourceLine(d));
        return;
      }
    }
    Diagnostic<? extends JavaFileObject> first = ds.get(0);
    String msg = first.getLineNumber() + ": " + firstLine(first.getMessage(Locale.ROOT));
    if (first.getLineNumber() <= 0) {
      fail(m, "ERROR_WITHOUT_LINE", msg);
      return;
    }
    if (m.expect == Expect.ACCEPT) {
      fail(m, "VALID_REJECTED", msg + " | " + sourceLine(first));
      return;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : ds) {
      String key = d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(Locale.ROOT);
      if (!seen.add(key)) {
        fail(m, "DUPLICATE_DIAGNOSTIC", firstLine(key));
        return;
      }
    }
    count("rejected " + m.kind());
  }

  private void accepted(FuzzModel m, GeneratedClasses loader, Compilation c) {
    Class<?> model;
    Class<?> kernel;
    try {
      model = loader.loadClass("test." + m.name);
      kernel = loader.loadClass("test." + m.name + "Kernel");
    } catch (ClassNotFoundException | LinkageError e) {
      fail(m, "GENERATED_UNCOMPILABLE", "cannot load: " + describe(e));
      return;
    }
    String problem;
    String category;
    try {
      SemanticCheck sc = new SemanticCheck(m, model, kernel);
      Failure f = sc.run();
      if (sc.agreedThrows > 0) {
        synchronized (this) {
          throwModels++;
          throwChecks += sc.agreedThrows;
        }
      }
      if (f == null) {
        String lockstep = LockstepAgreement.check(sc.k, m.seed);
        if (lockstep != null) {
          fail(m, "LOCKSTEP_DIFFERS", lockstep);
          return;
        }
        if (m.expect == Expect.REJECT) {
          fail(m, "ACCEPTED_OUT_OF_SUBSET", "accepted without an error (kernels agree with the Java code at the"
              + " test points)");
        } else {
          count("accepted " + (m.expect == Expect.EITHER ? m.kind() : "valid"));
        }
        return;
      }
      category = f.category();
      problem = f.reason();
    } catch (Throwable t) {
      category = "KERNEL_EXCEPTION";
      problem = describe(t);
    }
    if (m.expect != Expect.ACCEPT) {
      fail(m, "ACCEPTED_OUT_OF_SUBSET", "accepted without an error; then " + category + ": " + problem);
    } else {
      fail(m, category, problem);
    }
  }

  private synchronized void fail(FuzzModel m, String category, String reason) {
    failures.add(new Failure(m, category, reason));
    count("FAILED");
  }

  private synchronized void count(String outcome) {
    outcomes.merge(outcome.startsWith("rejected mutation") ? "rejected mutation"
        : outcome.startsWith("accepted mutation") ? "accepted mutation (either)" : outcome, 1, Integer::sum);
  }

  // ------------------------------------------------------------------ semantics

  /** The kernel against the model's own Java code. */
  static final class SemanticCheck {
    static final int POINTS = 6;
    final FuzzModel fm;
    final Object model;
    final ChainKernel k;
    final Map<String, Method> methods = new HashMap<>();
    final Class<?> modelClass;

    SemanticCheck(FuzzModel fm, Class<?> modelClass, Class<?> kernelClass) throws ReflectiveOperationException {
      this.fm = fm;
      this.modelClass = modelClass;
      var ctor = modelClass.getDeclaredConstructor();
      ctor.setAccessible(true);
      this.model = ctor.newInstance();
      this.k = (ChainKernel) kernelClass.getDeclaredConstructor().newInstance();
      for (Method mm : modelClass.getDeclaredMethods()) {
        mm.setAccessible(true);
        methods.put(mm.getName(), mm);
      }
    }

    Failure run() throws Exception {
      if (k.stateDim() != fm.stateDim || k.paramCount() != fm.paramCount()) {
        return new Failure(fm, "SEMANTIC_SHAPE", "stateDim " + k.stateDim() + " paramCount " + k.paramCount()
            + ", model: " + fm.stateDim + ", " + fm.paramCount());
      }
      int nx = fm.stateDim;
      double[] theta0 = new double[k.paramCount()];
      k.initialParams(fm.seed, theta0);
      Rng meta = new Rng(fm.seed, 7);
      int dc = k.drawCount();
      for (int p = 0; p < POINTS; p++) {
        double[] th = new double[theta0.length];
        for (int i = 0; i < th.length; i++) {
          th[i] = theta0[i] + 0.3 * meta.gaussian();
        }
        double[] x = new double[nx];
        for (int i = 0; i < nx; i++) {
          x[i] = meta.uniform(-1.5, 1.5);
        }
        int n = p;
        int pt = p;
        setParams(th);
        String at = " at point " + p + " x=" + Arrays.toString(x) + " n=" + n;
        // cost
        Object kc = kernel(() -> k.cost(th.clone(), x.clone(), 0, n));
        Object mc = call(fm.costName, fm.costRollout, n, (Object) x.clone());
        Failure thrown = bothOrNeither("SEMANTIC_COST", "cost", kc, mc, at);
        if (thrown != null && thrown != AGREE) {
          return thrown;
        }
        if (thrown == null && !same((Double) kc, (Double) mc)) {
          return new Failure(fm, "SEMANTIC_COST", "kernel cost " + kc + " vs model " + mc + at);
        }
        // terminal
        Object kt = kernel(() -> k.terminal(x.clone(), 0, n));
        if (fm.terminalName != null) {
          Object mt = call(fm.terminalName, false, n, (Object) x.clone());
          thrown = bothOrNeither("SEMANTIC_TERMINAL", "terminal", kt, mt, at);
          if (thrown != null && thrown != AGREE) {
            return thrown;
          }
          if (thrown == null && !kt.equals(mt)) {
            return new Failure(fm, "SEMANTIC_TERMINAL", "kernel terminal " + kt + " vs model " + mt + at);
          }
        } else if (!Boolean.FALSE.equals(kt)) {
          return new Failure(fm, "SEMANTIC_TERMINAL", "kernel terminal " + kt + " without @Terminal" + at);
        }
        // bottleneck
        if (fm.muName != null) {
          if (!(k instanceof BottleneckKernel bk)) {
            return new Failure(fm, "SEMANTIC_BOTTLENECK", "the kernel of a model with a @Bottleneck is no"
                + " BottleneckKernel" + at);
          }
          double[] eta = new double[Math.max(1, k.bottleneckDim())];
          Object ke = kernelRun(() -> bk.bottleneck(th.clone(), x.clone(), 0, n, eta));
          Object me = call(fm.muName, false, n, (Object) x.clone());
          thrown = bothOrNeither("SEMANTIC_BOTTLENECK", "mu", ke, me, at);
          if (thrown != null && thrown != AGREE) {
            return thrown;
          }
          if (thrown == null && (k.bottleneckDim() != 1 || !same(eta[0], (Double) me))) {
            return new Failure(fm, "SEMANTIC_BOTTLENECK", "kernel eta " + eta[0] + " (dim " + k.bottleneckDim()
                + ") vs model " + me + at);
          }
        }
        // sample, replayed through the model's transition
        double[] draws = new double[dc + 1];
        Arrays.fill(draws, SENTINEL);
        double[] next = new double[nx];
        Object ks = kernelRun(() -> k.sample(th.clone(), x.clone(), 0, n, new Rng(fm.seed, 1000 + pt), draws, next));
        FuzzNoises.Replay replay = new FuzzNoises.Replay(draws, dc);
        double[] mnext = new double[nx];
        Object r = call(fm.stepName, fm.stepRollout, n, x.clone(), replay, mnext);
        thrown = bothOrNeither("SEMANTIC_STEP", "transition (sample / on the replayed draws)", ks, r, at);
        if (thrown == AGREE) {
          // no transition, so no ln P to compare: logDensity may throw or not (it evaluates only what the
          // sites' parameters need, so an index read feeding a deterministic component is not evaluated)
        } else if (thrown != null) {
          return r instanceof Throwable t && !(ks instanceof Throwable) ? new Failure(fm, "SEMANTIC_STEP",
              "model transition on the replayed draws threw " + describe(t) + "; draws " + Arrays.toString(draws) + at)
              : thrown;
        } else {
          Failure f = compareStep(draws, dc, replay, next, mnext, nx, th, x, n, at);
          if (f != null) {
            return f;
          }
        }
        // mean step
        double[] mean = new double[nx];
        Object km = kernelRun(() -> k.meanStep(th.clone(), x.clone(), 0, n, mean));
        double[] mmean = new double[nx];
        Object rm = call(fm.stepName, fm.stepRollout, n, x.clone(), new FuzzNoises.Mean(), mmean);
        thrown = bothOrNeither("SEMANTIC_MEANSTEP", "mean step (sites at their means)", km, rm, at);
        if (thrown != null && thrown != AGREE) {
          return thrown;
        }
        for (int i = 0; i < nx && thrown == null; i++) {
          if (!same(mean[i], mmean[i])) {
            return new Failure(fm, "SEMANTIC_MEANSTEP", "mean[" + i + "] kernel " + mean[i] + " vs model "
                + mmean[i] + at);
          }
        }
        // initial state, same Rng stream
        double[] x0 = new double[nx];
        Object k0 = kernelRun(() -> k.initialState(th.clone(), n, new Rng(fm.seed, 2000 + pt), x0));
        double[] mx0 = new double[nx];
        Object ri = call(fm.initName, fm.initRollout, n, new FuzzNoises.FromRng(new Rng(fm.seed, 2000 + p)), mx0);
        thrown = bothOrNeither("SEMANTIC_INITIAL", "initial state", k0, ri, at);
        if (thrown != null && thrown != AGREE) {
          return thrown;
        }
        for (int i = 0; i < nx && thrown == null; i++) {
          if (!same(x0[i], mx0[i])) {
            return new Failure(fm, "SEMANTIC_INITIAL", "x0[" + i + "] kernel " + x0[i] + " vs model " + mx0[i] + at);
          }
        }
      }
      if (agreedThrows > 0 && fm.expect == Expect.ACCEPT) {
        return new Failure(fm, "VALID_MODEL_THROWS", "the grammar-valid model's own code threw "
            + "ArrayIndexOutOfBoundsException (and so did the kernel) " + agreedThrows + " time(s): a generator bug");
      }
      return derivatives();
    }

    /** The recorded draws, the next state and ln P of one sampled step against the model's replay. */
    private Failure compareStep(double[] draws, int dc, FuzzNoises.Replay replay, double[] next, double[] mnext,
        int nx, double[] th, double[] x, int n, String at) {
      for (int i = replay.count; i < draws.length; i++) {
        if (Double.doubleToRawLongBits(draws[i]) != Double.doubleToRawLongBits(SENTINEL)) {
          return new Failure(fm, "SEMANTIC_STEP", "kernel recorded draw " + i + " = " + draws[i]
              + " but the model's code made only " + replay.count + " draws (sites " + replay.kinds + ")" + at);
        }
      }
      for (int i = 0; i < nx; i++) {
        if (!same(next[i], mnext[i])) {
          return new Failure(fm, "SEMANTIC_STEP", "next[" + i + "] kernel " + next[i] + " vs model " + mnext[i]
              + "; kernel " + Arrays.toString(next) + " model " + Arrays.toString(mnext) + at);
        }
      }
      // ln P
      boolean finiteDraws = true;
      for (int i = 0; i < replay.count; i++) {
        finiteDraws &= Double.isFinite(draws[i]);
      }
      double[] lp = replay.logDensity();
      if (finiteDraws) {
        double kl = k.logDensity(th.clone(), x.clone(), 0, n, Arrays.copyOf(draws, dc));
        boolean ok = Double.isFinite(lp[0]) ? Double.isFinite(kl) && Math.abs(kl - lp[0]) <= 1e-12 * lp[1]
            : same(kl, lp[0]) || !Double.isFinite(kl) && !Double.isNaN(lp[0]) == !Double.isNaN(kl);
        if (!ok) {
          return new Failure(fm, "SEMANTIC_LOGDENSITY", "kernel logDensity " + kl + " vs " + lp[0]
              + " from the sites " + replay.kinds + " " + replay.args.stream().map(Arrays::toString)
              .collect(Collectors.joining(" ")) + " draws " + Arrays.toString(Arrays.copyOf(draws, replay.count))
              + at);
        }
      }
      return null;
    }

    /** Derivatives against finite differences (at states where the model's code does not throw). */
    private Failure derivatives() {
      KernelVerifier.Options options = KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5)
          .withStateSampler((th, n, rng, x) -> {
            for (int tries = 0; tries < 100; tries++) {
              for (int i = 0; i < x.length; i++) {
                x[i] = rng.uniform(-1.5, 1.5);
              }
              if (!fm.mayThrowIndex || !modelThrowsAt(th, n, x)) {
                break;
              }
            }
            return 0;
          });
      KernelVerifier.Report report;
      try {
        report = KernelVerifier.verify(k, fm.seed, 8, options);
      } catch (ArrayIndexOutOfBoundsException e) {
        if (fm.mayThrowIndex) {
          return null; // a state where the model's code throws too (no throw-free state found)
        }
        throw e;
      }
      if (!report.passes(1e-6)) {
        boolean nonFinite = !report.problems().isEmpty() || report.entries().stream()
            .anyMatch(w -> Double.isInfinite(w.error()));
        if (fm.mayBeNonFinite && nonFinite) {
          return null;
        }
        // Finite differences have truncation and rounding error the verifier bounds only roughly, and a
        // derivative that is exactly 0 comes out as ±1e-16 after terms of order 1 cancel. A wrong
        // derivative is wrong whatever the step: a check fails only if it fails at h = 1e-4, 1e-3 and
        // 1e-5 alike, on values that are not rounding-sized (see failing()).
        java.util.Set<KernelVerifier.Check> failing = failing(report);
        for (double h : new double[] {1e-3, 1e-5}) {
          if (!failing.isEmpty()) {
            failing.retainAll(failing(KernelVerifier.verify(k, fm.seed, 8, options.withFdStep(h))));
          }
        }
        if (failing.isEmpty()) {
          return null;
        }
        try {
          report.assertWithin(1e-6);
        } catch (AssertionError e) {
          String msg = e.getMessage();
          int cut = msg.indexOf("\n\n");
          return new Failure(fm, "DERIVATIVES", (cut > 0 ? msg.substring(0, cut) : msg).replace('\n', ' '));
        }
      }
      return null;
    }

    private static java.util.Set<KernelVerifier.Check> failing(KernelVerifier.Report report) {
      java.util.Set<KernelVerifier.Check> out = java.util.EnumSet.noneOf(KernelVerifier.Check.class);
      for (KernelVerifier.Worst w : report.entries()) {
        double size = Math.max(Math.abs(w.analytic()), Math.abs(w.reference()));
        boolean roundingSized = size < 1e-12;
        // Below 1e-8 (values of order 1 elsewhere) the finite-difference reference keeps only a few
        // digits; agreeing to two of them there is agreement (a wrong rule gives another sign or size).
        boolean tinyAndClose = size < 1e-8 && Math.abs(w.analytic() - w.reference()) <= 1e-2 * size;
        if (!w.within(1e-6) && !Double.isNaN(w.error()) && !roundingSized && !tinyAndClose) {
          out.add(w.check());
        }
      }
      return out;
    }

    /** Marks "the kernel and the model's code both threw ArrayIndexOutOfBoundsException". */
    static final Failure AGREE = new Failure(null, "AGREE", "");
    int agreedThrows;

    interface KernelCall {
      Object run();
    }

    interface KernelRun {
      void run();
    }

    /** The kernel call's value, or the ArrayIndexOutOfBoundsException it threw (other exceptions propagate). */
    private static Object kernel(KernelCall c) {
      try {
        return c.run();
      } catch (ArrayIndexOutOfBoundsException e) {
        return e;
      }
    }

    private static Object kernelRun(KernelRun c) {
      try {
        c.run();
        return Boolean.TRUE;
      } catch (ArrayIndexOutOfBoundsException e) {
        return e;
      }
    }

    /**
     * null when neither threw; {@link #AGREE} when both threw ArrayIndexOutOfBoundsException (the same
     * point, the same quantity); otherwise the failure: one threw and the other did not, or the model's
     * code threw something else.
     */
    private Failure bothOrNeither(String category, String what, Object kernelOut, Object modelOut, String at) {
      boolean kt = kernelOut instanceof ArrayIndexOutOfBoundsException;
      boolean mt = modelOut instanceof Throwable;
      if (!kt && !mt) {
        return null;
      }
      if (kt && modelOut instanceof ArrayIndexOutOfBoundsException) {
        agreedThrows++;
        return AGREE;
      }
      if (kt) {
        return new Failure(fm, category, "kernel " + what + " threw " + describe((Throwable) kernelOut)
            + " but the model's code " + (mt ? "threw " + describe((Throwable) modelOut) : "did not (" + modelOut
            + ")") + at);
      }
      return new Failure(fm, category, "model " + what + " threw " + describe((Throwable) modelOut)
          + " but the kernel did not" + at);
    }

    /** Whether the model's cost or transition (sites at their means) throws at x: a state the verifier skips. */
    private boolean modelThrowsAt(double[] th, int n, double[] x) {
      try {
        setParams(th);
        return call(fm.costName, fm.costRollout, n, (Object) x.clone()) instanceof Throwable
            || call(fm.stepName, fm.stepRollout, n, x.clone(), new FuzzNoises.Mean(), new double[x.length])
            instanceof Throwable;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    private static final double SENTINEL = Double.longBitsToDouble(0x7ff8dead0000beefL);

    private void setParams(double[] th) throws IllegalAccessException, NoSuchFieldException {
      int off = 0;
      for (FuzzModel.ParamSpec p : fm.params) {
        Field f = modelClass.getDeclaredField(p.name());
        f.setAccessible(true);
        if (p.length() == 0) {
          if (f.getType() == double.class) {
            f.setDouble(model, th[off]);
          }
        } else {
          f.set(model, Arrays.copyOfRange(th, off, off + p.length()));
        }
        off += p.size();
      }
    }

    /** Invokes a role method; returns its result, or the Throwable it threw. */
    private Object call(String name, boolean rollout, int n, Object... args) throws IllegalAccessException {
      Method mm = methods.get(name);
      Object[] full = args;
      if (rollout) {
        full = Arrays.copyOf(args, args.length + 1);
        full[args.length] = n;
      }
      try {
        return mm.invoke(model, full);
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  static boolean same(double a, double b) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }

  // ------------------------------------------------------------------ text

  static List<Long> seeds(String spec) {
    List<Long> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      part = part.trim();
      int colon = part.indexOf(':');
      if (colon >= 0) {
        long a = Long.parseLong(part.substring(0, colon).trim());
        long b = Long.parseLong(part.substring(colon + 1).trim());
        for (long s = a; s < b; s++) {
          out.add(s);
        }
      } else if (!part.isEmpty()) {
        out.add(Long.parseLong(part));
      }
    }
    return out;
  }

  private static String internalSummary(String msg) {
    String[] lines = msg.split("\n");
    StringBuilder sb = new StringBuilder(lines[0]);
    int frames = 0;
    for (int i = 1; i < lines.length && frames < 3; i++) {
      if (lines[i].trim().startsWith("at org.dsojava")) {
        sb.append(" | ").append(lines[i].trim());
        frames++;
      }
    }
    return sb.toString();
  }

  private static String sourceLine(Diagnostic<? extends JavaFileObject> d) {
    try {
      String text = d.getSource().getCharContent(true).toString();
      String[] lines = text.split("\n", -1);
      long l = d.getLineNumber();
      return l >= 1 && l <= lines.length ? lines[(int) l - 1].trim() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder(t.toString());
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith("org.dsojava") || e.getClassName().startsWith("test.")) {
        sb.append(" at ").append(e);
        break;
      }
    }
    if (t.getCause() != null && t.getCause() != t) {
      sb.append(" caused by ").append(t.getCause());
    }
    return sb.toString();
  }

  private static String shorten(String s, int max) {
    String one = s.replace('\n', ' ');
    return one.length() <= max ? one : one.substring(0, max) + "…";
  }

  private static void deleteDir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }
}
