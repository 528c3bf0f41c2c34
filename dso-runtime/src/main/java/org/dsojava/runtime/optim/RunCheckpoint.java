package org.dsojava.runtime.optim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LibraryVersion;

/**
 * An optimization run's checkpoint: everything that determines the rest of the run, so that a resumed
 * run continues bit for bit (see {@link DsoOptimizer#checkpoint}).
 *
 * <p>Why this suffices: every random draw of an iteration is keyed by (seed, iteration, index) — rollout
 * n of batch k draws from stream (seed, k·N + n) (and its antithetic twin), minibatches of data blocks and
 * the trajectories of tied rollouts from stream (derived seed, k) — so the seed (part of the saved
 * configuration) and the iteration number fix every future draw. The one stream that is not keyed is
 * {@link MlpBaseline}'s shuffler, whose position the baseline saves. The rest of the state is θ, the step
 * rule's state (Adam's moments; its step count is the iteration), the baseline's fit (V̂ of the next batch
 * is fitted on the previous batch only), the average-cost estimate Ĵ of the last batch (AVERAGE setting),
 * a stateful stop rule's state, and the counters and learning curve for the {@link Result}.
 */
final class RunCheckpoint {
  static final String FORMAT = "dso-checkpoint 1";

  /** The run's state after {@code iteration} iterations. */
  record State(int iteration, double[] theta, long envSteps, int blowups, double seconds, double averageCost,
      boolean stopped, List<IterationRecord> curve) {}

  private RunCheckpoint() {}

