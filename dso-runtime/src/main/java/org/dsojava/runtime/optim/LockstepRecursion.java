package org.dsojava.runtime.optim;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.dsojava.annotations.Setting;
import org.dsojava.runtime.LockstepKernel;
import org.dsojava.runtime.Rng;

/**
 * Algorithm 1 for K rollouts at once on one thread (issue 19): the {@link RolloutRecursion}'s forward pass
 * and backward recursion, lane by lane the same arithmetic in the same order, with the kernel calls of
 * all lanes made as one {@link LockstepKernel} call per step. Lanes run independently: some in their
 * forward pass, some in their backward recursion (at their own t), and a lane whose rollout is written
 * out takes the next unstarted rollout of the batch at once. Each lane's G₀ accumulates in its own slot of
 * a structure-of-arrays buffer through the same sequence of {@code accumulateGradient} calls as the
 * scalar recursion makes, so G₀, R₀ and the summaries are the scalar recursion's bit for bit, and the
 * estimate is independent of K and of the thread count.
 */
final class LockstepRecursion implements RolloutScheduler.LockstepStepper<RolloutRecursion.Rollout> {
  private static final int IDLE = 0;
  private static final int FORWARD = 1;
  private static final int BACKWARD = 2;

  private final RolloutRecursion scalar;
  private final LockstepKernel kernel;
  private final int k;
  private final int dim;
  private final int draws;
  private final int params;
  // structure-of-arrays buffers of the lockstep calls
  private final double[][] x;
  private final double[][] next;
  private final double[][] drawBuffer;
  private final double[][] meanBuffer;
  private final double[][] g;
  private final double[] values;
  private final boolean[] flags;
  private final double[] wL;
  private final double[] wP;
  private final int[] t;
  private final int[] n;
  private final boolean[] mask;
  private final Rng[] rngs;
  // per-lane state
  private final int[] phase;
  /** The scheduler's lane each slot holds (slots trade lanes as they change phase). */
  private final int[] origin;
  /** A lane whose forward pass just ended: its G₀ column is still to be zeroed (by arrange). */
  private final boolean[] fresh;
  /** Whether a slot's G₀ column is all zeros (kept so, a fresh lane needs no clearing pass of its own). */
  private final boolean[] clean;
  private final Back[] back;
  private final double[] laneMean;
  private final double[] laneG;
  /** The scheduler's lanes of this thread (the same objects every batch). */
  private RolloutRecursion.Rollout[] lanes;

  /** One lane's backward recursion in flight: what {@code RolloutRecursion.finish} keeps in locals. */
  private static final class Back {
    int last;
    /** The next step s (−1: the charged last state's gradient call comes first). */
    int s;
    boolean pendingTerminal;
    double ge;
    boolean average;
    int burnIn;
    double norm;
    double shift;
    double r;
    int fit;
    double target;
    double averageSum;
    double logDensitySum;
    double b;
    double[] stats = new double[0];
  }

  LockstepRecursion(RolloutRecursion scalar, LockstepKernel kernel) {
    this.scalar = scalar;
    this.kernel = kernel;
    this.k = kernel.lanes();
    this.dim = scalar.dim;
    this.draws = Math.max(1, scalar.kernel.drawCount());
    this.params = scalar.paramCount;
    this.x = new double[dim][k];
    this.next = new double[dim][k];
    this.drawBuffer = new double[draws][k];
    this.meanBuffer = new double[dim][k];
    this.g = new double[params][k];
    this.values = new double[k];
    this.flags = new boolean[k];
    this.wL = new double[k];
    this.wP = new double[k];
    this.t = new int[k];
    this.n = new int[k];
    this.mask = new boolean[k];
    this.rngs = new Rng[k];
    this.phase = new int[k];
    this.origin = new int[k];
    this.fresh = new boolean[k];
    this.clean = new boolean[k];
    Arrays.fill(clean, true);
    this.back = new Back[k];
    for (int i = 0; i < k; i++) {
      back[i] = new Back();
    }
    this.laneMean = new double[dim];
    this.laneG = new double[params];
  }

