package org.dsojava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.data.DataSet;
import org.dsojava.runtime.optim.DataCosts;
import org.dsojava.runtime.optim.DsoOptimizer;

/**
 * A run's recorded data set 𝒟 and its composite objective (section 5.1): w_R·J plus the chosen
 * {@code @DataCost} blocks w_k·L_k, each summed over 𝒟 or over a minibatch of whole trajectories per
 * iteration. Kept in the run directory as {@code data.csv} and {@code run.properties} entries, so
 * {@code dso resume} and {@code dso eval} rebuild the same objective.
 */
record RunData(DataSet set, List<Block> blocks, double rolloutWeight) {
  /** The data set's file name in a run directory. */
  static final String FILE = "data.csv";

  /** A data cost block: its name, weight, and minibatch size in trajectories (0: the whole of 𝒟). */
  record Block(String name, double weight, int minibatch) {}

  /**
   * Reads {@code csv} against the model's record schema and parses {@code --data-cost} entries
   * ({@code NAME=WEIGHT[/TRAJ]}); with none, every block of the model at weight 1.
   */
  static RunData of(ChainKernel k, Path csv, Map<String, String> costs, double rolloutWeight) throws IOException {
    DataSet set = Dso.readData(csv, k);
    List<Block> blocks = new ArrayList<>();
    if (costs.isEmpty()) {
      for (int b = 0; b < k.dataCostCount(); b++) {
        blocks.add(new Block(k.dataCostName(b), 1.0, 0));
      }
    } else {
      costs.forEach((name, spec) -> blocks.add(parse(k, name, spec)));
    }
    if (!(rolloutWeight >= 0) || Double.isInfinite(rolloutWeight)) {
      throw new IllegalArgumentException("--rollout-weight " + rolloutWeight + ": must be a finite number ≥ 0");
    }
    if (rolloutWeight == 0 && blocks.isEmpty()) {
      throw new IllegalArgumentException("--rollout-weight 0 and no data cost block: nothing to optimize");
    }
    return new RunData(set, List.copyOf(blocks), rolloutWeight);
  }

  private static Block parse(ChainKernel k, String name, String spec) {
    DataCosts.blockIndex(k, name);
    String where = "--data-cost " + name + "=" + spec;
    String[] parts = spec.split("/", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(where + ": write NAME=WEIGHT or NAME=WEIGHT/TRAJECTORIES");
    }
    double weight;
    int minibatch = 0;
    try {
      weight = Double.parseDouble(parts[0]);
      if (parts.length == 2) {
        minibatch = Integer.parseInt(parts[1]);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": the weight must be a number and the minibatch an integer");
    }
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException(where + ": the weight must be a finite number ≥ 0");
    }
    if (parts.length == 2 && minibatch < 1) {
      throw new IllegalArgumentException(where + ": the minibatch must be at least 1 trajectory");
    }
    return new Block(name, weight, minibatch);
  }

  /** Puts 𝒟 and the objective's weights on the optimizer. */
  void configure(DsoOptimizer o) {
    o.data(set).rollouts(rolloutWeight);
    for (Block b : blocks) {
      if (b.minibatch > 0) {
        o.dataCost(b.name, b.weight, b.minibatch);
      } else {
        o.dataCost(b.name, b.weight);
      }
    }
  }

  /** Records the objective in a run's properties (the data set itself is the run directory's {@link #FILE}). */
  void store(Properties p) {
    p.setProperty("data", FILE);
    p.setProperty("rolloutWeight", Double.toString(rolloutWeight));
    List<String> entries = new ArrayList<>();
    for (Block b : blocks) {
      entries.add(b.name + "=" + b.weight + (b.minibatch > 0 ? "/" + b.minibatch : ""));
    }
    p.setProperty("dataCosts", String.join(";", entries));
  }

  /** The run's data, or null when the run in {@code dir} has none. */
  static RunData load(Path dir, Properties p, ChainKernel k) throws IOException {
    if (p.getProperty("data") == null) {
      return null;
    }
    Path csv = dir.resolve(p.getProperty("data"));
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException(dir + ": the run's data set " + csv.getFileName() + " is missing");
    }
    // In the order they were given (the order the optimizer sums them in); empty only for a model without blocks.
    Map<String, String> costs = new java.util.LinkedHashMap<>();
    for (String entry : p.getProperty("dataCosts", "").split(";")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        costs.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return of(k, csv, costs, Double.parseDouble(p.getProperty("rolloutWeight", "1")));
  }

  /** Prints every data cost block's value L_k(θ) summed over 𝒟 (whether or not it was optimized). */
  void report(ChainKernel k, double[] theta, PrintWriter out) {
    if (k.dataCostCount() == 0) {
      return;
    }
    DataCosts costs = new DataCosts(k, set);
    for (int b = 0; b < costs.blockCount(); b++) {
      out.printf(Locale.ROOT, "data cost %s over %d trajectories of %s: %.6g%n", costs.blockName(b),
          set.trajectories(), set.source(), costs.value(b, theta));
    }
  }
}
