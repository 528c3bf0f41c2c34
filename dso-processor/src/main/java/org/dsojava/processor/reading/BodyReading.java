package org.dsojava.processor.reading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * What reading one method body into IR does on the IR, the same for both front ends so that the same source
 * gives the same IR and the same errors: the scopes of locals, typing and widening, arithmetic with its
 * checks, names of locals, θ fields and constants, and calls of primitives, model methods and noise. Each
 * front end walks its own trees: {@code T} is its tree (where errors are reported), {@code E} its expression.
 */
public abstract class BodyReading<T, E extends T> {
  /** Prefix of θ-field references in the IR ({@code @w}): cannot clash with a Java local. */
  public static final String PARAM_PREFIX = "@";

  protected final Symbols symbols;
  protected final Diagnostics diagnostics;
  /** The IR name of the method being read, as messages name it. */
  protected final String method;
  protected final Deque<Map<String, Type>> scopes = new ArrayDeque<>();
  /** Names that may not be assigned in this method, with the reason. */
  protected final Map<String, String> readOnly = new HashMap<>();
  protected final String noiseName;
  /** Declared return type of the method (VOID for void methods). */
  protected final Type returnType;
  /** Locals whose declaration was already reported: their uses are not reported again. */
  protected final Set<String> rejectedLocals = new HashSet<>();
  /**
   * Non-constant loop bounds, in source order. Not errors by themselves: only code that is
   * differentiated needs constant trip counts (its tape is sized statically), so the caller reports
   * them for the methods that reach the transition, cost or bottleneck.
   */
  protected final List<LoopBound> loopBounds = new ArrayList<>();
  /** Set when an error was reported; the caller drops the method. */
  protected boolean failed;

  protected BodyReading(Symbols symbols, Diagnostics diagnostics, String method, Map<String, Type> parameters,
      Map<String, String> readOnly, String noiseName, Type returnType) {
    this.symbols = symbols;
    this.diagnostics = diagnostics;
    this.method = method;
    this.scopes.push(new HashMap<>(parameters));
    this.readOnly.putAll(readOnly);
    this.noiseName = noiseName;
    this.returnType = returnType;
  }

  /** True when an error was reported while reading. */
  public boolean failed() {
    return failed;
  }

  /** The loop bounds that are not compile-time constants. */
  public List<LoopBound> loopBounds() {
    return loopBounds;
  }

  /** Where a tree is, as {@link Diagnostics#error} takes it. */
  protected abstract Object pos(T tree);

  /** A tree as javac prints it, for messages. */
  protected abstract String text(T tree);

  /** An expression read into IR (a VOID constant when it failed, reported). */
  protected abstract Expr expr(E e);

  /** The name when {@code e} is a simple name, else null. */
  protected abstract String simpleName(E e);

  /** True when {@code e} is the literal null. */
  protected abstract boolean isNullLiteral(E e);

  /** The value of a string literal, or null when {@code e} is none. */
  protected abstract String stringLiteral(E e);

  protected void error(Message m, T where, Object... args) {
    failed = true;
    diagnostics.error(m, pos(where), args);
  }

  protected void unsupported(T where, String construct, String hint) {
    error(Message.UNSUPPORTED, where, construct, method, hint);
  }

