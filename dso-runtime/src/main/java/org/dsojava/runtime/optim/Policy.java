package org.dsojava.runtime.optim;

import java.io.IOException;
import java.nio.file.Path;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LibraryVersion;

/**
 * A trained θ saved with what it belongs to, and the policy it defines.
 *
 * <pre>{@code
 * Result r = DsoOptimizer.of(PendulumDso.factory()).iterations(200).run();
 * Policy.save(Path.of("pendulum.policy"), PendulumDso.factory().create(), r.theta());
 * ...
 * Policy p = Policy.load(Path.of("pendulum.policy"), PendulumDso.factory().create());
 * double[] u = p.act(x);
 * }</pre>
 *
 * <p><b>File format</b> ({@link SavedState}): UTF-8 text, {@code key = value} lines,
 *
 * <pre>
 * # dso-java policy …
 * format = dso-policy 1
 * library = 0.1.0-SNAPSHOT
 * model.name = Pendulum
 * model.paramCount = 3
 * model.stateDim = 2
 * model.drawCount = 1
 * model.bottleneckDim = 1
 * model.param.0 = gain[0]
 * …
 * model.code = sha256:…
 * theta.gain[0] = -1.2345678901234567
 * …
 * sha256 = …
 * </pre>
 *
 * θ's entries are keyed by name in layout order, each the {@link Double#toString(double)} decimal, which
 * reads back to the same double bit for bit. {@code model.*} is the {@link ModelFingerprint}; the last
 * line is a checksum of everything before it, so a truncated or edited file is refused (a hand edit of a
 * value must be followed by deleting and regenerating the file with {@link #save}).
 *
 * <p><b>Acting.</b> {@link #act(double[])} is the deterministic policy: the bottleneck η = μ(x, θ)
 * ({@link BottleneckKernel#bottleneck}) when the model declares a {@code @Bottleneck} — the policy's output,
 * e.g. the mean action — and otherwise the mean step f(x, θ) ({@link ChainKernel#meanStep}), the next
 * state with every noise site at its mean. A loaded policy uses its kernel, so it is, like a kernel, for
 * one thread at a time.
 */
public final class Policy {
  /** The {@code format} entry of policy files. */
  public static final String FORMAT = "dso-policy 1";

  private final double[] theta;
  private final ModelFingerprint model;
  private final String library;
  private final ChainKernel kernel;

  private Policy(double[] theta, ModelFingerprint model, String library, ChainKernel kernel) {
    this.theta = theta;
    this.model = model;
    this.library = library;
    this.kernel = kernel;
  }

  /**
   * Saves θ (one value per parameter of {@code kernel}'s model) with its names and the model's
   * fingerprint to {@code file}, atomically (see {@link SavedState#write}).
   */
  public static void save(Path file, ChainKernel kernel, double[] theta) throws IOException {
    Numerics.nonNull(file, "file is null; pass where to save the policy");
    Numerics.nonNull(kernel, "kernel is null; pass a kernel of the model θ was trained for");
    Numerics.nonNull(theta, "θ is null");
    if (theta.length != kernel.paramCount()) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries, but " + kernel.modelName() + " has "
          + kernel.paramCount() + " parameters");
    }
    SavedState s = SavedState.create(FORMAT);
    s.putString("library", LibraryVersion.get());
    ModelFingerprint.of(kernel).writeTo(s.section("model"));
    SavedState t = s.section("theta");
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < theta.length; i++) {
      String name = kernel.paramName(i);
      t.putDouble(seen.add(name) ? name : name + "#" + i, theta[i]);
    }
    s.write(file, "dso-java policy: the trained θ of model " + kernel.modelName()
        + ", one entry per parameter.\nValues are Java's round-trip decimals (Double.toString); the last line"
        + " is a SHA-256 checksum\nof everything above it: a file whose checksum fails is refused.");
  }

  /**
   * Reads a policy file without a model: θ, the fingerprint and the library version it was saved with,
   * for inspection or migration (its {@link #theta()} can start a new run with
   * {@code DsoOptimizer.initialTheta}). Such a policy cannot act; use {@link #load}.
   */
  public static Policy read(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Loads a policy for {@code kernel}'s model: refused with a {@link CheckpointException} naming what
   * differs if the file was saved from another model, another θ layout or another version of the
   * generated kernel, and if the file is truncated or corrupt.
   */
  public static Policy load(Path file, ChainKernel kernel) throws IOException {
    Numerics.nonNull(kernel, "kernel is null; pass a kernel of the model the policy was saved from");
    Policy p = read(file, kernel);
    Numerics.checkTheta(kernel, "the saved θ", p.theta);
    return p;
  }

  /** Reads the file; with a kernel, checks the fingerprint before reading θ. */
  private static Policy read(Path file, ChainKernel kernel) throws IOException {
    SavedState s = SavedState.read(file, FORMAT);
    ModelFingerprint model = ModelFingerprint.readFrom(s.section("model"));
    if (kernel != null) {
      String diff = model.difference(ModelFingerprint.of(kernel));
      if (diff != null) {
        throw new CheckpointException(file + " does not fit " + kernel.modelName() + ": " + diff);
      }
    }
    SavedState t = s.section("theta");
    double[] theta = new double[model.paramCount()];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < theta.length; i++) {
      String name = model.paramNames().get(i);
      theta[i] = t.getDouble(seen.add(name) ? name : name + "#" + i);
    }
    return new Policy(theta, model, s.getString("library"), kernel);
  }

  /** A copy of θ. */
  public double[] theta() {
    return theta.clone();
  }

  /** The model the policy was saved from. */
  public ModelFingerprint model() {
    return model;
  }

  /** The dso-runtime version that saved it. */
  public String library() {
    return library;
  }

  /** The length of {@link #act}'s output: n_η with a bottleneck, else n_x. */
  public int actionDim() {
    return model.bottleneckDim() > 0 ? model.bottleneckDim() : model.stateDim();
  }

  /** {@link #act(double[], int, double[])} at step 0 into a new array. */
  public double[] act(double[] x) {
    double[] out = new double[actionDim()];
    act(x, 0, out);
    return out;
  }

  /**
   * The deterministic policy at state x and step t (rollout index 0): the bottleneck η = μ(x, θ) when
   * the model has one, else the mean step f(x, θ). Allocates nothing.
   */
  public void act(double[] x, int t, double[] out) {
    if (kernel == null) {
      throw new IllegalStateException("this policy was read without a model; load it with Policy.load(file, kernel)"
          + " to act with it");
    }
    if (x.length < kernel.stateDim() || out.length < actionDim()) {
      throw new IllegalArgumentException("x has " + x.length + " entries and out " + out.length + "; "
          + kernel.modelName() + " needs " + kernel.stateDim() + " and " + actionDim());
    }
    if (model.bottleneckDim() > 0) {
      BottleneckKernel.require(kernel, "acting through the bottleneck").bottleneck(theta, x, t, 0, out);
    } else {
      kernel.meanStep(theta, x, t, 0, out);
    }
  }
}
