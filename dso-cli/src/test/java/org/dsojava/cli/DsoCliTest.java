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
    Path lockstep = dir.resolve("lockstep");
    Outcome side = run("optimize", model.toString(), "--iterations", "10", "--batch", "8", "--threads", "2",
        "--lockstep", "3", "--out", lockstep.toString());
    assertEquals(0, side.exit, side.err);
    double[] c = Policy.read(lockstep.resolve("policy.txt")).theta();
    for (int i = 0; i < a.length; i++) {
      assertEquals(Double.doubleToLongBits(b[i]), Double.doubleToLongBits(c[i]), "θ[" + i + "]: --lockstep 3");
    }
    assertTrue(Files.readString(lockstep.resolve("run.properties")).contains("lockstep=3"));
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

  /** Walker with a cloning block ℓ = −ln N(ū; k·x̄, 0.3²) over recorded (x, u) (L_clone, section 5.1). */
  static final String CLONER = MODEL.replace("public class Walker", "public class Cloner")
      .replace("  @Initial void reset", String.join("\n",
          "  @DataCost double clone(@Recorded(value = \"x\", length = 2) double[] x,",
          "      @Recorded(value = \"u\", length = 1) double[] u) {",
          "    double r = (u[0] - k[0] * x[0] - k[1] * x[1]) / 0.3;",
          "    return 0.5 * r * r;",
          "  }",
          "  @Initial void reset"));

  /** The guide's tracking model: its chain reads recorded targets, so rollout n runs trajectory n (eq. 99). */
  static final String FOLLOW = String.join("\n",
      "package demo;",
      "import org.dsojava.annotations.*;",
      "@Chain(stateDim = 1, setting = Setting.TIME_VARYING, horizon = 20)",
      "public class Follow {",
      "  @Param(length = 2) double[] gain;",
      "  @Param(value = -1.0) double logStd;",
      "  @Transition void step(double[] x, Noise noise, double[] next,",
      "      @Recorded(value = \"target\", length = 1) double[] target) {",
      "    double u = noise.gaussian(gain[0] * (target[0] - x[0]) + gain[1], Math.exp(logStd));",
      "    next[0] = x[0] + 0.1 * u;",
      "  }",
      "  @Cost double cost(double[] x, @Recorded(value = \"target\", length = 1) double[] target) {",
      "    return (x[0] - target[0]) * (x[0] - target[0]);",
      "  }",
      "  @Initial void reset(Noise noise, double[] x, @Recorded(value = \"target\", length = 1) double[] target) {",
      "    x[0] = target[0] + noise.gaussian(0.0, 0.1);",
      "  }",
      "}");

  @Test
  void optimizeWithDataCostsResumeAndEvaluate() throws Exception {
    Path model = dir.resolve("Cloner.java");
    Files.writeString(model, CLONER);
    // Demonstrations of u = −1.5·x₀ − 0.8·x₁ + N(0, 0.3²); the clone block alone is least squares.
    java.util.Random rng = new java.util.Random(5);
    StringBuilder csv = new StringBuilder("n,t,x[0],x[1],u\n");
    double[][] xtx = new double[2][2];
    double[] xtu = new double[2];
    for (int n = 0; n < 4; n++) {
      for (int t = 0; t < 25; t++) {
        double x0 = rng.nextGaussian();
        double x1 = rng.nextGaussian();
        double u = -1.5 * x0 - 0.8 * x1 + 0.3 * rng.nextGaussian();
        csv.append(n).append(',').append(t).append(',').append(x0).append(',').append(x1).append(',').append(u)
            .append('\n');
        xtx[0][0] += x0 * x0;
        xtx[0][1] += x0 * x1;
        xtx[1][1] += x1 * x1;
        xtu[0] += x0 * u;
        xtu[1] += x1 * u;
      }
    }
    Path data = dir.resolve("demos.csv");
    Files.writeString(data, csv);

    // Pure cloning (w_R = 0): Adam on the exact block gradient reaches the least-squares gains.
    Path clone = dir.resolve("clone");
    Outcome o = run("optimize", model.toString(), "--data", data.toString(), "--data-cost", "clone=1",
        "--rollout-weight", "0", "--iterations", "400", "--rate", "0.05", "--out", clone.toString());
    assertEquals(0, o.exit, o.err);
    assertTrue(o.out.contains("data cost clone over 4 trajectories"), o.out);
    double det = xtx[0][0] * xtx[1][1] - xtx[0][1] * xtx[0][1];
    double k0 = (xtu[0] * xtx[1][1] - xtu[1] * xtx[0][1]) / det;
    double k1 = (xtu[1] * xtx[0][0] - xtu[0] * xtx[0][1]) / det;
    double[] k = Policy.read(clone.resolve("policy.txt")).theta();
    assertEquals(k0, k[0], 1e-3, "least-squares gain k0");
    assertEquals(k1, k[1], 1e-3, "least-squares gain k1");
    assertTrue(Files.exists(clone.resolve("data.csv")));

    // Cloning and policy optimization in parallel, minibatches of 2 trajectories: 5 + resume to 8 = 8.
    Path part = dir.resolve("part");
    Path straight = dir.resolve("straight");
    String[] common = {"--data", data.toString(), "--data-cost", "clone=0.5/2", "--batch", "8"};
    assertEquals(0, run(concat(new String[] {"optimize", model.toString(), "--iterations", "5", "--out",
        part.toString()}, common)).exit);
    assertEquals(0, run(concat(new String[] {"optimize", model.toString(), "--iterations", "8", "--out",
        straight.toString()}, common)).exit);
    Outcome resumed = run("resume", part.toString(), "--iterations", "8");
    assertEquals(0, resumed.exit, resumed.err);
    double[] a = Policy.read(part.resolve("policy.txt")).theta();
    double[] b = Policy.read(straight.resolve("policy.txt")).theta();
    for (int i = 0; i < a.length; i++) {
      assertEquals(Double.doubleToLongBits(b[i]), Double.doubleToLongBits(a[i]), "θ[" + i + "]: 5 + resume to 8 = 8");
    }
    Outcome eval = run("eval", part.toString(), "--episodes", "20");
    assertEquals(0, eval.exit, eval.err);
    assertTrue(eval.out.contains("data cost clone") && eval.out.contains("over 20 episodes"), eval.out);

    // Bad input: a block the model lacks, a bad weight, --data-cost without --data.
    Outcome noBlock = run("optimize", model.toString(), "--data", data.toString(), "--data-cost", "calib=1",
        "--out", dir.resolve("x").toString());
    assertEquals(2, noBlock.exit);
    assertTrue(noBlock.err.contains("has no data cost block \"calib\"; its blocks are [clone]"), noBlock.err);
    Outcome badWeight = run("optimize", model.toString(), "--data", data.toString(), "--data-cost", "clone=-1",
        "--out", dir.resolve("x").toString());
    assertEquals(2, badWeight.exit);
    assertTrue(badWeight.err.contains("--data-cost clone=-1: the weight must be a finite number"), badWeight.err);
    assertEquals(2, run("optimize", model.toString(), "--data-cost", "clone=1", "--out", dir.resolve("x").toString())
        .exit);
  }

  @Test
  void optimizeAChainThatReadsRecordedTrajectories() throws Exception {
    Path model = dir.resolve("Follow.java");
    Files.writeString(model, FOLLOW);
    StringBuilder csv = new StringBuilder("n,t,target\n");
    for (int n = 0; n < 3; n++) {
      for (int t = 0; t <= 20; t++) {
        csv.append(n).append(',').append(t).append(',').append(Math.sin(0.2 * t + n)).append('\n');
      }
    }
    Path data = dir.resolve("targets.csv");
    Files.writeString(data, csv);
    Path run = dir.resolve("follow");
    Outcome o = run("optimize", model.toString(), "--data", data.toString(), "--iterations", "30", "--batch", "6",
        "--rate", "0.1", "--out", run.toString());
    assertEquals(0, o.exit, o.err);
    assertTrue(o.out.contains("deterministic policy on the 3 recorded trajectories"), o.out);
    Outcome eval = run("eval", run.toString());
    assertEquals(0, eval.exit, eval.err);
    assertTrue(eval.out.contains("over 3 episodes"), eval.out);
    // Without its data the chain cannot run: the message names the fields.
    Outcome missing = run("optimize", model.toString(), "--out", dir.resolve("y").toString());
    assertEquals(2, missing.exit);
    assertTrue(missing.err.contains("target"), missing.err);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
