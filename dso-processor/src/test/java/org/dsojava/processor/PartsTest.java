package org.dsojava.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.frontend.Sources;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composition (issue 13): models use parts from other classes — static helpers and {@code @Part}
 * instances with their own θ — compiled in the same build or arriving in a jar of their own, where the
 * processor reads the source the part's build left in the jar. Kernels are the same either way; errors
 * inside a part point at the part's own source line.
 */
class PartsTest {
  @TempDir Path dir;

  private static final String LAYER = String.join("\n",
      "package lib;",
      "import org.dsojava.annotations.*;",
      "@Part",
      "public class Layer {",
      "  static final double[] SCALE = {1.0, 0.5, 0.25};",
      "  final int in;",
      "  final int out;",
      "  @Param double[] w;",
      "  @Param(value = 0.1) double[] b;",
      "  public Layer(int in, int out) {",
      "    this(in, out, 1.0 / Math.sqrt(in));",
      "  }",
      "  public Layer(int in, int out, double std) {",
      "    this.in = in;",
      "    this.out = out;",
      "    w = Init.normal(in * out, 0.0, std);",
      "    b = new double[out];",
      "  }",
      "  public void apply(double[] x, double[] y) {",
      "    for (int o = 0; o < out; o++) {",
      "      double s = b[o];",
      "      for (int i = 0; i < in; i++) {",
      "        s += w[o * in + i] * x[i] * SCALE[i % 3];",
      "      }",
      "      y[o] = Math.tanh(s);",
      "    }",
      "  }",
      "}");

  private static final String NET = String.join("\n",
      "package lib;",
      "import org.dsojava.annotations.*;",
      "@Part",
      "public class Net {",
      "  final Layer hidden;",
      "  final Layer head = new Layer(3, 1, 0.01);",
      "  public Net(int in) {",
      "    hidden = new Layer(in, 3);",
      "  }",
      "  public double value(double[] x) {",
      "    double[] h = new double[3];",
      "    hidden.apply(x, h);",
      "    double[] y = new double[1];",
      "    head.apply(h, y);",
      "    return y[0];",
      "  }",
      "}");

  private static final String PHYSICS = String.join("\n",
      "package lib;",
      "import org.dsojava.annotations.*;",
      "@Part",
      "public final class Physics {",
      "  public static final double DT = 0.05;",
      "  static final double[] SCALE = {2.0, 3.0};",
      "  private Physics() {}",
      "  public static void step(double[] x, double u, double[] next) {",
      "    next[0] = x[0] + DT * x[1] * SCALE[0];",
      "    next[1] = x[1] + DT * (u - damped(x[0]));",
      "  }",
      "  static double damped(double q) {",
      "    return Math.sin(q) * SCALE[1] / 3.0;",
      "  }",
      "}");

  private static String composedModel(String name) {
    return String.join("\n",
        "package app;",
        "import lib.Net;",
        "import lib.Physics;",
        "import org.dsojava.annotations.*;",
        "@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, horizon = 30)",
        "public class " + name + " {",
        "  final Net policy = new Net(2);",
        "  @Param(value = -1.0) double logStd;",
        "  @Transition void step(double[] x, Noise noise, double[] next) {",
        "    double u = noise.gaussian(policy.value(x), Math.exp(logStd));",
        "    Physics.step(x, u, next);",
        "  }",
        "  @Cost double cost(double[] x) { return x[0] * x[0] + Physics.DT * x[1] * x[1]; }",
        "  @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); x[1] = 0; }",
        "}");
  }

  private static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /** Compiles the parts alone, with the processor, into a jar (classes and the sources the processor left). */
  private File libraryJar(String name, boolean withProcessor, JavaFileObject... parts) throws IOException {
    Compilation lib = withProcessor ? javac().withProcessors(new DsoProcessor()).compile(parts)
        : javac().withOptions("-proc:none").compile(parts);
    assertEquals(Compilation.Status.SUCCESS, lib.status(), () -> lib.diagnostics().toString());
    File jar = dir.resolve(name + ".jar").toFile();
    try (OutputStream out = Files.newOutputStream(jar.toPath()); JarOutputStream j = new JarOutputStream(out)) {
      for (JavaFileObject f : lib.generatedFiles()) {
        String path = f.toUri().getPath();
        int at = path.indexOf("CLASS_OUTPUT/");
        if (at < 0) {
          continue;
        }
        j.putNextEntry(new JarEntry(path.substring(at + "CLASS_OUTPUT/".length())));
        try (InputStream in = f.openInputStream()) {
          in.transferTo(j);
        }
        j.closeEntry();
      }
    }
    return jar;
  }

