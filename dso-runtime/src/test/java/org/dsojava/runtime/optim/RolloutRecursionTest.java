package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.dsojava.annotations.Setting;
import org.dsojava.runtime.AllocationProbe;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.junit.jupiter.api.Test;

/**
 * Algorithm 1's recursion alone, on one rollout of a hand-written chain: G₀ and R₀ equal the unrolled
 * sums computed here from the rollout's own states,
 *
 * <pre>R_t = Σ_{s≥t} γ^{s−t} L(x_s),  G₀ = Σ_{t&lt;T} γᵗ [∇L(x_t) + γ∇ln P(x_{t+1}|x_t)(R_{t+1} − V̂(f(x_t), t+1))] + γᵀ∇L(x_T)·[x_T charged]</pre>
 *
 * in the discounted (horizon cut, x_T not charged), time-varying (x_T charged, eq. 9), first-exit
 * (terminal state charged) and random-termination (section 4.1: undiscounted sums, x_T charged) cases.
 * The sums are added in another order than the recursion's, so agreement is to rounding (1e-12 relative).
 */
class RolloutRecursionTest {
  private static final double SIGMA = 0.5;
  private static final double[] THETA = {0.8, 0.3};

  /**
   * x₀ ~ U(0.5, 1.5), x' = a·x + σε, L(x, θ) = x² + b·x with θ = (a, b): ∇L = (0, x), ∇ln P = ((x' − ax)x/σ², 0),
   * f(x, θ) = a·x. Terminal at step {@code terminalAt} (−1: never).
   */
  private static final class Line implements ChainKernel {
    private final int terminalAt;

    Line(int terminalAt) {
      this.terminalAt = terminalAt;
    }

    @Override public String modelName() { return "Line"; }
    @Override public int paramCount() { return 2; }
    @Override public int stateDim() { return 1; }
    @Override public int drawCount() { return 1; }
    @Override public int bottleneckDim() { return 0; }
    @Override public Setting setting() { return Setting.DISCOUNTED; }
    @Override public double discount() { return 0.9; }
    @Override public int horizon() { return 4; }
    @Override public String paramName(int i) { return i == 0 ? "a" : "b"; }

    @Override
    public void initialParams(long seed, double[] theta) {
      theta[0] = THETA[0];
      theta[1] = THETA[1];
    }

    @Override
    public void initialState(double[] theta, int n, Rng rng, double[] x) {
      x[0] = rng.uniform(0.5, 1.5);
    }

    @Override
    public void sample(double[] theta, double[] x, int t, int n, Rng rng, double[] draws, double[] next) {
      draws[0] = theta[0] * x[0] + SIGMA * rng.gaussian();
      next[0] = draws[0];
    }

    @Override
    public void meanStep(double[] theta, double[] x, int t, int n, double[] mean) {
      mean[0] = theta[0] * x[0];
    }

    @Override
    public boolean terminal(double[] x, int t, int n) {
      return t == terminalAt;
    }

    @Override
    public double cost(double[] theta, double[] x, int t, int n) {
      return x[0] * x[0] + theta[1] * x[0];
    }

    @Override
    public double logDensity(double[] theta, double[] x, int t, int n, double[] draws) {
      double r = (draws[0] - theta[0] * x[0]) / SIGMA;
      return -0.5 * r * r - Math.log(SIGMA) - 0.5 * Math.log(2 * Math.PI);
    }

    @Override
    public void accumulateGradient(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP,
        double[] g) {
      g[0] += wP * (draws[0] - theta[0] * x[0]) * x[0] / (SIGMA * SIGMA);
      g[1] += wL * x[0];
    }

    @Override
    public double jvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void hvp(double[] theta, double[] x, int t, int n, double[] draws, double wL, double wP, double[] v,
        double[] out) {
      throw new UnsupportedOperationException();
    }
  }

  /** V̂(y, t) = 0.4·y² + 0.1·t, fixed (fit does nothing), evaluated by the recursion at f(x_t, θ) and t + 1. */
  private static final ValueBaseline FIXED = new ValueBaseline() {
    @Override
    public double value(double[] x, int t) {
      return 0.4 * x[0] * x[0] + 0.1 * t;
    }

    @Override
    public void fit(double[][] states, int[] steps, double[] targets, int count) {}
  };

