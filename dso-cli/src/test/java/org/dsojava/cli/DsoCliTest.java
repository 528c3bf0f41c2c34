package org.dsojava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsojava.processor.diag.Message;
import org.dsojava.runtime.optim.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dso command line, in-process and as a subprocess: samples, a sample run, optimizing a model file
 * compiled at run time, resume, eval, check; a bad model file gives the build's diagnostics and exit code 2.
 */
class DsoCliTest {
  @TempDir Path dir;

  static final String MODEL = String.join("\n",
      "package demo;",
      "import org.dsojava.annotations.*;",
      "@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, horizon = 20)",
      "public class Walker {",
      "  static final int N = 2;",
      "  @Param(length = N) double[] k;",
      "  @Transition void step(double[] x, Noise noise, double[] next) {",
      "    double u = noise.gaussian(k[0] * x[0] + k[1] * x[1], 0.3);",
      "    next[0] = x[0] + 0.1 * x[1];",
      "    next[1] = x[1] + 0.1 * u;",
      "  }",
      "  @Cost double cost(double[] x) { return x[0] * x[0] + 0.1 * x[1] * x[1]; }",
      "  @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); x[1] = 0.0; }",
      "}");

  record Outcome(int exit, String out, String err) {}

  static Outcome run(String... args) {
    CommandLine cl = Dso.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Outcome(exit, out.toString(), err.toString());
  }

  @Test
  void samplesAndHelp() {
    Outcome o = run("samples");
    assertEquals(0, o.exit);
    assertTrue(o.out.contains("cartpole"), o.out);
    Outcome help = run("optimize", "--help");
    assertEquals(0, help.exit);
    assertTrue(help.out.contains("--iterations"), help.out);
    assertEquals(2, run().exit);
    assertEquals(2, run("run", "nosuch").exit);
  }

  @Test
  void runASample() throws Exception {
    Path out = dir.resolve("lqr");
    Outcome o = run("run", "lqr", "--iterations", "5", "--batch", "8", "--out", out.toString());
    assertEquals(0, o.exit, o.err);
    assertTrue(o.out.contains("deterministic policy, 100 fresh episodes"), o.out);
    assertTrue(Files.exists(out.resolve("curve.png")) && Files.exists(out.resolve("policy.txt")));
  }

  @Test
  void optimizeResumeAndEvaluateAModelFile() throws Exception {
    Path model = dir.resolve("Walker.java");
    Files.writeString(model, MODEL);
    Path run = dir.resolve("walker");
    Outcome first = run("optimize", model.toString(), "--iterations", "6", "--batch", "8", "--threads", "2",
        "--out", run.toString());
    assertEquals(0, first.exit, first.err);
    Path straight = dir.resolve("straight");
    assertEquals(0, run("optimize", model.toString(), "--iterations", "10", "--batch", "8", "--threads", "1",
        "--out", straight.toString()).exit);
    Outcome resumed = run("resume", run.toString(), "--iterations", "10");
    assertEquals(0, resumed.exit, resumed.err);
    double[] a = Policy.read(run.resolve("policy.txt")).theta();
    double[] b = Policy.read(straight.resolve("policy.txt")).theta();
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(Double.doubleToLongBits(b[i]), Double.doubleToLongBits(a[i]), "θ[" + i + "]: 6 + resume to 10 = 10");
    }
    Path pco = dir.resolve("pco");
    Outcome withPco = run("optimize", model.toString(), "--method", "pco", "--iterations", "3", "--batch", "8",
        "--budget-steps", "100000", "--out", pco.toString());
    assertEquals(0, withPco.exit, withPco.err);
    assertEquals(2, run("optimize", model.toString(), "--method", "nope", "--out", dir.resolve("x").toString()).exit);
    Outcome eval = run("eval", run.toString(), "--episodes", "50");
    assertEquals(0, eval.exit, eval.err);
    assertTrue(eval.out.startsWith("mean cost"), eval.out);
    assertEquals(2, run("eval", dir.resolve("nothing").toString()).exit);
  }

  @Test
  void checkReportsDerivativesAndBadModels() throws Exception {
    Path model = dir.resolve("Walker.java");
    Files.writeString(model, MODEL);
    Outcome ok = run("check", model.toString(), "--points", "5");
    assertEquals(0, ok.exit, ok.err);
    assertTrue(ok.out.contains("derivatives agree"), ok.out);
    Path bad = dir.resolve("Bad.java");
    Files.writeString(bad, MODEL.replace("public class Walker", "public class Bad")
        .replace("    next[0] = x[0] + 0.1 * x[1];", "    while (u > 1) { u -= 1; }\n    next[0] = x[0] + 0.1 * x[1];"));
    Outcome o = run("check", bad.toString());
    assertEquals(2, o.exit);
    assertTrue(o.err.contains("Bad.java:9:5: error: " + Message.UNSUPPORTED.format("a while loop", "step",
        "write a counted for loop with a constant bound")), o.err);
  }

  @Test
  void asASubprocess() throws Exception {
    Path model = dir.resolve("Walker.java");
    Files.writeString(model, MODEL);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Dso.class.getName(), "check", model.toString(), "--points", "3"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("derivatives agree"), output);
    Path bad = dir.resolve("Broken.java");
    Files.writeString(bad, MODEL.replace("public class Walker", "public class Broken").replace("k[1] * x[1]", "k[2] * x[1]"));
    cmd.set(cmd.size() - 3, bad.toString());
    Process q = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String err = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(q.waitFor(120, TimeUnit.SECONDS));
    assertEquals(2, q.exitValue(), err);
    assertTrue(err.contains("Broken.java:8:"), err);
  }
}
