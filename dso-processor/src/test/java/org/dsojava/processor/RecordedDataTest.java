package org.dsojava.processor;

import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsojava.processor.diag.Message;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.junit.jupiter.api.Test;

/**
 * Recorded data in models (section 5.1, eq. 99): {@code @Recorded} parameters read record (n, t) of the
 * bound data set in the transition, cost and initial state, and {@code @DataCost} blocks get exact
 * values, gradients (against finite differences of the block's exact value over a small data set) and
 * Hessian-vector products; binding checks the data set's schema.
 */
class RecordedDataTest {
  static final ModelSource TRACKER = ModelSource.of("Tracker",
      "package test;",
      "import org.dsojava.annotations.*;",
      "@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 3)",
      "public class Tracker {",
      "  @Param(length = 2, initStd = 0.3) double[] k;",
      "  @Param(value = -1.0) double logStd;",
      "  @Param(value = 0.9) double a;",
      "  @Transition void step(double[] x, Noise noise, double[] next, @Recorded(value = \"y\", length = 1) double[] y) {",
      "    double u = noise.gaussian(k[0] * x[0] + k[1] * y[0], Math.exp(logStd));",
      "    next[0] = x[0] + 0.1 * u;",
      "    next[1] = y[0];",
      "  }",
      "  @Cost double cost(double[] x, @Recorded(value = \"target\", length = 1) double[] target) {",
      "    return (x[0] - target[0]) * (x[0] - target[0]);",
      "  }",
      "  @Initial void reset(Noise noise, double[] x, @Recorded(value = \"x\", length = 2) double[] x0) {",
      "    x[0] = x0[0];",
      "    x[1] = 0;",
      "  }",
      "  @DataCost double clone(@Recorded(value = \"x\", length = 2) double[] x, @Recorded(value = \"u\", length = 1) double[] u) {",
      "    double z = (u[0] - k[0] * x[0] - k[1] * x[1]) / Math.exp(logStd);",
      "    return 0.5 * z * z + logStd;",
      "  }",
      "  @DataCost double sysid(@Recorded(value = \"x\", length = 2) double[] x, @Recorded(value = \"u\", length = 1) double[] u,",
      "      @Recorded(value = \"x\", length = 2, ahead = 1) double[] xNext) {",
      "    double e = xNext[0] - a * x[0] - 0.1 * Math.tanh(u[0]);",
      "    return e * e;",
      "  }",
      "}");

  static final DataSchema SCHEMA = DataSchema.of(DataSchema.field("x", 2), DataSchema.field("u", 1),
      DataSchema.field("y", 1), DataSchema.field("target", 1));

  /** Three trajectories of lengths 4, 5, 6 with random records. */
  static DataSet data(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DataSet.Builder b = DataSet.builder(SCHEMA);
    for (int n = 0; n < 3; n++) {
      for (int t = 0; t < 4 + n; t++) {
        b.add(n, t, r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian());
      }
    }
    return b.build();
  }

