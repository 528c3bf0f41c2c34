package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import org.dsojava.runtime.BottleneckKernel;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;

/**
 * Two kernels of the same chain (same θ layout, draws and state) agree bit for bit on every kernel method:
 * sampling (same random stream), mean step, terminal, cost, ln P and its derivatives, and the bottleneck
 * pieces. Calls are interleaved on one instance of each kernel at states reached by sampling, so state left
 * in a kernel's fields by one call cannot go unnoticed.
 */
final class KernelAgreement {
  private KernelAgreement() {}

  static void assertBitwiseEqual(ChainKernel a, ChainKernel b, int points, Set<String> skip) {
    assertEquals(a.paramCount(), b.paramCount(), "paramCount");
    assertEquals(a.stateDim(), b.stateDim(), "stateDim");
    assertEquals(a.drawCount(), b.drawCount(), "drawCount");
    assertEquals(a.bottleneckDim(), b.bottleneckDim(), "bottleneckDim");
    int p = a.paramCount();
    int d = a.stateDim();
    int m = a.bottleneckDim();
    assertEquals(m > 0, a instanceof BottleneckKernel, "a kernel is a BottleneckKernel iff bottleneckDim > 0");
    assertEquals(m > 0, b instanceof BottleneckKernel, "a kernel is a BottleneckKernel iff bottleneckDim > 0");
    for (int pointIndex = 0; pointIndex < points; pointIndex++) {
      final int point = pointIndex;
      double[] th = new double[p];
      a.initialParams(point, th);
      double[] th2 = new double[p];
      b.initialParams(point, th2);
      same("initialParams", th, th2);
      Rng r = new Rng(point, 3L);
      for (int i = 0; i < p; i++) {
        th[i] += 0.3 * r.gaussian();
      }
      double[] x = new double[d];
      double[] x2 = new double[d];
      a.initialState(th, point, new Rng(point, 4L), x);
      b.initialState(th, point, new Rng(point, 4L), x2);
      same("initialState", x, x2);
      int steps = 1 + point % 3;
      for (int t = 0; t < steps; t++) {
        double[] draws = new double[a.drawCount()];
        double[] draws2 = new double[a.drawCount()];
        double[] next = new double[d];
        double[] next2 = new double[d];
        a.sample(th, x, t, point, new Rng(point, 10L + t), draws, next);
        b.sample(th, x, t, point, new Rng(point, 10L + t), draws2, next2);
        same("sample draws", draws, draws2);
        same("sample next", next, next2);
        final int tt = t;
        final double[] xx = x;
        final double[] dr = draws;
        double wL = r.uniform(0.2, 1.5);
        double wP = point % 4 == 3 ? 0.0 : r.uniform(-1, 1);
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {
          v[i] = r.gaussian();
        }
        double[] g0 = new double[p];
        for (int i = 0; i < p; i++) {
          g0[i] = r.gaussian();
        }
        check("meanStep", k -> {
          double[] mean = new double[d];
          k.meanStep(th, xx, tt, point, mean);
          return mean;
        }, a, b, skip);
        check("terminal", k -> new double[] {k.terminal(xx, tt, point) ? 1 : 0}, a, b, skip);
        check("cost", k -> new double[] {k.cost(th, xx, tt, point)}, a, b, skip);
        check("logDensity", k -> new double[] {k.logDensity(th, xx, tt, point, dr)}, a, b, skip);
        check("accumulateGradient", k -> {
          double[] g = g0.clone();
          k.accumulateGradient(th, xx, tt, point, dr, wL, wP, g);
          return g;
        }, a, b, skip);
        check("jvp", k -> new double[] {k.jvp(th, xx, tt, point, dr, wL, wP, v)}, a, b, skip);
        check("hvp", k -> {
          double[] out = g0.clone();
          k.hvp(th, xx, tt, point, dr, wL, wP, v, out);
          return out;
        }, a, b, skip);
        if (m > 0) {
          BottleneckKernel ba = (BottleneckKernel) a;
          BottleneckKernel bb = (BottleneckKernel) b;
          double[] eta = new double[m];
          ba.bottleneck(th, xx, tt, point, eta);
          check("bottleneck", k -> {
            double[] e = new double[m];
            k.bottleneck(th, xx, tt, point, e);
            return e;
          }, ba, bb, skip);
          double[] gEta0 = new double[m];
          for (int i = 0; i < m; i++) {
            gEta0[i] = r.gaussian();
          }
          check("accumulateBottleneckGradient", k -> {
            double[] gEta = gEta0.clone();
            k.accumulateBottleneckGradient(eta, xx, tt, point, dr, wL, wP, gEta);
            return gEta;
          }, ba, bb, skip);
          check("pullBack", k -> {
            double[] g = g0.clone();
            k.pullBack(th, xx, tt, point, gEta0, g);
            return g;
          }, ba, bb, skip);
          check("bottleneckTangent", k -> {
            double[] e = new double[m];
            k.bottleneckTangent(th, xx, tt, point, v, e);
            return e;
          }, ba, bb, skip);
          check("bottleneckFisher", k -> {
            double[] f = new double[m * m];
            try {
              k.bottleneckFisher(eta, xx, tt, point, dr, f);
            } catch (UnsupportedOperationException e) {
              return new double[] {Double.NaN};
            }
            return f;
          }, ba, bb, skip);
        }
        if (a.terminal(next, t + 1, point) || !Arrays.stream(next).allMatch(Double::isFinite)) {
          break;
        }
        x = next;
      }
    }
  }

  private static <K extends ChainKernel> void check(String method, Function<K, double[]> call, K a, K b,
      Set<String> skip) {
    if (!skip.contains(method)) {
      same(method, call.apply(a), call.apply(b));
    }
  }

  static void same(String what, double[] a, double[] b) {
    assertEquals(a.length, b.length, what + ": lengths");
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
        fail(what + "[" + i + "]: " + a[i] + " vs " + b[i] + " (not bit for bit)\n" + Arrays.toString(a) + "\n"
            + Arrays.toString(b));
      }
    }
  }
}