  /** One rollout run the way the scheduler runs it, and what it left: its states, G₀ and summary. */
  private record Run(double[] x, double[] g0, RolloutRecursion.RolloutSummary summary, Batch.Rollout record) {}

  private static Run rollout(Setting setting, double gamma, int horizon, boolean randomTermination, int terminalAt,
      long stream) {
    EstimatorConfig c = new EstimatorConfig(setting, gamma, horizon, randomTermination, 1, 1, 3L, 0, 1e6, 1.0);
    double[][] results = new double[1][2];
    RolloutRecursion.RolloutSummary summary = new RolloutRecursion.RolloutSummary();
    summary.record = new Batch.Rollout();
    RolloutRecursion recursion = new RolloutRecursion(new Line(terminalAt), c, results,
        new RolloutRecursion.RolloutSummary[] {summary});
    RolloutRecursion.Rollout lane = recursion.newLane();
    lane.rng.reseed(c.seed(), stream);
    lane.n = 0;
    lane.traj = 0;
    lane.cap = horizon > 0 ? horizon : Integer.MAX_VALUE;
    recursion.batch(THETA.clone(), FIXED, 0);
    assertTrue(recursion.start(lane));
    while (recursion.advance(lane)) {
      // the forward pass
    }
    recursion.finish(lane);
    double[] x = new double[lane.t + 1];
    for (int t = 0; t <= lane.t; t++) {
      x[t] = lane.states[t][0];
    }
    return new Run(x, results[0], summary, summary.record);
  }

  private static double cost(double x) {
    return x * x + THETA[1] * x;
  }

  /** Checks a run against the unrolled sums, discounting by {@code ge}, charging x_T if {@code charged}. */
  private static void assertUnrolled(Run run, double ge, boolean charged, String what) {
    double[] x = run.x();
    int last = x.length - 1;
    double[] r = new double[last + 1];
    for (int t = 0; t <= last; t++) {
      for (int s = t; s <= last; s++) {
        if (s < last || charged) {
          r[t] += Math.pow(ge, s - t) * cost(x[s]);
        }
      }
    }
    double ga = 0;
    double gb = charged ? Math.pow(ge, last) * x[last] : 0;
    for (int t = 0; t < last; t++) {
      double gradLnP = (x[t + 1] - THETA[0] * x[t]) * x[t] / (SIGMA * SIGMA);
      double f = THETA[0] * x[t];
      double advantage = r[t + 1] - (0.4 * f * f + 0.1 * (t + 1));
      ga += Math.pow(ge, t + 1) * gradLnP * advantage;
      gb += Math.pow(ge, t) * x[t];
      assertEquals(Math.pow(ge, t + 1) * advantage, run.record().ratioWeight[t], 1e-12 * Math.abs(advantage),
          what + ": recorded weight γ^{t+1}(R_{t+1} − V̂) at t = " + t);
    }
    assertEquals(r[0], run.summary().cost, 1e-12 * Math.abs(r[0]), what + ": R₀");
    assertEquals(ga, run.g0()[0], 1e-12 * Math.abs(ga), what + ": G₀ along a");
    assertEquals(gb, run.g0()[1], 1e-12 * Math.abs(gb), what + ": G₀ along b");
    assertEquals(last, run.summary().steps, what + ": transitions");
    assertTrue(run.summary().finite && !run.summary().blownUp, what);
    assertTrue(Math.abs(ga) > 1e-3 && Math.abs(gb) > 1e-3, what + ": a test of something");
  }

  @Test
  void discountedRolloutCutAtTheHorizonDoesNotChargeTheCutState() {
    for (long stream = 0; stream < 5; stream++) {
      Run run = rollout(Setting.DISCOUNTED, 0.9, 4, false, -1, stream);
      assertEquals(5, run.x().length, "4 transitions");
      assertUnrolled(run, 0.9, false, "discounted, stream " + stream);
    }
  }

