package org.dsojava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LaneMath#tanh} against {@link Fdlibm#tanh}, bit for bit (raw bits, so NaN payloads and signed zeros
 * count), on both its paths: the Vector API one (surefire adds jdk.incubator.vector) and the scalar fallback.
 */
class LaneMathTest {
  private static final int PER_MAGNITUDE = 400_000;
  private static final int CHUNK = 64;

  @Test
  void theVectorPathIsTakenUnderTheTests() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "surefire should run with --add-modules jdk.incubator.vector");
    assertTrue(LaneMath.vectorized());
  }

  /**
   * Without the module (a child JVM with no add-modules option): LaneMath loads without linking the incubator
   * types, takes the scalar loop, and matches Fdlibm.tanh.
   */
  @Test
  void withoutTheModuleTheScalarLoopIsTaken() throws Exception {
    assertEquals("scalar ok", last(runChild(List.of())));
  }

  /**
   * With the module but below AVX2 on x86-64 (where the vector path would run many times slower than the
   * scalar loop): the scalar loop. On other architectures the flag does not exist: nothing to check.
   */
  @Test
  void belowAvx2TheScalarLoopIsTaken() throws Exception {
    String arch = System.getProperty("os.arch");
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      assertEquals("scalar ok", last(runChild(List.of("--add-modules", "jdk.incubator.vector", "-XX:UseAVX=1"))));
    }
  }

  /**
   * The vector path once C2 has compiled it (the other tests mostly run compiled code too, but cannot tell):
   * a child JVM whose compilations block the caller (-XX:-BackgroundCompilation) warms up on mixed lanes,
   * its compilation log must show VectorLaneMath.lanes compiled by C2 (tier 4) before the check and not
   * deoptimized during it, and the check must pass.
   */
  @Test
  void theC2CompiledVectorPathIsFdlibmTanh() throws Exception {
    List<String> lines = runChild(List.of("--add-modules", "jdk.incubator.vector", "-XX:-BackgroundCompilation",
        "-XX:+PrintCompilation"), "warm");
    assertEquals("vector ok", last(lines), String.join("\n", lines));
    int warmed = lines.indexOf("warmed");
    assertTrue(warmed > 0);
    java.util.regex.Pattern c2 = java.util.regex.Pattern.compile(
        "\\s4\\s+org\\.dsojava\\.runtime\\.VectorLaneMath::lanes \\(.*");
    long compiled = lines.subList(0, warmed).stream()
        .filter(l -> c2.matcher(l).find() && !l.contains("made not entrant")).count();
    long deoptimized = lines.subList(warmed, lines.size()).stream()
        .filter(l -> c2.matcher(l).find() && l.contains("made not entrant")).count();
    assertTrue(compiled >= 1, "no C2 compilation of VectorLaneMath.lanes before the check");
    assertEquals(0, deoptimized, "the C2 code of VectorLaneMath.lanes was deoptimized during the check");
  }

  /** Runs {@link LaneMathChild} in a child JVM with these options and arguments; returns its output lines. */
  private static List<String> runChild(List<String> options, String... arguments) throws Exception {
    String classPath = location(LaneMath.class) + java.io.File.pathSeparator + location(LaneMathTest.class);
    List<String> command = new ArrayList<>();
    command.add(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    command.addAll(options);
    command.add(LaneMathChild.class.getName());
    command.addAll(java.util.Arrays.asList(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    return java.util.Arrays.asList(output.trim().split("\\R"));
  }

  private static String last(List<String> lines) {
    return lines.get(lines.size() - 1).trim();
  }

  private static String location(Class<?> c) throws Exception {
    return java.nio.file.Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void randomArgumentsOfEveryMagnitude() {
    double[] xs = randomArguments(new SplittableRandom(20261205L));
    checkAllPaths(xs);
  }

  @Test
  void branchBoundariesAndSpecialValues() {
    double[] xs = boundaryArguments();
    checkAllPaths(xs);
    // and shuffled, so that each special value shares a vector with ordinary lanes in other positions
    SplittableRandom random = new SplittableRandom(7L);
    for (int round = 0; round < 5; round++) {
      for (int i = xs.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
      }
      checkAllPaths(xs);
    }
  }

  /** Every n from 0 to 40 (whole vectors and tails) on mixed arguments, also in place; lanes past n untouched. */
  @Test
  void everyLengthAndInPlace() {
    double[] pool = boundaryArguments();
    SplittableRandom random = new SplittableRandom(11L);
    for (int n = 0; n <= 40; n++) {
      for (int rep = 0; rep < 200; rep++) {
        double[] in = new double[n + random.nextInt(3)];
        for (int k = 0; k < in.length; k++) {
          in[k] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : random.nextDouble(-4, 4);
        }
        double[] out = new double[in.length];
        java.util.Arrays.fill(out, 12345.0);
        LaneMath.tanh(in, out, n);
        double[] inPlace = in.clone();
        LaneMath.tanh(inPlace, inPlace, n);
        for (int k = 0; k < in.length; k++) {
          double want = k < n ? Fdlibm.tanh(in[k]) : 12345.0;
          assertBits(want, out[k], in[k]);
          assertBits(k < n ? want : in[k], inPlace[k], in[k]);
        }
      }
    }
  }

  /**
   * The vector expm1 inside the vector tanh against {@link Fdlibm#expm1} directly, since tanh's final
   * division hides most of expm1's last bits for |x| above 7 or so: u = ±2|x| over tanh's whole range
   * 2⁻⁵⁵ ≤ |x| &lt; 22, the boundary arguments, and the k = 20 arguments where the k &lt; 20 formula would
   * give other bits (6 in 17 million, found by running both formulas).
   */
  @Test
  void theVectorExpm1IsFdlibmsExpm1() {
    SplittableRandom random = new SplittableRandom(3L);
    int lanes = VectorLaneMath.lanes();
    double[] xs = new double[lanes * 100_000];
    int n = 0;
    for (double u : new double[] {0x1.b75758ccd91d3p3, 0x1.c2c13a4304dc1p3, 0x1.b757591c16addp3,
        0x1.c2c13b4ca845bp3, 0x1.bf621dd94813p3, 0x1.c2c13a9a3712p3}) {
      xs[n++] = u / 2;
    }
    for (double x : boundaryArguments()) {
      double ax = Math.abs(x);
      if (ax >= 0x1p-55 && ax < 22 && n < xs.length) {
        xs[n++] = x;
      }
    }
    while (n < xs.length) {
      switch (n % 3) {
        case 0: xs[n++] = random.nextDouble(-22, 22); break;
        case 1: xs[n++] = random.nextDouble(-1, 1); break;
        default: xs[n++] = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-55, 0)); break;
      }
    }
    double[] out = new double[xs.length];
    for (int from = 0; from < xs.length; from += 8 * lanes) {
      double[] chunk = java.util.Arrays.copyOfRange(xs, from, from + 8 * lanes);
      double[] chunkOut = new double[chunk.length];
      VectorLaneMath.tanhExpm1(chunk, chunkOut, chunk.length);
      System.arraycopy(chunkOut, 0, out, from, chunk.length);
    }
    for (int i = 0; i < xs.length; i++) {
      double ax = Math.abs(xs[i]);
      double u = ax >= 1 ? 2 * ax : -2 * ax;
      assertBits(Fdlibm.expm1(u), out[i], u);
    }
  }

  /** Lanes from…to−1 only (a lockstep kernel's lanes in use): the lanes outside are untouched. */
  @Test
  void aRangeOfLanes() {
    SplittableRandom random = new SplittableRandom(12L);
    for (int rep = 0; rep < 2000; rep++) {
      int length = 1 + random.nextInt(40);
      int from = random.nextInt(length + 1);
      int to = from + random.nextInt(length - from + 1);
      double[] in = new double[length];
      for (int k = 0; k < length; k++) {
        in[k] = random.nextDouble(-30, 30);
      }
      double[] out = new double[length];
      java.util.Arrays.fill(out, 12345.0);
      LaneMath.tanh(in, out, from, to);
      for (int k = 0; k < length; k++) {
        assertBits(k >= from && k < to ? Fdlibm.tanh(in[k]) : 12345.0, out[k], in[k]);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> LaneMath.tanh(new double[4], new double[4], 3, 2));
    assertThrows(IllegalArgumentException.class, () -> LaneMath.tanh(new double[4], new double[4], -1, 2));
  }

  @Test
  void aLengthBeyondTheArraysIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LaneMath.tanh(new double[3], new double[4], 4));
    assertThrows(IllegalArgumentException.class, () -> LaneMath.tanh(new double[4], new double[3], 4));
    assertThrows(IllegalArgumentException.class, () -> LaneMath.tanh(new double[4], new double[4], -1));
  }

  /**
   * Through {@link LaneMath#tanh} (the vector path here), through the scalar fallback, and in place, in
   * calls of 64 lanes as a lockstep kernel makes them: tens of thousands of calls, so that most run in
   * C2-compiled code with the Vector API intrinsified, not in the interpreter's Java implementation of it.
   */
  private static void checkAllPaths(double[] xs) {
    double[] viaTanh = new double[xs.length];
    double[] viaScalar = new double[xs.length];
    double[] inPlace = xs.clone();
    double[] chunk = new double[CHUNK];
    double[] chunkOut = new double[CHUNK];
    for (int from = 0; from < xs.length; from += CHUNK) {
      int n = Math.min(CHUNK, xs.length - from);
      System.arraycopy(xs, from, chunk, 0, n);
      LaneMath.tanh(chunk, chunkOut, n);
      System.arraycopy(chunkOut, 0, viaTanh, from, n);
      LaneMath.scalarTanh(chunk, chunkOut, n, 0);
      System.arraycopy(chunkOut, 0, viaScalar, from, n);
      LaneMath.tanh(chunk, chunk, n);
      System.arraycopy(chunk, 0, inPlace, from, n);
    }
    for (int i = 0; i < xs.length; i++) {
      double want = Fdlibm.tanh(xs[i]);
      assertBits(want, viaTanh[i], xs[i]);
      assertBits(want, viaScalar[i], xs[i]);
      assertBits(want, inPlace[i], xs[i]);
    }
  }

  private static void assertBits(double want, double got, double x) {
    if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
      assertEquals(Long.toHexString(Double.doubleToRawLongBits(want)),
          Long.toHexString(Double.doubleToRawLongBits(got)),
          "at " + x + " [bits " + Long.toHexString(Double.doubleToRawLongBits(x)) + "]");
    }
  }

  private static double[] randomArguments(SplittableRandom random) {
    double[] bounds = {1e-20, 1.0, 3.0, 25.0, 1e3};
    double[] xs = new double[PER_MAGNITUDE * (bounds.length + 2)];
    int i = 0;
    for (double b : bounds) {
      for (int j = 0; j < PER_MAGNITUDE; j++) {
        xs[i++] = random.nextDouble(-b, b);
      }
    }
    for (int j = 0; j < PER_MAGNITUDE; j++) {
      xs[i++] = Double.longBitsToDouble(random.nextLong()); // every exponent, NaNs with payloads
    }
    for (int j = 0; j < PER_MAGNITUDE; j++) { // log-uniform magnitudes from 2⁻⁶⁰ to 2⁶, random signs
      double m = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-60, 6));
      xs[i++] = random.nextBoolean() ? m : -m;
    }
    return xs;
  }

  /**
   * ±(a few ulps around) every branch boundary of tanh and of expm1 at u = ±2|x|, random low words at and
   * next to each boundary's high word (the branches test high words only), signed zeros, subnormals, ±∞ and
   * NaNs.
   */
  static double[] boundaryArguments() {
    List<Double> centres = new ArrayList<>();
    // tanh: |x| = 2⁻⁵⁵ (tiny), 1 (which expm1), 22 (saturation); expm1's 2⁻⁵⁴ at u = 2|x|
    for (int hi : new int[] {0x3c800000, 0x3ff00000, 0x40360000, 0x3c900000 - 0x100000}) {
      centres.add(highWord(hi));
    }
    // expm1 at |u| = 2|x|: ln2/2 (0x3fd62e42), 3ln2/2 (0x3FF0A2B2), 56 ln2 (0x4043687A), as x = u/2
    for (int hi : new int[] {0x3fd62e42, 0x3fd62e43, 0x3FF0A2B2, 0x4043687A}) {
      centres.add(highWord(hi) / 2);
      centres.add(highWord(hi + 1) / 2);
    }
    centres.add(Math.log(2) / 4);
    centres.add(3 * Math.log(2) / 4);
    // k = round(u/ln2) transitions for u = ±2|x|: (k ± 0.5) ln2 / 2, k = -4..64 (covers 19/20, 56/57)
    for (int k = -4; k <= 64; k++) {
      centres.add(Math.abs((k + 0.5) / 1.44269504088896338700e+00) / 2);
      centres.add(Math.abs((k + 0.5) * Math.log(2)) / 2);
    }
    centres.add(0.25 / 2); // expm1's x < -0.25 test (k = 1 only)
    centres.add(0x1p-54);
    centres.add(0x1p-27);
    centres.add(0.5);
    centres.add(2.0);
    centres.add(Double.MIN_NORMAL);
    centres.add(Double.MIN_VALUE);
    centres.add(Double.MAX_VALUE);
    List<Double> xs = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(5L);
    for (double c : centres) {
      long bits = Double.doubleToRawLongBits(c);
      for (long d = -6; d <= 6; d++) {
        double x = Double.longBitsToDouble(bits + d);
        if (!Double.isNaN(x)) {
          xs.add(x);
          xs.add(-x);
        }
      }
      // and the low word's extremes at the same high word
      long high = bits & 0xffffffff00000000L;
      xs.add(Double.longBitsToDouble(high));
      xs.add(-Double.longBitsToDouble(high));
      xs.add(Double.longBitsToDouble(high | 0xffffffffL));
      xs.add(-Double.longBitsToDouble(high | 0xffffffffL));
      // and random low words at the same high word and its neighbours
      for (long h = -1; h <= 1; h++) {
        for (int j = 0; j < 100; j++) {
          double x = Double.longBitsToDouble(high + (h << 32) | (random.nextLong() & 0xffffffffL));
          xs.add(x);
          xs.add(-x);
        }
      }
    }
    for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-1060, -0x1p-1060,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0x7ff0000000000001L),
        Double.longBitsToDouble(0xfff8000000000123L), Double.longBitsToDouble(0x7ff4000000000000L), 1.0, -1.0,
        22.0, -22.0, 710.0, -710.0, 1e300, -1e300}) {
      xs.add(x);
    }
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i);
    }
    return out;
  }

  private static double highWord(int hi) {
    return Double.longBitsToDouble((long) hi << 32);
  }
}
