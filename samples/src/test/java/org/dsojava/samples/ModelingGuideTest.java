package org.dsojava.samples;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.dsojava.processor.DsoProcessor;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.junit.jupiter.api.Test;

/**
 * Every Java example of docs/MODELING.md (a {@code java} block starting with {@code package}) compiles
 * with the model compiler against the part library, and every model among them gets kernels whose
 * derivatives agree with finite differences.
 */
class ModelingGuideTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(package .*?)```", Pattern.DOTALL);

  @Test
  void everyExampleCompilesAndItsKernelsAreRight() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "MODELING.md"));
    List<JavaFileObject> sources = new ArrayList<>();
    Matcher m = BLOCK.matcher(guide);
    while (m.find()) {
      String code = m.group(1);
      String pkg = code.substring("package ".length(), code.indexOf(';'));
      Matcher type = Pattern.compile("public (?:final |abstract )?class (\\w+)").matcher(code);
      assertTrue(type.find(), code);
      sources.add(JavaFileObjects.forSourceString(pkg + "." + type.group(1), code));
    }
    assertEquals(13, sources.size(), "examples found");
    Compilation c = javac().withProcessors(new DsoProcessor()).compile(sources);
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> c.diagnostics().toString());
    assertEquals(List.of(), c.warnings().stream().filter(w -> w.getSource() != null).toList());
    Map<String, byte[]> classes = classFiles(c);
    ClassLoader loader = new ClassLoader(ModelingGuideTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
    int models = 0;
    int blocks = 0;
    for (String name : new java.util.TreeSet<>(classes.keySet())) {
      if (name.endsWith("Kernel") && !name.endsWith("LockstepKernel") && !name.contains("$")) {
        ChainKernel k = (ChainKernel) loader.loadClass(name).getDeclaredConstructor().newInstance();
        if (k.recordSchema() != null) {
          k.bind(randomData(k.recordSchema(), 12, Math.max(k.horizon(), 8) + 3, name.hashCode()));
        }
        KernelVerifier.verify(k, 11L, 10, KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5))
            .assertWithin(1e-6);
        for (int b = 0; b < k.dataCostCount(); b++) {
          assertBlockGradient(k, b);
          blocks++;
        }
        models++;
      }
    }
    assertEquals(10, models, classes.keySet().toString());
    assertEquals(4, blocks);
  }

  /** A data set of random records with the model's fields. */
  static DataSet randomData(DataSchema schema, int trajectories, int length, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    DataSet.Builder b = DataSet.builder(schema);
    for (int n = 0; n < trajectories; n++) {
      for (int t = 0; t < length; t++) {
        double[] record = new double[schema.width()];
        for (int i = 0; i < record.length; i++) {
          record[i] = r.nextGaussian();
        }
        b.add(n, t, record);
      }
    }
    return b.build();
  }

  /**
   * The block's gradient over the bound data set against central differences of its exact value
   * (h = 1e-5: truncation ~h², rounding ~ε·|L|/h, both far below the 1e-6 relative tolerance).
   */
  static void assertBlockGradient(ChainKernel k, int block) {
    double[] theta = new double[k.paramCount()];
    k.initialParams(5, theta);
    java.util.SplittableRandom r = new java.util.SplittableRandom(block);
    for (int i = 0; i < theta.length; i++) {
      theta[i] += 0.3 * r.nextGaussian();
    }
    double[] g = new double[theta.length];
    for (int n = 0; n < 12; n++) {
      for (int t = 0; t + k.dataCostSpan(block) <= 11; t++) {
        k.accumulateDataCostGradient(block, theta, n, t, 1.0 / 12, g);
      }
    }
    double h = 1e-5;
    for (int i = 0; i < theta.length; i++) {
      double[] p = theta.clone();
      double[] m = theta.clone();
      p[i] += h;
      m[i] -= h;
      double fd = (blockValue(k, block, p) - blockValue(k, block, m)) / (2 * h);
      assertEquals(fd, g[i], 1e-6 * Math.max(1.0, Math.abs(fd)), k.dataCostName(block) + ": θ[" + i + "] "
          + k.paramName(i));
    }
  }

  private static double blockValue(ChainKernel k, int block, double[] theta) {
    double sum = 0;
    for (int n = 0; n < 12; n++) {
      for (int t = 0; t + k.dataCostSpan(block) <= 11; t++) {
        sum += k.dataCost(block, theta, n, t);
      }
    }
    return sum / 12;
  }

  private static Map<String, byte[]> classFiles(Compilation c) {
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
    return classes;
  }
}
