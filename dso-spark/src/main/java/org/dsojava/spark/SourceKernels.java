package org.dsojava.spark;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dsojava.compiler.CompiledModel;
import org.dsojava.compiler.DsoModels;
import org.dsojava.runtime.ChainKernel;

/**
 * Kernels that reach executors as model source: each executor JVM compiles the source once
 * ({@link DsoModels}, in memory) and makes kernels from the result, so a model written at run time — in a
 * notebook, by a service — needs no application jar. The same source and constants give the same generated
 * code everywhere, hence the same results as on the driver.
 */
public final class SourceKernels implements SparkEngine.Kernels {
  private static final long serialVersionUID = 1L;
  /** Per JVM: compiled models by (source, constants). */
  private static final Map<String, CompiledModel> COMPILED = new ConcurrentHashMap<>();

  private final String source;
  private final TreeMap<String, Object> constants;

  private SourceKernels(String source, Map<String, ?> constants) {
    this.source = source;
    this.constants = new TreeMap<>(constants);
  }

  /** Kernels of the model in {@code source}, compiled on each executor. */
  public static SourceKernels of(String source) {
    return new SourceKernels(source, Map.of());
  }

  /** With structural constants, as {@link DsoModels#compile(String, Map)}. */
  public static SourceKernels of(String source, Map<String, ?> constants) {
    return new SourceKernels(source, constants);
  }

  /** This JVM's compilation of the model (compiled on first use). */
  public CompiledModel model() {
    return COMPILED.computeIfAbsent(constants + "\n" + source, k -> DsoModels.compile(source, constants));
  }

  @Override
  public ChainKernel create() {
    return model().kernel();
  }
}