  private static String kernelSource(Compilation c, String kernel) {
    return c.generatedSourceFile(kernel).map(f -> {
      try {
        return f.getCharContent(true).toString();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).orElseThrow(() -> new AssertionError(kernel + " not generated: " + c.diagnostics()));
  }

  @Test
  void thePartsSourceTravelsInItsJar() throws IOException {
    File jar = libraryJar("lib", true, source("lib.Layer", LAYER), source("lib.Physics", PHYSICS));
    try (var j = new java.util.jar.JarFile(jar)) {
      String kept = new String(j.getInputStream(j.getEntry(Sources.resourceName("lib.Layer"))).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(LAYER, kept);
      assertTrue(j.getEntry(Sources.resourceName("lib.Physics")) != null);
    }
  }

  @Test
  void aModelUsingPartsFromAJarGetsTheSameKernelsAsWithThePartsInItsBuild() throws Exception {
    Compilation together = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", LAYER),
        source("lib.Net", NET), source("lib.Physics", PHYSICS), source("app.Composed", composedModel("Composed")));
    assertEquals(Compilation.Status.SUCCESS, together.status(), () -> together.diagnostics().toString());
    File jar = libraryJar("lib", true, source("lib.Layer", LAYER), source("lib.Net", NET),
        source("lib.Physics", PHYSICS));
    Compilation apart = javac().withProcessors(new DsoProcessor()).withClasspath(classpathWith(jar))
        .compile(source("app.Composed", composedModel("Composed")));
    assertEquals(Compilation.Status.SUCCESS, apart.status(), () -> apart.diagnostics().toString());
    assertEquals(kernelSource(together, "app.ComposedKernel"), kernelSource(apart, "app.ComposedKernel"));

    ChainKernel k = (ChainKernel) new GeneratedClasses(together).loadClass("app.ComposedKernel")
        .getDeclaredConstructor().newInstance();
    // θ layout: the part's fields at the position of the field holding it, named by path.
    assertEquals(6 + 3 + 3 + 1 + 1, k.paramCount());
    assertEquals("policy.hidden.w[0]", k.paramName(0));
    assertEquals("policy.hidden.b[2]", k.paramName(8));
    assertEquals("policy.head.w[2]", k.paramName(11));
    assertEquals("policy.head.b[0]", k.paramName(12));
    assertEquals("logStd", k.paramName(13));
    double[] theta = new double[k.paramCount()];
    k.initialParams(3, theta);
    assertEquals(0.1, theta[6], 0.0); // @Param(value = 0.1) b of the hidden layer
    assertEquals(-1.0, theta[13], 0.0);
    KernelVerifier.verify(k, 5L, 10, KernelVerifier.Options.defaults().withThetaScale(0.5)).assertWithin(1e-6);
  }

  @Test
  void errorInsideAPartFromAJarPointsAtThePartsLine() throws IOException {
    String bad = LAYER.replace("      y[o] = Math.tanh(s);", "      while (s > 10) { s -= 1; }\n      y[o] = Math.tanh(s);");
    File jar = libraryJar("bad", true, source("lib.Layer", bad), source("lib.Net", NET), source("lib.Physics", PHYSICS));
    Compilation c = javac().withProcessors(new DsoProcessor()).withClasspath(classpathWith(jar))
        .compile(source("app.UsesBad", composedModel("UsesBad")));
    assertEquals(Compilation.Status.FAILURE, c.status());
    Diagnostic<? extends JavaFileObject> d = c.errors().get(0);
    assertTrue(d.getSource().getName().endsWith("bad.jar!/" + Sources.resourceName("lib.Layer")), d.getSource().getName());
    assertEquals(lineOf(bad, "while (s > 10)"), d.getLineNumber(), d.toString());
    assertTrue(d.getMessage(null).contains("policy.hidden.apply()"), d.getMessage(null));
  }

  @Test
  void errorInsideAPartInTheSameBuildPointsAtThePartsLine() {
    String bad = PHYSICS.replace("return Math.sin(q) * SCALE[1] / 3.0;", "return Math.sin(q) * SCALE[1] / 3.0 + unknown;");
    Compilation c = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", LAYER),
        source("lib.Net", NET), source("lib.Physics", bad), source("app.Same", composedModel("Same")));
    List<Diagnostic<? extends JavaFileObject>> errors = c.errors();
    assertTrue(errors.stream().anyMatch(d -> d.getSource().getName().endsWith("lib/Physics.java")
        && d.getLineNumber() == lineOf(bad, "+ unknown")), errors::toString);
  }

  @Test
  void aClassFromAJarWithoutItsSourceIsAClearError() throws IOException {
    File jar = libraryJar("nosource", false, source("lib.Layer", LAYER), source("lib.Net", NET),
        source("lib.Physics", PHYSICS));
    Compilation c = javac().withProcessors(new DsoProcessor()).withClasspath(classpathWith(jar))
        .compile(source("app.NoSource", composedModel("NoSource")));
    List<String> messages = c.errors().stream().map(d -> d.getMessage(null)).collect(Collectors.toList());
    assertTrue(messages.contains(Message.PART_NO_SOURCE.format("lib.Net", Sources.resourceName("lib.Net"))),
        messages::toString);
  }

  @Test
  void constructorThatDoesMoreThanAssignFieldsIsAnErrorAtItsLine() {
    String bad = LAYER.replace("    b = new double[out];", "    b = new double[out];\n    System.out.println(in);");
    Compilation c = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", bad),
        source("lib.Net", NET), source("lib.Physics", PHYSICS), source("app.Ctor", composedModel("Ctor")));
    Diagnostic<? extends JavaFileObject> d = c.errors().get(0);
    assertEquals(lineOf(bad, "System.out.println"), d.getLineNumber(), d.toString());
    assertTrue(d.getMessage(null).startsWith("part Layer cannot be built at compile time: its constructor may only"
        + " assign its own fields"), d.getMessage(null));
  }

