package org.dsojava.processor;

import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.dsojava.processor.diag.Message;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.junit.jupiter.api.Test;

/**
 * L_Lmdp (section 5.1, eqs. 96–97, 21): with a {@code @Passive} chain, the kernel's cost is L(x) plus the
 * KL of the transition to the passive chain, generated from closed forms site by site. Checked against the
 * same KL written out by hand in the model's cost (Gaussian, Bernoulli and softmax sites), against
 * finite differences, and for the pairing errors.
 */
class PassiveChainTest {
  /** Generated: cost = x₀² + KL(P ‖ p̄) with three sites. */
  static final ModelSource GENERATED = ModelSource.of("Lmdp",
      "package test;",
      "import org.dsojava.annotations.*;",
      "@Chain(stateDim = 2, setting = Setting.DISCOUNTED, discount = 0.9)",
      "public class Lmdp {",
      "  @Param(length = 2) double[] k;",
      "  @Param(value = -0.5) double logStd;",
      "  @Param(length = 3) double[] z;",
      "  @Param double b;",
      "  @Transition void step(double[] x, Noise noise, double[] next) {",
      "    double a = noise.gaussian(k[0] * x[0] + k[1] * x[1], Math.exp(logStd));",
      "    double[] logits = new double[3];",
      "    for (int i = 0; i < 3; i++) { logits[i] = z[i] * x[0]; }",
      "    int c = noise.categoricalLogits(logits);",
      "    int flip = noise.bernoulliLogit(b + x[1]);",
      "    next[0] = x[0] + 0.1 * x[1] + 0.01 * c;",
      "    next[1] = x[1] + 0.1 * a + 0.01 * flip;",
      "  }",
      "  @Passive void passive(double[] x, Noise noise, double[] next) {",
      "    double a = noise.gaussian(0.0, 1.0);",
      "    double[] flat = new double[3];",
      "    int c = noise.categoricalLogits(flat);",
      "    int flip = noise.bernoulliLogit(0.5);",
      "    next[0] = x[0] + 0.1 * x[1] + 0.01 * c;",
      "    next[1] = x[1] + 0.1 * a + 0.01 * flip;",
      "  }",
      "  @Cost double cost(double[] x) { return x[0] * x[0]; }",
      "  @Initial void reset(Noise noise, double[] x) { x[0] = noise.gaussian(0.0, 1.0); x[1] = 0.0; }",
      "}");

  static double softplus(double v) {
    return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  /** The KL by hand, independently of the generated closed forms. */
  static double expectedCost(double[] theta, double[] x) {
    double m = theta[0] * x[0] + theta[1] * x[1];
    double s = Math.exp(theta[2]);
    double gaussian = Math.log(1.0 / s) + (s * s + m * m) / 2.0 - 0.5;
    double[] logits = {theta[3] * x[0], theta[4] * x[0], theta[5] * x[0]};
    double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
    double zsum = 0;
    for (double l : logits) {
      zsum += Math.exp(l - max);
    }
    double categorical = 0;
    for (double l : logits) {
      double p = Math.exp(l - max) / zsum;
      categorical += p * Math.log(p / (1.0 / 3));
    }
    double l1 = theta[6] + x[1];
    double p1 = 1 / (1 + Math.exp(-l1));
    double p2 = 1 / (1 + Math.exp(-0.5));
    double bernoulli = p1 * Math.log(p1 / p2) + (1 - p1) * Math.log((1 - p1) / (1 - p2));
    return x[0] * x[0] + gaussian + categorical + bernoulli;
  }

  @Test
  void theGeneratedKlIsTheClosedFormSiteBySite() throws Exception {
    ChainKernel k = CompilerTrustTest.load(GENERATED);
    SplittableRandom r = new SplittableRandom(4);
    for (int trial = 0; trial < 50; trial++) {
      double[] theta = new double[k.paramCount()];
      for (int i = 0; i < theta.length; i++) {
        theta[i] = r.nextGaussian();
      }
      double[] x = {r.nextGaussian(), r.nextGaussian()};
      double expected = expectedCost(theta, x);
      assertEquals(expected, k.cost(theta, x, 0, 0), 1e-12 * Math.max(1, Math.abs(expected)));
    }
    KernelVerifier.verify(k, 3L, 20, KernelVerifier.Options.defaults().withThetaScale(0.5)).assertWithin(1e-6);
  }

  @Test
  void thePassiveChainMayNotReadTheta() {
    ModelSource src = ModelSource.model("PassiveTheta")
        .fields("@Param double k;", "@Param(length = 2) double[] w;")
        .members("@Passive void passive(double[] x, Noise noise, double[] next) {",
            "  next[0] = noise.gaussian(2 * k * x[0], 0.1);",
            "  next[1] = noise.gaussian(x[1], 0.1);",
            "}")
        .build();
    ProcessorDiagnostics.assertError(ProcessorDiagnostics.compile(src), src,
        Message.THETA_NOT_DIFFERENTIATED.format("k", "passive", "@Passive",
            "the passive chain p̄ of eq. 97 is fixed (an LMDP's p̄ may not depend on the parameters being optimized)",
            "use constants (θ̄ fixed in advance)"), at("next[0] = noise.gaussian(2 * k", "("));
  }

  @Test
  void unpairedSitesAreAnError() {
    ModelSource src = ModelSource.model("Unpaired")
        .fields("@Param double k;", "@Param(length = 2) double[] w;")
        .members("@Passive void passive(double[] x, Noise noise, double[] next) {",
            "  next[0] = noise.gaussian(x[0], 0.1);",
            "  next[1] = x[1];",
            "}")
        .build();
    assertOnlyError(src, Message.PASSIVE_SITES.format("step", "passive",
        "the transition has 2 noise site(s), the passive chain 1; pair them one to one, in order"),
        at("@Passive void passive", "passive("));
  }

  @Test
  void aSiteThatDependsOnAnEarlierDrawIsAnError() {
    ModelSource src = ModelSource.model("Dependent")
        .fields("@Param double k;", "@Param(length = 2) double[] w;")
        .transition("double a = noise.gaussian(k * x[0], 0.1);", "next[0] = x[0] + a;",
            "next[1] = noise.gaussian(w[0] * a, 0.1);")
        .members("@Passive void passive(double[] x, Noise noise, double[] next) {",
            "  double a = noise.gaussian(0.0, 0.1);",
            "  next[0] = x[0] + a;",
            "  next[1] = noise.gaussian(0.0, 0.1);",
            "}")
        .build();
    assertOnlyError(src, Message.PASSIVE_SITES.format("step", "passive",
        "a noise site of step() depends on an earlier draw, so its KL has no closed form"),
        at("@Passive void passive", "passive("));
  }
}
