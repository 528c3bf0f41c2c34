package org.dsojava.processor;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.Rng;
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
 * int[] method parameter .................. RingWalk (neighbours(int s, int[] out))
 * int[] locals ............................ RingWalk (new int[MOVES], {0, 1, 2, 1, 0})
 * @Param double[] fields .................. all but TernaryNoise
 * @Param double scalar fields ............. TimeVarying, Helpers, NoisyLoop, BranchNoise, TernaryNoise, Regularized
 * θ array passed to a helper .............. Helpers (dot(w, phi), a.length of a θ array)
 * new double[K], K literal / constant ..... Helpers (new double[F]), NestedLoops (new double[H]), HandSoftmax
 * new double[K], K arithmetic ............. NestedLoops (IN * IN), Constants (2 * N + 1 via LEN, N * 2 - 1)
 * {a, b} initializers ..................... HandSoftmax (centers), RingWalk (double p0, int table),
 *                                           Constants (mix: initializer reading θ)
 * + - * / ................................. all
 * % (ints) ................................ TimeVarying (t % PHASES), DomainRandomized (n % 3, n % 2),
 *                                           RingWalk (wrap, s % 2), Constants (i % N, (i + j) % diff.length)
 * int division ............................ TimeVarying (T / 2), RingWalk (s / 2), Constants (LEN / 2)
 * compound += -= *= /= .................... NestedLoops (+= -= *= /=), HandSoftmax (p[k] /= sum, +=),
 *                                           Helpers, NoisyLoop, Regularized, RingWalk (steps += half)
 * ++ / -- (prefix and postfix) ............ RingWalk (steps++, --steps), Constants (j--, --j, ++j, j++)
 * comparisons < <= > >= == != ............. TimeVarying (<, ==), BoolGate (<, >=, >, <=, ==, !=),
 *                                           TernaryNoise (>, <, >=), RingWalk (==), BranchNoise (>, ==)
 * && || ! ................................. BoolGate
 * unary minus ............................. TimeVarying, DomainRandomized, MathZoo, BranchNoise, BoolGate
 * casts (int) / (double) .................. RingWalk ((int) x[0]), Constants ((double) i), implicit int→double
 * Math.sin cos tan atan2 exp log log1p
 *      sqrt pow tanh abs min max hypot .... MathZoo (all, θ-dependent); also Helpers (sin, tanh), NestedLoops
 *                                           (tanh), HandSoftmax (exp, max), NoisyLoop (exp), TernaryNoise (abs)
 * Math.floor / Math.ceil .................. MathZoo (floor and ceil of x in the mean; ceil of θ in the cost)
 * Math.PI / Math.E ........................ MathZoo
 * if / else, else-if, if without else ..... BranchNoise, BoolGate (else if), BranchNoise (if without else)
 * ternaries (double, int) ................. TimeVarying, DomainRandomized, TernaryNoise, BoolGate, RingWalk
 * counted for, i < bound .................. all loops; i <= bound: NestedLoops (h <= H - 1), Constants
 * loop bound literal ...................... Helpers (reset), bound static final: NoisyLoop (D, K)
 * loop bound arithmetic of constants ...... NestedLoops (H - 1), Constants (N * 2 + 1, LEN / 2, N - 1)
 * loop bound array.length ................. NestedLoops (x.length, hidden.length), Helpers (a.length of θ),
 *                                           Regularized (w.length), Constants (diff.length)
 * nested loops ............................ NestedLoops (transition and cost)
 * helper returning a value in an expression Helpers (0.5 * policyMean(x) + b * sq(x[0])), DomainRandomized
 *                                           (force / mass(n)), RingWalk (wrap), BoolGate (cost calls out(x))
 * helper calling helpers .................. Helpers (policyMean → features, dot, squash)
 * void helper writing an array param ...... Helpers (features(x, phi)), RingWalk (neighbours(s, nb))
 * void helper with the Noise parameter .... Helpers (integrate(x, u, noise, next))
 * static final double / int / boolean ..... Constants (GAIN, HALF, N, LEN, DAMPED), BoolGate (LIMIT, SYMMETRIC)
 * qualified constant / this.field ......... Constants (Constants.N), Helpers (this.b)
 * noise.gaussian .......................... most; θ-dependent std: NoisyLoop, BranchNoise, Regularized
 * noise.uniform ........................... θ-dependent bounds: Regularized, BranchNoise, TernaryNoise
 * noise.categorical ....................... HandSoftmax (hand-written softmax), RingWalk (initial state)
 * noise.categoricalLogits ................. RingWalk
 * noise.bernoulliLogit .................... BranchNoise
 * noise.draw("name", ...) ................. BoolGate (1 argument), Regularized, Constants (2 arguments)
 * additive noise e + noise.gaussian(m, s) . TimeVarying (e + noise), DomainRandomized (noise + e)
 * noise in a loop ......................... NoisyLoop, Constants, Helpers (initial state)
 * noise in both branches of an if ......... BranchNoise (2 vs 1 draws before the Bernoulli site)
 * ternary with noise in a branch .......... TernaryNoise (one or both branches)
 * noise value used in a condition ......... BranchNoise (flip == 1), BoolGate (draw == 1 ? ...)
 * @Step in cost and transition ............ TimeVarying
 * @Rollout in initial, transition, cost ... DomainRandomized
 * @Terminal, FIRST_EXIT ................... BoolGate;  AVERAGE: Helpers, Constants;  TIME_VARYING: TimeVarying
 * cost reading @Param (regularizer) ....... Regularized; also Helpers, MathZoo, TernaryNoise
 * </pre>
 */
class SubsetModelsTest {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  static final List<String> MODELS = List.of("TimeVarying", "DomainRandomized", "Helpers", "NestedLoops",
      "NoisyLoop", "BranchNoise", "TernaryNoise", "HandSoftmax", "MathZoo", "RingWalk", "BoolGate",
      "Regularized", "Constants");

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

  /** Defines classes from the class files of one in-memory compilation. */
  static final class GeneratedClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    GeneratedClassLoader(Map<String, byte[]> classes) {
      super(SubsetModelsTest.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }

  static Class<?> compileKernel(String model) {
    Compilation c = Compiler.javac().withProcessors(new DsoProcessor())
        .compile(JavaFileObjects.forSourceString("test." + model, source(model)));
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> model + " did not compile:\n"
        + c.diagnostics().stream().map(Object::toString).collect(Collectors.joining("\n"))
        + "\n" + generatedKernelSource(c, model));
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String uri = f.toUri().getPath();
      String binary = uri.substring(uri.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
          uri.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(binary, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return new GeneratedClassLoader(classes).loadClass("test." + model + "Kernel");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class test." + model + "Kernel among " + classes.keySet(), e);
    }
  }

  private static String generatedKernelSource(Compilation c, String model) {
    return c.generatedSourceFile("test." + model + "Kernel").map(f -> {
      try {
        return f.getCharContent(true).toString();
      } catch (IOException e) {
        return e.toString();
      }
    }).orElse("(no kernel source generated)");
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
    ChainKernel k = kernel(model);
    KernelVerifier.Report report = KernelVerifier.verify(k, 17L, 20,
        KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5));
    report.assertWithin(1e-6);
    assertEquals(20, report.pointsChecked(), report::toString);
  }
}