  /** L_k(θ) = (1/N) Σₙ Σₜ ℓ_k(θ; n, t) (γ = 1), in a fixed order. */
  static double blockValue(ChainKernel k, int block, double[] theta, DataSet d) {
    double sum = 0;
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t + k.dataCostSpan(block) <= d.length(n); t++) {
        sum += k.dataCost(block, theta, n, t);
      }
    }
    return sum / d.trajectories();
  }

  static double[] blockGradient(ChainKernel k, int block, double[] theta, DataSet d) {
    double[] g = new double[theta.length];
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t + k.dataCostSpan(block) <= d.length(n); t++) {
        k.accumulateDataCostGradient(block, theta, n, t, 1.0 / d.trajectories(), g);
      }
    }
    return g;
  }

  @Test
  void blocksHaveTheirNamesSpansAndValues() throws Exception {
    ChainKernel k = CompilerTrustTest.load(TRACKER);
    DataSet d = data(1);
    k.bind(d);
    assertEquals(2, k.dataCostCount());
    assertEquals("clone", k.dataCostName(0));
    assertEquals("sysid", k.dataCostName(1));
    assertEquals(1, k.dataCostSpan(0));
    assertEquals(2, k.dataCostSpan(1));
    double[] theta = {0.3, -0.2, -0.7, 0.8};
    double[] x = new double[2];
    double[] u = new double[1];
    double[] xNext = new double[2];
    for (int n = 0; n < 3; n++) {
      for (int t = 0; t + 1 < d.length(n); t++) {
        d.read(n, t, "x", x, 0);
        d.read(n, t, "u", u, 0);
        d.read(n, t + 1, "x", xNext, 0);
        double z = (u[0] - theta[0] * x[0] - theta[1] * x[1]) / Math.exp(theta[2]);
        assertEquals(0.5 * z * z + theta[2], k.dataCost(0, theta, n, t), 0.0);
        double e = xNext[0] - theta[3] * x[0] - 0.1 * Math.tanh(u[0]);
        assertEquals(e * e, k.dataCost(1, theta, n, t), 0.0);
      }
    }
    assertThrows(IndexOutOfBoundsException.class, () -> k.dataCost(2, theta, 0, 0));
  }

  /**
   * ∇θ L_k against central differences of the exact block value (h = 1e-5: truncation ~h² ≈ 1e-10,
   * rounding ~ε|L|/h ≈ 1e-11 relative), and the HVP against differences of the exact gradient.
   */
  @Test
  void blockGradientsAndHvpsMatchFiniteDifferencesOfTheExactValue() throws Exception {
    ChainKernel k = CompilerTrustTest.load(TRACKER);
    DataSet d = data(2);
    k.bind(d);
    double[] theta = {0.4, 0.25, -0.5, 1.1};
    double h = 1e-5;
    for (int block = 0; block < 2; block++) {
      double[] g = blockGradient(k, block, theta, d);
      for (int i = 0; i < theta.length; i++) {
        double[] p = theta.clone();
        double[] m = theta.clone();
        p[i] += h;
        m[i] -= h;
        double fd = (blockValue(k, block, p, d) - blockValue(k, block, m, d)) / (2 * h);
        assertEquals(fd, g[i], 1e-6 * Math.max(1.0, Math.abs(fd)), "block " + block + ", θ[" + i + "]");
      }
      double[] v = {0.3, -1.2, 0.7, 0.5};
      double[] hv = new double[theta.length];
      for (int n = 0; n < d.trajectories(); n++) {
        for (int t = 0; t + k.dataCostSpan(block) <= d.length(n); t++) {
          k.dataCostHvp(block, theta, n, t, 1.0 / d.trajectories(), v, hv);
        }
      }
      double[] p = theta.clone();
      double[] m = theta.clone();
      for (int i = 0; i < theta.length; i++) {
        p[i] += h * v[i];
        m[i] -= h * v[i];
      }
      double[] gp = blockGradient(k, block, p, d);
      double[] gm = blockGradient(k, block, m, d);
      for (int i = 0; i < theta.length; i++) {
        double fd = (gp[i] - gm[i]) / (2 * h);
        assertEquals(fd, hv[i], 1e-6 * Math.max(1.0, Math.abs(fd)), "HVP of block " + block + ", entry " + i);
      }
    }
  }

  @Test
  void transitionCostAndInitialStateReadTheirRollouts() throws Exception {
    ChainKernel k = CompilerTrustTest.load(TRACKER);
    DataSet d = data(3);
    k.bind(d);
    assertEquals(SCHEMA.fieldCount(), k.recordSchema().fieldCount());
    assertTrue(k.chainReadsRecords());
    double[] theta = {0.4, 0.25, -0.5, 1.1};
    double[] x = new double[2];
    k.initialState(theta, 2, new Rng(1, 0), x);
    assertEquals(d.get(2, 0, d.field("x"), 0), x[0], 0.0);
    double[] next = new double[2];
    double[] draws = new double[k.drawCount()];
    k.sample(theta, x, 3, 2, new Rng(1, 1), draws, next);
    assertEquals(d.get(2, 3, d.field("y"), 0), next[1], 0.0);
    double target = d.get(1, 2, d.field("target"), 0);
    assertEquals((x[0] - target) * (x[0] - target), k.cost(theta, x, 2, 1), 0.0);
    IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class,
        () -> k.cost(theta, new double[2], 4, 0));
    assertTrue(past.getMessage().contains("t = 4"), past.getMessage());
  }

  @Test
  void bindingChecksTheSchema() throws Exception {
    ChainKernel k = CompilerTrustTest.load(TRACKER);
    DataSet noTarget = DataSet.builder(DataSchema.of(DataSchema.field("x", 2), DataSchema.field("u", 1),
        DataSchema.field("y", 1))).add(0, 0, 1, 2, 3, 4).build();
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> k.bind(noTarget));
    assertEquals("Tracker reads the recorded field target (1 entries), but " + noTarget.source()
        + " has no field target; its fields: " + noTarget.schema(), missing.getMessage());
    DataSet wide = DataSet.builder(DataSchema.of(DataSchema.field("x", 3), DataSchema.field("u", 1),
        DataSchema.field("y", 1), DataSchema.field("target", 1))).add(0, 0, 1, 2, 3, 4, 5, 6).build();
    IllegalArgumentException arity = assertThrows(IllegalArgumentException.class, () -> k.bind(wide));
    assertEquals("Tracker reads the recorded field x with 2 entries, but " + wide.source() + " has x with 3 entries",
        arity.getMessage());
    ChainKernel unbound = CompilerTrustTest.load(TRACKER);
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> unbound.dataCost(0, new double[4], 0, 0));
    assertTrue(none.getMessage().startsWith("Tracker reads recorded data: bind a data set first"), none.getMessage());
  }

  @Test
  void recordedInTheBottleneckIsAnError() {
    ModelSource src = ModelSource.model("RecordedMu")
        .fields("@Param double k;", "@Param(length = 2) double[] w;")
        .members("@Bottleneck double mu(double[] x, @Recorded(value = \"y\", length = 1) double[] y) {",
            "  return k * x[0] + y[0];", "}")
        .build();
    assertOnlyError(src, Message.RECORDED_PLACE.format("y", "mu"), at("@Recorded(value = \"y\"", "y) {"));
  }

  @Test
  void oneFieldReadWithTwoLengthsIsAnError() {
    ModelSource src = ModelSource.model("TwoLengths")
        .fields("@Param double k;", "@Param(length = 2) double[] w;")
        .members("@DataCost double a(@Recorded(value = \"y\", length = 1) double[] y) { return k * y[0]; }",
            "@DataCost double b(@Recorded(value = \"y\", length = 2) double[] y2) { return k * y2[1]; }")
        .build();
    assertOnlyError(src, Message.RECORDED_FIELD.format("y", "y2", "it is read elsewhere with length = 1; a field has"
        + " one arity"), at("@Recorded(value = \"y\", length = 2)", "y2)"));
  }
}