  RolloutRecursion recursion() {
    return scalar;
  }

  @Override
  public int laneCount() {
    return k;
  }

  @Override
  public RolloutRecursion.Rollout newLane() {
    return scalar.newLane();
  }

  @Override
  public boolean start(RolloutRecursion.Rollout lane) {
    return scalar.start(lane);
  }

  @Override
  public boolean advance(RolloutRecursion.Rollout lane) {
    return scalar.advance(lane);
  }

  @Override
  public void finish(RolloutRecursion.Rollout lane) {
    scalar.finish(lane);
  }

  @Override
  public void runAll(RolloutScheduler.Lane[] given, IntUnaryOperator refill) {
    if (lanes == null) {
      lanes = new RolloutRecursion.Rollout[k];
    }
    RolloutRecursion.Rollout[] lanes = this.lanes;
    for (int i = 0; i < k; i++) {
      lanes[i] = (RolloutRecursion.Rollout) given[i];
      origin[i] = i;
      fresh[i] = false;
    }
    int live = 0;
    for (int i = 0; i < k; i++) {
      phase[i] = refill.applyAsInt(i) == 1 ? FORWARD : IDLE;
      live += phase[i] == IDLE ? 0 : 1;
    }
    while (live > 0) {
      // Every round steps both phases, each call covering only its own phase's lanes (a call costs all
      // the lanes it covers): the slots are kept in the order forward, backward, idle. Which slot a lane
      // sits in, and when it steps, changes none of its operations.
      arrange();
      if (forwardLanes > 0) {
        kernel.lanesInUse(0, forwardLanes);
        forward(lanes);
      }
      arrange();
      if (backwardLanes > 0) {
        kernel.lanesInUse(forwardLanes, forwardLanes + backwardLanes);
        backward(lanes);
      }
      for (int i = 0; i < k; i++) {
        if (phase[i] == BACKWARD && back[i].s < 0 && !back[i].pendingTerminal) {
          end(lanes[i], i);
          phase[i] = refill.applyAsInt(origin[i]) == 1 ? FORWARD : IDLE;
          live -= phase[i] == IDLE ? 1 : 0;
        }
      }
    }
  }

  /** Lanes in their forward pass (slots 0…) and backward recursion (the slots after), as arranged. */
  private int forwardLanes;
  private int backwardLanes;

  /**
   * Orders the slots forward, backward, idle, moving as few lanes in their backward recursion as
   * possible: such a lane carries its G₀ accumulator column (|θ| doubles) along, while the rest of a
   * lane's state is its Rollout and Back objects (the per-step buffers are filled from them every step),
   * so the other lanes move for free. Each backward lane outside the backward block trades places with a
   * lane inside it that is not backward, then forward lanes in the idle block trade with idle lanes in
   * the forward block. A lane whose backward recursion has not begun has its column zeroed where it lands.
   */
  private void arrange() {
    int nf = 0;
    int nb = 0;
    for (int i = 0; i < k; i++) {
      nf += phase[i] == FORWARD ? 1 : 0;
      nb += phase[i] == BACKWARD ? 1 : 0;
    }
    int b0 = nf;
    int b1 = nf + nb;
    int inside = b0; // next slot of the backward block to look at
    for (int i = 0; i < k; i++) {
      if ((i < b0 || i >= b1) && phase[i] == BACKWARD) {
        while (phase[inside] == BACKWARD) {
          inside++;
        }
        swap(i, inside++);
      }
    }
    int forward = 0; // next slot of the forward block to look at
    for (int i = b1; i < k; i++) {
      if (phase[i] == FORWARD) {
        while (phase[forward] == FORWARD) {
          forward++;
        }
        swap(i, forward++);
      }
    }
    for (int i = b0; i < b1; i++) {
      if (fresh[i]) {
        fresh[i] = false;
        if (!clean[i]) {
          for (int p = 0; p < params; p++) {
            g[p][i] = 0.0;
          }
          clean[i] = true;
        }
      }
    }
    forwardLanes = nf;
    backwardLanes = nb;
  }

