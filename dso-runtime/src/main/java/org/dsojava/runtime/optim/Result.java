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
 */
public record Result(double[] theta, List<IterationRecord> curve, long envSteps, double seconds, int blowups) {
  /** Writes the learning curve as CSV, atomically (a crash never leaves half a file). */
  public void writeCsv(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("iteration,env_steps,mean_cost,gradient_norm,blowups,seconds\n");
      for (IterationRecord r : curve) {
        w.write(String.format(Locale.ROOT, "%d,%d,%.9g,%.6g,%d,%.4f%n", r.iteration(), r.envSteps(), r.meanCost(),
            r.gradientNorm(), r.blowups(), r.seconds()));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
