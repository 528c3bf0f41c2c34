package org.dsojava.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the derivative code of a {@link ChainKernel} against central finite differences of its own
 * {@link ChainKernel#cost cost} and {@link ChainKernel#logDensity logDensity}.
 *
 * <p>At each of a number of random test points (θ, x, t, n, draws, wL, wP) it forms
 * F(θ) = wL·L(x,θ) + wP·ln P(x'|x,θ), with the draws of one {@link ChainKernel#sample sample} from x
 * held fixed, and compares (see {@link Check}):
 *
 * <ul>
 *   <li>{@link ChainKernel#accumulateGradient accumulateGradient} against a finite difference of F in
 *       each θ component, and that it <em>adds</em> into {@code g};
 *   <li>{@link ChainKernel#jvp jvp} against ∇F·v and against a finite difference of F along v;
 *   <li>{@link ChainKernel#hvp hvp} against a finite difference of ∇F along v, that it adds into
 *       {@code out}, and that u·Hv = v·Hu.
 * </ul>
 *
 * <p>Finite differences are the 4-point central formula (−f(+2h) + 8f(+h) − 8f(−h) + f(−2h)) / (12h),
 * whose truncation error is O(h⁴) (it is the Richardson extrapolation of the 2-point formula). In
 * coordinate i the step is h = {@code fdStep}·max(1, |θᵢ|); along a direction v it is
 * h = {@code fdStep} / ‖v‖∞, so that no coordinate moves by more than {@code fdStep}. Steps are
 * rounded so that θᵢ + h is exactly representable.
 *
 * <h2>Error measure</h2>
 *
 * For an analytic value a and a reference value b the reported error is
 *
 * <pre>   err = max(0, |a − b| − δ) / max(|a|, |b|, floor),   floor = relFloor · s</pre>
 *
 * where
 *
 * <ul>
 *   <li>δ is a bound on the rounding error of the reference itself: for a finite difference
 *       8·ε·Σₖ|cₖ·f(θₖ)| / (12h) (ε the double-precision machine epsilon, cₖ the stencil weights), for
 *       an accumulation check the rounding of (g₀ + ∇F) − g₀, for a dot product the rounding of its
 *       sum. Differences the reference cannot resolve are thus not counted as errors.
 *   <li>s is the magnitude of the quantity being checked: ‖·‖∞ of the analytic and reference vectors
 *       for per-component checks (so a component that is tiny compared with the rest of its vector is
 *       judged by its absolute error relative to the vector), Σ|gᵢvᵢ| for a directional derivative,
 *       and Σ|uᵢ(Hv)ᵢ| + Σ|vᵢ(Hu)ᵢ| for the symmetry check.
 *   <li>{@code relFloor} is an {@link Options} setting, 1e-8 by default.
 * </ul>
 *
 * Equal values (including both exactly zero) have error 0. A non-finite value anywhere — θ, x, a draw,
 * F, or any output of the derivative code — gives error +∞ for the check it feeds and is listed among
 * the report's {@link Report#problems() problems}; it is never silently skipped.
 *
 * <p>Typical use in a test:
 *
 * <pre>{@code
 * KernelVerifier.verify(new PendulumKernel(), 42L, 20, KernelVerifier.Options.defaults())
 *     .assertWithin(1e-6);
 * }</pre>
 *
 * <p>The verifier calls the kernel from the current thread only and allocates freely; it is a test
 * tool, not part of an optimization loop.
 */
public final class KernelVerifier {
  private static final double EPS = Math.ulp(1.0);
  /** Rounding allowance, in units of ε, of each function value entering a finite difference. */
  private static final double FD_ROUNDING_ULPS = 8;
  private static final int MAX_PROBLEMS = 50;

  private KernelVerifier() {}

  /** The comparisons the verifier makes; the report has one worst-case entry per check. */
  public enum Check {
    /** ∇F from {@code accumulateGradient} (as g − g₀ from a non-zero g₀) vs a finite difference of F, per θ entry. */
    GRADIENT("gradient vs FD"),
    /** {@code accumulateGradient} into g₀ minus g₀ vs {@code accumulateGradient} into zeros, per θ entry. */
    GRADIENT_ACCUMULATES("gradient accumulates"),
    /** {@code jvp(v)} vs ∇F·v with ∇F from {@code accumulateGradient}. */
    JVP_VS_GRADIENT("jvp vs gradient.v"),
    /** {@code jvp(v)} vs a finite difference of F along v. */
    JVP_FD("jvp vs FD"),
    /**
     * Hv from {@code hvp} (as out − out₀ from a non-zero out₀) vs a finite difference along v of the
     * gradient computed by {@code accumulateGradient}, per θ entry; so a wrong gradient shows here too
     * (look at {@link #GRADIENT} first).
     */
    HVP("hvp vs FD of gradient"),
    /** {@code hvp} into out₀ minus out₀ vs {@code hvp} into zeros, per θ entry. */
    HVP_ACCUMULATES("hvp accumulates"),
    /** u·(Hv) vs v·(Hu) for two random directions. */
    HVP_SYMMETRY("hessian symmetry");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    /** A short human-readable name, used in {@link Report#toString()}. */
    public String label() {
      return label;
    }
  }

  /**
   * Supplies the state at which a test point is checked, instead of {@code initialState} followed by
   * {@link Options#warmSteps()} sampled steps.
   */
  @FunctionalInterface
  public interface StateSampler {
    /**
     * Writes a state into {@code x} for test point {@code n} (also used as the rollout index) and
     * returns the step index t at which it is to be checked.
     *
     * @param theta the θ of this test point (read only)
     * @param n the test point's index
     * @param rng a stream private to this test point
     * @param x receives the state, length {@link ChainKernel#stateDim()}
     * @return the step index t, at least 0
     */
    int sample(double[] theta, int n, Rng rng, double[] x);
  }

  /**
   * How test points are drawn and errors measured. Immutable; start from {@link #defaults()} and
   * adjust with the {@code with…} methods.
   *
   * @param thetaScale standard deviation of the Gaussian added to every entry of
   *     {@code initialParams(seed)} to get a test point's θ (absolute, in θ units); ≥ 0
   * @param warmSteps how many transitions to sample from {@code initialState} before checking (fewer
   *     if a terminal state or the horizon is reached first); ≥ 0, unused with a {@code stateSampler}
   * @param fdStep relative finite-difference step, see {@link KernelVerifier}; in (0, 0.1]
   * @param relFloor the floor of the error denominator relative to the checked quantity's magnitude,
   *     see {@link KernelVerifier}; ≥ 0
   * @param stateSampler where test states come from, or {@code null} for {@code initialState} plus
   *     {@code warmSteps} sampled steps
   */
  public record Options(
      double thetaScale, int warmSteps, double fdStep, double relFloor, StateSampler stateSampler) {

    /** Validates the settings. */
    public Options {
      if (!(thetaScale >= 0) || Double.isInfinite(thetaScale)) {
        throw new IllegalArgumentException("thetaScale must be finite and >= 0, got " + thetaScale);
      }
      if (warmSteps < 0) {
        throw new IllegalArgumentException("warmSteps must be >= 0, got " + warmSteps);
      }
      if (!(fdStep > 0 && fdStep <= 0.1)) {
        throw new IllegalArgumentException("fdStep must be in (0, 0.1], got " + fdStep);
      }
      if (!(relFloor >= 0) || Double.isInfinite(relFloor)) {
        throw new IllegalArgumentException("relFloor must be finite and >= 0, got " + relFloor);
      }
    }

    /** thetaScale 0.1, warmSteps 5, fdStep 1e-4, relFloor 1e-8, states from {@code initialState}. */
    public static Options defaults() {
      return new Options(0.1, 5, 1e-4, 1e-8, null);
    }

    public Options withThetaScale(double value) {
      return new Options(value, warmSteps, fdStep, relFloor, stateSampler);
    }

    public Options withWarmSteps(int value) {
      return new Options(thetaScale, value, fdStep, relFloor, stateSampler);
    }

    public Options withFdStep(double value) {
      return new Options(thetaScale, warmSteps, value, relFloor, stateSampler);
    }

    public Options withRelFloor(double value) {
      return new Options(thetaScale, warmSteps, fdStep, value, stateSampler);
    }

    public Options withStateSampler(StateSampler value) {
      return new Options(thetaScale, warmSteps, fdStep, relFloor, value);
    }
  }

  /**
   * The worst comparison of one {@link Check} over all test points.
   *
   * @param check which comparison
   * @param error the worst error (see {@link KernelVerifier}); +∞ if a value was not finite, NaN if the
   *     check was never evaluated (every test point was skipped)
   * @param point index of the test point, −1 if never evaluated
   * @param t the step index of that test point
   * @param n the rollout index of that test point
   * @param component the θ entry for per-component checks, −1 for scalar checks
   * @param paramName {@link ChainKernel#paramName(int)} of {@code component}, or {@code ""}
   * @param analytic the kernel's value
   * @param reference the value it was compared with
   * @param wL the cost weight of that test point
   * @param wP the log-density weight of that test point
   */
  public record Worst(
      Check check, double error, int point, int t, int n, int component, String paramName,
      double analytic, double reference, double wL, double wP) {

    public Worst {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(paramName, "paramName");
    }

    static Worst none(Check check) {
      return new Worst(check, Double.NaN, -1, 0, 0, -1, "", Double.NaN, Double.NaN, 0, 0);
    }

    /** True if this check was evaluated and its error is at most {@code tol}. */
    public boolean within(double tol) {
      return error <= tol;
    }
  }

  /** The outcome of {@link #verify}: the worst error of each check and every problem seen. Immutable. */
  public static final class Report {
    private final String modelName;
    private final int points;
    private final int pointsChecked;
    private final Options options;
    private final Map<Check, Worst> worst;
    private final List<String> problems;

    Report(String modelName, int points, int pointsChecked, Options options, Map<Check, Worst> worst,
        List<String> problems) {
      this.modelName = modelName;
      this.points = points;
      this.pointsChecked = pointsChecked;
      this.options = options;
      this.worst = Collections.unmodifiableMap(new EnumMap<>(worst));
      this.problems = List.copyOf(problems);
    }

    /** {@link ChainKernel#modelName()} of the verified kernel. */
    public String modelName() {
      return modelName;
    }

    /** The number of test points requested. */
    public int points() {
      return points;
    }

    /** The number of test points actually compared (points with a non-finite θ or x are skipped). */
    public int pointsChecked() {
      return pointsChecked;
    }

    public Options options() {
      return options;
    }

    /** The worst comparison of {@code check}. */
    public Worst worst(Check check) {
      return worst.get(check);
    }

    /** The worst error of {@code check} (shorthand for {@code worst(check).error()}). */
    public double error(Check check) {
      return worst.get(check).error();
    }

    /** All entries, in {@link Check} order. */
    public List<Worst> entries() {
      return List.copyOf(worst.values());
    }

    /**
     * Non-finite values and other contract violations seen (a method that modified its read-only
     * inputs), one line each, at most 50 plus a count of the rest. Empty if none.
     */
    public List<String> problems() {
      return problems;
    }

    /** True if there are no problems and every check was evaluated with error at most {@code tol}. */
    public boolean passes(double tol) {
      if (!problems.isEmpty()) {
        return false;
      }
      for (Worst w : worst.values()) {
        if (!w.within(tol)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Returns normally if {@link #passes(double) passes(tol)}, else throws an {@link AssertionError}
     * whose message names each failing check and its worst location, followed by the full report.
     */
    public void assertWithin(double tol) {
      if (passes(tol)) {
        return;
      }
      StringBuilder sb = new StringBuilder();
      sb.append("KernelVerifier: ").append(modelName).append(" fails at tolerance ")
          .append(fmt(tol)).append(":\n");
      for (Worst w : worst.values()) {
        if (!w.within(tol)) {
          sb.append("  ").append(w.check().label()).append(": ");
          if (w.point() < 0) {
            sb.append("not evaluated");
          } else {
            sb.append("error ").append(fmt(w.error())).append(" at point ").append(w.point());
            if (w.component() >= 0) {
              sb.append(", theta[").append(w.component()).append("] ").append(w.paramName());
            }
            sb.append(" (analytic ").append(fmt(w.analytic())).append(", reference ")
                .append(fmt(w.reference())).append(')');
          }
          sb.append('\n');
        }
      }
      if (!problems.isEmpty()) {
        sb.append("  ").append(problems.size()).append(" problem(s), first: ")
            .append(problems.get(0)).append('\n');
      }
      sb.append('\n').append(this);
      throw new AssertionError(sb.toString());
    }

    /** A table with one row per check, followed by the problems. */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "KernelVerifier report for %s: %d/%d points checked, fdStep %s, relFloor %s, thetaScale %s%n",
          modelName, pointsChecked, points, fmt(options.fdStep()), fmt(options.relFloor()),
          fmt(options.thetaScale())));
      String row = "%-22s %10s %6s %5s %5s  %-18s %14s %14s %7s %7s%n";
      sb.append(String.format(Locale.ROOT, row, "check", "worst err", "point", "t", "n", "theta entry",
          "analytic", "reference", "wL", "wP"));
      for (Worst w : worst.values()) {
        if (w.point() < 0) {
          sb.append(String.format(Locale.ROOT, row, w.check().label(), "n/a", "-", "-", "-", "-", "-",
              "-", "-", "-"));
          continue;
        }
        String entry = w.component() < 0 ? "-" : "[" + w.component() + "] " + w.paramName();
        sb.append(String.format(Locale.ROOT, row, w.check().label(), fmt(w.error()), w.point(), w.t(),
            w.n(), entry, fmt(w.analytic()), fmt(w.reference()), fmt(w.wL()), fmt(w.wP())));
      }
      if (problems.isEmpty()) {
        sb.append("problems: none\n");
      } else {
        sb.append("problems:\n");
        for (String p : problems) {
          sb.append("  ").append(p).append('\n');
        }
      }
      return sb.toString();
    }
  }

  /** {@link #verify(ChainKernel, long, int, Options)} with {@link Options#defaults()}. */
  public static Report verify(ChainKernel k, long seed, int points) {
    return verify(k, seed, points, Options.defaults());
  }

  /**
   * Checks the derivatives of {@code k} at {@code points} random test points; deterministic in
   * {@code seed}.
   *
   * <p>Test point p: θ = {@code initialParams(seed)} plus N(0, thetaScale²) noise in every entry; the
   * rollout index is n = p and the kernel draws from {@code new Rng(seed, p + 1)}; x comes from the
   * {@link Options#stateSampler() stateSampler}, or from {@code initialState} followed by up to
   * {@code warmSteps} sampled transitions (stopping at a terminal state or one step before the
   * horizon), t counting those transitions; the draws are those of one {@code sample} from x; wL and wP
   * are uniform in [0.5, 1.5] with a random sign; v and u are random unit directions.
   *
   * @param k the kernel; called from this thread only
   * @param seed seeds θ, the test points and the directions
   * @param points number of test points, ≥ 1
   * @param options see {@link Options}
   * @return the worst error of every {@link Check} and the problems seen
   */
  public static Report verify(ChainKernel k, long seed, int points, Options options) {
    Objects.requireNonNull(k, "k");
    Objects.requireNonNull(options, "options");
    if (points < 1) {
      throw new IllegalArgumentException("points must be >= 1, got " + points);
    }
    return new Run(k, seed, options).run(points);
  }

  /** The state of one verification; single use. */
  private static final class Run {
    private final ChainKernel k;
    private final long seed;
    private final Options o;
    private final int nt;
    private final int nx;
    private final EnumMap<Check, Worst> worst = new EnumMap<>(Check.class);
    private final List<String> problems = new ArrayList<>();
    private int droppedProblems;

    // Current test point.
    private int point;
    private int t;
    private int n;
    private double wL;
    private double wP;
    private double[] x;
    private double[] draws;
    private final double[] work; // perturbed θ

    Run(ChainKernel k, long seed, Options o) {
      this.k = k;
      this.seed = seed;
      this.o = o;
      this.nt = k.paramCount();
      this.nx = k.stateDim();
      this.work = new double[nt];
      for (Check c : Check.values()) {
        worst.put(c, Worst.none(c));
      }
    }

    Report run(int points) {
      double[] theta0 = new double[nt];
      k.initialParams(seed, theta0);
      Rng meta = new Rng(seed, 0L);
      Rng rng = new Rng(seed, 1L);
      double[] theta = new double[nt];
      x = new double[nx];
      double[] next = new double[nx];
      draws = new double[k.drawCount()];
      int checked = 0;
      for (int p = 0; p < points; p++) {
        point = p;
        n = p;
        for (int i = 0; i < nt; i++) {
          theta[i] = theta0[i] + o.thetaScale() * meta.gaussian();
        }
        wL = weight(meta);
        wP = weight(meta);
        double[] v = unitDirection(meta);
        double[] u = unitDirection(meta);
        if (!finite("theta", theta, true)) {
          continue;
        }
        rng.reseed(seed, p + 1L);
        if (!drawState(theta, rng, next)) {
          continue;
        }
        Arrays.fill(draws, 0.0);
        Arrays.fill(next, 0.0);
        k.sample(theta, x, t, n, rng, draws, next);
        if (!finite("draws from sample", draws)) {
          continue;
        }
        checked++;
        checkPoint(theta, v, u, meta);
      }
      if (droppedProblems > 0) {
        problems.add("... and " + droppedProblems + " more problem(s)");
      }
      return new Report(k.modelName(), points, checked, o, worst, problems);
    }

    private static double weight(Rng r) {
      double w = r.uniform(0.5, 1.5);
      return r.uniform() < 0.5 ? -w : w;
    }

    private double[] unitDirection(Rng r) {
      double[] d = new double[nt];
      double s = 0;
      for (int i = 0; i < nt; i++) {
        d[i] = r.gaussian();
        s += d[i] * d[i];
      }
      s = Math.sqrt(s);
      for (int i = 0; i < nt; i++) {
        d[i] = s > 0 ? d[i] / s : 1.0 / Math.sqrt(nt);
      }
      return d;
    }

    /** Sets x and t for the current point; false (with a problem recorded) if x is not finite. */
    private boolean drawState(double[] theta, Rng rng, double[] next) {
      StateSampler sampler = o.stateSampler();
      if (sampler != null) {
        Arrays.fill(x, 0.0);
        t = sampler.sample(theta.clone(), n, rng, x);
        if (t < 0) {
          throw new IllegalArgumentException("stateSampler returned step index " + t + " < 0");
        }
        return finite("x from stateSampler", x);
      }
      t = 0;
      k.initialState(theta, n, rng, x);
      if (!finite("x from initialState", x)) {
        return false;
      }
      int horizon = k.horizon();
      double[] scratch = new double[k.drawCount()];
      for (int s = 0; s < o.warmSteps(); s++) {
        if (k.terminal(x, t, n) || (horizon > 0 && t + 1 >= horizon)) {
          break;
        }
        k.sample(theta, x, t, n, rng, scratch, next);
        System.arraycopy(next, 0, x, 0, nx);
        t++;
        if (!finite("x after " + t + " sampled step(s)", x)) {
          return false;
        }
      }
      return true;
    }

    private void checkPoint(double[] theta, double[] v, double[] u, Rng meta) {
      double f0 = value(theta);
      if (!Double.isFinite(f0)) {
        problem("F = wL*cost + wP*logDensity = " + f0 + " (cost " + k.cost(theta, x, t, n)
            + ", logDensity " + k.logDensity(theta, x, t, n, draws) + ")");
      }

      // --- gradient, and that it accumulates ---
      double[] gz = new double[nt];
      guarded("accumulateGradient", theta, () -> k.accumulateGradient(theta, x, t, n, draws, wL, wP, gz));
      finite("accumulateGradient output (into zeros)", gz, true);
      double gScale = normInf(gz);
      double[] g0 = new double[nt];
      for (int i = 0; i < nt; i++) {
        g0[i] = meta.uniform(-1, 1) * (gScale > 0 && Double.isFinite(gScale) ? gScale : 1.0);
      }
      double[] g1 = g0.clone();
      k.accumulateGradient(theta, x, t, n, draws, wL, wP, g1);
      double[] gDiff = new double[nt];
      double[] gRound = new double[nt];
      for (int i = 0; i < nt; i++) {
        gDiff[i] = g1[i] - g0[i];
        gRound[i] = 2 * EPS * (Math.abs(g0[i]) + Math.abs(g1[i]));
      }
      compareVectors(Check.GRADIENT_ACCUMULATES, gDiff, gz, gRound);

      double[] fd = new double[nt];
      double[] fdRound = new double[nt];
      for (int i = 0; i < nt; i++) {
        double h = representableStep(theta[i], o.fdStep() * Math.max(1.0, Math.abs(theta[i])));
        double[] r = partialFd(theta, i, h);
        fd[i] = r[0];
        fdRound[i] = r[1] + gRound[i];
      }
      compareVectors(Check.GRADIENT, gDiff, fd, fdRound);

      // --- jvp ---
      double[] jv = new double[1];
      guarded("jvp", theta, () -> jv[0] = k.jvp(theta, x, t, n, draws, wL, wP, v));
      double dot = 0;
      double dotAbs = 0;
      for (int i = 0; i < nt; i++) {
        dot += gz[i] * v[i];
        dotAbs += Math.abs(gz[i] * v[i]);
      }
      compareScalar(Check.JVP_VS_GRADIENT, jv[0], dot, nt * EPS * dotAbs, dotAbs, "jvp(v)");
      double hv = directionalStep(v);
      double[] dfd = directionalFd(theta, v, hv);
      compareScalar(Check.JVP_FD, jv[0], dfd[0], dfd[1], dotAbs, "jvp(v)");

      // --- hvp, accumulation, symmetry ---
      double[] hvz = new double[nt];
      guarded("hvp", theta, () -> k.hvp(theta, x, t, n, draws, wL, wP, v, hvz));
      finite("hvp(v) output (into zeros)", hvz, true);
      double hScale = normInf(hvz);
      double[] out0 = new double[nt];
      for (int i = 0; i < nt; i++) {
        out0[i] = meta.uniform(-1, 1) * (hScale > 0 && Double.isFinite(hScale) ? hScale : 1.0);
      }
      double[] out1 = out0.clone();
      k.hvp(theta, x, t, n, draws, wL, wP, v, out1);
      double[] hDiff = new double[nt];
      double[] hRound = new double[nt];
      for (int i = 0; i < nt; i++) {
        hDiff[i] = out1[i] - out0[i];
        hRound[i] = 2 * EPS * (Math.abs(out0[i]) + Math.abs(out1[i]));
      }
      compareVectors(Check.HVP_ACCUMULATES, hDiff, hvz, hRound);

      double[] hfd = gradientDirectionalFd(theta, v, hv);
      double[] hfdRound = new double[nt];
      for (int i = 0; i < nt; i++) {
        hfdRound[i] = hfd[nt + i] + hRound[i];
      }
      compareVectors(Check.HVP, hDiff, Arrays.copyOf(hfd, nt), hfdRound);

      double[] huz = new double[nt];
      k.hvp(theta, x, t, n, draws, wL, wP, u, huz);
      finite("hvp(u) output (into zeros)", huz, true);
      double uHv = 0;
      double vHu = 0;
      double symAbs = 0;
      for (int i = 0; i < nt; i++) {
        uHv += u[i] * hvz[i];
        vHu += v[i] * huz[i];
        symAbs += Math.abs(u[i] * hvz[i]) + Math.abs(v[i] * huz[i]);
      }
      compareScalar(Check.HVP_SYMMETRY, uHv, vHu, nt * EPS * symAbs, symAbs, "u.H(v) vs v.H(u)");
    }

    // ---------------------------------------------------------------- finite differences

    /** F at {@code theta}. */
    private double value(double[] theta) {
      return wL * k.cost(theta, x, t, n) + wP * k.logDensity(theta, x, t, n, draws);
    }

    /** {dF/dθᵢ, rounding bound}. */
    private double[] partialFd(double[] theta, int i, double h) {
      System.arraycopy(theta, 0, work, 0, nt);
      double[] f = new double[4];
      double[] offs = {2, 1, -1, -2};
      for (int s = 0; s < 4; s++) {
        work[i] = theta[i] + offs[s] * h;
        f[s] = value(work);
      }
      return stencil(f, h);
    }

    /** {dF/dh at θ + h·v, rounding bound}. */
    private double[] directionalFd(double[] theta, double[] v, double h) {
      double[] f = new double[4];
      double[] offs = {2, 1, -1, -2};
      for (int s = 0; s < 4; s++) {
        for (int i = 0; i < nt; i++) {
          work[i] = theta[i] + offs[s] * h * v[i];
        }
        f[s] = value(work);
      }
      return stencil(f, h);
    }

    /** The 4-point derivative of ∇F along v in [0, nt) and its rounding bounds in [nt, 2nt). */
    private double[] gradientDirectionalFd(double[] theta, double[] v, double h) {
      double[][] gs = new double[4][nt];
      double[] offs = {2, 1, -1, -2};
      for (int s = 0; s < 4; s++) {
        for (int i = 0; i < nt; i++) {
          work[i] = theta[i] + offs[s] * h * v[i];
        }
        k.accumulateGradient(work, x, t, n, draws, wL, wP, gs[s]);
      }
      double[] r = new double[2 * nt];
      double[] f = new double[4];
      for (int i = 0; i < nt; i++) {
        for (int s = 0; s < 4; s++) {
          f[s] = gs[s][i];
        }
        double[] d = stencil(f, h);
        r[i] = d[0];
        r[nt + i] = d[1];
      }
      return r;
    }

    /** f = {f(+2h), f(+h), f(−h), f(−2h)} → {derivative, bound on its rounding error}. */
    private static double[] stencil(double[] f, double h) {
      double d = (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h);
      double mag = Math.abs(f[0]) + 8 * Math.abs(f[1]) + 8 * Math.abs(f[2]) + Math.abs(f[3]);
      return new double[] {d, FD_ROUNDING_ULPS * EPS * mag / (12 * h)};
    }

    /** A step close to {@code h} such that {@code x + h} is exact. */
    private static double representableStep(double x, double h) {
      double r = (x + h) - x;
      return r > 0 ? r : h;
    }

    /** fdStep / ‖v‖∞. */
    private double directionalStep(double[] v) {
      return o.fdStep() / normInf(v);
    }

    // ---------------------------------------------------------------- comparisons

    private void compareVectors(Check check, double[] a, double[] b, double[] delta) {
      double scale = Math.max(finiteNormInf(a), finiteNormInf(b));
      boolean reported = false;
      for (int i = 0; i < nt; i++) {
        double err = error(a[i], b[i], delta[i], o.relFloor() * scale);
        if (Double.isInfinite(err) && !reported) {
          reported = true;
          problem(check.label() + ": non-finite value for theta[" + i + "] " + k.paramName(i)
              + " (analytic " + a[i] + ", reference " + b[i] + ")");
        }
        record(check, err, i, a[i], b[i]);
      }
    }

    private void compareScalar(Check check, double a, double b, double delta, double scale, String what) {
      double err = error(a, b, delta, o.relFloor() * scale);
      if (Double.isInfinite(err)) {
        problem(check.label() + ": non-finite value (" + what + " " + a + ", reference " + b + ")");
      }
      record(check, err, -1, a, b);
    }

    /** The documented error measure; +∞ if anything is not finite. */
    static double error(double a, double b, double delta, double floor) {
      if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(delta)
          || !Double.isFinite(floor)) {
        return Double.POSITIVE_INFINITY;
      }
      if (a == b) {
        return 0.0;
      }
      double diff = Math.max(0.0, Math.abs(a - b) - delta);
      if (diff == 0.0) {
        return 0.0;
      }
      return diff / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
    }

    private void record(Check check, double err, int component, double a, double b) {
      Worst w = worst.get(check);
      if (w.point() < 0 || err > w.error()) {
        String name = component >= 0 ? k.paramName(component) : "";
        worst.put(check, new Worst(check, err, point, t, n, component, name == null ? "" : name, a, b,
            wL, wP));
      }
    }

    // ---------------------------------------------------------------- problems

    /** True if all entries are finite, else records a problem naming the first bad entry. */
    private boolean finite(String what, double[] values) {
      return finite(what, values, false);
    }

    private boolean finite(String what, double[] values, boolean thetaIndexed) {
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i])) {
          String entry = thetaIndexed ? "[" + i + "] " + k.paramName(i) : "[" + i + "]";
          problem(what + ": entry " + entry + " = " + values[i]);
          return false;
        }
      }
      return true;
    }

    /** Runs {@code call}, recording a problem if it changed θ, x or the draws. */
    private void guarded(String method, double[] theta, Runnable call) {
      double[] th = theta.clone();
      double[] xs = x.clone();
      double[] ds = draws.clone();
      call.run();
      reportChange(method, "theta", th, theta);
      reportChange(method, "x", xs, x);
      reportChange(method, "draws", ds, draws);
    }

    private void reportChange(String method, String name, double[] before, double[] after) {
      for (int i = 0; i < before.length; i++) {
        if (Double.doubleToRawLongBits(before[i]) != Double.doubleToRawLongBits(after[i])) {
          problem(method + " modified its input " + name + "[" + i + "] (" + before[i] + " -> "
              + after[i] + ")");
          System.arraycopy(before, 0, after, 0, before.length);
          return;
        }
      }
    }

    private void problem(String message) {
      String full = "point " + point + " (t=" + t + ", n=" + n + "): " + message;
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(full);
      } else {
        droppedProblems++;
      }
    }

    /** max |aᵢ| over the finite entries. */
    private static double finiteNormInf(double[] a) {
      double m = 0;
      for (double d : a) {
        if (Double.isFinite(d)) {
          m = Math.max(m, Math.abs(d));
        }
      }
      return m;
    }

    /** max |aᵢ|, NaN if an entry is NaN. */
    private static double normInf(double[] a) {
      double m = 0;
      for (double d : a) {
        double ad = Math.abs(d);
        if (Double.isNaN(ad)) {
          return Double.NaN;
        }
        m = Math.max(m, ad);
      }
      return m;
    }
  }

  private static String fmt(double d) {
    if (d == 0) {
      return "0";
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    return String.format(Locale.ROOT, "%.3e", d);
  }
}
