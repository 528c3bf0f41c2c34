package org.dsojava.runtime;

import java.util.SplittableRandom;

/**
 * Run by {@code LaneMathTest} in a child JVM. With the argument {@code warm}, first 40,000 calls of
 * {@link LaneMath#tanh} on 64 mixed lanes (every branch, NaN and ∞ included, so that C2's compilation sees
 * them all), then prints "warmed". Then checks {@link LaneMath#tanh} against {@link Fdlibm#tanh} on the
 * boundary arguments and 100,000 random ones and prints "vector ok" or "scalar ok" (the path taken), or the
 * first mismatch and exits 1.
 */
final class LaneMathChild {
  private LaneMathChild() {}

  public static void main(String[] args) {
    double[] pool = LaneMathTest.boundaryArguments();
    SplittableRandom random = new SplittableRandom(9L);
    if (args.length > 0 && args[0].equals("warm")) {
      double[] in = new double[64];
      double[] out = new double[64];
      for (int call = 0; call < 40_000; call++) {
        for (int k = 0; k < in.length; k++) {
          in[k] = random.nextInt(4) == 0 ? pool[random.nextInt(pool.length)] : random.nextDouble(-25, 25);
        }
        LaneMath.tanh(in, out, in.length);
      }
      System.out.println("warmed");
    }
    double[] more = new double[100_000];
    for (int i = 0; i < more.length; i++) {
      more[i] = random.nextDouble(-25, 25);
    }
    for (double[] xs : new double[][] {pool, more}) {
      double[] out = new double[xs.length];
      for (int from = 0; from < xs.length; from += 64) {
        int n = Math.min(64, xs.length - from);
        double[] chunk = java.util.Arrays.copyOfRange(xs, from, from + n);
        LaneMath.tanh(chunk, chunk, n);
        System.arraycopy(chunk, 0, out, from, n);
      }
      for (int i = 0; i < xs.length; i++) {
        if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(Fdlibm.tanh(xs[i]))) {
          System.out.println("mismatch at " + xs[i] + ": " + out[i] + " instead of " + Fdlibm.tanh(xs[i]));
          System.exit(1);
        }
      }
    }
    System.out.println(LaneMath.vectorized() ? "vector ok" : "scalar ok");
  }
}