  /**
   * Slots a and b trade lanes. A backward lane's G₀ column goes along (unless not begun): the columns
   * trade places, so a slot whose column was clear still holds a clear one after.
   */
  private void swap(int a, int b) {
    boolean ca = phase[a] == BACKWARD && !fresh[a];
    boolean cb = phase[b] == BACKWARD && !fresh[b];
    if (ca || cb) {
      for (int p = 0; p < params; p++) {
        double[] row = g[p];
        double v = row[a];
        row[a] = row[b];
        row[b] = v;
      }
      boolean c = clean[a];
      clean[a] = clean[b];
      clean[b] = c;
    }
    RolloutRecursion.Rollout lane = lanes[a];
    lanes[a] = lanes[b];
    lanes[b] = lane;
    int o = origin[a];
    origin[a] = origin[b];
    origin[b] = o;
    Back bk = back[a];
    back[a] = back[b];
    back[b] = bk;
    int ph = phase[a];
    phase[a] = phase[b];
    phase[b] = ph;
    boolean f = fresh[a];
    fresh[a] = fresh[b];
    fresh[b] = f;
  }

  // ------------------------------------------------------------------ forward pass

  /** One step of every lane in its forward pass: {@code RolloutRecursion.advance}, lane by lane. */
  private void forward(RolloutRecursion.Rollout[] lanes) {
    boolean any = false;
    for (int i = 0; i < k; i++) {
      mask[i] = phase[i] == FORWARD;
      any |= mask[i];
      if (mask[i]) {
        RolloutRecursion.Rollout lane = lanes[i];
        t[i] = lane.t;
        n[i] = lane.traj;
        double[] xs = lane.states[lane.t];
        for (int j = 0; j < dim; j++) {
          x[j][i] = xs[j];
        }
      }
    }
    if (!any) {
      return;
    }
    EstimatorConfig config = scalar.config;
    double[] theta = scalar.theta;
    kernel.cost(theta, x, t, n, mask, values);
    for (int i = 0; i < k; i++) {
      if (!mask[i]) {
        continue;
      }
      RolloutRecursion.Rollout lane = lanes[i];
      double c = values[i];
      lane.costs[lane.t] = c;
      if (!Double.isFinite(c)) {
        lane.blownUp = true;
        ended(lane, i);
      } else if (lane.t >= lane.cap) {
        lane.charged = config.setting() == Setting.TIME_VARYING;
        ended(lane, i);
      }
    }
    kernel.terminal(x, t, n, mask, flags);
    boolean sampling = false;
    for (int i = 0; i < k; i++) {
      if (!mask[i]) {
        continue;
      }
      RolloutRecursion.Rollout lane = lanes[i];
      if (flags[i]) {
        if (config.setting() == Setting.AVERAGE) {
          throw new IllegalStateException(scalar.kernel.modelName() + " reached a terminal state at step " + lane.t
              + " of rollout " + lane.n + ", but the average-cost setting needs an ergodic chain that never"
              + " terminates; use FIRST_EXIT or DISCOUNTED, or remove the @Terminal states");
        }
        ended(lane, i);
        continue;
      }
      if (config.randomTermination() && lane.rng.uniform() >= config.discount()) {
        ended(lane, i);
        continue;
      }
      if (lane.t + 1 >= lane.states.length) {
        lane.grow();
      }
      rngs[i] = lane.rng;
      double[] d = lane.draws[lane.t];
      for (int j = 0; j < d.length; j++) {
        drawBuffer[j][i] = d[j];
      }
      sampling = true;
    }
    if (!sampling) {
      return;
    }
    kernel.sample(theta, x, t, n, mask, rngs, drawBuffer, next);
    for (int i = 0; i < k; i++) {
      if (!mask[i]) {
        continue;
      }
      rngs[i] = null;
      RolloutRecursion.Rollout lane = lanes[i];
      double[] d = lane.draws[lane.t];
      for (int j = 0; j < d.length; j++) {
        d[j] = drawBuffer[j][i];
      }
      double[] nx = lane.states[lane.t + 1];
      for (int j = 0; j < dim; j++) {
        nx[j] = next[j][i];
      }
      if (!scalar.usable(nx)) {
        lane.blownUp = true; // end at x_t as if terminal: the bad transition never enters the estimate
        ended(lane, i);
      } else {
        lane.t++;
      }
    }
  }

