package org.dsojava.runtime.optim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON Lines metrics of a run: one object per iteration, written and flushed as the run goes, so that a
 * long run can be followed ({@code tail -f}) and plotted by any tool. Schema: {@code iteration} (int),
 * {@code envSteps} (long, including a stop rule's evaluation episodes), {@code meanCost}, {@code costStd} (over
 * the batch's rollouts; 0 for fewer than 2), {@code gradientNorm}, {@code seconds}, {@code blowups} (int), and
 * {@code dataCosts}, an object of the data cost blocks' values by name. Non-finite numbers are written as null.
 */
final class Metrics {
  private final Path file;

  /** Starts the file afresh with the records already run (a resumed run's restored curve). */
  Metrics(Path file, List<IterationRecord> restored, List<String> names) {
    this.file = file;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, "", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the metrics to " + file, e);
    }
    for (IterationRecord r : restored) {
      write(r.iteration(), r, names);
    }
  }

  void write(int k, IterationRecord r, List<String> names) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"iteration\":").append(k).append(",\"envSteps\":").append(r.envSteps())
        .append(",\"meanCost\":").append(number(r.meanCost()))
        .append(",\"costStd\":").append(number(r.costStd()))
        .append(",\"gradientNorm\":").append(number(r.gradientNorm()))
        .append(",\"seconds\":").append(number(r.seconds()))
        .append(",\"blowups\":").append(r.blowups())
        .append(",\"dataCosts\":{");
    double[] values = r.dataCosts();
    for (int i = 0; i < values.length && i < names.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(names.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append("\":")
          .append(number(values[i]));
    }
    b.append("}}\n");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND)) {
      w.write(b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the metrics to " + file, e);
    }
  }

  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
