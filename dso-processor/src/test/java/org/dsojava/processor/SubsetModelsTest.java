package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small models that together use every construct of the supported subset, compiled in memory by the
 * processor; the generated kernels are loaded and checked: derivatives against finite differences, draw
 * counts of {@code sample}, and {@code logDensity} / {@code meanStep} against hand-written formulas.
 *
 * <p>The models are {@code src/test/resources/models/<Name>.java} (package {@code test}).
 *
 * <h2>Construct checklist (construct → model(s))</h2>
 *
 * <pre>
 * double locals ........................... all
 * int locals .............................. TimeVarying (phase), RingWalk, Constants (j), TernaryNoise (sign)
 * boolean locals .......................... BoolGate (left, fast, brake, same, far)
 * double[] method parameters .............. Helpers (features, dot, integrate), every role method (x, next)
 * int[] method parameter .................. IntArrays (order(double[] x, int[] idx))      [disabled, see below]
 * int[] locals ............................ IntArrays (new int[K], {1, 0, 2}, {1, 2})    [disabled, see below]
 * @Param double[] fields .................. all but TernaryNoise
 * @Param double scalar fields ............. TimeVarying, Helpers, NoisyLoop, BranchNoise, TernaryNoise, Regularized
 * θ array passed to a helper .............. Helpers (dot(w, phi), a.length of a θ array)
 * new double[K], K literal / constant ..... Helpers (new double[F]), NestedLoops (new double[H]), HandSoftmax
 * new double[K], K arithmetic ............. NestedLoops (IN * IN), Constants (2 * N + 1 via LEN, N * 2 - 1)
 * {a, b} initializers ..................... HandSoftmax (centers), RingWalk (p0, table), IntArrays (int),
 *                                           Constants (mix, reading θ), Mixed (tmp inside a loop, p; θ)
 * + - * / ................................. all
 * % (ints) ................................ TimeVarying (t % PHASES), DomainRandomized (n % 3, n % 2),
 *                                           RingWalk (wrap, s % 2), Constants (i % N, (i + j) % diff.length)
 * int division ............................ TimeVarying (T / 2), RingWalk (s / 2), Constants (LEN / 2)
 * compound += -= *= /= .................... NestedLoops (+= -= *= /=), HandSoftmax (p[k] /= sum, +=),
 *                                           Helpers, NoisyLoop, Regularized, RingWalk (steps += half)
 * ++ / -- (prefix and postfix) ............ RingWalk (steps++, --steps), Constants (j--, --j, ++j, j++)
 * comparisons < <= > >= == != ............. TimeVarying (<, ==), BoolGate (<, >=, >, <=, ==, !=),
 *                                           TernaryNoise (>, <, >=), RingWalk (==), BranchNoise (>, ==)
 * && || ! ................................. BoolGate (also a noise site on the right of &&)
 * unary minus / plus ...................... TimeVarying, DomainRandomized, MathZoo, BranchNoise / SiteForms
 * float literal, StrictMath ............... SiteForms (0.5f, StrictMath.sin)
 * casts (int) / (double) .................. RingWalk ((int) x[0]), Constants ((double) i), SiteForms
 *                                           ((int) Math.floor(...)), implicit int→double everywhere
 * int-valued Math.max / min / abs ......... SiteForms (as array indices)
 * Math.sin cos tan atan2 exp log log1p
 *      sqrt pow tanh abs min max hypot .... MathZoo (all, θ-dependent); also Helpers (sin, tanh), NestedLoops
 *                                           (tanh), HandSoftmax (exp, max), NoisyLoop (exp), TernaryNoise (abs)
 * Math.floor / Math.ceil .................. MathZoo (floor and ceil of x in the mean; ceil of θ in the cost)
 * Math.PI / Math.E ........................ MathZoo
 * if / else, else-if, if without else ..... BranchNoise, BoolGate (else if), BranchNoise (if without else),
 *                                           Mixed (helper returning from an if / else-if / else chain)
 * branch on θ (cost) ...................... Mixed (if (w[0] > 0), inside a loop too)
 * ternaries (double, int) ................. TimeVarying, DomainRandomized, TernaryNoise, BoolGate, RingWalk
 * counted for, i < bound .................. all loops; i <= bound: NestedLoops (h <= H - 1), Constants
 * loop bound literal ...................... Helpers (reset), bound static final: NoisyLoop (D, K)
 * loop bound arithmetic of constants ...... NestedLoops (H - 1), Constants (N * 2 + 1, LEN / 2, N - 1)
 * loop bound array.length ................. NestedLoops (x.length, hidden.length), Helpers (a.length of θ),
 *                                           Regularized (w.length), Constants (diff.length)
 * nested loops ............................ NestedLoops (transition and cost)
 * helper returning a value in an expression Helpers (0.5 * policyMean(x) + b * sq(x[0])), DomainRandomized
 *                                           (force / mass(n)), RingWalk (wrap), BoolGate (cost calls out(x)),
 *                                           Mixed (in a ternary branch, boolean helper right of &&)
 * helper calling helpers .................. Helpers (policyMean → features, dot, squash)
 * void helper writing an array param ...... Helpers (features(x, phi)), RingWalk (neighbours(s, nb)), IntArrays
 * void helper with the Noise parameter .... Helpers (integrate(x, u, noise, next)); value helper with
 *                                           Noise called in a loop: Mixed (jitter)
 * local shadowing a @Param, this.field .... Mixed (double m = 2.0 * this.m)
 * local named like a generated temporary .. Mixed (drawArg)
 * static final double / int / boolean ..... Constants (GAIN, HALF, N, LEN, DAMPED), BoolGate (LIMIT, SYMMETRIC)
 * qualified constant / this.field ......... Constants (Constants.N), Helpers (this.b), Mixed (this.m)
 * noise.gaussian .......................... most; θ-dependent std: NoisyLoop, BranchNoise, Regularized
 * noise.uniform ........................... θ-dependent bounds: Regularized, BranchNoise, TernaryNoise
 * noise.categorical ....................... HandSoftmax (hand-written softmax), RingWalk (initial state),
 *                                           Mixed (probabilities from a θ-dependent initializer)
 * noise.categoricalLogits ................. RingWalk (local array), Mixed (a whole @Param array)
 * noise.bernoulliLogit .................... BranchNoise, BoolGate, SiteForms
 * noise.draw("name", ...) ................. BoolGate (1 argument), Regularized, Constants (2 arguments)
 * additive noise e + noise.gaussian(m, s) . TimeVarying (e + noise), DomainRandomized (noise + e),
 *                                           SiteForms (e - noise, noise - e, two sites in one sum, +=)
 * other site forms ........................ SiteForms (in an if condition, in a ternary condition,
 *                                           discarded statement, int draw read into a double)
 * noise in a loop ......................... NoisyLoop, Constants, Mixed (through a helper), Helpers (initial)
 * noise in both branches of an if ......... BranchNoise (2 vs 1 draws before the Bernoulli site)
 * ternary with noise in a branch .......... TernaryNoise (one or both branches), SiteForms (and in the condition)
 * noise value used in a condition ......... BranchNoise (flip == 1), BoolGate (draw == 1 ? ...), SiteForms
 * @Step in cost and transition ............ TimeVarying
 * @Rollout in initial, transition, cost ... DomainRandomized
 * @Terminal, FIRST_EXIT ................... BoolGate;  AVERAGE: Helpers, Constants;  TIME_VARYING: TimeVarying
 * cost reading @Param (regularizer) ....... Regularized; also Helpers, MathZoo, TernaryNoise, Mixed
 * </pre>
 *
 * <p>Besides the finite-difference check at states reached by sampling, every model is checked at the
 * hand-picked states of {@link #DRAWS}, which reach every branch of its transition.
 *
 * <p>Hand-written references: {@code logDensity} for TimeVarying, DomainRandomized, NoisyLoop, BranchNoise,
 * TernaryNoise, HandSoftmax, Regularized, RingWalk, SiteForms; {@code meanStep} for TimeVarying, NestedLoops,
 * BranchNoise, HandSoftmax, Regularized; {@code cost} for TimeVarying, DomainRandomized, Regularized;
 * {@code initialState} for DomainRandomized; {@code terminal} for BoolGate.
 *
 * <p>IntArrays is excluded from the parameterized tests (see {@link #intArrays()}): KernelWriter declares
 * every local work array {@code double[]}, so reading an int[] element into an int compiles to a lossy
 * conversion error in the generated kernel. CostLocalClash likewise (see
 * {@link #costLocalNamedLikeLoweringTemporary()}).
 */
class SubsetModelsTest {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  static final List<String> MODELS = List.of("TimeVarying", "DomainRandomized", "Helpers", "NestedLoops",
      "NoisyLoop", "BranchNoise", "TernaryNoise", "HandSoftmax", "MathZoo", "RingWalk", "BoolGate",
      "Regularized", "Constants", "Mixed", "SiteForms");

  private static final Map<String, Class<?>> KERNELS = new ConcurrentHashMap<>();

  // ------------------------------------------------------------------ compiling and loading

  static String source(String model) {
    try (InputStream in = SubsetModelsTest.class.getResourceAsStream("/models/" + model + ".java")) {
      if (in == null) {
        throw new IllegalStateException("missing resource models/" + model + ".java");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Class<?> compileKernel(String model) {
    Compilation c = Compiler.javac().withProcessors(new DsoProcessor())
        .compile(JavaFileObjects.forSourceString("test." + model, source(model)));
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> model + " did not compile:\n"
        + c.diagnostics().stream().map(Object::toString).collect(Collectors.joining("\n"))
        + "\n" + generatedKernelSource(c, model));
    try {
      return new GeneratedClasses(c).loadClass("test." + model + "Kernel");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class test." + model + "Kernel", e);
    }
  }

  private static String generatedKernelSource(Compilation c, String model) {
    try {
      return c.generatedSourceFile("test." + model + "Kernel").map(f -> {
        try {
          return f.getCharContent(true).toString();
        } catch (IOException e) {
          return e.toString();
        }
      }).orElse("(no kernel source generated)");
    } catch (IllegalStateException e) {
      return "(generated sources unavailable)";
    }
  }

  /** A fresh kernel of {@code model} (compiled once per test run). */
  static ChainKernel kernel(String model) {
    Class<?> k = KERNELS.computeIfAbsent(model, SubsetModelsTest::compileKernel);
    try {
      return (ChainKernel) k.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<String> models() {
    return MODELS.stream();
  }

  // ------------------------------------------------------------------ derivatives

  /**
   * Same options and tolerance as the samples' GeneratedKernelDerivativesTest: the 4-point stencil at
   * h = 1e-4 has truncation error ~h⁴ and rounding error ~ε·|F|/h, so an entry is judged relative to
   * max(|entry|, 1e-5·‖vector‖∞); a wrong derivative rule gives errors of order 1.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void derivativesMatchFiniteDifferences(String model) {
    verifyDerivatives(model);
  }

  static void verifyDerivatives(String model) {
    ChainKernel k = kernel(model);
    KernelVerifier.Options options = KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5);
    KernelVerifier.Report report = KernelVerifier.verify(k, 17L, 20, options);
    report.assertWithin(1e-6);
    assertEquals(20, report.pointsChecked(), report::toString);
    // Also at the hand-picked states of DRAWS, which reach every branch of the transition (the rollout
    // index is the verifier's point index; t is the state's).
    List<State> states = DRAWS.get(model).states();
    KernelVerifier.Report atStates = KernelVerifier.verify(k, 23L, 4 * states.size(),
        options.withStateSampler((th, n, rng, x) -> {
          State s = states.get(n % states.size());
          System.arraycopy(s.x(), 0, x, 0, x.length);
          return s.t();
        }));
    atStates.assertWithin(1e-6);
    assertEquals(4 * states.size(), atStates.pointsChecked(), atStates::toString);
  }

  // ------------------------------------------------------------------ draw counts

  /** A state (with step and rollout index) at which the number of draws one transition records is known. */
  record State(double[] x, int t, int n, int draws) {}

  static State at(int draws, int t, int n, double... x) {
    return new State(x, t, n, draws);
  }

  /** drawCount() (the largest number of draws) and states whose draw counts are known. */
  record Draws(int max, List<State> states) {}

  static final Map<String, Draws> DRAWS = Map.ofEntries(
      Map.entry("TimeVarying", new Draws(3, List.of(at(3, 2, 0, 0.3, -0.2), at(3, 6, 0, -0.4, 0.5)))),
      Map.entry("DomainRandomized", new Draws(3, List.of(at(3, 0, 1, 0.5, 0.1), at(3, 0, 2, -0.5, 0.3)))),
      Map.entry("Helpers", new Draws(4, List.of(at(4, 0, 0, 0.1, 0.2, 0.3)))),
      Map.entry("NestedLoops", new Draws(3, List.of(at(3, 0, 0, 0.1, -0.2)))),
      Map.entry("NoisyLoop", new Draws(5, List.of(at(5, 0, 0, 0.1, 0.2, 0.3)))),
      // x0 > 0: two Gaussians + Bernoulli; else: one uniform + Bernoulli.
      Map.entry("BranchNoise", new Draws(3, List.of(at(3, 0, 0, 0.5, 0.2), at(2, 0, 0, -0.5, 0.2)))),
      // x > 0.5: jump, Gaussian base, x'; -0.5 <= x <= 0.5: Gaussian base, x'; x < -0.5: uniform base, x'.
      Map.entry("TernaryNoise", new Draws(3, List.of(at(3, 0, 0, 0.8), at(2, 0, 0, 0.0), at(2, 0, 0, -0.8)))),
      Map.entry("HandSoftmax", new Draws(2, List.of(at(2, 0, 0, 0.4)))),
      Map.entry("MathZoo", new Draws(2, List.of(at(2, 0, 0, 0.3, -0.6)))),
      Map.entry("RingWalk", new Draws(1, List.of(at(1, 0, 0, 2.0), at(1, 0, 0, 0.0)))),
      // |x1| < 0.5: push, x0', x1'; |x1| >= 0.5: push, kick, x0', x1'.
      // (-0.1, 0.1) takes the else-if branch.
      Map.entry("BoolGate", new Draws(4, List.of(at(3, 0, 0, 0.1, 0.1), at(4, 0, 0, 0.1, 0.8),
          at(3, 0, 0, -0.1, 0.1)))),
      Map.entry("Regularized", new Draws(2, List.of(at(2, 0, 0, 0.7)))),
      Map.entry("Constants", new Draws(3, List.of(at(3, 0, 0, 0.1, -0.2, 0.3)))),
      Map.entry("Mixed", new Draws(6, List.of(at(6, 0, 0, 0.5, 0.5), at(6, 0, 0, -0.5, -0.5)))),
      Map.entry("SiteForms", new Draws(9, List.of(at(9, 0, 0, 0.1, 0.4, -0.2), at(9, 0, 0, 0.9, -0.4, 0.3)))),
      Map.entry("IntArrays", new Draws(2, List.of(at(2, 0, 0, 0.3, -0.2), at(2, 0, 0, -0.3, 0.2)))),
      Map.entry("CostLocalClash", new Draws(1, List.of(at(1, 0, 0, 0.4)))));

  /** θ = initialParams(seed) + 0.3·N(0, 1) per entry. */
  static double[] theta(ChainKernel k, long seed) {
    double[] th = new double[k.paramCount()];
    k.initialParams(seed, th);
    Rng r = new Rng(seed, 99L);
    for (int i = 0; i < th.length; i++) {
      th[i] += 0.3 * r.gaussian();
    }
    return th;
  }

  /** Runs sample() once; returns the draws it recorded (entries written before the first untouched one). */
  static double[] sampleDraws(ChainKernel k, double[] th, State s, long seed, double[] next) {
    double[] draws = new double[k.drawCount() + 2];
    Arrays.fill(draws, Double.NaN);
    k.sample(th, s.x().clone(), s.t(), s.n(), new Rng(seed, 7L), draws, next);
    int count = 0;
    while (count < draws.length && !Double.isNaN(draws[count])) {
      count++;
    }
    for (int i = count; i < draws.length; i++) {
      assertTrue(Double.isNaN(draws[i]), "draws written after a gap: " + Arrays.toString(draws));
    }
    return Arrays.copyOf(draws, count);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void sampleRecordsExpectedDraws(String model) {
    checkDraws(model);
  }

  static void checkDraws(String model) {
    ChainKernel k = kernel(model);
    Draws d = DRAWS.get(model);
    assertEquals(d.max(), k.drawCount(), "drawCount()");
    for (State s : d.states()) {
      for (long seed = 1; seed <= 5; seed++) {
        double[] next = new double[k.stateDim()];
        double[] draws = sampleDraws(k, theta(k, seed), s, seed, next);
        assertEquals(s.draws(), draws.length, () -> "draws recorded from x = " + Arrays.toString(s.x())
            + ": " + Arrays.toString(draws));
        for (double v : next) {
          assertTrue(Double.isFinite(v), () -> "next = " + Arrays.toString(next));
        }
      }
    }
  }

  // ------------------------------------------------------------------ hand-written references

  /** ln P(x'|x,θ) of recorded draws d, written out by hand from the model source. */
  interface LogDensity {
    double of(double[] th, double[] x, int t, int n, double[] d);
  }

  /** The mean step f(x,θ), written out by hand. */
  interface MeanStep {
    double[] of(double[] th, double[] x, int t, int n);
  }

  /** L(x,θ), written out by hand. */
  interface CostFn {
    double of(double[] th, double[] x, int t, int n);
  }

  static double gauss(double v, double mean, double std) {
    double z = (v - mean) / std;
    return -0.5 * z * z - Math.log(std) - HALF_LOG_2PI;
  }

  static double uniform(double v, double lo, double hi) {
    return v >= lo && v <= hi ? -Math.log(hi - lo) : Double.NEGATIVE_INFINITY;
  }

  /** ln P(v) of a Bernoulli with P(1) = σ(logit). */
  static double bernoulli(double v, double logit) {
    return v == 1 ? -Math.log1p(Math.exp(-logit)) : -Math.log1p(Math.exp(logit));
  }

  static double[] softmax(double[] s) {
    double mx = Arrays.stream(s).max().orElseThrow();
    double[] p = new double[s.length];
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      p[i] = Math.exp(s[i] - mx);
      sum += p[i];
    }
    for (int i = 0; i < s.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  // TimeVarying: θ = (k[0..2], kv); draws (u, x0', x1').
  static double tvDt(int t) {
    return t < 4 ? 0.1 : 0.05;
  }

  static double tvMu(double[] th, double[] x, int t) {
    return -(th[t % 3] * x[0] + th[3] * x[1]);
  }

  // HandSoftmax: θ = (w[0..2], b[0..2]); draws (c, x').
  static final double[] CENTERS = {-1.0, 0.0, 1.5};

  static double[] hsProbs(double[] th, double[] x) {
    double[] s = new double[3];
    for (int k = 0; k < 3; k++) {
      s[k] = th[k] * x[0] + th[3 + k];
    }
    return softmax(s);
  }

  // Regularized: θ = (w[0..1], lo, logWidth); draws (a, x').
  static double regLeft(double[] th, double[] x) {
    return th[2] + th[0] * x[0];
  }

  /** SiteForms: θ = (w[0..1], m); draws (b1, b2, q, discarded, d, x0', g1, x1', x2'). */
  static double siteFormsLogDensity(double[] th, double[] x, int t, int n, double[] d) {
    int s = (int) Math.floor(Math.abs(x[0]) * 3);
    int lo = Math.max(0, s - 1);
    int hi = Math.min(Math.abs(s - 5), 1);
    double z = th[lo % 2] + th[hi] * x[1] + 0.5 * Math.sin(th[2]);
    double lp = bernoulli(d[0], th[0]);
    if (d[0] == 1) {
      z += 0.3;
    }
    lp += bernoulli(d[1], th[2]);
    lp += d[1] == 1 ? gauss(d[2], z, 0.2) : uniform(d[2], z - 1, z + 1);
    lp += gauss(d[3], 0.0, 1.0);
    lp += bernoulli(d[4], th[1]);
    lp += gauss(d[5], x[0] - z, 0.1); // x0 - N(z, 0.1) is N(x0 - z, 0.1)
    lp += gauss(d[6], th[2] - 0.5 * x[1], 0.1); // N(m, 0.1) - 0.5 x1
    lp += gauss(d[7], d[6] + d[4], 0.2); // (that draw) + N(d, 0.2)
    lp += gauss(d[8], 0.5 * x[2] + 0.1 * d[2], 0.05);
    return lp;
  }

  static final Map<String, LogDensity> LOG_DENSITY = Map.of(
      "SiteForms", SubsetModelsTest::siteFormsLogDensity,
      "TimeVarying", (th, x, t, n, d) -> {
        double dt = tvDt(t);
        return gauss(d[0], tvMu(th, x, t), 0.4) + gauss(d[1], x[0] + dt * x[1], 0.05)
            + gauss(d[2], x[1] + dt * d[0], 0.05);
      },
      "DomainRandomized", (th, x, t, n, d) -> {
        double mass = 1.0 + 0.5 * (n % 3);
        return gauss(d[0], -(th[0] * x[0] + th[1] * x[1]), 0.5) + gauss(d[1], x[0] + 0.1 * x[1], 0.02)
            + gauss(d[2], x[1] + 0.1 * d[0] / mass, 0.02);
      },
      "NoisyLoop", (th, x, t, n, d) -> {
        double std = Math.exp(th[3]);
        double lp = gauss(d[0], 0, std) + gauss(d[1], 0, std);
        double shock = 0.5 * d[0] + 0.5 * d[1];
        for (int i = 0; i < 3; i++) {
          lp += gauss(d[2 + i], th[i] * x[i] + shock, std);
        }
        return lp;
      },
      "BranchNoise", (th, x, t, n, d) -> {
        if (x[0] > 0) {
          return gauss(d[0], th[0] + 0.5 * x[0], Math.exp(th[2])) + gauss(d[1], th[1] * x[1], 0.2)
              + bernoulli(d[2], th[1] - x[1]);
        }
        return uniform(d[0], x[0] - 1.0, x[0] + 1.0 + th[0] * th[0]) + bernoulli(d[1], th[1] - x[1]);
      },
      "TernaryNoise", (th, x, t, n, d) -> {
        int i = 0;
        double lp = 0;
        double jump = 0.25 * x[0];
        if (x[0] > 0.5) {
          jump = d[i++];
          lp += gauss(jump, th[0] * x[0], 0.3);
        }
        double base = d[i++];
        lp += x[0] < -0.5 ? uniform(base, th[1] - 1, th[1] + 1) : gauss(base, th[1], 0.2);
        int sign = x[0] >= 0 ? 1 : -1;
        return lp + gauss(d[i], 0.5 * jump + base - 0.1 * sign, 0.1);
      },
      "HandSoftmax", (th, x, t, n, d) -> {
        int c = (int) d[0];
        return Math.log(hsProbs(th, x)[c]) + gauss(d[1], CENTERS[c] + 0.5 * x[0], 0.3);
      },
      "Regularized", (th, x, t, n, d) -> {
        double left = regLeft(th, x);
        return uniform(d[0], left, left + Math.exp(th[3]))
            + gauss(d[1], 0.8 * x[0] + 0.1 * d[0], 0.2 + 0.1 * th[1] * th[1]);
      },
      "RingWalk", (th, x, t, n, d) -> {
        int s = (int) x[0];
        double[] logits = Arrays.copyOfRange(th, 3 * s, 3 * s + 3);
        return Math.log(softmax(logits)[(int) d[0]]);
      });

  static final Map<String, MeanStep> MEAN_STEP = Map.of(
      "TimeVarying", (th, x, t, n) -> new double[] {x[0] + tvDt(t) * x[1], x[1] + tvDt(t) * tvMu(th, x, t)},
      "NestedLoops", (th, x, t, n) -> {
        // θ = (w1[0..5] row-major H x IN, b1[0..2], w2[0..2])
        double u = 0;
        for (int h = 0; h < 3; h++) {
          u += th[9 + h] * Math.tanh(th[6 + h] + th[2 * h] * x[0] + th[2 * h + 1] * x[1]);
        }
        u = u * 2.0 / 4.0 - 0.1;
        return new double[] {x[0] + 0.1 * x[1], x[1] + 0.1 * u};
      },
      "BranchNoise", (th, x, t, n) -> {
        double[] m = x[0] > 0
            ? new double[] {th[0] + 0.5 * x[0], th[1] * x[1]}
            : new double[] {0.5 * ((x[0] - 1.0) + (x[0] + 1.0 + th[0] * th[0])), x[1]};
        if (th[1] - x[1] >= 0) { // the Bernoulli site's mean: its most likely value
          m[1] = -m[1];
        }
        return m;
      },
      "HandSoftmax", (th, x, t, n) -> new double[] {CENTERS[argmax(hsProbs(th, x))] + 0.5 * x[0]},
      "Regularized", (th, x, t, n) -> {
        double a = regLeft(th, x) + 0.5 * Math.exp(th[3]);
        return new double[] {0.8 * x[0] + 0.1 * a};
      });

  static final Map<String, CostFn> COST = Map.of(
      "TimeVarying", (th, x, t, n) -> (t == 7 ? 10.0 : 1.0 + 0.1 * t) * x[0] * x[0] + 0.1 * x[1] * x[1],
      "DomainRandomized", (th, x, t, n) -> (n % 2 == 0 ? 1.0 : 2.0) * x[0] * x[0] + 0.1 * x[1] * x[1],
      "Regularized", (th, x, t, n) -> x[0] * x[0]
          + 0.01 * (th[0] * th[0] + th[1] * th[1] + th[2] * th[2] + th[3] * th[3]) + 0.1 * Math.exp(th[3]));

  static Stream<String> logDensityModels() {
    return MODELS.stream().filter(LOG_DENSITY::containsKey);
  }

  static Stream<String> meanStepModels() {
    return MODELS.stream().filter(MEAN_STEP::containsKey);
  }

  static Stream<String> costModels() {
    return MODELS.stream().filter(COST::containsKey);
  }

  /** The generated and the hand-written formula evaluate the same expressions up to reassociation. */
  static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-12 * Math.max(1.0, Math.abs(expected)), what);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logDensityModels")
  void logDensityMatchesHandComputed(String model) {
    ChainKernel k = kernel(model);
    LogDensity ref = LOG_DENSITY.get(model);
    for (State s : DRAWS.get(model).states()) {
      for (long seed = 1; seed <= 5; seed++) {
        double[] th = theta(k, seed);
        double[] draws = Arrays.copyOf(sampleDraws(k, th, s, seed, new double[k.stateDim()]), k.drawCount());
        double expected = ref.of(th, s.x(), s.t(), s.n(), draws);
        assertTrue(Double.isFinite(expected), "reference ln P at its own draws");
        assertClose(expected, k.logDensity(th, s.x(), s.t(), s.n(), draws),
            model + " ln P at x = " + Arrays.toString(s.x()) + ", seed " + seed);
        // The same draws re-scored under another θ (the ratios of eq. 66).
        double[] other = theta(k, seed + 100);
        assertClose(ref.of(other, s.x(), s.t(), s.n(), draws), k.logDensity(other, s.x(), s.t(), s.n(), draws),
            model + " ln P re-scored under another θ");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("meanStepModels")
  void meanStepMatchesHandComputed(String model) {
    ChainKernel k = kernel(model);
    MeanStep ref = MEAN_STEP.get(model);
    for (State s : DRAWS.get(model).states()) {
      for (long seed = 1; seed <= 5; seed++) {
        double[] th = theta(k, seed);
        double[] mean = new double[k.stateDim()];
        k.meanStep(th, s.x().clone(), s.t(), s.n(), mean);
        assertArrayEquals(ref.of(th, s.x(), s.t(), s.n()), mean, 1e-12,
            model + " mean step at x = " + Arrays.toString(s.x()) + ", seed " + seed);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("costModels")
  void costMatchesHandComputed(String model) {
    ChainKernel k = kernel(model);
    CostFn ref = COST.get(model);
    for (State s : DRAWS.get(model).states()) {
      for (int t = 0; t < 8; t++) {
        for (int n = 0; n < 4; n++) {
          double[] th = theta(k, 10L * t + n);
          assertClose(ref.of(th, s.x(), t, n), k.cost(th, s.x(), t, n), model + " cost at t=" + t + ", n=" + n);
        }
      }
    }
  }

  @Test
  void initialStateDependsOnRollout() {
    ChainKernel k = kernel("DomainRandomized");
    double[] th = theta(k, 3);
    for (int n = 0; n < 6; n++) {
      double[] x = new double[2];
      k.initialState(th, n, new Rng(5, n), x);
      assertEquals(n % 2 == 0 ? 1.0 : -1.0, x[0], "x0 for rollout " + n);
      assertTrue(x[1] >= -0.1 && x[1] <= 0.1, "x1 = " + x[1]);
    }
  }

  @Test
  void terminalMatchesHandComputed() {
    ChainKernel k = kernel("BoolGate");
    double[][] xs = {{0, 0}, {3.5, 0}, {-3.5, 0}, {0, 3.0}, {0, 2.9}, {0, -3.0}, {0, -2.9}, {2.9, -2.9}};
    for (double[] x : xs) {
      boolean expected = Math.abs(x[0]) > 3.0 || !(x[1] < 3.0) || x[1] <= -3.0;
      assertEquals(expected, k.terminal(x, 0, 0), "terminal at " + Arrays.toString(x));
      assertEquals(expected ? 0.0 : 1.0 + 0.1 * x[0] * x[0], k.cost(new double[2], x, 0, 0), "cost at "
          + Arrays.toString(x));
    }
  }

  /**
   * int[] locals and parameters: work arrays keep their element type, so {@code int j = idx[lag[i]]}
   * compiles and indexes correctly.
   */
  @Test
  void intArrays() {
    verifyDerivatives("IntArrays");
    checkDraws("IntArrays");
  }

  /**
   * A cost local named like a noise-lowering temporary ({@code drawZ}): the weighted-sum program holds
   * the transition and the cost together, so the lowering must avoid the cost's names too.
   */
  @Test
  void costLocalNamedLikeLoweringTemporary() {
    verifyDerivatives("CostLocalClash");
    checkDraws("CostLocalClash");
  }
}