  /** The lane's forward pass ended: set up its backward recursion ({@code finish} up to its loop). */
  private void ended(RolloutRecursion.Rollout lane, int i) {
    mask[i] = false;
    phase[i] = BACKWARD;
    Back b = back[i];
    EstimatorConfig config = scalar.config;
    RolloutRecursion.RolloutSummary out = scalar.summaries[lane.n];
    fresh[i] = true; // its G₀ column is zeroed where arrange() puts it
    int last = lane.t;
    b.last = last;
    if (lane.blownUp && !Double.isFinite(lane.costs[last])) {
      out.fitCount = 0;
      out.set(last, true, false);
      out.problem = "the cost L(x_" + last + ") = " + lane.costs[last] + " at step " + last;
      Arrays.fill(scalar.results[lane.n], 0.0);
      b.s = -1;
      b.pendingTerminal = false;
      b.r = Double.NaN; // written out already
      return;
    }
    ValueBaseline.Statistics linear = scalar.linear;
    if (linear != null && scalar.phi.length != linear.workSize() + RolloutRecursion.PAD) {
      scalar.phi = new double[linear.workSize() + RolloutRecursion.PAD];
    }
    Setting setting = config.setting();
    double gamma = config.discount();
    b.ge = config.randomTermination() || setting != Setting.DISCOUNTED ? 1.0 : gamma;
    b.average = setting == Setting.AVERAGE;
    b.burnIn = b.average ? Math.min(config.burnIn(), last) : 0;
    b.norm = b.average ? 1.0 / Math.max(1, last - b.burnIn) : 1.0;
    b.shift = b.average ? scalar.averageCost : 0.0;
    if (linear != null) {
      int size = linear.size();
      if (b.stats.length != size + RolloutRecursion.PAD) {
        b.stats = new double[size + RolloutRecursion.PAD];
      } else {
        Arrays.fill(b.stats, 0, size, 0.0);
      }
    } else if (!scalar.zero) {
      out.ensure(last + 1, dim);
    }
    b.r = 0;
    b.fit = 0;
    Batch.Rollout rec = out.record;
    if (rec != null) {
      rec.reset(lane.n, last, lane.states, lane.draws);
    }
    b.pendingTerminal = lane.charged && !b.average;
    if (b.pendingTerminal) {
      b.r = lane.costs[last];
    }
    b.target = b.r;
    b.averageSum = 0;
    b.logDensitySum = 0;
    b.s = last - 1;
  }

  // ------------------------------------------------------------------ backward recursion

