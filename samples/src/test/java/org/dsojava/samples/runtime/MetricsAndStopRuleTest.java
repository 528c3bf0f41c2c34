package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StopRule;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Honest figures and logs (issue 16, items 4–5): a stop rule's evaluation episodes count as environment
 * steps; JSON Lines metrics have one object per iteration for every method; the progress line has an ETA.
 */
class MetricsAndStopRuleTest {
  @TempDir Path dir;

  @Test
  void stopRuleEvaluationEpisodesAreCountedAsEnvSteps() {
    StopRule rule = StopRule.meanCostAtMost(CartPoleLinearDso.factory(), 20, -475, 1000);
    Result r = CartPoleLinearDso.optimizer().seed(1).batch(10).threads(2).adam(0.1).iterations(300).progress(null)
        .stopWhen(rule).run();
    long rollouts = 0;
    for (IterationRecord rec : r.curve()) {
      for (int s : rec.rolloutSteps()) {
        rollouts += s;
      }
    }
    assertTrue(rule.evaluationSteps() >= 20L * r.curve().size(), "20 episodes per check, ≥ 1 step each");
    assertEquals(rollouts + rule.evaluationSteps(), r.envSteps());
    assertEquals(r.envSteps(), r.curve().get(r.curve().size() - 1).envSteps());
  }

  @Test
  void metricsHaveOneObjectPerIterationForEveryMethod() throws Exception {
    for (String method : List.of("adam", "pco")) {
      Path jsonl = dir.resolve(method + ".jsonl");
      var o = LqrDso.optimizer().seed(2).batch(8).threads(1).iterations(5).progress(null).metrics(jsonl);
      Result r = method.equals("pco") ? o.pco().run() : o.adam(0.01).run();
      List<String> lines = Files.readAllLines(jsonl);
      assertEquals(5, lines.size(), method);
      for (int k = 0; k < 5; k++) {
        String line = lines.get(k);
        assertTrue(line.startsWith("{\"iteration\":" + (k + 1) + ",\"envSteps\":" + r.curve().get(k).envSteps()
            + ",\"meanCost\":" + r.curve().get(k).meanCost() + ",\"costStd\":"), line);
        assertTrue(line.endsWith(",\"dataCosts\":{}}"), line);
      }
    }
  }

  @Test
  void progressLineHasAnEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LqrDso.optimizer().seed(2).batch(8).threads(1).iterations(3).adam(0.01)
        .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains(" eta"), out);
    String last = out.lines().filter(l -> l.trim().startsWith("3 ")).findFirst().orElseThrow();
    assertTrue(last.trim().endsWith("0s"), last);
  }
}