  protected Type lookupLocal(String name) {
    for (Map<String, Type> scope : scopes) {
      Type t = scope.get(name);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /**
   * The target of an assignment {@code t} whose variable is {@code base} ({@code this.base} when
   * {@code field}; null when the target has no such shape): a local, or an element of a local or output
   * array, that the method may write. Null (and reported) otherwise.
   */
  protected Expr assignable(String base, boolean field, E target, T t) {
    if (base == null) {
      unsupported(t, "assigning to " + text(t), "assign to a local, or to an element of a local or output array");
      return null;
    }
    if (field || lookupLocal(base) == null) {
      if (rejectedLocals.contains(base) || symbols.rejectedFields().contains(base)) {
        failed = true; // its declaration was reported
      } else if (symbols.params().containsKey(base)) {
        error(Message.ASSIGN_READ_ONLY, t, base, method, "θ is changed by the optimizer, not by the model");
      } else if (symbols.constants().containsKey(base)) {
        error(Message.ASSIGN_READ_ONLY, t, base, method, "it is a constant");
      } else {
        error(Message.UNKNOWN_NAME, t, base, method);
      }
      return null;
    }
    if (readOnly.containsKey(base)) {
      error(Message.ASSIGN_READ_ONLY, t, base, method, readOnly.get(base));
      return null;
    }
    Expr e = expr(target);
    if (e instanceof Expr.Var v && v.type().isArray()) {
      unsupported(t, "assigning a whole array", "copy element by element in a for loop");
      return null;
    }
    return e;
  }

  /** {@code e} as type {@code wanted}: an int widened to double, else a mismatch reported. */
  protected Expr expect(Expr e, Type wanted, T where) {
    if (e.type() == wanted) {
      return e;
    }
    if (wanted == Type.DOUBLE && e.type() == Type.INT) {
      return e instanceof Expr.Const c ? Ir.num(c.value()) : new Expr.Cast(e, Type.DOUBLE);
    }
    if (e.type() != Type.VOID) {
      error(Message.TYPE_MISMATCH, where, text(where), method, e.type().javaName(), wanted.javaName());
    }
    return placeholder(wanted);
  }

  /** A well-typed stand-in for an expression that failed, so reading goes on. */
  protected static Expr placeholder(Type t) {
    return new Expr.Const(0, t.isArray() || t == Type.VOID || t == Type.NOISE ? Type.DOUBLE : t);
  }

  /** The result of an expression that failed (already reported). */
  protected Expr bad() {
    return new Expr.Const(0, Type.VOID);
  }

  /** True for an int expression of constants and array lengths: a loop bound known when the kernel runs. */
  protected static boolean constantShaped(Expr e) {
    if (e instanceof Expr.Const c) {
      return c.type() == Type.INT || c.type() == Type.VOID;
    }
    if (e instanceof Expr.Length) {
      return true;
    }
    if (e instanceof Expr.Binary b && b.type() == Type.INT && "+-*/".contains(b.op())) {
      return constantShaped(b.left()) && constantShaped(b.right());
    }
    return false;
  }

  protected boolean numeric(Expr e, T where) {
    if (e.type() == Type.VOID) {
      return false;
    }
    if (!e.type().isNumeric()) {
      error(Message.TYPE_MISMATCH, where, text(where), method, e.type().javaName(), "a number");
      return false;
    }
    return true;
  }

  /** {@code l op r} for {@code + - * / %}: typed, with division by a constant zero and additive noise. */
  protected Expr arithmetic(String op, Expr l, Expr r, T where) {
    if (l.type() == Type.VOID || r.type() == Type.VOID) {
      return bad();
    }
    if (!numeric(l, where) || !numeric(r, where)) {
      return bad();
    }
    if (op.equals("%") && (l.type() != Type.INT || r.type() != Type.INT)) {
      unsupported(where, "% on doubles", "use x - d * Math.floor(x / d)");
      return bad();
    }
    if ((op.equals("/") || op.equals("%")) && l.type() == Type.INT && r.type() == Type.INT
        && Integer.valueOf(0).equals(Ir.constantInt(r))) {
      error(Message.DIVISION_BY_ZERO, where, method, text(where));
      return bad();
    }
    // e ± noise.gaussian(m, s) is additive noise: the draw is the whole sum (see NoiseDistribution).
    if ((op.equals("+") || op.equals("-")) && r instanceof Expr.Noise n && location(n) >= 0) {
      return relocate(n, op.equals("+") ? Ir.add(l, n.args().get(location(n))) : Ir.sub(l, n.args().get(location(n))));
    }
    if ((op.equals("+") || op.equals("-")) && l instanceof Expr.Noise n && location(n) >= 0) {
      return relocate(n, op.equals("+") ? Ir.add(n.args().get(location(n)), r) : Ir.sub(n.args().get(location(n)), r));
    }
    Type type = l.type() == Type.DOUBLE || r.type() == Type.DOUBLE ? Type.DOUBLE : Type.INT;
    if (type == Type.DOUBLE) {
      l = expect(l, Type.DOUBLE, where);
      r = expect(r, Type.DOUBLE, where);
    }
    return new Expr.Binary(op, l, r, type);
  }

  private int location(Expr.Noise n) {
    NoiseDistribution d = symbols.distributions().get(n.distribution());
    return d == null ? -1 : d.locationParameter();
  }

  private Expr relocate(Expr.Noise n, Expr location) {
    List<Expr> args = new ArrayList<>(n.args());
    args.set(location(n), location);
    return new Expr.Noise(n.distribution(), args, n.type(), n.origin());
  }

  /** A simple name: a local, else a field of this class. */
  protected Expr name(String name, T t) {
    Type local = lookupLocal(name);
    if (local != null) {
      if (local == Type.NOISE) {
        unsupported(t, "using " + name + " as a value", "draw from it: " + name + ".gaussian(mean, std)");
        return bad();
      }
      return new Expr.Var(name, local);
    }
    if (rejectedLocals.contains(name)) {
      failed = true; // its declaration was reported
      return bad();
    }
    return field(symbols, name, t);
  }

  /** A field of the class of {@code symbols}: a θ field, a constant array or a scalar constant. */
  protected Expr field(Symbols symbols, String name, T t) {
    if (symbols.rejectedFields().contains(name)) {
      failed = true; // its declaration was reported
      return bad();
    }
    var p = symbols.params().get(name);
    if (p != null) {
      return new Expr.Var(PARAM_PREFIX + p.name(), p.array() ? Type.DOUBLE_ARRAY : Type.DOUBLE);
    }
    var c = symbols.constants().get(name);
    if (c != null && c.type().isArray()) {
      return new Expr.Var(c.arrayName(), c.type());
    }
    if (c != null) {
      return new Expr.Const(c.value(), c.type());
    }
    error(Message.UNKNOWN_NAME, t, name, method);
    return bad();
  }

  /** The length of a θ or constant array field of this class, or null when {@code field} is none. */
  protected Integer fieldArrayLength(String field) {
    var p = symbols.params().get(field);
    if (p != null && p.array()) {
      return p.length();
    }
    var c = symbols.constants().get(field);
    return c != null && c.type().isArray() ? c.elements().length : null;
  }

  /**
   * {@code o.member} where {@code o} is a simple name: {@code this.f}, the length of a local or field array,
   * {@code Math.PI}, {@code Math.E}, or {@code Model.C} naming this class; null when it is none of these.
   */
  protected Expr simpleMember(String o, String member, T m) {
    if (o.equals("this")) {
      return field(symbols, member, m);
    }
    if (member.equals("length") && lookupLocal(o) != null && lookupLocal(o).isArray()) {
      return new Expr.Length(new Expr.Var(o, lookupLocal(o)));
    }
    if (member.equals("length") && lookupLocal(o) == null && fieldArrayLength(o) != null) {
      return Ir.integer(fieldArrayLength(o));
    }
    if (o.equals("Math") || o.equals("StrictMath")) {
      if (member.equals("PI")) {
        return Ir.num(Math.PI);
      }
      if (member.equals("E")) {
        return Ir.num(Math.E);
      }
    }
    if (o.equals(symbols.modelName())) {
      return field(symbols, member, m);
    }
    return null;
  }

  /**
   * The registered primitive {@code owner.name} ({@code Math.sin}, {@code java.lang.Math.sin}, or a registered
   * class by its simple or qualified name), or null.
   */
  protected PrimitiveFunction primitive(String owner, String name) {
    String key = owner + "." + name;
    if (owner.equals("Math")) {
      key = "java.lang.Math." + name;
    } else if (owner.equals("StrictMath")) {
      key = "java.lang.StrictMath." + name; // its own bits: a StrictMathFunction twin
    }
    PrimitiveFunction f = symbols.primitives().get(key);
    if (f != null) {
      return f;
    }
    for (PrimitiveFunction p : symbols.primitives().values()) {
      String simpleOwner = p.owner().substring(p.owner().lastIndexOf('.') + 1);
      if (p.name().equals(name) && (simpleOwner.equals(owner) || p.owner().equals(owner))) {
        return p;
      }
    }
    return null;
  }

  /**
   * Checks the simple name {@code o} before a call {@code owner.name(...)} where it is no local: null when the
   * call may go on, else bad (reported here, or already with {@code o}'s declaration) when {@code o} was
   * rejected or draws noise in a method that has none.
   */
  protected Expr callOwner(String o, String owner, String name, T call) {
    if (rejectedLocals.contains(o) || symbols.rejectedFields().contains(o)) {
      failed = true; // its declaration was reported
      return bad();
    }
    if (noiseName == null && (name.equals("draw") || symbols.distributions().containsKey(name))
        && !symbols.params().containsKey(o) && !symbols.constants().containsKey(o)) {
      error(Message.NOISE_OUTSIDE, call, owner + "." + name, method);
      return bad();
    }
    return null;
  }

  /** A registered primitive function ({@code Math.sin}) called with {@code args}. */
  protected Expr primitiveCall(PrimitiveFunction f, List<? extends E> args, T call) {
    if (args.size() != f.arity()) {
      error(Message.ARITY, call, f.key(), f.arity(), method, args.size());
      return bad();
    }
    List<Expr> in = new ArrayList<>();
    boolean allInt = true;
    for (E a : args) {
      Expr e = expr(a);
      if (!numeric(e, a)) {
        return bad();
      }
      allInt &= e.type() == Type.INT;
      in.add(e);
    }
    boolean intResult = allInt && (f.owner().equals("java.lang.Math") || f.owner().equals("java.lang.StrictMath"))
        && (f.name().equals("min") || f.name().equals("max") || f.name().equals("abs"));
    if (!intResult) {
      in.replaceAll(e -> expect(e, Type.DOUBLE, call));
    }
    return new Expr.Call(f.key(), in, intResult ? Type.INT : Type.DOUBLE);
  }

  /** A call of model method {@code name} of the class of {@code scope}, typed by its signature. */
  protected Expr modelCall(Symbols scope, String name, List<? extends E> args, T call) {
    Symbols.Signature sig = scope.methods().get(name);
    if (sig == null && scope.untypedMethods().containsKey(name)) {
      unsupported(call, "calling " + scope.untypedMethods().get(name), "model methods take double, int,"
          + " boolean, double[], int[] or Noise parameters and return double, int, boolean or void");
      return bad();
    }
    if (sig == null) {
      error(Message.UNKNOWN_METHOD, call, name, method, scope.modelName(),
          "{sin, cos, tan, atan2, exp, log, log1p, sqrt, pow, tanh, abs, min, max, hypot, floor, ceil}");
      return bad();
    }
    if (args.size() != sig.parameterTypes().size()) {
      error(Message.ARITY, call, name + "()", sig.parameterTypes().size(), method, args.size());
      return bad();
    }
    List<Expr> in = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Type want = sig.parameterTypes().get(i);
      E a = args.get(i);
      if (want == Type.NOISE) {
        String local = simpleName(a);
        if (local != null && lookupLocal(local) == Type.NOISE) {
          in.add(new Expr.Var(local, Type.NOISE));
        } else if (noiseName == null) {
          error(Message.NOISE_OUTSIDE, call, name + "()", method);
          return bad();
        } else {
          String found = "null";
          if (!isNullLiteral(a)) {
            Expr e = expr(a);
            if (e.type() == Type.VOID) {
              return bad(); // already reported
            }
            found = e.type().javaName();
          }
          error(Message.TYPE_MISMATCH, a, text(a), method, found, "the Noise " + noiseName);
          return bad();
        }
        continue;
      }
      Expr e = expr(a);
      if (want.isArray() && !(e instanceof Expr.Var)) {
        if (e.type() != Type.VOID) {
          unsupported(a, "passing " + text(a) + " as an array", "pass a named array");
        }
        return bad();
      }
      in.add(expect(e, want, a));
    }
    return new Expr.ModelCall(scope.key(name), in, sig.returnType(), pos(call));
  }

  /** {@code noise.name(args)} or {@code noise.draw("name", args)}: a draw from a registered distribution. */
  protected Expr noise(String name, List<? extends E> args, T call) {
    List<? extends E> params = args;
    String dist = name;
    if (name.equals("draw")) {
      String s = args.isEmpty() ? null : stringLiteral(args.get(0));
      if (s == null) {
        unsupported(call, "noise.draw without a distribution name", "write noise.draw(\"name\", args...)");
        return bad();
      }
      dist = s;
      params = args.subList(1, args.size());
    }
    NoiseDistribution d = symbols.distributions().get(dist);
    if (d == null) {
      error(Message.UNKNOWN_DISTRIBUTION, call, dist, method);
      return bad();
    }
    List<Type> types = d.parameterTypes();
    String expected = String.join(", ", types.stream().map(Type::javaName).toList());
    if (params.size() != types.size()) {
      error(Message.NOISE_ARGS, call, dist, method, expected);
      return bad();
    }
    List<Expr> in = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Expr e = expr(params.get(i));
      if (e.type() == Type.VOID) {
        return bad();
      }
      if (types.get(i).isArray()) {
        if (!(e instanceof Expr.Var) || e.type() != types.get(i)) {
          error(Message.NOISE_ARGS, call, dist, method, expected);
          return bad();
        }
        in.add(e);
      } else {
        in.add(expect(e, types.get(i), params.get(i)));
      }
    }
    return new Expr.Noise(dist, in, d.valueType(), pos(call));
  }
}
