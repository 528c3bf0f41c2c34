package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollout-specific chains (eq. 99) and the composite objective on the optimizers. */
class CompositeObjectiveTest {
  private static final DataSet DATA = DataKernel.data(12, 1, 9, 21);

  private static EstimatorConfig config(int batch, int threads) {
    return DsoOptimizer.of(() -> new DataKernel(true)).batch(batch).threads(threads).seed(9).data(DATA).config();
  }

  /** Every rollout of every batch, with its recorded states. */
  private static List<Batch.Rollout> rollouts(int batch, int threads, int iteration) {
    try (GradientEstimator est = new GradientEstimator(() -> new DataKernel(true), config(batch, threads), DATA)) {
      return est.sample(new double[] {0.5, 0.1, 0.0}, iteration, ValueBaseline.none(), 0).rollouts();
    }
  }

  @Test
  void rolloutsRunTheirTrajectorysChainAndStopAtItsLastRecord() {
    int fa = DATA.field("a");
    for (int batch : new int[] {12, 5, 27}) {
      List<Batch.Rollout> rs = rollouts(batch, 1, 3);
      assertEquals(batch, rs.size());
      int[] seen = new int[DATA.trajectories()];
      for (int i = 0; i < batch; i++) {
        Batch.Rollout r = rs.get(i);
        int n = r.index();
        seen[n]++;
        if (i < batch - batch % 12) {
          assertEquals(i % 12, n, "rollout " + i + " of " + batch);
        } else if (i > batch - batch % 12) {
          assertTrue(n > rs.get(i - 1).index(), "the drawn tail is distinct and increasing");
        }
        // Cut after length(n) − 1 transitions (the horizon 30 exceeds every length here).
        assertEquals(DATA.length(n) - 1, r.length(), "rollout " + i + " on trajectory " + n);
        assertEquals(DATA.get(n, 0, DATA.field("x"), 0), r.state(0)[0], "x₀ is trajectory n's first record");
        for (int t = 0; t < r.length(); t++) {
          assertEquals(DATA.get(n, t, fa, 0), r.state(t + 1)[1], "transition t read record (n, t)");
        }
      }
      if (batch == 27) {
        for (int n = 0; n < 12; n++) {
          assertTrue(seen[n] == 2 || seen[n] == 3, "trajectory " + n + " ran " + seen[n] + " times");
        }
      }
    }
  }

  @Test
  void theHorizonCapsRolloutsShorterThanTheirTrajectory() {
    EstimatorConfig c = DsoOptimizer.of(() -> new DataKernel(true)).batch(12).threads(1).horizon(3).data(DATA).config();
    try (GradientEstimator est = new GradientEstimator(() -> new DataKernel(true), c, DATA)) {
      for (Batch.Rollout r : est.sample(new double[] {0.5, 0.1, 0.0}, 0, ValueBaseline.none(), 0).rollouts()) {
        assertEquals(Math.min(3, DATA.length(r.index()) - 1), r.length());
      }
    }
  }

