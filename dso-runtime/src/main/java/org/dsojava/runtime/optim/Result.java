package org.dsojava.runtime.optim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * What an optimization run returns: the final θ, the learning curve, and the totals.
 *
 * @param theta θ after the last iteration
 * @param curve one record per iteration
 * @param envSteps transitions sampled in all
 * @param seconds wall time of the optimization
 * @param blowups rollouts ended by a non-finite or blown-up state, in all
 * @param dataCostNames the names of the objective's data cost blocks, in the order of every record's
 *     {@link IterationRecord#dataCosts()} (empty without blocks)
 */
public record Result(double[] theta, List<IterationRecord> curve, long envSteps, double seconds, int blowups,
    List<String> dataCostNames) {
  /** A result without data cost blocks. */
  public Result(double[] theta, List<IterationRecord> curve, long envSteps, double seconds, int blowups) {
    this(theta, curve, envSteps, seconds, blowups, List.of());
  }

  public Result {
    dataCostNames = List.copyOf(dataCostNames);
  }

  /**
   * Writes the learning curve as CSV, atomically (a crash never leaves half a file): the columns
   * iteration, env_steps, mean_cost, gradient_norm, blowups, seconds, then one column
   * {@code data_<name>} per data cost block (none without blocks).
   */
  public void writeCsv(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("iteration,env_steps,mean_cost,gradient_norm,blowups,seconds");
      for (String name : dataCostNames) {
        header.append(",data_").append(name);
      }
      w.write(header.append('\n').toString());
      for (IterationRecord r : curve) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%.9g,%.6g,%d,%.4f", r.iteration(),
            r.envSteps(), r.meanCost(), r.gradientNorm(), r.blowups(), r.seconds()));
        for (int k = 0; k < dataCostNames.size(); k++) {
          row.append(String.format(Locale.ROOT, ",%.9g", k < r.dataCosts().length ? r.dataCosts()[k] : Double.NaN));
        }
        w.write(row.append(System.lineSeparator()).toString());
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