  /** One step s of every lane in its backward recursion (or its charged last state's gradient call). */
  private void backward(RolloutRecursion.Rollout[] lanes) {
    EstimatorConfig config = scalar.config;
    double[] theta = scalar.theta;
    boolean zero = scalar.zero;
    ValueBaseline baseline = scalar.baseline;
    ValueBaseline.Statistics linear = scalar.linear;
    boolean anyMean = false;
    boolean anyGradient = false;
    boolean anyDensity = false;
    for (int i = 0; i < k; i++) {
      mask[i] = false;
      if (phase[i] != BACKWARD) {
        continue;
      }
      Back b = back[i];
      RolloutRecursion.Rollout lane = lanes[i];
      int s = b.pendingTerminal ? b.last : b.s;
      if (s < 0) {
        continue;
      }
      t[i] = s;
      n[i] = lane.traj;
      double[] xs = lane.states[s];
      for (int j = 0; j < dim; j++) {
        x[j][i] = xs[j];
      }
      double[] d = lane.draws[b.pendingTerminal ? 0 : s];
      for (int j = 0; j < d.length; j++) {
        drawBuffer[j][i] = d[j];
      }
      if (!b.pendingTerminal && s >= b.burnIn && !zero) {
        mask[i] = true;
        anyMean = true;
      }
    }
    if (anyMean) {
      kernel.meanStep(theta, x, t, n, mask, meanBuffer);
    }
    for (int i = 0; i < k; i++) {
      Back b = back[i];
      if (phase[i] != BACKWARD || (!b.pendingTerminal && b.s < 0)) {
        mask[i] = false;
        continue;
      }
      if (b.pendingTerminal) {
        wL[i] = RolloutRecursion.pow(b.ge, b.last);
        wP[i] = 0.0;
        mask[i] = true;
        anyGradient = true;
        continue;
      }
      int s = b.s;
      if (s >= b.burnIn) {
        double base = 0.0;
        if (!zero) {
          for (int j = 0; j < dim; j++) {
            laneMean[j] = meanBuffer[j][i];
          }
          base = scalar.baselineValue(baseline, linear, laneMean, s + 1);
        }
        b.b = base;
        double lambda = config.tdLambda();
        boolean gae = config.gae() && lambda < 1;
        double ret = gae ? b.target : b.r;
        double discountS = RolloutRecursion.pow(b.ge, s);
        wL[i] = discountS * b.norm;
        wP[i] = discountS * b.ge * (ret - base) * b.norm;
        mask[i] = true;
        anyGradient = true;
      } else {
        mask[i] = false;
      }
    }
    if (anyGradient) {
      // a call may change a masked lane's g column: one below its burn-in (a lane out of step with the
      // others, after a blow-up) keeps its G₀ aside meanwhile
      int from = forwardLanes;
      int to = forwardLanes + backwardLanes;
      int kept = keep(from, to, true);
      for (int i = from; i < to; i++) {
        clean[i] &= !mask[i];
      }
      kernel.accumulateGradient(theta, x, t, n, mask, drawBuffer, wL, wP, g);
      if (kept > 0) {
        keep(from, to, false);
      }
    }
    // ln P of the recorded transitions (steps s of lanes past their charged-state call)
    for (int i = 0; i < k; i++) {
      Back b = back[i];
      mask[i] = phase[i] == BACKWARD && !b.pendingTerminal && b.s >= 0
          && scalar.summaries[lanes[i].n].record != null;
      anyDensity |= mask[i];
    }
    if (anyDensity) {
      kernel.logDensity(theta, x, t, n, mask, drawBuffer, values);
    }
    for (int i = 0; i < k; i++) {
      if (phase[i] != BACKWARD) {
        continue;
      }
      Back b = back[i];
      RolloutRecursion.Rollout lane = lanes[i];
      RolloutRecursion.RolloutSummary out = scalar.summaries[lane.n];
      if (b.pendingTerminal) {
        b.pendingTerminal = false;
        scalar.storeFit(out, b.fit++, lane.states[b.last], b.last, b.r, zero, linear, b.stats);
        if (out.record != null) {
          out.record.terminalWeight = RolloutRecursion.pow(b.ge, b.last);
        }
        continue;
      }
      int s = b.s;
      if (s < 0) {
        continue;
      }
      step(lane, out, b, s, mask[i] ? values[i] : 0.0);
      b.s = s - 1;
    }
  }

  /** G₀ columns of masked backward lanes, kept aside across a gradient call (allocated when first needed). */
  private double[][] keptColumns;

