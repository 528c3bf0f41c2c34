package org.dsojava.compiler;

import java.nio.file.*;
import org.dsojava.runtime.*;
/**
 * Per-call time of a model's kernel compiled by javac and by Janino from the same generated source (20 000
 * sample + gradient calls, four rounds): a quick check, not a JMH benchmark. Prints; asserts nothing.
 */
public final class KernelSpeedMain {
  private KernelSpeedMain() {}

  public static void main(String[] a) throws Exception {
    String src = Files.readString(Path.of(a[0]));
    ChainKernel[] ks = {DsoModels.compile(src).kernel(), DsoModels.compileWithoutJdk(src).kernel()};
    for (int round = 0; round < 4; round++) {
      for (int which = 0; which < 2; which++) {
        ChainKernel k = ks[which];
        double[] theta = new double[k.paramCount()]; k.initialParams(4L, theta);
        double[] x = new double[k.stateDim()]; k.initialState(theta, 0, new Rng(21L), x);
        double[] next = new double[x.length], draws = new double[k.drawCount()], g = new double[theta.length];
        long t0 = System.nanoTime();
        for (int i = 0; i < 20000; i++) {
          k.sample(theta, x, 0, 0, new Rng(100L, i), draws, next);
          k.accumulateGradient(theta, x, 0, 0, draws, 0.7, -1.3, g);
        }
        System.out.printf("round %d %s: %.2f us per sample+gradient%n", round, which == 0 ? "javac " : "janino", (System.nanoTime() - t0) / 20000 / 1e3);
      }
    }
  }
}
