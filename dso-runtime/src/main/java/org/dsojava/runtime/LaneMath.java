package org.dsojava.runtime;

/**
 * Lane loops of {@link Fdlibm} functions for lockstep kernels (K rollouts in structure-of-arrays layout):
 * {@code out[k] = Fdlibm.tanh(in[k])} bit for bit, with the incubator Vector API when the running JVM has
 * {@code jdk.incubator.vector} (run with {@code --add-modules jdk.incubator.vector}) and a scalar loop
 * otherwise. Why: the branches of fdlibm's tanh keep C2's SuperWord from vectorizing a lane loop of scalar
 * calls, and tanh was the bottleneck of lockstep MLP policies. The vector path does the same IEEE
 * operations in the same order on every lane, so the bits cannot differ ({@code LaneMathTest}).
 */
public final class LaneMath {
  /** Whether the Vector API path is used; decided once, so that otherwise nothing links the incubator types. */
  private static final boolean VECTOR = vectorAvailable();

  private LaneMath() {}

  private static boolean vectorAvailable() {
    if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      return false;
    }
    String arch = System.getProperty("os.arch", "");
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      // Below AVX2, C2 does not compile the 64-bit integer lane operations to vector instructions and the
      // vector path runs 20 to 100 times slower than the scalar loop.
      return useAvx() >= 2;
    }
    return VectorLaneMath.lanes() >= 2;
  }

  /** HotSpot's UseAVX flag, or -1 when it cannot be read (no jdk.management, not HotSpot). */
  private static int useAvx() {
    try {
      return Integer.parseInt(java.lang.management.ManagementFactory
          .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("UseAVX").getValue());
    } catch (RuntimeException | LinkageError e) {
      return -1;
    }
  }

  /**
   * {@code out[k] = Fdlibm.tanh(in[k])} for {@code k < n}, bit for bit; {@code in == out} is allowed.
   *
   * @param in the arguments
   * @param out where the results go
   * @param n how many lanes, at most the length of either array
   */
  public static void tanh(double[] in, double[] out, int n) {
    tanh(in, out, 0, n);
  }

  /**
   * {@code out[k] = Fdlibm.tanh(in[k])} for {@code from <= k < to}, bit for bit; {@code in == out} is
   * allowed (the lanes a lockstep kernel has in use).
   *
   * @param in the arguments
   * @param out where the results go
   * @param from the first lane
   * @param to one past the last lane, at most the length of either array
   */
  public static void tanh(double[] in, double[] out, int from, int to) {
    if (to > in.length || to > out.length || from < 0 || from > to) {
      throw new IllegalArgumentException("lanes " + from + ".." + to + ", but in has " + in.length
          + " and out has " + out.length);
    }
    if (VECTOR) {
      VectorLaneMath.tanh(in, out, from, to);
    } else {
      scalarTanh(in, out, to, from);
    }
  }

  /** Whether {@link #tanh} takes the Vector API path in this JVM. */
  static boolean vectorized() {
    return VECTOR;
  }

  /** The fallback and the vector path's tail: {@code out[k] = Fdlibm.tanh(in[k])}, {@code from <= k < n}. */
  static void scalarTanh(double[] in, double[] out, int n, int from) {
    for (int k = from; k < n; k++) {
      out[k] = Fdlibm.tanh(in[k]);
    }
  }
}
