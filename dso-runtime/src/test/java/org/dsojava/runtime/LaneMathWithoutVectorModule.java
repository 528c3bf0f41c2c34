package org.dsojava.runtime;

import java.util.SplittableRandom;

/**
 * Run by {@code LaneMathTest} in a child JVM without jdk.incubator.vector (or without AVX2): {@link LaneMath}
 * must load, take its scalar loop, and match {@link Fdlibm#tanh}. Prints "scalar ok" (or "vectorized"), or
 * the first mismatch and exits 1.
 */
final class LaneMathWithoutVectorModule {
  private LaneMathWithoutVectorModule() {}

  public static void main(String[] args) {
    double[] in = LaneMathTest.boundaryArguments();
    double[] more = new double[100_000];
    SplittableRandom random = new SplittableRandom(9L);
    for (int i = 0; i < more.length; i++) {
      more[i] = random.nextDouble(-25, 25);
    }
    for (double[] xs : new double[][] {in, more}) {
      double[] out = new double[xs.length];
      LaneMath.tanh(xs, out, xs.length);
      for (int i = 0; i < xs.length; i++) {
        if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(Fdlibm.tanh(xs[i]))) {
          System.out.println("mismatch at " + xs[i]);
          System.exit(1);
        }
      }
    }
    System.out.println(LaneMath.vectorized() ? "vectorized" : "scalar ok");
  }
}
