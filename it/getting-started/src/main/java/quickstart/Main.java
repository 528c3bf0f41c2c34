package quickstart;

import java.util.Locale;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.Result;

public final class Main {
  public static void main(String[] args) {
    double[] start = PointMassDso.initialParams(1);   // θ₀ from the @Param values and the parts' initializers
    DsoOptimizer optimizer = PointMassDso.optimizer()  // Algorithm 1 on all cores; prints a line per iteration
        .initialTheta(start).seed(1).batch(16).adam(0.05).iterations(40);
    Result result = optimizer.run();
    System.out.println("θ: " + optimizer.describe(result.theta()));
    // 100 episodes of the deterministic policy (every noise site at its mean), seed 2, the model's horizon
    Evaluation before = Evaluation.run(PointMassDso.kernel(), start, 100, true, 2, 0);
    Evaluation after = Evaluation.run(PointMassDso.kernel(), result.theta(), 100, true, 2, 0);
    System.out.printf(Locale.ROOT, "mean cost of the deterministic policy: %.3f before, %.3f after%n",
        before.meanCost(), after.meanCost());
  }
}