  /** Copies the masked backward lanes' g columns aside ({@code out}) or back; returns how many. */
  private int keep(int from, int to, boolean out) {
    int count = 0;
    for (int i = from; i < to; i++) {
      if (mask[i] || phase[i] != BACKWARD) {
        continue;
      }
      if (keptColumns == null) {
        keptColumns = new double[k][];
      }
      if (keptColumns[i] == null) {
        keptColumns[i] = new double[params];
      }
      double[] column = keptColumns[i];
      for (int p = 0; p < params; p++) {
        if (out) {
          column[p] = g[p][i];
        } else {
          g[p][i] = column[p];
        }
      }
      count++;
    }
    return count;
  }

  /** The rest of step s of {@code finish}'s loop, after its kernel calls. */
  private void step(RolloutRecursion.Rollout lane, RolloutRecursion.RolloutSummary out, Back b, int s, double lp) {
    EstimatorConfig config = scalar.config;
    double gamma = config.discount();
    double[] costs = lane.costs;
    Batch.Rollout rec = out.record;
    double discountS = RolloutRecursion.pow(b.ge, s);
    double lambda = config.tdLambda();
    boolean gae = config.gae() && lambda < 1;
    if (s >= b.burnIn) {
      double ret = gae ? b.target : b.r;
      b.averageSum += costs[s];
      if (rec != null) {
        rec.costWeight[s] = discountS * b.norm;
        rec.ratioWeight[s] = discountS * b.ge * (ret - b.b) * b.norm;
        rec.fisherWeight[s] = discountS * b.norm / (config.randomTermination() ? gamma : 1.0);
      }
    }
    if (rec != null) {
      rec.logDensity[s] = lp;
      b.logDensitySum += lp;
    }
    boolean zero = scalar.zero;
    ValueBaseline.Statistics linear = scalar.linear;
    int last = b.last;
    if (lambda < 1) {
      double bootstrap = s + 1 == last ? (lane.charged && !b.average ? costs[last] : 0.0)
          : zero ? 0.0 : scalar.baselineValue(scalar.baseline, linear, lane.states[s + 1], s + 1);
      b.target = costs[s] - b.shift + b.ge * ((1 - lambda) * bootstrap + lambda * b.target);
    }
    b.r = b.ge * b.r + costs[s] - b.shift;
    scalar.storeFit(out, b.fit++, lane.states[s], s, lambda < 1 ? b.target : b.r, zero, linear, b.stats);
  }

  /** Writes out lane i's finished rollout: {@code finish} after its loop. */
  private void end(RolloutRecursion.Rollout lane, int i) {
    Back b = back[i];
    RolloutRecursion.RolloutSummary out = scalar.summaries[lane.n];
    double[] result = scalar.results[lane.n];
    if (Double.isNaN(b.r) && lane.blownUp && !Double.isFinite(lane.costs[b.last])) {
      return; // the cost blew up: written out when the forward pass ended
    }
    out.fitCount = b.fit;
    out.cost = b.average ? b.averageSum * b.norm : b.r;
    boolean finite = Double.isFinite(out.cost) && Double.isFinite(b.logDensitySum);
    for (int p = 0; p < params; p++) {
      double[] row = g[p];
      laneG[p] = row[i];
      row[i] = 0.0; // read out and cleared in one pass: the next lane in this slot starts from zero
      finite &= Double.isFinite(laneG[p]);
    }
    clean[i] = true;
    out.set(b.last, lane.blownUp, finite);
    if (!finite) {
      out.problem = scalar.diagnose(scalar.theta, lane, b.last, out.cost, laneG);
    } else if (lane.blownUp) {
      out.problem = "the state x_" + (b.last + 1) + " " + scalar.stateEntry(lane.states[b.last + 1])
          + " (the rollout ended at x_" + b.last + ")";
    }
    System.arraycopy(laneG, 0, result, 0, params);
    ValueBaseline.Statistics linear = scalar.linear;
    if (linear != null) {
      int size = linear.size();
      if (out.stats.length != size) {
        out.stats = new double[size];
      }
      System.arraycopy(b.stats, 0, out.stats, 0, size);
    }
  }
}
