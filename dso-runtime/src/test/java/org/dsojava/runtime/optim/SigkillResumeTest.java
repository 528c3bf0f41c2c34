package org.dsojava.runtime.optim;

import static org.dsojava.runtime.optim.CheckpointResumeTest.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM ({@link ResumeChild}) optimizes with a checkpoint after every iteration and is
 * killed with SIGKILL ({@link Process#destroyForcibly()}) at pseudo-random moments — after a
 * pseudo-random number of its iteration lines, plus a pseudo-random delay of up to 25 ms, so kills land in
 * rollouts, in the baseline's fit, in checkpoint writes (fsync) and between them — and restarted each
 * time; it resumes from whatever checkpoint survived. Every surviving checkpoint must be complete, and
 * the final θ, env-step count and curve length must equal, bit for bit, an uninterrupted run (in this
 * JVM, on one thread where the child uses two).
 */
class SigkillResumeTest {
  private static final int ITERATIONS = 100;
  private static final int KILLS = 6;

  @TempDir
  Path dir;

  @Test
  void killedSixTimesAndResumedItEndsWithTheThetaOfAnUninterruptedRun() throws Exception {
    Result reference = ResumeChild.configured().threads(1).iterations(ITERATIONS).run();
    Path checkpoint = dir.resolve("run.ckpt");
    Path policy = dir.resolve("final.policy");
    SplittableRandom random = new SplittableRandom(20250601L);
    List<String> log = new ArrayList<>();
    int kills = 0;
    int lastSaved = 0;
    int midWrite = 0;
    String done = null;
    for (int launch = 0; launch < KILLS + 5 && done == null; launch++) {
      Process p = start(checkpoint, policy, launch);
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> drain(p, lines), "child-stdout");
      reader.setDaemon(true);
      reader.start();
      try {
        if (kills < KILLS) {
          int after = 1 + random.nextInt(6);
          int delayMillis = random.nextInt(25);
          int seen = 0;
          String last = null;
          while (seen < after) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals("EOF") || line.startsWith("done")) {
              last = line;
              break;
            }
            seen++;
          }
          if (seen == after) {
            Thread.sleep(delayMillis);
            if (p.isAlive()) {
              p.destroyForcibly();
              assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed child did not end");
              kills++;
              boolean tmp = Files.exists(dir.resolve("run.ckpt.tmp"));
              midWrite += tmp ? 1 : 0;
              int saved = savedIteration(checkpoint);
              assertTrue(saved >= lastSaved, "a checkpoint went back from " + lastSaved + " to " + saved);
              log.add("kill " + kills + " after " + after + " lines + " + delayMillis + " ms: checkpoint at iteration "
                  + saved + (tmp ? " (a partial .tmp was left)" : ""));
              lastSaved = saved;
              continue;
            }
          } else if (last == null) {
            fail("the child printed nothing for 60 s: " + stderr(launch));
          }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, p.exitValue(), "the child failed: " + stderr(launch));
        reader.join(10_000);
        for (String line : lines) {
          if (line.startsWith("done")) {
            done = line;
          }
        }
        assertNotNull(done, "the child ended without its result line: " + lines);
      } finally {
        p.destroyForcibly();
      }
    }
    System.out.println(String.join("\n", log) + "\n" + midWrite + " of " + kills + " kills interrupted a write; " + done);
    assertTrue(kills >= 5, "only " + kills + " kills before the run ended: " + log);
    assertNotNull(done, "the run did not finish after " + kills + " kills");
    double[] theta = Policy.load(policy, new Noisy()).theta();
    assertArrayEquals(bits(reference.theta()), bits(theta), "final θ bit for bit");
    String[] f = done.split(" ");
    assertEquals(reference.envSteps(), Long.parseLong(f[1]), "env steps");
    assertEquals(ITERATIONS, Integer.parseInt(f[2]), "curve length");
  }

  private Process start(Path checkpoint, Path policy, int launch) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), ResumeChild.class.getName(), checkpoint.toString(), policy.toString(),
        Integer.toString(ITERATIONS), "0");
    b.redirectError(dir.resolve("stderr-" + launch + ".txt").toFile());
    return b.start();
  }

  private String stderr(int launch) throws IOException {
    return Files.readString(dir.resolve("stderr-" + launch + ".txt"));
  }

  private static void drain(Process p, BlockingQueue<String> lines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child was killed
    }
    lines.add("EOF");
  }

  /** The iteration of the surviving checkpoint (0 if none yet); it must read back whole. */
  private static int savedIteration(Path checkpoint) throws IOException {
    if (!Files.exists(checkpoint)) {
      return 0;
    }
    return SavedState.read(checkpoint, RunCheckpoint.FORMAT).section("run").getInt("iteration");
  }
}
