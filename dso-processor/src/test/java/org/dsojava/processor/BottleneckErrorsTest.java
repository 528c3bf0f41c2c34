package org.dsojava.processor;

import static org.dsojava.processor.ModelSource.model;
import static org.dsojava.processor.ProcessorDiagnostics.assertNothingGenerated;
import static org.dsojava.processor.ProcessorDiagnostics.assertOnlyError;
import static org.dsojava.processor.ProcessorDiagnostics.at;

import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Errors of the bottleneck form (Corollary 2): with a {@code @Bottleneck} μ, θ enters the transition
 * and the cost only through η = μ(x), and μ is called on the state array.
 */
class BottleneckErrorsTest {

  private static ModelSource.Builder bottleneckModel(String name) {
    return model(name)
        .fields("@Param(length = 2) double[] w;", "@Param double k;")
        .transition("next[0] = noise.gaussian(x[0] + 0.1 * logit(x), 0.1);",
            "next[1] = noise.gaussian(x[1], 0.1);")
        .members("@Bottleneck double logit(double[] x) { return w[0] * x[0] + w[1] * x[1]; }");
  }

  @Test
  void bottleneckReturningInt() {
    ModelSource src = model("IntBottleneck")
        .members("@Bottleneck int bucket(double[] x) { return x[0] > 0 ? 1 : 0; }")
        .build();
    assertOnlyError(src, Message.BAD_SIGNATURE.format("Bottleneck", "bucket",
        "double bucket(double[] x) or void bucket(double[] x, double[] eta) with @Bottleneck(dim = n)"),
        at("int bucket(", "bucket"));
  }

  @Test
  void thetaReadOutsideTheBottleneck() {
    ModelSource src = bottleneckModel("CostReadsTheta")
        .cost("return x[0] * x[0] + k * k;")
        .build();
    assertOnlyError(src, Message.THETA_OUTSIDE_BOTTLENECK.format("k", "cost", "logit", "logit"),
        at("return x[0] * x[0] + k * k;"));
    assertNothingGenerated(src);
  }

  @Test
  void bottleneckCalledOnAnotherArray() {
    ModelSource src = bottleneckModel("SwappedState")
        .transition("double[] y = new double[2];",
            "y[0] = x[1];",
            "y[1] = x[0];",
            "next[0] = noise.gaussian(x[0] + 0.1 * logit(y), 0.1);",
            "next[1] = noise.gaussian(x[1], 0.1);")
        .build();
    assertOnlyError(src, Message.BOTTLENECK_ARGS.format("logit", "step", "logit", "x"), at("logit(y)", "("));
    assertNothingGenerated(src);
  }
}
