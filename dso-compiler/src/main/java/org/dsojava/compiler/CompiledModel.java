package org.dsojava.compiler;

import java.util.Map;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.KernelFactory;

/**
 * A model compiled at run time: its generated kernel (one instance per thread, from {@link #factory()}) and
 * the optimizer, as {@code <Model>Dso} offers them after a build.
 */
public final class CompiledModel {
  private final String name;
  private final Class<? extends ChainKernel> kernelClass;
  private final Map<String, String> generatedSources;

  CompiledModel(String name, Class<? extends ChainKernel> kernelClass, Map<String, String> generatedSources) {
    this.name = name;
    this.kernelClass = kernelClass;
    this.generatedSources = Map.copyOf(generatedSources);
  }

  /** The model's qualified class name. */
  public String name() {
    return name;
  }

  /** A new kernel (kernels own work arrays: one per thread). */
  public ChainKernel kernel() {
    try {
      return kernelClass.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + kernelClass.getName(), e);
    }
  }

  /** Makes kernels for the runtime. */
  public KernelFactory factory() {
    return this::kernel;
  }

  /** A first-order optimizer (Algorithm 1 with Adam by default), as {@code <Model>Dso.optimizer()}. */
  public DsoOptimizer optimizer() {
    return DsoOptimizer.of(factory());
  }

  /** θ₀ for {@code seed}. */
  public double[] initialParams(long seed) {
    ChainKernel k = kernel();
    double[] theta = new double[k.paramCount()];
    k.initialParams(seed, theta);
    return theta;
  }

  /** The generated Java sources, by qualified class name (the same text the build would write). */
  public Map<String, String> generatedSources() {
    return generatedSources;
  }
}
