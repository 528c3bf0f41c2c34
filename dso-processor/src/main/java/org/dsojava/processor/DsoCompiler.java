package org.dsojava.processor;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.spi.ModelGenerator;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;
import org.dsojava.processor.spi.StrictMathFunction;
import org.dsojava.processor.transform.Programs;
import org.dsojava.processor.transform.TapeSize;
import org.dsojava.processor.writing.JavaWriter;
import org.dsojava.processor.writing.KernelWriter;

/**
 * The model compiler's core, after the front end: validate → transform → write, then the user's
 * {@link ModelGenerator}s. It works on the IR ({@link Model}) alone and reaches its host through two
 * interfaces — errors through {@link Diagnostics} (a {@link org.dsojava.processor.diag.Reporter}) and files
 * through {@link ModelGenerator.Output} — so the annotation processor ({@link DsoProcessor}, which reads
 * models through javac) and any other front end share it. Same IR in, byte-identical sources out.
 *
 * <p>The extensions (primitives, distributions, generators) are fixed at construction: front ends need
 * the same primitives and distributions to read a model as the core uses to compile it.
 */
public final class DsoCompiler {
  private final Map<String, PrimitiveFunction> primitives;
  private final Map<String, NoiseDistribution> distributions;
  private final List<ModelGenerator> generators;

  private DsoCompiler(Map<String, PrimitiveFunction> primitives, Map<String, NoiseDistribution> distributions,
      List<ModelGenerator> generators) {
    this.primitives = java.util.Collections.unmodifiableMap(new TreeMap<>(primitives));
    this.distributions = java.util.Collections.unmodifiableMap(new TreeMap<>(distributions));
    this.generators = List.copyOf(generators);
  }

  /**
   * The core with the built-in primitives and distributions and every extension {@link ServiceLoader}
   * finds through {@code loader} ({@link PrimitiveFunction}, {@link NoiseDistribution},
   * {@link ModelGenerator}).
   */
  public static DsoCompiler withExtensions(ClassLoader loader) {
    Map<String, PrimitiveFunction> primitives = new TreeMap<>();
    for (PrimitiveFunction f : ServiceLoader.load(PrimitiveFunction.class, loader)) {
      primitives.put(f.key(), f);
    }
    Map<String, NoiseDistribution> distributions = new TreeMap<>();
    for (NoiseDistribution d : ServiceLoader.load(NoiseDistribution.class, loader)) {
      distributions.put(d.name(), d);
    }
    List<ModelGenerator> generators = new ArrayList<>();
    ServiceLoader.load(ModelGenerator.class, loader).forEach(generators::add);
    return new DsoCompiler(StrictMathFunction.withTwins(primitives), distributions, generators);
  }

  /** Primitive functions by key (with their StrictMath twins), sorted, read-only: for the front end. */
  public Map<String, PrimitiveFunction> primitives() {
    return primitives;
  }

  /** Noise distributions by name, sorted, read-only: for the front end. */
  public Map<String, NoiseDistribution> distributions() {
    return distributions;
  }

  /**
   * Validates {@code model}, and when it has no errors writes its kernel and {@code <Model>Dso} classes to
   * {@code out} and runs the generators. Errors go to {@code diagnostics}; those that concern the model
   * as a whole are placed at {@code where} (the front end's position of the model class).
   *
   * @return whether the model compiled (no new errors)
   */
  public boolean compile(Model model, Diagnostics diagnostics, Object where, ModelGenerator.Output out) {
    int before = diagnostics.errorCount();
    Programs programs = new Programs(model, diagnostics, primitives, distributions);
    programs.checkThetaUse();
    programs.checkPassive();
    programs.checkThetaIndices();
    programs.checkTransition();
    programs.checkBottleneck();
    programs.checkReadOnly();
    if (diagnostics.errorCount() > before) {
      return false;
    }
    List<JavaFile> files;
    try {
      files = new KernelWriter(model, programs, distributions).write();
    } catch (TapeSize.NotConstant nc) {
      diagnostics.error(Message.LOOP_BOUND, nc.origin != null ? nc.origin : where, JavaWriter.expr(nc.bound),
          model.simpleName());
      return false;
    }
    try {
      for (JavaFile f : files) {
        out.writeSource(f.packageName().isEmpty() ? f.typeSpec().name() : f.packageName() + "." + f.typeSpec().name(),
            f.toString());
      }
    } catch (IOException io) {
      diagnostics.error(Message.INTERNAL, where, model.simpleName(), io.toString());
      return false;
    }
    ModelGenerator.ModelView view = view(model, programs, files.get(0).toString());
    for (ModelGenerator g : generators) {
      try {
        g.generate(view, out);
      } catch (IOException | RuntimeException e) {
        diagnostics.error(Message.GENERATOR, where, g.name(), model.simpleName(), e.toString());
      }
    }
    return diagnostics.errorCount() == before;
  }

  private static ModelGenerator.ModelView view(Model model, Programs programs, String kernelSource) {
    List<ModelGenerator.ParamField> params = model.params().stream()
        .map(p -> new ModelGenerator.ParamField(p.name(), p.offset(), p.length(), p.array())).toList();
    List<String> sites = new ArrayList<>();
    for (Stmt s : programs.sample()) {
      collectDraws(s, sites);
    }
    Map<String, Integer> records = model.recordFields();
    return new ModelGenerator.ModelView() {
      @Override public String packageName() { return model.packageName(); }
      @Override public String simpleName() { return model.simpleName(); }
      @Override public int stateDim() { return model.kernelStateDim(); }
      @Override public String setting() { return model.setting(); }
      @Override public double discount() { return model.discount(); }
      @Override public int horizon() { return model.horizon(); }
      @Override public List<ModelGenerator.ParamField> params() { return params; }
      @Override public List<String> noiseSites() { return List.copyOf(sites); }
      @Override public int bottleneckDim() { return model.bottleneckDim(); }
      @Override public Map<String, Integer> recordFields() { return records; }
      @Override public List<String> dataCosts() { return model.roles().dataCosts(); }
      @Override public String kernelSource() { return kernelSource; }
    };
  }

  private static void collectDraws(Stmt s, List<String> out) {
    if (s instanceof Stmt.Draw d) {
      out.add(d.distribution());
    } else if (s instanceof Stmt.If f) {
      f.thenBlock().forEach(x -> collectDraws(x, out));
      f.elseBlock().forEach(x -> collectDraws(x, out));
    } else if (s instanceof Stmt.For f) {
      f.body().forEach(x -> collectDraws(x, out));
    }
  }
}
