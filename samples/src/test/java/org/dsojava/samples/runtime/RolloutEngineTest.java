package org.dsojava.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.EstimatorConfig;
import org.dsojava.runtime.optim.Features;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.MlpBaseline;
import org.dsojava.runtime.optim.RolloutEngine;
import org.dsojava.runtime.optim.RolloutWorker;
import org.dsojava.runtime.optim.ValueBaseline;
import org.dsojava.samples.CartPoleMlpDso;
import org.dsojava.samples.LqrDso;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The remote-engine contract without a cluster: an engine that splits each batch into P ranges, runs them
 * on separate {@link RolloutWorker}s in reverse order, and runs one range twice (a first attempt that dies
 * half-way, as a lost task would), gives the local engine's θ bit for bit — for SGD/Adam, PCO, Chain
 * Iteration and the natural gradient, with the default linear baseline, an MLP baseline and none.
 */
class RolloutEngineTest {
  /** Splits batches into {@code parts} ranges, each on its own worker; the second range's first attempt dies. */
  static final class SplitEngine implements RolloutEngine {
    final KernelFactory kernels;
    final Supplier<ValueBaseline> baselines;
    final int parts;
    int batches;
    int retries;

    SplitEngine(KernelFactory kernels, Supplier<ValueBaseline> baselines, int parts) {
      this.kernels = kernels;
      this.baselines = baselines;
      this.parts = parts;
    }

    @Override
    public Runner open(EstimatorConfig config, int paramCount) {
      List<RolloutWorker> workers = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        workers.add(new RolloutWorker(kernels, config, 1 + p % 2, baselines.get()));
      }
      return new Runner() {
        @Override
        public List<byte[]> run(byte[] request) {
          batches++;
          int b = config.batch();
          List<byte[]> out = new ArrayList<>();
          for (int p = parts - 1; p >= 0; p--) {
            int from = (int) ((long) b * p / parts);
            int to = (int) ((long) b * (p + 1) / parts);
            if (p == 1) {
              workers.get(p).run(request, from, Math.max(from + 1, (from + to) / 2)); // the attempt that is lost
              retries++;
            }
            out.add(workers.get(p).run(request, from, to));
          }
          return out;
        }

        @Override
        public void close() {
          workers.forEach(RolloutWorker::close);
        }
      };
    }
  }

  private static DsoOptimizer cartPole() {
    return CartPoleMlpDso.optimizer().seed(11).batch(9).horizon(60).iterations(4).threads(2);
  }

  private static Supplier<ValueBaseline> defaultBaseline(DsoOptimizer o, KernelFactory f) {
    return () -> DsoOptimizer.defaultBaseline(f.create().stateDim(), o.config());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void adamMatchesTheLocalEngineBitForBit(int parts) {
    double[] local = cartPole().adam(0.01).run().theta();
    KernelFactory f = CartPoleMlpDso.factory();
    SplitEngine e = new SplitEngine(f, defaultBaseline(cartPole(), f), parts);
    double[] remote = cartPole().adam(0.01).engine(e).run().theta();
    assertArrayEquals(local, remote, 0.0);
    assertEquals(4, e.batches);
    assertEquals(parts > 1 ? 4 : 0, e.retries);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void pcoMatchesTheLocalEngineBitForBit(int parts) {
    double[] local = cartPole().pco().run().theta();
    KernelFactory f = CartPoleMlpDso.factory();
    double[] remote = cartPole().pco().engine(new SplitEngine(f, defaultBaseline(cartPole(), f), parts)).run().theta();
    assertArrayEquals(local, remote, 0.0);
  }

  @Test
  void chainIterationAndNaturalGradientMatchBitForBit() {
    KernelFactory f = LqrDso.factory();
    Supplier<DsoOptimizer> lqr = () -> LqrDso.optimizer().seed(5).batch(12).iterations(3).threads(2);
    assertArrayEquals(lqr.get().chainIteration().run().theta(),
        lqr.get().chainIteration().engine(new SplitEngine(f, defaultBaseline(lqr.get(), f), 5)).run().theta(), 0.0);
    assertArrayEquals(lqr.get().naturalGradient().run().theta(),
        lqr.get().naturalGradient().engine(new SplitEngine(f, defaultBaseline(lqr.get(), f), 3)).run().theta(), 0.0);
  }

  @Test
  void mlpBaselineAndNoBaselineTravelExactly() {
    KernelFactory f = CartPoleMlpDso.factory();
    Supplier<ValueBaseline> mlp = () -> new MlpBaseline(Features.quadratic(4, 0), 16, 2, 32, 1e-3, 3);
    double[] local = cartPole().baseline(mlp.get()).adam(0.01).run().theta();
    double[] remote = cartPole().baseline(mlp.get()).adam(0.01).engine(new SplitEngine(f, mlp, 4)).run().theta();
    assertArrayEquals(local, remote, 0.0);
    double[] none = cartPole().baseline(ValueBaseline.none()).adam(0.01).run().theta();
    double[] noneRemote = cartPole().baseline(ValueBaseline.none()).adam(0.01)
        .engine(new SplitEngine(f, ValueBaseline::none, 3)).run().theta();
    assertArrayEquals(none, noneRemote, 0.0);
  }

  @Test
  void aBaselineThatCannotTravelIsRefusedWithItsName() {
    ValueBaseline opaque = new ValueBaseline() {
      @Override public double value(double[] x, int t) { return 0; }
      @Override public void fit(double[][] states, int[] steps, double[] targets, int count) { }
      @Override public String toString() { return "OpaqueBaseline"; }
    };
    KernelFactory f = CartPoleMlpDso.factory();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cartPole().baseline(opaque)
        .adam(0.01).engine(new SplitEngine(f, () -> opaque, 2)).run());
    assertTrue(e.getMessage().contains("OpaqueBaseline") && e.getMessage().contains("Checkpointable"), e.getMessage());
  }

  @Test
  void anEngineThatLosesARolloutIsCaught() {
    KernelFactory f = CartPoleMlpDso.factory();
    RolloutEngine lossy = (config, p) -> new RolloutEngine.Runner() {
      final RolloutWorker w = new RolloutWorker(f, config, 1, DsoOptimizer.defaultBaseline(4, config));

      @Override
      public List<byte[]> run(byte[] request) {
        List<byte[]> out = new ArrayList<>(List.of(w.run(request, 0, 4), w.run(request, 5, config.batch())));
        Collections.reverse(out);
        return out;
      }

      @Override
      public void close() {
        w.close();
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cartPole().adam(0.01).engine(lossy).run());
    assertTrue(e.getMessage().contains("no result for rollout 4"), e.getMessage());
  }
}
