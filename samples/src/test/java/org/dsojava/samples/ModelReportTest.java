package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The custom-generator example (dso-extension-example's ModelReport, on the samples' processor path) runs in
 * the build: every model gets a report with its θ layout and noise sites.
 */
class ModelReportTest {
  static String report(String model) throws Exception {
    try (InputStream in = ModelReportTest.class.getResourceAsStream("/dsoreports/org.dsojava.samples." + model + ".md")) {
      assertNotNull(in, "no report for " + model);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void reportsDescribeTheModels() throws Exception {
    assertEquals(String.join("\n",
        "# CartPoleLinear",
        "",
        "FIRST_EXIT chain, γ = 1.0, horizon 500, state size 4",
        "",
        "| θ field | entries |",
        "| --- | --- |",
        "| w | 0..3 |",
        "| b | 4 |",
        "",
        "5 parameters; noise sites: bernoulliLogit; bottleneck of dimension 1",
        ""), report("CartPoleLinear"));
    String pendulum = report("PendulumMlp");
    assertEquals(true, pendulum.contains("| policy.hidden1.w | 0..191 |"), pendulum);
    assertEquals(true, pendulum.contains("state size 3"), pendulum);
    assertEquals(true, pendulum.contains("4482 parameters; noise sites: gaussian; bottleneck of dimension 2"), pendulum);
  }
}
