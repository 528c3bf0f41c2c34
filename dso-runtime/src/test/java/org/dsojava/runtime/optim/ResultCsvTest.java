package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning curve is written as CSV with a header and one row per iteration. */
class ResultCsvTest {
  @Test
  void writesOneRowPerIteration(@TempDir Path dir) throws Exception {
    Result r = new Result(new double[] {1, 2}, List.of(
        new IterationRecord(1, 100, -10.5, 3.25, 0, 0.01),
        new IterationRecord(2, 250, -20.0, 1.5, 2, 0.02)), 250, 0.02, 2);
    Path csv = dir.resolve("sub").resolve("curve.csv");
    r.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(List.of(
        "iteration,env_steps,mean_cost,gradient_norm,blowups,seconds",
        "1,100,-10.5000000,3.25000,0,0.0100",
        "2,250,-20.0000000,1.50000,2,0.0200"), lines);
  }
}
