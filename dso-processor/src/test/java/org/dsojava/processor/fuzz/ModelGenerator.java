package org.dsojava.processor.fuzz;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random models of the supported subset (docs/ARCHITECTURE.md §4), deterministic in the seed.
 *
 * <p>The grammar keeps every model a valid chain: θ reaches {@code next[]} only through noise-site
 * parameters (locals carry a θ taint), conditions test state values and draws only (so ln P and L are
 * smooth in θ and finite differences are meaningful), functions that are not smooth ({@code abs min max
 * floor ceil}) and operations that may leave their domain (raw {@code log sqrt pow} and division, which set
 * {@link FuzzModel#mayBeNonFinite}) see θ-free arguments only, and Gaussian standard deviations are
 * {@code 0.1 + exp(..)} or {@code 0.1 + e * e}. Sites are written as declarations, arguments of
 * {@code next[i] = noise.gaussian(..)} or Bernoulli tests in conditions, never as {@code e + noise.gaussian}
 * (additive noise records the whole sum, which a replay of the model's own code cannot reproduce bit for bit).
 *
 * <p>Names are drawn from a pool that deliberately contains names the generated code uses
 * ({@code tape tp dc lp org java Math d q theta draws g v out rng ...}), the same names recur in the
 * transition, the cost, helpers and the bottleneck (which the processor inlines into one program), role
 * parameters are not always called {@code x}/{@code noise}/{@code next}, and locals may shadow @Param fields
 * (read then through {@code this.}). A method in which a local named {@code Math} is visible calls
 * {@code StrictMath}.
 *
 * <p>About one model in four is then mutated ({@link Mutations}) to step just outside the subset.
 */
final class ModelGenerator {
  /**
   * Also generate the constructs of processor bugs found by this fuzzer and not fixed yet (see the commit
   * message of the fuzz2 branch): {@code this.w.length}, a constant array passed to a helper that writes
   * into it, a local array named {@code a}. Off by default so that CI stays green; the same random draws are
   * made either way (only the construct is replaced).
   */
  private static final String[] POOL = {"tape", "tp", "dc", "lp", "org", "Math", "d", "q", "z", "g", "v", "out",
      "theta", "draws", "rng", "wL", "wP", "sum", "max", "k", "j", "e", "tmp", "acc", "drawArg", "drawZ",
      "java", "Double", "Rng", "Fdlibm", "Logistic", "eta", "mean", "i", "x0", "y", "u", "h", "a", "b", "c",
      "p", "s", "lo", "hi", "m", "next", "x", "noise", "t", "n", "w", "gain", "mu", "cost", "step", "v$d"};
  private static final String[] PARAM_NAMES = {"w", "k", "gain", "theta", "g", "v", "tape", "d", "q", "lp",
      "bias", "mean", "eta", "x0", "sum"};
  private static final String[] STATE_NAMES = {"x", "s", "st", "state", "draws", "theta", "g", "xs"};
  private static final String[] NOISE_NAMES = {"noise", "nz", "r", "rng", "tape"};
  private static final String[] NEXT_NAMES = {"next", "out", "nx", "y", "xn", "g"};
  private static final String[] ROLLOUT_NAMES = {"n", "ro", "idx", "t", "k"};

  enum T { D, I, B, DA }

  /** A variable in scope: arrays have a fixed length; loop indices know their bound. */
  static final class Var {
    final String name;
    final T type;
    final boolean theta;
    final int len;
    final boolean loop;
    /** For an int that is not a loop index: known to lie in [0, range) when range > 0 (a clamped index). */
    int range;

    Var(String name, T type, boolean theta, int len, boolean loop) {
      this.name = name;
      this.type = type;
      this.theta = theta;
      this.len = len;
      this.loop = loop;
    }
  }

  /** An expression and whether it depends on θ. */
  record E(String s, boolean th) {}

  /** A constant expression of a field initializer, with the value Java gives it. */
  record CV(String s, double v, boolean isInt) {}

  /** A {@code static final double[]} or {@code int[]} constant; its values are known to the generator. */
  static final class ConstArr {
    final String name;
    final boolean isInt;
    final double[] vals;

    ConstArr(String name, boolean isInt, double[] vals) {
      this.name = name;
      this.isInt = isInt;
      this.vals = vals;
    }

    int len() {
      return vals.length;
    }

    /** Largest element (int arrays: the bound an index read from it stays under, minus one). */
    double max(int upTo) {
      double mx = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < upTo; i++) {
        mx = Math.max(mx, vals[i]);
      }
      return mx;
    }
  }

  /** A computed scalar constant (javac does not fold it; the processor evaluates it). */
  record CScalar(String name, boolean isInt, double value) {}

  /**
   * Names of constants: some are names the generated kernel uses (fields, parameters of kernel methods,
   * classes it refers to), none is a name of a role parameter, a @Param field or a local of the grammar.
   */
  private static final String[] CONST_NAMES = {"C", "TBL", "S", "HALF", "M", "K2", "tp", "dc", "org", "java",
      "wL", "wP", "acc", "drawArg", "drawZ", "Rng", "Fdlibm", "Logistic", "Double", "OFF", "SCALE"};

  enum HKind { VALUE, BOOL, FILL, NOISY }

  static final class Helper {
    String name;
    HKind kind;
    boolean thetaFree;
    boolean hasD;
    boolean hasI;
    boolean hasB;
    int arrLen; // 0: no array parameter
    final List<String> lines = new ArrayList<>();
  }

  /** A method being generated. */
  final class Ctx {
    final boolean thetaOk;
    final String noise;
    final String state;
    final String rollout;
    final boolean isStep;
    final boolean muOk;
    final int helperLimit;
    final Deque<List<Var>> frames = new ArrayDeque<>();
    final Set<String> names = new HashSet<>();
    /** Parameters that are not variables of the grammar (noise, next) but still shadow fields. */
    final Set<String> shadow = new HashSet<>();
    final List<String> out = new ArrayList<>();
    int indent = 2;
    int sites;

    Ctx(boolean thetaOk, String noise, String state, String rollout, boolean isStep, boolean muOk, int helperLimit) {
      this.thetaOk = thetaOk;
      this.noise = noise;
      this.state = state;
      this.rollout = rollout;
      this.isStep = isStep;
      this.muOk = muOk;
      this.helperLimit = helperLimit;
      frames.push(new ArrayList<>());
    }

    void line(String s) {
      out.add("  ".repeat(indent) + s);
    }

    void open(String s) {
      line(s);
      indent++;
      frames.push(new ArrayList<>());
    }

    void close(String s) {
      indent--;
      frames.pop();
      line(s);
    }

    /** Ends a branch and opens {@code else if (cond)}, the condition generated outside the branch's scope. */
    void closeElseIf() {
      indent--;
      frames.pop();
      line("} else if (" + bexpr(this, 1, false) + ") {");
      indent++;
      frames.push(new ArrayList<>());
    }

    void add(Var v) {
      frames.peek().add(v);
      names.add(v.name);
    }

    List<Var> visible() {
      List<Var> all = new ArrayList<>();
      for (List<Var> f : frames) {
        all.addAll(f);
      }
      return all;
    }

    boolean visible(String name) {
      // conservative: any local of the method (even one whose initializer is being generated) shadows a field
      if (shadow.contains(name) || names.contains(name)) {
        return true;
      }
      for (Var v : visible()) {
        if (v.name.equals(name)) {
          return true;
        }
      }
      return false;
    }

    String fresh() {
      if (r.nextInt(10) < 7) {
        for (int tries = 0; tries < 4; tries++) {
          String n = POOL[r.nextInt(POOL.length)];
          if (n.contains("$") || names.contains(n) || reserved.contains(n)) {
            continue;
          }
          names.add(n);
          if (n.equals("Math")) {
            shadow.add(n); // in scope from its own initializer on
          }
          return n;
        }
      }
      String n;
      do {
        n = "l" + (counter++);
      } while (names.contains(n));
      names.add(n);
      return n;
    }

    /** A name for an array (local or helper parameter). */
    String freshArray() {
      return fresh();
    }

    String math() {
      return visible("Math") ? "StrictMath" : (strict ? "StrictMath" : "Math");
    }
  }

  final SplittableRandom r;
  final FuzzModel m;
  final List<String> fields = new ArrayList<>();
  final List<String[]> intConsts = new ArrayList<>(); // {name, value}
  final List<String> doubleConsts = new ArrayList<>();
  final List<Helper> helpers = new ArrayList<>();
  final List<ConstArr> constArrays = new ArrayList<>();
  final List<CScalar> computed = new ArrayList<>();
  double gainValue;
  /** Names a local must not take: method and constant names stay usable, class names resolvable. */
  final Set<String> reserved = new HashSet<>();
  String chainAttrs;
  boolean bottleneck;
  boolean strict;
  int counter;
  // role methods: declaration line + body lines
  final List<List<String>> methods = new ArrayList<>();
  List<String> stepLines;
  List<String> costLines;
  List<String> initLines;
  List<String> terminalLines;
  List<String> muLines;
  String stepState;
  String stepNext;
  String costState;

  private ModelGenerator(long seed) {
    this.r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 12345);
    this.m = new FuzzModel(seed);
  }

  /** The model of {@code seed}: grammar-valid, or (about one in four) mutated. */
  static FuzzModel generate(long seed) {
    ModelGenerator g = new ModelGenerator(seed);
    g.build();
    if (g.r.nextInt(4) == 0) {
      Mutations.apply(g);
    }
    g.m.source = g.render();
    return g.m;
  }

  // ------------------------------------------------------------------ model

  private void build() {
    m.stateDim = 1 + r.nextInt(4);
    strict = r.nextInt(10) == 0;
    bottleneck = r.nextInt(5) == 0;
    reserved.add("StrictMath");
    // constants
    intConsts.add(new String[] {"N", Integer.toString(2 + r.nextInt(3))});
    intConsts.add(new String[] {"LEN", "N + 1"});
    doubleConsts.add("GAIN");
    fields.add("static final int N = " + intConsts.get(0)[1] + ";");
    fields.add("static final int LEN = N + 1;");
    String gainText = lit();
    gainValue = Double.parseDouble(gainText.replace("(", "").replace(")", ""));
    fields.add("static final double GAIN = " + gainText + ";");
    reserved.add("N");
    reserved.add("LEN");
    reserved.add("GAIN");
    genConstants();
    // θ
    int np = 1 + r.nextInt(3);
    Set<String> pn = new HashSet<>();
    for (int i = 0; i < np; i++) {
      String name;
      do {
        name = PARAM_NAMES[r.nextInt(PARAM_NAMES.length)];
      } while (!pn.add(name));
      if (r.nextBoolean()) {
        m.params.add(new FuzzModel.ParamSpec(name, 0));
        fields.add("@Param(value = " + fmt(r.nextDouble(-0.5, 0.5)) + ") double " + name + ";");
      } else {
        int len = 2 + r.nextInt(3);
        String lenText = len == constInt("N") ? "N" : len == constInt("N") + 1 ? "LEN" : Integer.toString(len);
        m.params.add(new FuzzModel.ParamSpec(name, len));
        fields.add("@Param(length = " + lenText + ", value = " + fmt(r.nextDouble(-0.5, 0.5)) + ", initStd = "
            + fmt(r.nextDouble(0, 0.3)) + ") double[] " + name + ";");
      }
    }
    // names
    m.stepName = "step";
    m.costName = "cost";
    m.initName = "reset";
    reserved.add("step");
    reserved.add("cost");
    reserved.add("reset");
    // setting
    boolean firstExit = r.nextInt(10) < 4;
    boolean terminal = false;
    if (firstExit) {
      int which = r.nextInt(3);
      terminal = which != 1;
      chainAttrs = "stateDim = " + m.stateDim + ", setting = Setting.FIRST_EXIT"
          + (which != 0 ? ", horizon = " + (20 + r.nextInt(100)) : "");
    } else {
      chainAttrs = "stateDim = " + m.stateDim + ", setting = Setting.DISCOUNTED, discount = "
          + (r.nextBoolean() ? "0.9" : "0.95") + (r.nextBoolean() ? ", horizon = 50" : "");
    }
    if (bottleneck) {
      m.muName = r.nextBoolean() ? "mu" : "logit";
      reserved.add(m.muName);
      muLines = genMu();
    }
    int nh = r.nextInt(4);
    for (int i = 0; i < nh; i++) {
      helpers.add(genHelper(i));
    }
    stepLines = genStep();
    costLines = genCost();
    initLines = genInit();
    if (terminal) {
      m.terminalName = "done";
      terminalLines = genTerminal();
    }
  }

  // ------------------------------------------------------------------ constants

  /**
   * Computed scalar constants (javac folds none of them: each calls a Math function), array constants
   * ({@code {a, b, ...}} with some computed elements, or {@code new double[n]}), int arrays whose elements
   * are small enough to index other arrays. The generator knows every value, computed with the same
   * library call, so reads stay in range.
   */
  private void genConstants() {
    int scalars = r.nextInt(3);
    for (int i = 0; i < scalars; i++) {
      boolean isInt = r.nextInt(3) == 0;
      CV v = computedConst(isInt);
      String name = constName();
      computed.add(new CScalar(name, isInt, v.v()));
      fields.add("static final " + (isInt ? "int " : "double ") + name + " = " + v.s() + ";");
    }
    int arrays = r.nextInt(10) < 6 ? 1 + (r.nextInt(3) == 0 ? 1 : 0) : 0;
    for (int i = 0; i < arrays; i++) {
      String name = constName();
      int len = 2 + r.nextInt(4);
      double[] vals = new double[len];
      if (r.nextInt(6) == 0) {
        String lenText = len == constInt("N") ? "N" : len == constInt("LEN") ? "LEN" : Integer.toString(len);
        fields.add("static final double[] " + name + " = new double[" + lenText + "];");
      } else {
        List<String> els = new ArrayList<>();
        for (int e = 0; e < len; e++) {
          CV v = r.nextInt(3) == 0 ? cexprRetry(1, false) : litCV();
          els.add(v.s());
          vals[e] = v.v();
        }
        fields.add("static final double[] " + name + " = {" + String.join(", ", els) + "};");
      }
      constArrays.add(new ConstArr(name, false, vals));
    }
    if (r.nextInt(10) < 4) {
      String name = constName();
      int len = 2 + r.nextInt(3);
      double[] vals = new double[len];
      List<String> els = new ArrayList<>();
      for (int e = 0; e < len; e++) {
        CV v = null;
        for (int tries = 0; tries < 6 && v == null; tries++) {
          int lit = r.nextInt(4);
          CV c = r.nextInt(3) == 0 ? cexpr(1, true) : new CV(Integer.toString(lit), lit, true);
          if (c.isInt() && c.v() >= 0 && c.v() <= 3) {
            v = c;
          }
        }
        if (v == null) {
          v = new CV("1", 1, true);
        }
        els.add(v.s());
        vals[e] = v.v();
      }
      fields.add("static final int[] " + name + " = {" + String.join(", ", els) + "};");
      constArrays.add(new ConstArr(name, true, vals));
    }
  }

  private String constName() {
    for (int tries = 0; tries < 20; tries++) {
      String n = pick(CONST_NAMES);
      if (!reserved.contains(n)) {
        reserved.add(n);
        return n;
      }
    }
    String n = "K" + (counter++);
    reserved.add(n);
    return n;
  }

  /** A scalar constant's initializer that calls at least one Math function; an int one if {@code isInt}. */
  private CV computedConst(boolean isInt) {
    for (int tries = 0; tries < 8; tries++) {
      CV v = cexpr(2, isInt);
      if (v.s().matches(".*Math\\.[a-z0-9]+\\(.*") && (!isInt || v.isInt())) {
        return v;
      }
    }
    String lib = r.nextBoolean() ? "Math" : "StrictMath";
    return isInt ? new CV("(int) " + lib + ".floor(2.7) + N", 2 + constInt("N"), true)
        : new CV(lib + ".sqrt(2.0) * GAIN + " + lib + ".PI / 4", (lib.equals("Math") ? Math.sqrt(2.0)
            : StrictMath.sqrt(2.0)) * gainValue + Math.PI / 4, false);
  }

  private CV cexprRetry(int depth, boolean wantInt) {
    for (int tries = 0; tries < 8; tries++) {
      CV v = cexpr(depth, wantInt);
      if (!wantInt || v.isInt()) {
        return v;
      }
    }
    return wantInt ? new CV("N", constInt("N"), true) : litCV();
  }

  private CV litCV() {
    String t = lit();
    return new CV(t, Double.parseDouble(t.replace("(", "").replace(")", "")), false);
  }

  /** A constant expression of literals, earlier constants and Math functions; finite and moderate. */
  private CV cexpr(int depth, boolean preferInt) {
    for (int tries = 0; tries < 10; tries++) {
      CV v = cexpr0(depth, preferInt);
      if (Double.isFinite(v.v()) && Math.abs(v.v()) <= 50) {
        return v;
      }
    }
    return preferInt ? new CV("N", constInt("N"), true) : new CV("GAIN", gainValue, false);
  }

  private CV cleaf(boolean preferInt) {
    List<CV> cands = new ArrayList<>();
    for (CScalar c : computed) {
      if (!preferInt || c.isInt()) {
        cands.add(new CV(c.name(), c.value(), c.isInt()));
      }
    }
    int k = r.nextInt(preferInt ? 3 : 5);
    if (k == 0 && !cands.isEmpty()) {
      return cands.get(r.nextInt(cands.size()));
    }
    if (k == 1) {
      return r.nextBoolean() ? new CV("N", constInt("N"), true) : new CV("LEN", constInt("LEN"), true);
    }
    if (k == 2) {
      int v = r.nextInt(6);
      return new CV(Integer.toString(v), v, true);
    }
    if (k == 3) {
      return r.nextBoolean() ? new CV("GAIN", gainValue, false)
          : r.nextBoolean() ? new CV("Math.PI", Math.PI, false) : new CV("StrictMath.E", Math.E, false);
    }
    return litCV();
  }

  private CV cexpr0(int depth, boolean preferInt) {
    if (depth <= 0 || r.nextInt(4) == 0) {
      return cleaf(preferInt);
    }
    String lib = r.nextInt(3) == 0 ? "StrictMath" : "Math";
    boolean sm = lib.equals("StrictMath");
    int k = r.nextInt(preferInt ? 8 : 10);
    switch (k) {
      case 0, 1: {
        CV a = cexpr0(depth - 1, preferInt);
        CV b = cexpr0(depth - 1, preferInt);
        String op = pick(new String[] {"+", "-", "*"});
        String s = "(" + a.s() + " " + op + " " + b.s() + ")";
        if (a.isInt() && b.isInt()) {
          int x = (int) a.v();
          int y = (int) b.v();
          return new CV(s, op.equals("+") ? x + y : op.equals("-") ? x - y : x * y, true);
        }
        return new CV(s, op.equals("+") ? a.v() + b.v() : op.equals("-") ? a.v() - b.v() : a.v() * b.v(), false);
      }
      case 2: {
        CV a = cexpr0(depth - 1, preferInt);
        CV b = cexpr0(depth - 1, preferInt);
        if (a.isInt() && b.isInt()) {
          if ((int) b.v() == 0) {
            return a;
          }
          boolean mod = r.nextBoolean();
          int x = (int) a.v();
          int y = (int) b.v();
          return new CV("(" + a.s() + (mod ? " % " : " / ") + b.s() + ")", mod ? x % y : x / y, true);
        }
        if (Math.abs(b.v()) < 0.1) {
          return a;
        }
        return new CV("(" + a.s() + " / " + b.s() + ")", a.v() / b.v(), false);
      }
      case 3: {
        // to int: (int) floor / ceil / truncation
        CV a = cexpr0(depth - 1, false);
        int f = r.nextInt(3);
        double v = f == 0 ? (sm ? StrictMath.floor(a.v()) : Math.floor(a.v()))
            : f == 1 ? (sm ? StrictMath.ceil(a.v()) : Math.ceil(a.v())) : a.v();
        String s = f == 0 ? "(int) " + lib + ".floor(" + a.s() + ")" : f == 1 ? "(int) " + lib + ".ceil(" + a.s() + ")"
            : "(int) (" + a.s() + ")";
        return new CV(s, (int) v, true);
      }
      case 4: {
        // int overloads of abs / min / max
        CV a = cexpr0(depth - 1, true);
        CV b = cexpr0(depth - 1, true);
        if (!a.isInt() || !b.isInt()) {
          return a;
        }
        int x = (int) a.v();
        int y = (int) b.v();
        return switch (r.nextInt(3)) {
          case 0 -> new CV(lib + ".abs(" + a.s() + ")", Math.abs(x), true);
          case 1 -> new CV(lib + ".min(" + a.s() + ", " + b.s() + ")", Math.min(x, y), true);
          default -> new CV(lib + ".max(" + a.s() + ", " + b.s() + ")", Math.max(x, y), true);
        };
      }
      case 5, 6, 7, 8, 9: {
        CV a = cexpr0(depth - 1, false);
        CV b = cexpr0(depth - 1, false);
        double x = a.v();
        double y = b.v();
        String fn = pick(new String[] {"sin", "cos", "tan", "atan2", "exp", "log", "log1p", "sqrt", "pow", "tanh",
            "abs", "min", "max", "hypot", "floor", "ceil"});
        boolean two = fn.equals("atan2") || fn.equals("pow") || fn.equals("min") || fn.equals("max")
            || fn.equals("hypot");
        // keep to the function's domain
        if ((fn.equals("log") || fn.equals("sqrt")) && !(x > 0) || fn.equals("log1p") && !(x > -1)
            || fn.equals("pow") && !(x > 0 && Math.abs(y) < 4) || fn.equals("exp") && Math.abs(x) > 4
            || fn.equals("tan") && Math.abs(x) > 1.2) {
          fn = "sin";
          two = false;
        }
        double v = sm ? StrictMathFn.apply(fn, x, y) : MathFn.apply(fn, x, y);
        boolean isInt = false;
        if (a.isInt() && (fn.equals("abs") || fn.equals("min") || fn.equals("max"))
            && (!two || b.isInt())) {
          // the int overload: same value, int type
          isInt = true;
          v = fn.equals("abs") ? Math.abs((int) x) : fn.equals("min") ? Math.min((int) x, (int) y)
              : Math.max((int) x, (int) y);
        }
        String s = lib + "." + fn + "(" + a.s() + (two ? ", " + b.s() : "") + ")";
        if (!isInt && r.nextInt(5) == 0 && preferInt) {
          return new CV("(int) " + s, (int) v, true);
        }
        return new CV(s, v, isInt);
      }
      default:
        return cleaf(preferInt);
    }
  }

  /** Math and StrictMath by name, as a constant's initializer calls them. */
  static final class MathFn {
    static double apply(String fn, double x, double y) {
      return switch (fn) {
        case "sin" -> Math.sin(x);
        case "cos" -> Math.cos(x);
        case "tan" -> Math.tan(x);
        case "atan2" -> Math.atan2(x, y);
        case "exp" -> Math.exp(x);
        case "log" -> Math.log(x);
        case "log1p" -> Math.log1p(x);
        case "sqrt" -> Math.sqrt(x);
        case "pow" -> Math.pow(x, y);
        case "tanh" -> Math.tanh(x);
        case "abs" -> Math.abs(x);
        case "min" -> Math.min(x, y);
        case "max" -> Math.max(x, y);
        case "hypot" -> Math.hypot(x, y);
        case "floor" -> Math.floor(x);
        case "ceil" -> Math.ceil(x);
        default -> throw new AssertionError(fn);
      };
    }
  }

  static final class StrictMathFn {
    static double apply(String fn, double x, double y) {
      return switch (fn) {
        case "sin" -> StrictMath.sin(x);
        case "cos" -> StrictMath.cos(x);
        case "tan" -> StrictMath.tan(x);
        case "atan2" -> StrictMath.atan2(x, y);
        case "exp" -> StrictMath.exp(x);
        case "log" -> StrictMath.log(x);
        case "log1p" -> StrictMath.log1p(x);
        case "sqrt" -> StrictMath.sqrt(x);
        case "pow" -> StrictMath.pow(x, y);
        case "tanh" -> StrictMath.tanh(x);
        case "abs" -> StrictMath.abs(x);
        case "min" -> StrictMath.min(x, y);
        case "max" -> StrictMath.max(x, y);
        case "hypot" -> StrictMath.hypot(x, y);
        case "floor" -> StrictMath.floor(x);
        case "ceil" -> StrictMath.ceil(x);
        default -> throw new AssertionError(fn);
      };
    }
  }

  /** A computed int constant of value {@code v}, if any. */
  String intConstOfValue(int v) {
    for (CScalar c : computed) {
      if (c.isInt() && c.value() == v) {
        return c.name();
      }
    }
    return null;
  }

  /** Text for an int bound/length {@code v}: a literal, N, LEN, a computed constant or a constant array's length. */
  String lenText(int v, boolean allowArrays) {
    List<String> cands = new ArrayList<>();
    cands.add(Integer.toString(v));
    if (v == constInt("N")) {
      cands.add("N");
    }
    if (v == constInt("LEN")) {
      cands.add("LEN");
    }
    String m = intConstOfValue(v);
    if (m != null) {
      cands.add(m);
    }
    if (allowArrays) {
      for (ConstArr a : constArrays) {
        if (a.len() == v) {
          cands.add(a.name + ".length");
        }
      }
    }
    return cands.get(r.nextInt(cands.size()));
  }

  /** A nonzero int constant divisor: a literal, N, LEN, a nonzero computed int constant, or N + 1. */
  String divisor() {
    List<String> cands = new ArrayList<>(List.of(Integer.toString(2 + r.nextInt(3)), "N", "LEN", "(N + 1)"));
    for (CScalar c : computed) {
      if (c.isInt() && c.value() != 0) {
        cands.add(c.name());
      }
    }
    return cands.get(r.nextInt(cands.size()));
  }

  int constInt(String name) {
    return Integer.parseInt(intConsts.get(0)[1]) + (name.equals("LEN") ? 1 : 0);
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("package test;\n\nimport org.dsojava.annotations.*;\n\n");
    b.append("/** fuzz seed ").append(m.seed).append(", ").append(m.kind()).append(" */\n");
    b.append("@Chain(").append(chainAttrs).append(")\n");
    b.append("class ").append(m.name).append(" {\n");
    for (String f : fields) {
      b.append("  ").append(f).append('\n');
    }
    for (Helper h : helpers) {
      for (String l : h.lines) {
        b.append(l).append('\n');
      }
    }
    for (List<String> ls : List.of(nz(muLines), stepLines, costLines, initLines, nz(terminalLines))) {
      for (String l : ls) {
        b.append(l).append('\n');
      }
    }
    for (List<String> extra : methods) {
      for (String l : extra) {
        b.append(l).append('\n');
      }
    }
    b.append("}\n");
    return b.toString();
  }

  private static List<String> nz(List<String> l) {
    return l == null ? List.of() : l;
  }

  // ------------------------------------------------------------------ role methods

  private List<String> genStep() {
    stepState = pick(STATE_NAMES);
    String noise;
    do {
      noise = pick(NOISE_NAMES);
    } while (noise.equals(stepState));
    String next;
    do {
      next = pick(NEXT_NAMES);
    } while (next.equals(stepState) || next.equals(noise));
    stepNext = next;
    String rollout = null;
    if (r.nextInt(5) == 0) {
      do {
        rollout = pick(ROLLOUT_NAMES);
      } while (rollout.equals(stepState) || rollout.equals(noise) || rollout.equals(next));
      m.stepRollout = true;
    }
    Ctx c = new Ctx(!bottleneck, noise, stepState, rollout, true, bottleneck, helpers.size());
    c.names.addAll(List.of(stepState, noise, next));
    c.shadow.addAll(List.of(noise, next));
    if (rollout != null) {
      c.names.add(rollout);
      c.add(new Var(rollout, T.I, false, 0, false));
    }
    c.add(new Var(stepState, T.DA, false, m.stateDim, false));
    c.indent = 2;
    int ns = 2 + r.nextInt(6);
    for (int i = 0; i < ns; i++) {
      stmt(c, 0);
    }
    for (int i = 0; i < m.stateDim; i++) {
      int form = r.nextInt(10);
      if (form < 6 || (c.sites == 0 && i == m.stateDim - 1)) {
        String mean = dexpr(c, 2, true).s();
        if (bottleneck && i == 0) {
          mean = mean + " + 0.5 * " + m.muName + "(" + stepState + ")";
        }
        c.line(next + "[" + i + "] = " + noise + ".gaussian(" + mean + ", " + std(c) + ");");
        c.sites++;
      } else if (form < 7) {
        E lo = dexpr(c, 1, false);
        c.line(next + "[" + i + "] = " + noise + ".uniform(" + lo.s() + ", " + lo.s() + " + " + fmtPos() + ");");
        c.sites++;
      } else {
        c.line(next + "[" + i + "] = " + dexpr(c, 2, false).s() + ";");
      }
    }
    return wrap("@Transition", "void " + m.stepName + "(double[] " + stepState + ", Noise " + noise + ", double[] "
        + next + (rollout != null ? ", @Rollout int " + rollout : "") + ")", c.out);
  }

  private List<String> genCost() {
    costState = pick(STATE_NAMES);
    String rollout = null;
    if (r.nextInt(6) == 0) {
      do {
        rollout = pick(ROLLOUT_NAMES);
      } while (rollout.equals(costState));
      m.costRollout = true;
    }
    Ctx c = new Ctx(!bottleneck, null, costState, rollout, false, bottleneck, helpers.size());
    c.names.add(costState);
    if (rollout != null) {
      c.names.add(rollout);
      c.add(new Var(rollout, T.I, false, 0, false));
    }
    c.add(new Var(costState, T.DA, false, m.stateDim, false));
    int ns = r.nextInt(4);
    for (int i = 0; i < ns; i++) {
      stmt(c, 0);
    }
    E e = dexpr(c, 3, true);
    c.line("return " + e.s() + ";");
    return wrap("@Cost", "double " + m.costName + "(double[] " + costState
        + (rollout != null ? ", @Rollout int " + rollout : "") + ")", c.out);
  }

  private List<String> genMu() {
    String st = pick(STATE_NAMES);
    Ctx c = new Ctx(true, null, st, null, false, false, 0);
    c.names.add(st);
    c.add(new Var(st, T.DA, false, m.stateDim, false));
    int ns = r.nextInt(3);
    for (int i = 0; i < ns; i++) {
      stmt(c, 0);
    }
    E e = dexpr(c, 2, true);
    c.line("return " + e.s() + " + " + thetaLeaf(c) + " * " + st + "[0];");
    return wrap("@Bottleneck", "double " + m.muName + "(double[] " + st + ")", c.out);
  }

  private List<String> genInit() {
    String st = pick(STATE_NAMES);
    String noise;
    do {
      noise = pick(NOISE_NAMES);
    } while (noise.equals(st));
    String rollout = null;
    if (r.nextInt(6) == 0) {
      do {
        rollout = pick(ROLLOUT_NAMES);
      } while (rollout.equals(st) || rollout.equals(noise));
      m.initRollout = true;
    }
    List<String> out = new ArrayList<>();
    List<ConstArr> doubles = new ArrayList<>();
    for (ConstArr a : constArrays) {
      if (!a.isInt) {
        doubles.add(a);
      }
    }
    String mp = st.equals("Math") || noise.equals("Math") ? "StrictMath" : strict ? "StrictMath" : "Math";
    if (r.nextInt(4) == 0) {
      String scale = "";
      if (!doubles.isEmpty() && r.nextBoolean()) {
        ConstArr a = doubles.get(r.nextInt(doubles.size()));
        // bounded: tanh of the table entry, the entry picked by i % length
        scale = " * " + mp + ".tanh(" + a.name + "[i % " + a.name + ".length])";
      }
      out.add("    for (int i = 0; i < " + m.stateDim + "; i++) {");
      out.add("      " + st + "[i] = " + noise + ".uniform(-1.0, 1.0)" + scale + ";");
      out.add("    }");
    } else {
      for (int i = 0; i < m.stateDim; i++) {
        int f = r.nextInt(7);
        if (f == 5 && doubles.isEmpty() || f == 6 && computed.isEmpty()) {
          f = 4;
        }
        String v = switch (f) {
          case 0 -> noise + ".gaussian(0.0, 0.5)";
          case 1 -> fmt(r.nextDouble(-1, 1));
          case 2 -> rollout != null ? "(" + rollout + " % 2 == 0 ? 0.5 : -0.5)" : noise + ".uniform(-0.5, 0.5)";
          case 5 -> {
            ConstArr a = doubles.get(r.nextInt(doubles.size()));
            yield noise + ".uniform(-1.0, 1.0) * " + mp + ".tanh(" + a.name + "[" + r.nextInt(a.len()) + "])";
          }
          case 6 -> {
            CScalar c = computed.get(r.nextInt(computed.size()));
            yield mp + ".sin(" + c.name() + ")" + (r.nextBoolean() ? " + " + noise + ".gaussian(0.0, 0.3)" : "");
          }
          default -> noise + ".uniform(-1.0, 1.0)";
        };
        out.add("    " + st + "[" + i + "] = " + v + ";");
      }
    }
    return wrap("@Initial", "void " + m.initName + "(Noise " + noise + ", double[] " + st
        + (rollout != null ? ", @Rollout int " + rollout : "") + ")", out);
  }

  private List<String> genTerminal() {
    String st = pick(STATE_NAMES);
    Ctx c = new Ctx(false, null, st, null, false, false, helpers.size());
    c.names.add(st);
    c.add(new Var(st, T.DA, false, m.stateDim, false));
    if (r.nextBoolean()) {
      stmt(c, 0);
    }
    c.line("return " + bexpr(c, 2, false) + ";");
    return wrap("@Terminal", "boolean " + m.terminalName + "(double[] " + st + ")", c.out);
  }

  static List<String> wrap(String annotation, String signature, List<String> body) {
    List<String> out = new ArrayList<>();
    out.add("  " + annotation);
    out.add("  " + signature + " {");
    out.addAll(body);
    out.add("  }");
    return out;
  }

  // ------------------------------------------------------------------ helpers

  private Helper genHelper(int index) {
    Helper h = new Helper();
    h.name = "h" + index + pick(new String[] {"", "tape", "lp", "dc", "org"});
    reserved.add(h.name);
    int k = r.nextInt(10);
    h.kind = k < 5 ? HKind.VALUE : k < 7 ? HKind.BOOL : k < 9 ? HKind.FILL : HKind.NOISY;
    h.thetaFree = bottleneck || r.nextBoolean();
    Ctx c = new Ctx(!h.thetaFree, null, null, null, false, false, index);
    List<String> params = new ArrayList<>();
    switch (h.kind) {
      case VALUE, BOOL -> {
        h.hasD = r.nextBoolean() || h.kind == HKind.VALUE;
        h.hasI = r.nextInt(3) == 0;
        h.hasB = r.nextInt(4) == 0;
        h.arrLen = r.nextBoolean() ? 2 + r.nextInt(3) : 0;
        if (h.hasD) {
          String n = c.fresh();
          params.add("double " + n);
          c.add(new Var(n, T.D, !h.thetaFree, 0, false));
        }
        if (h.hasI) {
          String n = c.fresh();
          params.add("int " + n);
          c.add(new Var(n, T.I, false, 0, false));
        }
        if (h.hasB) {
          String n = c.fresh();
          params.add("boolean " + n);
          c.add(new Var(n, T.B, false, 0, false));
        }
        if (h.arrLen > 0) {
          String n = c.freshArray();
          params.add("double[] " + n);
          c.add(new Var(n, T.DA, !h.thetaFree, h.arrLen, false));
        }
        int ns = r.nextInt(3);
        for (int i = 0; i < ns; i++) {
          stmt(c, 1);
        }
        if (h.kind == HKind.BOOL) {
          c.line("return " + bexpr(c, 2, false) + ";");
        } else if (r.nextInt(3) == 0) {
          c.open("if (" + bexpr(c, 1, false) + ") {");
          c.line("return " + dexpr(c, 2, true).s() + ";");
          if (r.nextBoolean()) {
            c.closeElseIf();
            c.line("return " + dexpr(c, 2, true).s() + ";");
          }
          c.close("} else {");
          c.frames.push(new ArrayList<>());
          c.indent++;
          c.line("return " + dexpr(c, 2, true).s() + ";");
          c.close("}");
        } else {
          c.line("return " + dexpr(c, 2, true).s() + ";");
        }
        h.lines.addAll(wrap("", (h.kind == HKind.BOOL ? "boolean " : "double ") + h.name + "("
            + String.join(", ", params) + ")", c.out).subList(1, c.out.size() + 3));
      }
      case FILL -> {
        h.arrLen = 2 + r.nextInt(3);
        String src = c.freshArray();
        String dst = c.freshArray();
        c.add(new Var(src, T.DA, !h.thetaFree, h.arrLen, false));
        String i = c.fresh();
        c.open("for (int " + i + " = 0; " + i + " < " + dst + ".length; " + i + "++) {");
        c.add(new Var(i, T.I, false, h.arrLen, true));
        c.line(dst + "[" + i + "] = " + dexpr(c, 2, true).s() + ";");
        c.close("}");
        h.lines.addAll(wrap("", "void " + h.name + "(double[] " + src + ", double[] " + dst + ")", c.out)
            .subList(1, c.out.size() + 3));
      }
      case NOISY -> {
        String nz = c.fresh();
        String a = c.fresh();
        if (nz.equals("Math") || a.equals("Math")) {
          nz = "nz";
          a = "aa";
        }
        Ctx inner = new Ctx(false, nz, null, null, true, false, 0);
        inner.names.addAll(c.names);
        inner.shadow.addAll(List.of(nz, a));
        String e = inner.fresh();
        String site = switch (r.nextInt(3)) {
          case 0 -> nz + ".gaussian(0.5 * " + a + ", 0.1 + " + a + " * " + a + ")";
          case 1 -> nz + ".bernoulliLogit(" + a + ")";
          default -> nz + ".gaussian(" + inner.math() + ".tanh(" + a + "), 0.3)";
        };
        inner.line("double " + e + " = " + site + ";");
        inner.add(new Var(e, T.D, false, 0, false));
        inner.line("return " + dexpr(inner, 1, false).s() + ";");
        h.lines.addAll(wrap("", "double " + h.name + "(Noise " + nz + ", double " + a + ")", inner.out)
            .subList(1, inner.out.size() + 3));
      }
      default -> throw new AssertionError();
    }
    return h;
  }

  // ------------------------------------------------------------------ statements

  /** One statement (or a small group) at the current position; {@code level} limits nesting. */
  void stmt(Ctx c, int level) {
    int k = r.nextInt(c.isStep ? 15 : 11);
    switch (k) {
      case 10 -> stateIndex(c);
      case 0, 1, 2 -> {
        String n = c.fresh();
        E e = dexpr(c, 2, c.thetaOk && r.nextBoolean() || c.muOk && r.nextInt(3) == 0);
        c.line("double " + n + " = " + e.s() + ";");
        c.add(new Var(n, T.D, e.th(), 0, false));
      }
      case 3 -> {
        String n = c.fresh();
        String e = iexpr(c, 2);
        c.line("int " + n + " = " + e + ";");
        c.add(new Var(n, T.I, false, 0, false));
        if (r.nextBoolean()) {
          intCompound(c);
        }
      }
      case 4 -> {
        String n = c.fresh();
        String e = bexpr(c, 2, false);
        c.line("boolean " + n + " = " + e + ";");
        c.add(new Var(n, T.B, false, 0, false));
      }
      case 5 -> localArray(c);
      case 6 -> {
        if (level < 2) {
          loop(c, level);
        }
      }
      case 7 -> {
        if (level < 2) {
          ifAssign(c, level);
        }
      }
      case 8 -> compound(c);
      case 9 -> fillCall(c);
      default -> site(c);
    }
  }

  private void localArray(Ctx c) {
    int len = 2 + r.nextInt(3);
    String n = c.freshArray();
    if (r.nextBoolean()) {
      List<String> els = new ArrayList<>();
      boolean th = false;
      for (int i = 0; i < len; i++) {
        E e = dexpr(c, 1, c.thetaOk && r.nextBoolean());
        els.add(e.s());
        th |= e.th();
      }
      c.line("double[] " + n + " = {" + String.join(", ", els) + "};");
      c.add(new Var(n, T.DA, th, len, false));
    } else {
      String lenText = lenText(len, true);
      c.line("double[] " + n + " = new double[" + lenText + "];");
      String i = c.fresh();
      c.open("for (int " + i + " = 0; " + i + " < " + (r.nextBoolean() ? n + ".length" : lenText(len, true)) + "; "
          + i + "++) {");
      c.add(new Var(i, T.I, false, len, true));
      E e = dexpr(c, 2, c.thetaOk && r.nextBoolean());
      c.line(n + "[" + i + "] = " + e.s() + ";");
      c.close("}");
      c.add(new Var(n, T.DA, e.th(), len, false));
    }
  }

  private void loop(Ctx c, int level) {
    boolean th = c.thetaOk && r.nextBoolean();
    String acc = c.fresh();
    c.line("double " + acc + " = " + fmt(r.nextDouble(-1, 1)) + ";");
    int bound = 1 + r.nextInt(5);
    String boundText = lenText(bound, true);
    String i = c.fresh();
    if (r.nextInt(4) == 0) {
      c.open("for (int " + i + " = 0; " + i + " <= " + boundText + " - 1; " + i + "++) {");
    } else {
      c.open("for (int " + i + " = 0; " + i + " < " + boundText + "; " + i + "++) {");
    }
    c.add(new Var(i, T.I, false, bound, true));
    if (r.nextInt(3) == 0) {
      stmt(c, level + 1);
    }
    if (c.isStep && c.noise != null && r.nextInt(3) == 0) {
      String e = c.fresh();
      c.line("double " + e + " = " + c.noise + ".gaussian(" + dexpr(c, 1, true).s() + ", " + std(c) + ");");
      c.sites++;
      c.add(new Var(e, T.D, false, 0, false));
    }
    E term = dexpr(c, 2, th);
    String op = pick(new String[] {"+=", "+=", "-=", "*="});
    if (op.equals("*=")) {
      c.line(acc + " *= " + c.math() + ".tanh(" + term.s() + ");");
    } else {
      c.line(acc + " " + op + " " + term.s() + ";");
    }
    c.close("}");
    c.add(new Var(acc, T.D, term.th(), 0, false));
  }

  private void ifAssign(Ctx c, int level) {
    String v = c.fresh();
    c.line("double " + v + " = 0.0;");
    boolean th = c.thetaOk && r.nextBoolean();
    boolean siteCond = c.isStep && c.noise != null && r.nextInt(4) == 0;
    String cond = bexpr(c, 2, siteCond);
    c.open("if (" + cond + ") {");
    E a = branchBody(c, level, th);
    c.line(v + " = " + a.s() + ";");
    boolean theta = a.th();
    if (r.nextInt(3) > 0) {
      if (r.nextInt(3) == 0) {
        c.closeElseIf();
        E b = branchBody(c, level, th);
        c.line(v + " = " + b.s() + ";");
        theta |= b.th();
      }
      c.close("} else {");
      c.frames.push(new ArrayList<>());
      c.indent++;
      E b = branchBody(c, level, th);
      c.line(v + " = " + b.s() + ";");
      theta |= b.th();
    }
    c.close("}");
    // the variable was declared before the if; its taint is the union of the branches
    c.frames.peek().add(new Var(v, T.D, theta, 0, false));
  }

  private E branchBody(Ctx c, int level, boolean th) {
    if (r.nextInt(3) == 0) {
      stmt(c, level + 1);
    }
    if (c.isStep && c.noise != null && r.nextInt(3) == 0) {
      String e = c.fresh();
      c.line("double " + e + " = " + c.noise + ".gaussian(" + dexpr(c, 1, true).s() + ", " + std(c) + ");");
      c.sites++;
      c.add(new Var(e, T.D, false, 0, false));
    }
    return dexpr(c, 2, th);
  }

  private void compound(Ctx c) {
    List<Var> ds = new ArrayList<>();
    for (Var v : c.visible()) {
      if (v.type == T.D && !v.loop && !isParamOfHelper(c, v)) {
        ds.add(v);
      }
    }
    if (ds.isEmpty()) {
      return;
    }
    Var v = ds.get(r.nextInt(ds.size()));
    E e = dexpr(c, 1, v.theta);
    String op = pick(new String[] {"+=", "-=", "*="});
    c.line(v.name + " " + op + " " + e.s() + ";");
  }

  /** {@code j %= d}, {@code j /= d} (d a nonzero constant), or {@code j += / -= / *=} an int expression. */
  private void intCompound(Ctx c) {
    List<Var> is = new ArrayList<>();
    for (Var v : c.visible()) {
      if (v.type == T.I && !v.loop && v.range == 0 && !v.name.equals(c.rollout)) {
        is.add(v);
      }
    }
    if (is.isEmpty()) {
      return;
    }
    Var v = is.get(r.nextInt(is.size()));
    switch (r.nextInt(4)) {
      case 0, 1 -> c.line(v.name + " %= " + divisor() + ";");
      case 2 -> c.line(v.name + " /= " + divisor() + ";");
      default -> c.line(v.name + " " + pick(new String[] {"+=", "-=", "*="}) + " " + iexpr(c, 1) + ";");
    }
  }

  /**
   * An int computed from the state (or draws), {@code (int) floor(..)}, clamped into [0, L) with ternaries,
   * Math.max/min or a double remainder, then (often) a read of a θ array or constant array at it.
   */
  private void stateIndex(Ctx c) {
    List<Integer> lens = new ArrayList<>();
    List<String> arrays = new ArrayList<>();
    if (c.thetaOk) {
      for (FuzzModel.ParamSpec p : m.params) {
        if (p.length() > 0) {
          lens.add(p.length());
          arrays.add(p.name());
        }
      }
    }
    for (ConstArr a : constArrays) {
      lens.add(a.len());
      arrays.add(null);
    }
    int pickI = lens.isEmpty() ? -1 : r.nextInt(lens.size());
    int len = pickI < 0 ? 2 + r.nextInt(3) : lens.get(pickI);
    String j = c.fresh();
    c.line("int " + j + " = (int) " + c.math() + ".floor(" + dexpr(c, 1, false).s() + " * " + fmt(0.5 + r.nextDouble(0, 3))
        + ");");
    c.add(new Var(j, T.I, false, 0, false));
    String top = r.nextBoolean() ? Integer.toString(len - 1) : lenText(len, true) + " - 1";
    if (pickI >= 0 && arrays.get(pickI) != null && r.nextBoolean()) {
      // this.w.length where a local shadows w
      top = field(c, arrays.get(pickI)) + ".length - 1";
    }
    String jc = c.fresh(); // before the initializer: a local named Math turns its calls into StrictMath
    String clamped = switch (r.nextInt(4)) {
      case 0 -> j + " < 0 ? 0 : " + j + " > " + top + " ? " + top + " : " + j;
      case 1 -> j + " >= " + top + " ? " + top + " : (" + j + " < 0 ? 0 : " + j + ")";
      case 2 -> c.math() + ".max(0, " + c.math() + ".min(" + top + ", " + j + "))";
      default -> {
        String lt = lenText(len, true);
        yield "(" + j + " % " + lt + " + " + lt + ") % " + lt;
      }
    };
    // The new local is in scope in its own initializer: it must not take a name the initializer reads.
    while (java.util.regex.Pattern.compile("(?<![.\\w$])" + java.util.regex.Pattern.quote(jc) + "(?![\\w$])")
        .matcher(clamped).find()) {
      jc = c.fresh();
    }
    c.line("int " + jc + " = " + clamped + ";");
    Var v = new Var(jc, T.I, false, 0, false);
    v.range = len;
    c.add(v);
    if (pickI >= 0 && r.nextInt(3) > 0) {
      String u = c.fresh(); // before the initializer, which must qualify a field it shadows
      String arr = arrays.get(pickI);
      boolean th = arr != null;
      String read;
      if (arr != null) {
        read = field(c, arr) + "[" + jc + "]";
      } else {
        ConstArr a = constArrays.get(pickI - (lens.size() - constArrays.size()));
        read = a.name + "[" + jc + "]";
        if (a.isInt) {
          read = "(" + read + " * " + lit() + ")";
        }
      }
      c.line("double " + u + " = " + read + " * " + dexpr(c, 1, th).s() + ";");
      c.add(new Var(u, T.D, th, 0, false));
    }
  }

  private boolean isParamOfHelper(Ctx c, Var v) {
    return false;
  }

  private void fillCall(Ctx c) {
    for (int idx = 0; idx < c.helperLimit; idx++) {
      Helper h = helpers.get(idx);
      if (h.kind != HKind.FILL) {
        continue;
      }
      if (!h.thetaFree && !(c.thetaOk || c.muOk)) {
        // A helper that reads θ may not be called where θ may not be read (@Initial, @Terminal), as in helperCall.
        continue;
      }
      Var src = array(c, h.arrLen, !h.thetaFree && c.thetaOk);
      String ca = constArray(h.arrLen);
      if (ca != null && r.nextBoolean()) {
        src = null;
      }
      String srcText = src != null ? src.name : ca != null ? ca : thetaArray(c, h.arrLen, !h.thetaFree && c.thetaOk);
      if (srcText == null) {
        continue;
      }
      boolean th = !h.thetaFree || (src != null ? src.theta : !srcText.equals(ca));
      String dst = c.freshArray();
      c.line("double[] " + dst + " = new double[" + h.arrLen + "];");
      c.line(h.name + "(" + srcText + ", " + dst + ");");
      c.add(new Var(dst, T.DA, th, h.arrLen, false));
      return;
    }
  }

  private void site(Ctx c) {
    if (c.noise == null) {
      return;
    }
    String n = c.fresh();
    int k = r.nextInt(10);
    if (k < 4) {
      c.line("double " + n + " = " + c.noise + ".gaussian(" + dexpr(c, 2, true).s() + ", " + std(c) + ");");
      c.add(new Var(n, T.D, false, 0, false));
    } else if (k < 5) {
      E lo = dexpr(c, 1, false);
      c.line("double " + n + " = " + c.noise + ".uniform(" + lo.s() + ", " + lo.s() + " + " + fmtPos() + ");");
      c.add(new Var(n, T.D, false, 0, false));
    } else if (k < 7) {
      c.line("int " + n + " = " + c.noise + ".bernoulliLogit(" + dexpr(c, 2, true).s() + ");");
      c.add(new Var(n, T.I, false, 0, false));
    } else if (k < 9) {
      Var arr = array(c, -1, true);
      String text = arr != null ? arr.name : thetaArray(c, -1, true);
      if (text == null) {
        return;
      }
      c.line("int " + n + " = " + c.noise + ".categoricalLogits(" + text + ");");
      c.add(new Var(n, T.I, false, 0, false));
    } else {
      for (int idx = 0; idx < c.helperLimit; idx++) {
        Helper h = helpers.get(idx);
        if (h.kind == HKind.NOISY) {
          c.line("double " + n + " = " + h.name + "(" + c.noise + ", " + dexpr(c, 1, true).s() + ");");
          c.add(new Var(n, T.D, false, 0, false));
          c.sites++;
          return;
        }
      }
      return;
    }
    c.sites++;
  }

  /** A visible local array (not the state) of length {@code len} (-1: any), θ-dependent only if allowed. */
  private Var array(Ctx c, int len, boolean thetaOk) {
    List<Var> cands = new ArrayList<>();
    for (Var v : c.visible()) {
      if (v.type == T.DA && (len < 0 || v.len == len) && (thetaOk || !v.theta)) {
        cands.add(v);
      }
    }
    return cands.isEmpty() ? null : cands.get(r.nextInt(cands.size()));
  }

  /** A constant double[] of length {@code len}, or null. */
  private String constArray(int len) {
    List<String> cands = new ArrayList<>();
    for (ConstArr a : constArrays) {
      if (!a.isInt && a.len() == len) {
        cands.add(a.name);
      }
    }
    return cands.isEmpty() ? null : cands.get(r.nextInt(cands.size()));
  }

  private String thetaArray(Ctx c, int len, boolean thetaOk) {
    if (!thetaOk) {
      return null;
    }
    for (FuzzModel.ParamSpec p : m.params) {
      if (p.length() > 0 && (len < 0 || p.length() == len)) {
        return field(c, p.name());
      }
    }
    return null;
  }

  String std(Ctx c) {
    switch (r.nextInt(4)) {
      case 0:
        return fmtPos();
      case 1: {
        E e = dexpr(c, 1, true);
        return "0.1 + " + e.s() + " * " + e.s();
      }
      default:
        return "0.1 + " + c.math() + ".exp(" + c.math() + ".tanh(" + dexpr(c, 2, true).s() + "))";
    }
  }

  // ------------------------------------------------------------------ expressions

  /** A double expression; θ-dependent only if {@code allowTh} (and the method may read θ or call μ). */
  E dexpr(Ctx c, int depth, boolean allowTh) {
    if (depth <= 0 || r.nextInt(4) == 0) {
      return leaf(c, allowTh);
    }
    String mp = c.math();
    int k = r.nextInt(20);
    switch (k) {
      case 0, 1, 2, 3: {
        E a = dexpr(c, depth - 1, allowTh);
        E b = dexpr(c, depth - 1, allowTh);
        return new E("(" + a.s() + " " + pick(new String[] {"+", "-", "*"}) + " " + b.s() + ")", a.th() || b.th());
      }
      case 4: {
        E a = dexpr(c, depth - 1, allowTh);
        E b = dexpr(c, depth - 1, allowTh);
        return new E("(" + a.s() + " / (1.5 + " + b.s() + " * " + b.s() + "))", a.th() || b.th());
      }
      case 5: {
        E a = dexpr(c, depth - 1, allowTh);
        return new E("(-" + a.s() + ")", a.th());
      }
      case 6, 7, 8: {
        E a = dexpr(c, depth - 1, allowTh);
        String f = pick(new String[] {"sin", "cos", "tanh", "exp(" + mp + ".sin", "log(1.5 + " + mp + ".cos",
            "log1p", "sqrt(1.0 + ", "tan(0.5 * " + mp + ".sin", "exp(-"});
        String s = switch (f) {
          case "log1p" -> mp + ".log1p(" + a.s() + " * " + a.s() + ")";
          case "sqrt(1.0 + " -> mp + ".sqrt(1.0 + " + a.s() + " * " + a.s() + ")";
          case "exp(-" -> mp + ".exp(-" + a.s() + " * " + a.s() + ")";
          default -> f.contains("(") ? mp + "." + f + "(" + a.s() + "))" : mp + "." + f + "(" + a.s() + ")";
        };
        return new E(s, a.th());
      }
      case 9: {
        E a = dexpr(c, depth - 1, allowTh);
        E b = dexpr(c, depth - 1, allowTh);
        String s = switch (r.nextInt(3)) {
          case 0 -> mp + ".atan2(" + a.s() + ", 2.0 + " + mp + ".cos(" + b.s() + "))";
          case 1 -> mp + ".hypot(" + a.s() + ", 0.5 + " + b.s() + " * " + b.s() + ")";
          default -> mp + ".pow(1.5 + " + mp + ".sin(" + a.s() + "), " + (r.nextBoolean() ? fmt(r.nextDouble(-2, 3))
              : mp + ".cos(" + b.s() + ")") + ")";
        };
        return new E(s, a.th() || b.th());
      }
      case 10: {
        // not smooth: θ-free arguments only
        E a = dexpr(c, depth - 1, false);
        E b = dexpr(c, depth - 1, false);
        String s = switch (r.nextInt(5)) {
          case 0 -> mp + ".abs(" + a.s() + ")";
          case 1 -> mp + ".min(" + a.s() + ", " + b.s() + ")";
          case 2 -> mp + ".max(" + a.s() + ", " + b.s() + ")";
          case 3 -> mp + ".floor(" + a.s() + ")";
          default -> mp + ".ceil(" + a.s() + ")";
        };
        return new E(s, false);
      }
      case 11: {
        if (r.nextInt(3) != 0) {
          return leaf(c, allowTh);
        }
        // may leave the domain: θ-free arguments only
        E a = dexpr(c, depth - 1, false);
        E b = dexpr(c, depth - 1, false);
        m.mayBeNonFinite = true;
        String s = switch (r.nextInt(4)) {
          case 0 -> mp + ".log(" + a.s() + ")";
          case 1 -> mp + ".sqrt(" + a.s() + ")";
          case 2 -> mp + ".pow(" + a.s() + ", " + b.s() + ")";
          default -> "(" + a.s() + " / " + b.s() + ")";
        };
        return new E(s, false);
      }
      case 12, 13: {
        String cond = bexpr(c, depth - 1, false);
        E a = dexpr(c, depth - 1, allowTh);
        E b = dexpr(c, depth - 1, allowTh);
        return new E("(" + cond + " ? " + a.s() + " : " + b.s() + ")", a.th() || b.th());
      }
      case 14, 15: {
        E call = helperCall(c, depth, allowTh, HKind.VALUE);
        return call != null ? call : leaf(c, allowTh);
      }
      case 16: {
        if (c.muOk && allowTh && c.state != null && stateIsFull(c)) {
          return new E(m.muName + "(" + c.state + ")", true);
        }
        return leaf(c, allowTh);
      }
      default:
        return leaf(c, allowTh);
    }
  }

  private boolean stateIsFull(Ctx c) {
    return true;
  }

  E helperCall(Ctx c, int depth, boolean allowTh, HKind kind) {
    List<Helper> cands = new ArrayList<>();
    for (int i = 0; i < c.helperLimit; i++) {
      Helper h = helpers.get(i);
      if (h.kind == kind && (h.thetaFree || allowTh && (c.thetaOk || c.muOk))) {
        cands.add(h);
      }
    }
    if (cands.isEmpty()) {
      return null;
    }
    Helper h = cands.get(r.nextInt(cands.size()));
    boolean argTh = !h.thetaFree && allowTh;
    List<String> args = new ArrayList<>();
    boolean th = !h.thetaFree;
    if (h.hasD) {
      E a = dexpr(c, Math.min(depth - 1, 1), argTh);
      args.add(a.s());
    }
    if (h.hasI) {
      args.add(iexpr(c, 1));
    }
    if (h.hasB) {
      args.add(bexpr(c, 1, false));
    }
    if (h.arrLen > 0) {
      Var arr = array(c, h.arrLen, argTh);
      String ca = constArray(h.arrLen);
      String text;
      if (ca != null && (arr == null || r.nextInt(3) == 0)) {
        text = ca;
      } else if (arr != null) {
        text = arr.name;
      } else if (c.state != null && m.stateDim == h.arrLen) {
        text = c.state;
      } else {
        text = thetaArray(c, h.arrLen, argTh && c.thetaOk);
      }
      if (text == null) {
        return null;
      }
      args.add(text);
    }
    return new E(h.name + "(" + String.join(", ", args) + ")", th);
  }

  E leaf(Ctx c, boolean allowTh) {
    for (int tries = 0; tries < 6; tries++) {
      int k = r.nextInt(14);
      switch (k) {
        case 12, 13: {
          String cr = constRead(c);
          if (cr != null) {
            return new E(cr, false);
          }
          break;
        }
        case 0, 1:
          return new E(lit(), false);
        case 2, 3, 4:
          if (c.state != null) {
            return new E(c.state + "[" + r.nextInt(m.stateDim) + "]", false);
          }
          break;
        case 5, 6: {
          List<Var> vs = new ArrayList<>();
          for (Var v : c.visible()) {
            if (v.type == T.D && (allowTh || !v.theta)) {
              vs.add(v);
            }
          }
          if (!vs.isEmpty()) {
            Var v = vs.get(r.nextInt(vs.size()));
            return new E(v.name, v.theta);
          }
          break;
        }
        case 7: {
          List<Var> vs = new ArrayList<>();
          for (Var v : c.visible()) {
            if (v.type == T.I) {
              vs.add(v);
            }
          }
          if (!vs.isEmpty()) {
            return new E("(" + vs.get(r.nextInt(vs.size())).name + " * " + lit() + ")", false);
          }
          break;
        }
        case 8, 9:
          if (allowTh && c.thetaOk) {
            return new E(thetaLeaf(c), true);
          }
          break;
        case 10: {
          List<Var> vs = new ArrayList<>();
          for (Var v : c.visible()) {
            if (v.type == T.DA && (allowTh || !v.theta) && !v.name.equals(c.state)) {
              vs.add(v);
            }
          }
          if (!vs.isEmpty()) {
            Var a = vs.get(r.nextInt(vs.size()));
            return new E(a.name + "[" + index(c, a.len) + "]", a.theta);
          }
          break;
        }
        default:
          return new E(r.nextBoolean() ? "GAIN" : c.math() + (r.nextBoolean() ? ".PI" : ".E"), false);
      }
    }
    return new E(lit(), false);
  }

  /** A double read of a constant: a computed scalar, or an element of a constant array at an index in range. */
  String constRead(Ctx c) {
    int total = computed.size() + constArrays.size();
    if (total == 0) {
      return null;
    }
    int k = r.nextInt(total);
    if (k < computed.size()) {
      CScalar s = computed.get(k);
      return s.isInt() ? "(" + s.name() + " * " + lit() + ")" : s.name();
    }
    ConstArr a = constArrays.get(k - computed.size());
    String read = a.name + "[" + index(c, a.len()) + "]";
    return a.isInt ? "(" + read + " * " + lit() + ")" : read;
  }

  /** A θ read: a scalar field, or an array field at a constant or loop index in range. */
  String thetaLeaf(Ctx c) {
    FuzzModel.ParamSpec p = m.params.get(r.nextInt(m.params.size()));
    String f = field(c, p.name());
    if (p.length() == 0) {
      return f;
    }
    return f + "[" + index(c, p.length()) + "]";
  }

  /** A field reference, qualified when a local of the same name is visible. */
  String field(Ctx c, String name) {
    return c.visible(name) || r.nextInt(8) == 0 ? "this." + name : name;
  }

  /** An int index in [0, len): a constant, a loop index whose bound fits, or a wrapped int expression. */
  String index(Ctx c, int len) {
    List<Var> loops = new ArrayList<>();
    for (Var v : c.visible()) {
      if (v.loop && v.len <= len || v.type == T.I && v.range > 0 && v.range <= len) {
        loops.add(v);
      }
    }
    int k = r.nextInt(5);
    if (k == 0 && !loops.isEmpty()) {
      return loops.get(r.nextInt(loops.size())).name;
    }
    if (k == 1) {
      String lt = lenText(len, true);
      return "((" + iexpr(c, 1) + ") % " + lt + " + " + lt + ") % " + lt;
    }
    if (k == 2) {
      String t = intArrayIndex(c, len);
      if (t != null) {
        return t;
      }
    }
    return Integer.toString(r.nextInt(len));
  }

  /** An element of a constant int array, read at a constant or loop index, whose value is in [0, len). */
  String intArrayIndex(Ctx c, int len) {
    List<ConstArr> ints = new ArrayList<>();
    for (ConstArr a : constArrays) {
      if (a.isInt) {
        ints.add(a);
      }
    }
    if (ints.isEmpty()) {
      return null;
    }
    ConstArr a = ints.get(r.nextInt(ints.size()));
    for (Var v : c.visible()) {
      if (v.loop && v.len <= a.len() && a.max(v.len) < len && r.nextBoolean()) {
        return a.name + "[" + v.name + "]";
      }
    }
    int i = r.nextInt(a.len());
    return a.vals[i] < len ? a.name + "[" + i + "]" : null;
  }

  String iexpr(Ctx c, int depth) {
    if (depth <= 0 || r.nextBoolean()) {
      List<Var> vs = new ArrayList<>();
      for (Var v : c.visible()) {
        if (v.type == T.I) {
          vs.add(v);
        }
      }
      if (!vs.isEmpty() && r.nextBoolean()) {
        return vs.get(r.nextInt(vs.size())).name;
      }
      if (r.nextInt(4) == 0) {
        List<String> cs = new ArrayList<>();
        for (CScalar s : computed) {
          if (s.isInt()) {
            cs.add(s.name());
          }
        }
        for (ConstArr a : constArrays) {
          if (a.isInt) {
            cs.add(a.name + "[" + index(c, a.len()) + "]");
          }
        }
        if (!cs.isEmpty()) {
          return cs.get(r.nextInt(cs.size()));
        }
      }
      return r.nextInt(3) == 0 ? "N" : Integer.toString(r.nextInt(6));
    }
    return switch (r.nextInt(6)) {
      case 0 -> "(" + iexpr(c, depth - 1) + " " + pick(new String[] {"+", "-", "*"}) + " " + iexpr(c, depth - 1) + ")";
      case 1 -> "(" + iexpr(c, depth - 1) + " % " + divisor() + ")";
      case 2 -> "(" + iexpr(c, depth - 1) + " / " + divisor() + ")";
      case 3 -> "(int) " + c.math() + ".floor(" + dexpr(c, 1, false).s() + ")";
      case 4 -> c.math() + "." + pick(new String[] {"max", "min"}) + "(" + iexpr(c, depth - 1) + ", "
          + iexpr(c, depth - 1) + ")";
      default -> c.math() + ".abs(" + iexpr(c, depth - 1) + ")";
    };
  }

  /** A θ-free boolean expression; {@code sites}: a Bernoulli site may appear (if conditions of the transition). */
  String bexpr(Ctx c, int depth, boolean sites) {
    int k = r.nextInt(depth <= 0 ? 4 : 9);
    switch (k) {
      case 0, 1: {
        E a = dexpr(c, 1, false);
        E b = dexpr(c, 1, false);
        return a.s() + " " + pick(new String[] {"<", "<=", ">", ">=", "==", "!="}) + " " + b.s();
      }
      case 2:
        return iexpr(c, 1) + " % 2 == " + r.nextInt(2);
      case 3: {
        for (Var v : c.visible()) {
          if (v.type == T.B && r.nextBoolean()) {
            return (r.nextBoolean() ? "!" : "") + v.name;
          }
        }
        return dexpr(c, 1, false).s() + " > " + lit();
      }
      case 4, 5:
        return "(" + bexpr(c, depth - 1, sites) + ") " + (r.nextBoolean() ? "&&" : "||") + " ("
            + bexpr(c, depth - 1, sites) + ")";
      case 6:
        return "!(" + bexpr(c, depth - 1, sites) + ")";
      case 7: {
        if (sites && c.noise != null) {
          c.sites++;
          return c.noise + ".bernoulliLogit(" + dexpr(c, 1, true).s() + ") == 1";
        }
        return bexpr(c, depth - 1, false);
      }
      default: {
        E call = helperCall(c, depth, false, HKind.BOOL);
        return call != null ? call.s() : bexpr(c, depth - 1, false);
      }
    }
  }

  // ------------------------------------------------------------------ literals

  String lit() {
    double v = r.nextInt(5) == 0 ? r.nextInt(-2, 3) : r.nextDouble(-2, 2);
    String s = fmt(v);
    return v < 0 ? "(" + s + ")" : s;
  }

  String fmtPos() {
    return fmt(0.05 + r.nextDouble(0, 0.5));
  }

  static String fmt(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    return s.equals("-0.000") ? "0.0" : s;
  }

  String pick(String[] a) {
    return a[r.nextInt(a.length)];
  }
}