  @Test
  void timeVaryingRolloutChargesItsLastState() {
    for (long stream = 0; stream < 5; stream++) {
      Run run = rollout(Setting.TIME_VARYING, 1.0, 4, false, -1, stream);
      assertUnrolled(run, 1.0, true, "time-varying, stream " + stream);
      assertEquals(1.0, run.record().terminalWeight);
    }
  }

  @Test
  void firstExitRolloutChargesItsTerminalState() {
    Run run = rollout(Setting.FIRST_EXIT, 1.0, 0, false, 2, 1);
    assertEquals(3, run.x().length, "ended at the terminal state x_2");
    assertUnrolled(run, 1.0, true, "first exit");
  }

  @Test
  void randomTerminationChargesTheLastStateWithoutDiscounting() {
    boolean sawLonger = false;
    for (long stream = 0; stream < 10; stream++) {
      Run run = rollout(Setting.DISCOUNTED, 0.7, 0, true, -1, stream);
      sawLonger |= run.x().length > 2;
      if (run.x().length > 1) {
        assertUnrolled(run, 1.0, true, "random termination, stream " + stream);
      }
    }
    assertTrue(sawLonger, "some rollout outlived two coin flips");
  }

  @Test
  void aBlownUpNextStateEndsTheRolloutAtTheLastUsableState() {
    EstimatorConfig c = new EstimatorConfig(Setting.DISCOUNTED, 0.9, 4, false, 1, 1, 3L, 0, 1e-3, 1.0);
    RolloutRecursion.RolloutSummary summary = new RolloutRecursion.RolloutSummary();
    double[][] results = new double[1][2];
    RolloutRecursion recursion = new RolloutRecursion(new Line(-1), c, results,
        new RolloutRecursion.RolloutSummary[] {summary});
    RolloutRecursion.Rollout lane = recursion.newLane();
    lane.n = 0;
    lane.cap = 4;
    recursion.batch(THETA, ValueBaseline.none(), 0);
    assertFalse(recursion.start(lane), "x₀ ≥ 0.5 is beyond ±1e-3: the rollout ends at once");
    assertTrue(summary.blownUp && !summary.finite);
    assertTrue(summary.problem.startsWith("the initial state has x[0] = "), summary.problem);
  }

  /**
   * The forward and backward passes allocate nothing once warmed up (no baseline, and a linear baseline
   * through its statistics): 20000 rollouts of 10 steps, the minimum of three measurements (a JIT
   * compilation or safepoint may allocate a few bytes once; a per-step allocation would show ≥ 3 MB).
   */
  @Test
  void rolloutsAllocateNothingOnceWarm() {
    assumeTrue(AllocationProbe.isSupported(), "this JVM cannot count per-thread allocation");
    EstimatorConfig c = new EstimatorConfig(Setting.DISCOUNTED, 0.9, 10, false, 1, 1, 3L, 0, 1e6, 1.0);
    for (ValueBaseline baseline : new ValueBaseline[] {ValueBaseline.none(),
        new LinearBaseline(Features.quadratic(1, 0), 1e-6)}) {
      RolloutRecursion.RolloutSummary summary = new RolloutRecursion.RolloutSummary();
      RolloutRecursion recursion = new RolloutRecursion(new Line(-1), c, new double[1][2],
          new RolloutRecursion.RolloutSummary[] {summary});
      RolloutRecursion.Rollout lane = recursion.newLane();
      lane.n = 0;
      lane.cap = 10;
      recursion.batch(THETA, baseline, 0);
      Runnable rollouts = () -> {
        for (int i = 0; i < 20_000; i++) {
          lane.rng.reseed(c.seed(), i);
          if (recursion.start(lane)) {
            while (recursion.advance(lane)) {
              // the forward pass
            }
            recursion.finish(lane);
          }
        }
      };
      rollouts.run();
      long min = Long.MAX_VALUE;
      for (int attempt = 0; attempt < 3 && min > 0; attempt++) {
        min = Math.min(min, AllocationProbe.allocatedBytes(rollouts));
      }
      assertEquals(0L, min, "bytes allocated by 20000 rollouts with baseline " + baseline);
      assertTrue(summary.finite && summary.steps == 10);
    }
  }
}