  @Test
  void tiedRolloutsAreBitIdenticalOnOneAndTwoThreads() {
    List<Batch.Rollout> one = rollouts(27, 1, 4);
    List<Batch.Rollout> two = rollouts(27, 2, 4);
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i).index(), two.get(i).index());
      for (int t = 0; t <= one.get(i).length(); t++) {
        assertArrayEquals(one.get(i).state(t), two.get(i).state(t));
      }
    }
    assertArrayEquals(run(1), run(2));
  }

  /** Rollouts tied to data, weight 0.5, plus both blocks (one minibatched): θ after 15 Adam iterations. */
  private static double[] run(int threads) {
    return DsoOptimizer.of(() -> new DataKernel(true)).threads(threads).seed(3).batch(17).iterations(15).adam(0.05)
        .progress(null).data(DATA).rollouts(0.5).dataCost("clone", 1.0).dataCost("sysid", 0.3, 4).run().theta();
  }

  /**
   * Pure data objective (no rollouts) with the exact linear-Gaussian cloning block: Adam converges to the
   * weighted least-squares solution Σ γᵗφφᵀ θ = Σ γᵗφa (the normal equations of L_clone). The objective
   * is deterministic and strongly convex, and with the rate decaying as 0.05/(1 + k/100) 1500 steps put
   * θ within 1e-4 of the minimizer (measured: ≈ 1e-6); no rollout is run.
   */
  @Test
  void adamOnAPureDataObjectiveReachesTheLeastSquaresSolution() {
    DataSet data = DataKernel.data(60, 2, 12, 33);
    double[] ls = leastSquares(data, 0.9);
    Result r = DsoOptimizer.of(() -> new DataKernel(false)).threads(2).seed(1).iterations(1500)
        .stepRule(StepRule.adam(Schedule.inverseTime(0.05, 100), 0.9, 0.999, 1e-8)).progress(null)
        .data(data).rollouts(0).dataCost("clone", 1.0).run();
    for (int i = 0; i < 3; i++) {
      assertEquals(ls[i], r.theta()[i], 1e-4, "θ" + i);
    }
    assertEquals(0, r.envSteps());
    assertEquals(List.of("clone"), r.dataCostNames());
    IterationRecord last = r.curve().get(r.curve().size() - 1);
    assertEquals(new DataCosts(new DataKernel(false), data).value(0, r.theta()), last.dataCosts()[0], 1e-9);
  }

  /** Solves Σ γᵗφφᵀ θ = Σ γᵗφa, φ = (x0, x1, 1), by Gaussian elimination. */
  private static double[] leastSquares(DataSet d, double gamma) {
    double[][] a = new double[3][4];
    for (int n = 0; n < d.trajectories(); n++) {
      for (int t = 0; t < d.length(n); t++) {
        double w = Math.pow(gamma, t);
        double[] phi = {d.get(n, t, 0, 0), d.get(n, t, 0, 1), 1};
        double y = d.get(n, t, 1, 0);
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            a[i][j] += w * phi[i] * phi[j];
          }
          a[i][3] += w * phi[i] * y;
        }
      }
    }
    for (int c = 0; c < 3; c++) {
      for (int r = c + 1; r < 3; r++) {
        double f = a[r][c] / a[c][c];
        for (int j = c; j < 4; j++) {
          a[r][j] -= f * a[c][j];
        }
      }
    }
    double[] x = new double[3];
    for (int r = 2; r >= 0; r--) {
      double s = a[r][3];
      for (int j = r + 1; j < 3; j++) {
        s -= a[r][j] * x[j];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  @Test
  void pureDataRunsAreBitIdenticalOnOneAndTwoThreads() {
    double[][] out = new double[2][];
    for (int threads = 1; threads <= 2; threads++) {
      out[threads - 1] = DsoOptimizer.of(() -> new DataKernel(false)).threads(threads).seed(4).iterations(30)
          .progress(null).data(DataKernel.data(200, 2, 9, 1)).rollouts(0).dataCost("clone", 1.0, 16)
          .dataCost("sysid", 0.5).run().theta();
    }
    assertArrayEquals(out[0], out[1]);
  }

  @Test
  void configurationErrorsSayWhatIsWrong() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DsoOptimizer
        .of(() -> new DataKernel(false)).progress(null).data(DATA).dataCost("clones", 1.0).run());
    assertEquals("DataKernel has no data cost block \"clones\"; its blocks are [clone, sysid]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DsoOptimizer.of(() -> new DataKernel(false)).progress(null)
        .dataCost("clone", 1.0).run());
    assertEquals("data cost [clone] of DataKernel requested without data; pass the recorded data set with"
        + " data(DataSet)", e.getMessage());
    DataSet wrong = DataSet.builder(DataSchema.of(DataSchema.field("x", 2))).add(0, 0, 1, 2).build();
    e = assertThrows(IllegalArgumentException.class, () -> DsoOptimizer.of(() -> new DataKernel(false))
        .progress(null).data(wrong).dataCost("clone", 1.0).run());
    assertEquals("cannot bind in-memory data set to DataKernel: field a is missing from in-memory data set",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DsoOptimizer.of(() -> new DataKernel(true)).progress(null)
        .run());
    assertEquals("DataKernel reads recorded fields " + DataKernel.SCHEMA + " in its chain; pass the recorded data set"
        + " with data(DataSet)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DsoOptimizer.of(() -> new DataKernel(false))
        .progress(null).data(DATA).dataCost("clone", 1.0, 13).run());
    assertEquals("data cost \"clone\": a minibatch of 13 trajectories, but in-memory data set has 12", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DsoOptimizer.of(() -> new DataKernel(false))
        .progress(null).rollouts(0).run());
    assertEquals("rollouts(0) leaves nothing to minimize: add data cost blocks (of [clone, sysid]) with"
        + " data(DataSet) and dataCost(name, weight)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ChainIteration(() -> new DataKernel(false),
        config(8, 1), 1, 1, 1, 5, ValueBaseline.none(), null, null, null)
        .objective(new CompositeObjective().data(DATA).rollouts(0).dataCost("clone", 1)).run(new double[3], 1));
    assertEquals("ChainIteration works on batches of rollouts, but the objective has rollouts(0); use DsoOptimizer"
        + " for a pure data objective", e.getMessage());
  }

  @Test
  void aNonFiniteBlockStopsTheRunNamingBlockTrajectoryAndStep() {
    NumericalException e = assertThrows(NumericalException.class, () -> DsoOptimizer
        .of(() -> new DataKernel(false, 3, 2)).progress(null).iterations(2).data(DATA).rollouts(0)
        .dataCost("clone", 1.0).run());
    assertTrue(e.getMessage().startsWith("DataKernel: data cost block \"clone\" is not finite at trajectory n = 3,"
        + " t = 2: its value ℓ = NaN."), e.getMessage());
  }

  @Test
  void theLearningCurveHasAColumnPerBlock(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("curve.csv");
    Result r = DsoOptimizer.of(() -> new DataKernel(false)).threads(1).iterations(2).batch(4).progress(null)
        .data(DATA).dataCost("sysid", 1.0).dataCost("clone", 0.1, 3).learningCurve(csv).run();
    List<String> lines = Files.readAllLines(csv);
    assertEquals("iteration,env_steps,mean_cost,gradient_norm,blowups,seconds,data_sysid,data_clone", lines.get(0));
    assertEquals(3, lines.size());
    assertEquals(8, r.curve().get(0).dataCosts().length + 6);
    assertTrue(lines.get(1).endsWith(String.format(java.util.Locale.ROOT, ",%.9g,%.9g",
        r.curve().get(0).dataCosts()[0], r.curve().get(0).dataCosts()[1])), lines.get(1));
  }

  /**
   * The batch methods see the composite objective: with the rollouts weighted 1e-3 against an exact
   * cloning block, Chain Iteration's Newton steps (gradient and dataCostHvp) and PCO's inner Adam steps
   * move θ towards the least-squares solution, which no rollout term would favour; and on 1 and 2
   * threads both give the same θ.
   */
  @Test
  void chainIterationAndPcoDescendTheCompositeObjective() {
    double[] ls = leastSquares(DATA, 0.9);
    double[] start = {0.1, 0.1, 0.0};
    List<double[]> ci = new ArrayList<>();
    List<double[]> pco = new ArrayList<>();
    for (int threads = 1; threads <= 2; threads++) {
      CompositeObjective obj = new CompositeObjective().data(DATA).rollouts(1e-3).dataCost("clone", 1.0);
      EstimatorConfig c = DsoOptimizer.of(() -> new DataKernel(false)).batch(8).threads(threads).seed(2).config();
      ci.add(new ChainIteration(() -> new DataKernel(false), c, 1.0, 10.0, 3, 10, ValueBaseline.none(), null, null,
          null).objective(obj).run(start, 3).theta());
      pco.add(new ProximalChainOptimization(() -> new DataKernel(false), c, 0.2, 10, 2, Double.POSITIVE_INFINITY,
          StepRule.adam(0.05), ValueBaseline.none(), null).objective(obj).run(start, 5).theta());
    }
    assertArrayEquals(ci.get(0), ci.get(1));
    assertArrayEquals(pco.get(0), pco.get(1));
    // Newton on a quadratic block (plus a 1e-3-weighted surrogate) lands next to the minimizer.
    for (int i = 0; i < 3; i++) {
      assertEquals(ls[i], ci.get(0)[i], 0.05, "Chain Iteration θ" + i);
    }
    assertTrue(distance(pco.get(0), ls) < 0.5 * distance(start, ls), "PCO moved towards the minimizer: "
        + distance(pco.get(0), ls) + " vs " + distance(start, ls));
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
