package org.dsojava.runtime.optim;

import static org.dsojava.runtime.optim.CheckpointResumeTest.assertContains;
import static org.dsojava.runtime.optim.CheckpointResumeTest.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.LibraryVersion;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files: exact round trip of θ, acting (bottleneck or mean step), and refusals naming what differs. */
class PolicyTest {
  @TempDir
  Path dir;

  @Test
  void aTrainedThetaRoundTripsBitForBitAndActsWithTheMeanStep() throws IOException {
    Result r = DsoOptimizer.of(Noisy::new).batch(8).iterations(20).progress(null).run();
    double[] theta = r.theta();
    theta[1] = Math.nextUp(theta[1]); // a value whose shortest decimal is long
    Path file = dir.resolve("noisy.policy");
    Policy.save(file, new Noisy(), theta);
    String text = Files.readString(file);
    assertContains(text, "\nformat = dso-policy 1\n");
    assertContains(text, "\nlibrary = " + LibraryVersion.get() + "\n");
    assertContains(text, "\nmodel.name = Noisy\n");
    assertContains(text, "\nmodel.param.0 = a\nmodel.param.1 = sigma\n");
    assertContains(text, "\ntheta.sigma = " + theta[1] + "\n");
    Policy p = Policy.load(file, new Noisy());
    assertArrayEquals(bits(theta), bits(p.theta()));
    assertEquals(1, p.actionDim());
    // No bottleneck: act is the mean step f(x, θ) = a·x.
    assertEquals(theta[0] * 0.7, p.act(new double[] {0.7})[0]);
    Policy read = Policy.read(file);
    assertArrayEquals(bits(theta), bits(read.theta()));
    assertEquals("Noisy", read.model().model());
    assertEquals(LibraryVersion.get(), read.library());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> read.act(new double[] {1}));
    assertContains(e.getMessage(), "Policy.load(file, kernel)");
  }

  @Test
  void aModelWithABottleneckActsWithItsPolicyOutput() throws IOException {
    Path file = dir.resolve("b.policy");
    Policy.save(file, new Bottlenecked(), new double[] {1.5, -0.25});
    Policy p = Policy.load(file, new Bottlenecked());
    assertEquals(1, p.actionDim());
    assertEquals(-1.5 * 2.0 - 0.25, p.act(new double[] {2.0})[0]);
    double[] out = new double[1];
    p.act(new double[] {-1.0}, 3, out);
    assertEquals(1.5 - 0.25, out[0]);
  }

  @Test
  void aPolicyOfAnotherModelLayoutOrCodeVersionIsRefused() throws IOException {
    Path file = dir.resolve("n.policy");
    Policy.save(file, new Noisy(), new double[] {0.5, 0.3});
    CheckpointException e = assertThrows(CheckpointException.class, () -> Policy.load(file, new Bottlenecked()));
    assertContains(e.getMessage(), "does not fit Bottlenecked: it was saved from model Noisy, not Bottlenecked");

    rewrite(file, "\nmodel.param.1 = sigma\n", "\nmodel.param.1 = logSigma\n");
    rewrite(file, "\ntheta.sigma = ", "\ntheta.logSigma = ");
    e = assertThrows(CheckpointException.class, () -> Policy.load(file, new Noisy()));
    assertContains(e.getMessage(), "θ entry 1 was logSigma; it is now sigma (the model's @Param layout changed)");

    Policy.save(file, new Noisy(), new double[] {0.5, 0.3});
    String code = Policy.read(file).model().code();
    assertTrue(code.startsWith("sha256:"), code);
    rewrite(file, "\nmodel.code = " + code + "\n", "\nmodel.code = sha256:0123456789abcdef\n");
    e = assertThrows(CheckpointException.class, () -> Policy.load(file, new Noisy()));
    assertContains(e.getMessage(), "its generated kernel's code differs (sha256:0123456789ab… then, ");
    assertContains(e.getMessage(), "the model or the code generator changed since it was saved");
  }

  @Test
  void aTruncatedOrEditedPolicyIsRefused() throws IOException {
    Path file = dir.resolve("t.policy");
    Policy.save(file, new Noisy(), new double[] {0.5, 0.3});
    byte[] good = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 10));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Policy.load(file, new Noisy()));
    assertContains(e.getMessage(), "incomplete or corrupt");
    Files.writeString(file, new String(good, StandardCharsets.UTF_8).replace("theta.a = 0.5", "theta.a = 0.6"));
    e = assertThrows(CheckpointException.class, () -> Policy.load(file, new Noisy()));
    assertContains(e.getMessage(), "its checksum does not match");
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> Policy.save(file, new Noisy(), new double[3]));
    assertContains(wrong.getMessage(), "θ has 3 entries, but Noisy has 2 parameters");
  }

  /** Replaces text in a saved file and re-signs it (as a file written by another model or version would be). */
  private static void rewrite(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    String body = text.substring(0, text.lastIndexOf("sha256 = "));
    assertTrue(body.contains(from), from);
    body = body.replace(from, to);
    Files.writeString(file, body + "sha256 = " + SavedState.sha256(body.getBytes(StandardCharsets.UTF_8)) + "\n");
  }

  /** x ∈ ℝ, θ = (k, b): the policy output η = −k·x + b; only what acting needs is implemented. */
  static final class Bottlenecked implements BottleneckKernel {
    @Override public String modelName() { return "Bottlenecked"; }
    @Override public int paramCount() { return 2; }
    @Override public int stateDim() { return 1; }
    @Override public int drawCount() { return 1; }
    @Override public int bottleneckDim() { return 1; }
    @Override public Setting setting() { return Setting.DISCOUNTED; }
    @Override public double discount() { return 0.9; }
    @Override public int horizon() { return 10; }
    @Override public String paramName(int i) { return i == 0 ? "k" : "b"; }
    @Override public void initialParams(long seed, double[] theta) { }
    @Override public void initialState(double[] theta, int n, Rng rng, double[] x) { x[0] = 1; }
    @Override public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
      throw new UnsupportedOperationException();
    }
    @Override public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
      mean[0] = x[0] - theta[0] * x[0] + theta[1];
    }
    @Override public boolean terminal(double[] x, int t, int n) { return false; }
    @Override public double cost(double[] theta, double[] x, int t, int n) { return x[0] * x[0]; }
    @Override public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
      throw new UnsupportedOperationException();
    }
    @Override public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL,
        double wP, double[] g) {
      throw new UnsupportedOperationException();
    }
    @Override public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] v) {
      throw new UnsupportedOperationException();
    }
    @Override public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] v, double[] out) {
      throw new UnsupportedOperationException();
    }
    @Override public void bottleneck(double[] theta, double[] x, int t, int n, double[] eta) {
      eta[0] = -theta[0] * x[0] + theta[1];
    }
    @Override public void accumulateBottleneckGradient(double[] eta, double[] x, int t, int n, double[] draws,
        double wL, double wP, double[] gEta) {
      throw new UnsupportedOperationException();
    }
    @Override public void pullBack(double[] theta, double[] x, int t, int n, double[] gEta, double[] g) {
      throw new UnsupportedOperationException();
    }
    @Override public void bottleneckFisher(double[] eta, double[] x, int t, int n, double[] draws, double[] fisher) {
      throw new UnsupportedOperationException();
    }
    @Override public void bottleneckTangent(double[] theta, double[] x, int t, int n, double[] v, double[] etaDot) {
      throw new UnsupportedOperationException();
    }
  }
}