  /** Writes {@code s} atomically; an {@link UncheckedIOException} naming the file if that fails. */
  static void write(Path file, String optimizer, ChainKernel probe, Map<String, String> configuration, State s,
      String stepSection, Checkpointable stepRule, Checkpointable baseline, Object stopRule) {
    SavedState out = SavedState.create(FORMAT);
    out.putString("optimizer", optimizer);
    out.putString("library", LibraryVersion.get());
    ModelFingerprint.of(probe).writeTo(out.section("model"));
    SavedState c = out.section("config");
    for (Map.Entry<String, String> e : configuration.entrySet()) {
      c.putString(e.getKey(), e.getValue());
    }
    SavedState r = out.section("run");
    r.putLong("iteration", s.iteration());
    r.putLong("envSteps", s.envSteps());
    r.putLong("blowups", s.blowups());
    r.putDouble("seconds", s.seconds());
    r.putDouble("averageCost", s.averageCost());
    r.putBoolean("stopped", s.stopped());
    out.putDoubles("theta", s.theta());
    stepRule.saveState(out.section(stepSection));
    baseline.saveState(out.section("baseline"));
    if (stopRule instanceof Checkpointable stop) {
      stop.saveState(out.section("stopRule"));
    }
    SavedState curve = out.section("curve");
    curve.putLong("count", s.curve().size());
    for (int i = 0; i < s.curve().size(); i++) {
      IterationRecord rec = s.curve().get(i);
      SavedState row = curve.section(Integer.toString(i + 1));
      row.putString("row", rec.iteration() + " " + rec.envSteps() + " " + rec.meanCost() + " " + rec.gradientNorm()
          + " " + rec.blowups() + " " + rec.seconds());
      row.putDoubles("costs", rec.rolloutCosts());
      row.putInts("steps", rec.rolloutSteps());
      row.putDoubles("data", rec.dataCosts());
    }
    try {
      out.write(file, "dso-java checkpoint of a " + optimizer + " run of " + probe.modelName() + " after iteration "
          + s.iteration() + ".\nResume it with the same configuration (.resume(file)); values are Java's round-trip"
          + " decimals;\nthe last line is a SHA-256 checksum of everything above it.");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint for this run and restores the step rule's, baseline's and stop rule's state from
   * it. Refused with a {@link CheckpointException} naming what differs — the optimizer, the library
   * version, the model (see {@link ModelFingerprint}), a configuration entry, a step rule's or baseline's
   * configuration — or when the file is truncated or corrupt; then nothing is restored (the objects'
   * states are put back as they were).
   */
  static State read(Path file, String optimizer, ChainKernel probe, Map<String, String> configuration,
      String stepSection, Checkpointable stepRule, Checkpointable baseline, Object stopRule) {
    SavedState in;
    try {
      in = SavedState.read(file, FORMAT);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the checkpoint " + file + ": " + e.getMessage(), e);
    }
    Checkpointable.expect(in, "optimizer", "optimizer", optimizer);
    String library = in.getString("library");
    if (!library.equals(LibraryVersion.get())) {
      throw new CheckpointException(file + " was written by dso-runtime " + library + "; this is "
          + LibraryVersion.get() + ", whose numerics may differ, so the run could not continue exactly;"
          + " start a new run from its θ (initialTheta) instead");
    }
    String diff = ModelFingerprint.readFrom(in.section("model")).difference(ModelFingerprint.of(probe));
    if (diff != null) {
      throw new CheckpointException(file + " does not fit " + probe.modelName() + ": " + diff);
    }
    SavedState c = in.section("config");
    for (Map.Entry<String, String> e : configuration.entrySet()) {
      if (!c.has(e.getKey())) {
        throw new CheckpointException(file + " has no configuration entry \"" + e.getKey() + "\"");
      }
      String saved = c.getString(e.getKey());
      if (!saved.equals(e.getValue())) {
        throw new CheckpointException(file + " was written by a run with another configuration: " + e.getKey()
            + " = " + saved + " there, " + e.getValue() + " here; resume with the configuration it was written with");
      }
    }
    SavedState r = in.section("run");
    int iteration = r.getInt("iteration");
    double[] theta = in.getDoubles("theta", probe.paramCount());
    SavedState curveIn = in.section("curve");
    int count = curveIn.getInt("count");
    if (count != iteration) {
      throw new CheckpointException(file + ": its learning curve has " + count + " rows for " + iteration
          + " iterations");
    }
    List<IterationRecord> curve = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      SavedState row = curveIn.section(Integer.toString(i));
      String[] f = row.getString("row").split(" ");
      try {
        if (f.length != 6) {
          throw new NumberFormatException("6 fields expected");
        }
        curve.add(new IterationRecord(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
            Double.parseDouble(f[3]), Integer.parseInt(f[4]), Double.parseDouble(f[5]), row.getDoubles("costs"),
            row.getInts("steps"), row.getDoubles("data")));
      } catch (NumberFormatException e) {
        throw new CheckpointException(file + ": learning curve row " + i + " is malformed (" + e.getMessage() + ")");
      }
    }
    State state = new State(iteration, theta, r.getLong("envSteps"), r.getInt("blowups"), r.getDouble("seconds"),
        r.getDouble("averageCost"), r.getBoolean("stopped"), List.copyOf(curve));
    // Restore the stateful parts last, all or none.
    List<Checkpointable> parts = new ArrayList<>(List.of(stepRule, baseline));
    List<String> sections = new ArrayList<>(List.of(stepSection, "baseline"));
    if (stopRule instanceof Checkpointable stop) {
      parts.add(stop);
      sections.add("stopRule");
    }
    Map<Integer, SavedState> backups = new LinkedHashMap<>();
    try {
      for (int i = 0; i < parts.size(); i++) {
        SavedState backup = SavedState.create("backup");
        parts.get(i).saveState(backup);
        backups.put(i, backup);
        parts.get(i).restoreState(in.section(sections.get(i)));
      }
    } catch (RuntimeException e) {
      for (Map.Entry<Integer, SavedState> b : backups.entrySet()) {
        parts.get(b.getKey()).restoreState(b.getValue());
      }
      throw e instanceof CheckpointException ? e
          : new CheckpointException(file + ": could not restore the " + sections.get(backups.size() - 1) + " ("
              + e + ")");
    }
    return state;
  }

  /**
   * The configuration entries every optimizer shares: the estimator's settings (not the thread count,
   * which changes no result), the baseline, θ₀ and the composite objective.
   */
  static Map<String, String> configuration(EstimatorConfig config, CompositeObjective obj, ChainKernel probe,
      ValueBaseline v, double[] theta0) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("setting", config.setting().toString());
    c.put("discount", Double.toString(config.discount()));
    c.put("horizon", Integer.toString(config.horizon()));
    c.put("randomTermination", Boolean.toString(config.randomTermination()));
    c.put("batch", Integer.toString(config.batch()));
    c.put("seed", Long.toString(config.seed()));
    c.put("burnIn", Integer.toString(config.burnIn()));
    c.put("blowupThreshold", Double.toString(config.blowupThreshold()));
    c.put("tdLambda", Double.toString(config.tdLambda()));
    c.put("antithetic", Boolean.toString(config.antithetic()));
    c.put("gae", Boolean.toString(config.gae()));
    c.put("baseline", v.toString());
    c.put("theta0", hash(theta0));
    org.dsojava.runtime.data.DataSet d = obj.data();
    c.put("data", d == null ? "none" : d.source() + " (" + d.trajectories() + " trajectories, " + d.totalRecords()
        + " records)");
    c.put("rolloutWeight", Double.toString(obj.rolloutWeight()));
    c.put("rolloutsFromData", Boolean.toString(obj.tiesRollouts(probe)));
    StringBuilder blocks = new StringBuilder();
    for (CompositeObjective.Block b : obj.blocks()) {
      blocks.append(blocks.length() == 0 ? "" : ", ").append(b.name()).append(" ").append(b.weight()).append(" ")
          .append(b.minibatch());
    }
    c.put("dataCosts", blocks.length() == 0 ? "none" : blocks.toString());
    return c;
  }

  static String bounds(double[] lower, double[] upper) {
    return lower == null ? "none" : hash(lower) + " " + hash(upper);
  }

  /** Text for a configuration entry: {@code toString()} where the class defines it, else the class name. */
  static String describe(Object o) {
    if (o == null) {
      return "none";
    }
    Class<?> c = o.getClass();
    try {
      if (c.getMethod("toString").getDeclaringClass() != Object.class) {
        return o.toString();
      }
    } catch (NoSuchMethodException e) {
      // cannot happen: every class has toString
    }
    return c.isHidden() || c.isSynthetic() ? "a lambda or hidden class (not compared)" : c.getName();
  }

  /** A short hash of θ₀ (or of any vector) for the configuration. */
  static String hash(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double d : v) {
      b.append(d).append(' ');
    }
    return "sha256:" + SavedState.sha256(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 32);
  }
}