  @Test
  void sizeThatIsNotAConstantIsAnError() {
    String bad = NET.replace("hidden = new Layer(in, 3);", "hidden = new Layer(in, (int) (3 * Math.random()));");
    Compilation c = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", LAYER),
        source("lib.Net", bad), source("lib.Physics", PHYSICS), source("app.Random", composedModel("Random")));
    Diagnostic<? extends JavaFileObject> d = c.errors().get(0);
    assertEquals(lineOf(bad, "Math.random()"), d.getLineNumber(), d.toString());
    assertTrue(d.getMessage(null).contains("is not a compile-time constant"), d.getMessage(null));
  }

  @Test
  void constantsOfOtherClassesSizePartsAndConstantsAsInBodies() {
    String sizes = String.join("\n", "package lib;", "public final class Sizes {", "  public static final int IN = 2;",
        "  public static final double K = Math.sqrt(2.0);", "  private Sizes() {}", "}");
    String named = composedModel("Named").replace("final Net policy = new Net(2);",
        "static final double C = lib.Sizes.K * 2;\n  final Net policy = new Net(Sizes.IN);")
        .replace("import lib.Physics;", "import lib.Physics;\nimport lib.Sizes;")
        .replace("x[0] * x[0] + Physics.DT", "C * x[0] * x[0] + Physics.DT");
    String literal = composedModel("Named").replace("final Net policy = new Net(2);",
            "static final double C = 2.8284271247461903;\n  final Net policy = new Net(2);")
        .replace("x[0] * x[0] + Physics.DT", "C * x[0] * x[0] + Physics.DT");
    Compilation a = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", LAYER),
        source("lib.Net", NET), source("lib.Physics", PHYSICS), source("lib.Sizes", sizes), source("app.Named", named));
    assertEquals(List.of(), a.errors(), () -> a.errors().toString());
    Compilation b = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", LAYER),
        source("lib.Net", NET), source("lib.Physics", PHYSICS), source("app.Named", literal));
    assertEquals(List.of(), b.errors(), () -> b.errors().toString());
    assertEquals(Math.sqrt(2.0) * 2, 2.8284271247461903, 0.0);
    assertEquals(kernelSource(b, "app.NamedKernel"), kernelSource(a, "app.NamedKernel"));
  }

  @Test
  void aPartThatContainsItselfIsAnError() {
    String loop = String.join("\n", "package lib;", "import org.dsojava.annotations.*;", "@Part", "public class Loop {",
        "  final Loop inner;", "  public Loop() { inner = new Loop(); }",
        "  public double value(double[] x) { return x[0]; }", "}");
    String model = composedModel("Looping").replace("final Net policy = new Net(2);",
        "final Net policy = new Net(2);\n  final lib.Loop loop = new lib.Loop();");
    Compilation c = javac().withProcessors(new DsoProcessor()).compile(source("lib.Layer", LAYER),
        source("lib.Net", NET), source("lib.Physics", PHYSICS), source("lib.Loop", loop), source("app.Looping", model));
    List<String> messages = c.errors().stream().map(d -> d.getMessage(null)).collect(Collectors.toList());
    assertTrue(messages.contains(Message.PART_CYCLE.format("lib.Loop", "lib.Loop → lib.Loop")), messages::toString);
  }

  @Test
  void stepperBaseClassCallsTheSubclassDerivative() throws Exception {
    String base = String.join("\n", "package lib;", "import org.dsojava.annotations.*;", "@Part",
        "public abstract class Euler {", "  final int n;", "  final double dt;",
        "  protected Euler(int n, double dt) { this.n = n; this.dt = dt; }",
        "  protected abstract void derivative(double[] x, double[] u, double[] dx);",
        "  public void step(double[] x, double[] u, double[] next) {", "    double[] dx = new double[n];",
        "    derivative(x, u, dx);", "    for (int i = 0; i < n; i++) { next[i] = x[i] + dt * dx[i]; }", "  }", "}");
    File jar = libraryJar("euler", true, source("lib.Euler", base));
    String oscillator = String.join("\n", "package app;", "import org.dsojava.annotations.*;",
        "public class Oscillator extends lib.Euler {", "  @Param(value = 1.0) double stiffness;",
        "  public Oscillator() { super(2, 0.1); }",
        "  protected void derivative(double[] x, double[] u, double[] dx) {",
        "    dx[0] = x[1];", "    dx[1] = -stiffness * x[0] + u[0];", "  }", "}");
    String model = String.join("\n", "package app;", "import org.dsojava.annotations.*;",
        "@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, horizon = 10)", "public class Spring {",
        "  final Oscillator body = new Oscillator();",
        "  @Transition void step(double[] x, Noise noise, double[] next) {",
        "    double[] u = new double[1];", "    double[] mid = new double[2];",
        "    body.step(x, u, mid);", "    next[0] = noise.gaussian(mid[0], 0.1);", "    next[1] = noise.gaussian(mid[1], 0.1);",
        "  }",
        "  @Cost double cost(double[] x) { return x[0] * x[0]; }",
        "  @Initial void reset(Noise noise, double[] x) { x[0] = 1; x[1] = 0; }", "}");
    Compilation c = javac().withProcessors(new DsoProcessor()).withClasspath(classpathWith(jar))
        .compile(source("app.Oscillator", oscillator), source("app.Spring", model));
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> c.diagnostics().toString());
    assertEquals(List.of(), c.errors());
    String kernel = kernelSource(c, "app.SpringKernel");
    assertTrue(kernel.contains("body.stiffness = θ[0]"), kernel.substring(0, 600));
    ChainKernel k = (ChainKernel) new GeneratedClasses(c).loadClass("app.SpringKernel").getDeclaredConstructor().newInstance();
    // The mean step is the subclass's derivative through the base class's Euler step: x + dt·(v, −k·q).
    double[] mean = new double[2];
    k.meanStep(new double[] {2.0}, new double[] {1.0, 0.5}, 0, 0, mean);
    assertEquals(1.0 + 0.1 * 0.5, mean[0], 0.0);
    assertEquals(0.5 + 0.1 * (-2.0 * 1.0 + 0.0), mean[1], 0.0);
    KernelVerifier.verify(k, 7L, 10, KernelVerifier.Options.defaults()).assertWithin(1e-6);
  }

  private static int lineOf(String text, String marker) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError(marker + " not in the source");
  }

  private static List<File> classpathWith(File jar) {
    List<File> cp = new ArrayList<>();
    cp.add(jar);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.add(new File(entry));
    }
    return cp;
  }
}
