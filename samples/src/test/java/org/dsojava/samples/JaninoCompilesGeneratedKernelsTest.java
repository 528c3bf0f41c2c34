package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.codehaus.janino.SimpleCompiler;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated kernels are plain Java 8 (no lambdas, var, records or switch expressions), so the same
 * source compiles in memory with Janino, the path for loading models without a build step. The
 * Janino-compiled kernel must compute bit for bit what the javac-compiled one does.
 */
class JaninoCompilesGeneratedKernelsTest {
  @ParameterizedTest
  @ValueSource(strings = {"CartPoleLinear", "CartPoleMlp", "PendulumMlp", "Lqr", "SoftmaxChain"})
  void janinoCompiledKernelMatchesJavac(String model) throws Exception {
    Path source = Path.of("target", "generated-sources", "annotations", "org", "dsojava", "samples", model + "Kernel.java");
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(getClass().getClassLoader());
    compiler.cook(source.toString(), Files.readString(source, StandardCharsets.UTF_8));
    ChainKernel janino = (ChainKernel) compiler.getClassLoader()
        .loadClass("org.dsojava.samples." + model + "Kernel").getDeclaredConstructor().newInstance();
    ChainKernel javac = (ChainKernel) Class.forName("org.dsojava.samples." + model + "Kernel")
        .getDeclaredConstructor().newInstance();

    double[] theta = new double[javac.paramCount()];
    javac.initialParams(4L, theta);
    double[] x = new double[javac.stateDim()];
    double[] next = new double[x.length];
    double[] draws = new double[javac.drawCount()];
    Rng rng = new Rng(21L);
    javac.initialState(theta, 0, rng, x);
    double[] v = new double[theta.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.gaussian();
    }
    for (int t = 0; t < 10 && !javac.terminal(x, t, 0); t++) {
      double[] nextJanino = new double[x.length];
      double[] drawsJanino = new double[draws.length];
      javac.sample(theta, x, t, 0, new Rng(100L, t), draws, next);
      janino.sample(theta, x, t, 0, new Rng(100L, t), drawsJanino, nextJanino);
      assertArrayEquals(next, nextJanino);
      assertArrayEquals(draws, drawsJanino);
      assertEquals(javac.logDensity(theta, x, t, 0, draws), janino.logDensity(theta, x, t, 0, draws));
      double[] g1 = new double[theta.length];
      double[] g2 = new double[theta.length];
      javac.accumulateGradient(theta, x, t, 0, draws, 0.7, -1.3, g1);
      janino.accumulateGradient(theta, x, t, 0, draws, 0.7, -1.3, g2);
      assertArrayEquals(g1, g2);
      double[] h1 = new double[theta.length];
      double[] h2 = new double[theta.length];
      javac.hvp(theta, x, t, 0, draws, 0.7, -1.3, v, h1);
      janino.hvp(theta, x, t, 0, draws, 0.7, -1.3, v, h2);
      assertArrayEquals(h1, h2);
      System.arraycopy(next, 0, x, 0, x.length);
    }
  }
}
