package org.dsojava.processor.writing;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Splits kernel methods whose bytecode would be too large into private methods of the kernel (issue 12,
 * "size cliffs"). The JVM rejects a method with more than 65535 bytes of code, and HotSpot does not
 * JIT-compile one over 8000 bytes ({@code -XX:-DontCompileHugeMethods}); a model written out statement by
 * statement (an MLP unit by unit, thousands of straight-line statements, one expression of a thousand
 * terms) gives derivative methods far beyond both.
 *
 * <p>The program of a kernel method, after every transform, is measured with a conservative estimate of
 * its bytecode ({@link #estimate(Stmt)}). If it fits in {@link #limit()} bytes nothing changes: the method
 * is written exactly as before. Otherwise its top-level statements are cut into consecutive groups of at
 * most that estimate, each written as a private method {@code <method>$<k>} taking the kernel method's
 * parameters; the kernel method calls them in order. The statements, and so the operations and their
 * order, are unchanged, so results are bit for bit the same:
 * <ul>
 *   <li>a scalar local that one group sets and another reads (the tape pointers {@code tp}/{@code itp}, the
 *       draw counter {@code dc}, ln P's accumulator {@code lp}, activations and adjoints) lives in a private
 *       instance field between groups: a group loads the locals it reads into locals of its own at its
 *       start and stores the ones it sets and a later group reads at its end (kernels are one instance per
 *       thread, and kernel methods never call each other, so this is safe);</li>
 *   <li>work arrays and the tapes are fields already; each group takes its own local alias;</li>
 *   <li>a statement that alone is too large is split inside: an {@code if} or a loop becomes a group that
 *       evaluates the condition (bounds) and calls the groups of its branches (its body, recursively;
 *       the indices of enclosing loops are passed as parameters); an assignment of one huge expression
 *       (a sum of a thousand terms) is cut along its left spine into partial results held in temporaries,
 *       {@code s$1 = t0 + ... + tk; s$2 = s$1 + t(k+1) + ...}, which are the same operations in the same
 *       order (never inside a conditional's branches or the right operand of {@code &&}/{@code ||}).</li>
 * </ul>
 * Methods estimated over {@value #DEFAULT_TRIGGER} bytes are split into parts of at most {@value #DEFAULT_LIMIT}
 * estimated bytes (the estimate errs high, so the parts stay under HotSpot's 8000); the system property
 * {@value #LIMIT_PROPERTY} overrides both (tests force splits of
 * small models with it and compare against the unsplit kernels bit for bit).
 */
public final class MethodSplitter {
  /** Estimated bytecode bytes of a part. */
  public static final int DEFAULT_LIMIT = 7000;
  /**
   * Estimated bytecode bytes above which a method is split. Higher than the parts' limit: the estimate errs
   * high (2–3× on small methods with many conditionals, e.g. MathZoo's hvp: 8951 estimated, 2972 real), and
   * every method written today (at most 8951 estimated among the test models, 5511 among the samples and
   * benchmarks) must stay byte for byte as it is.
   */
  public static final int DEFAULT_TRIGGER = 12000;
  /** System property overriding both {@link #DEFAULT_LIMIT} and {@link #DEFAULT_TRIGGER} (read when the splitter is made). */
  public static final String LIMIT_PROPERTY = "dso.splitMethodBytes";

  /** Estimated cost of a field load or store between a group's locals and its field (aload_0, getfield, store). */
  private static final int FIELD_MOVE = 8;

  private final int limit;
  private final int trigger;
  private final List<MethodSpec> methods = new ArrayList<>();
  private final Map<String, FieldSpec> fields = new LinkedHashMap<>();

  public MethodSplitter() {
    this(Integer.getInteger(LIMIT_PROPERTY, DEFAULT_LIMIT), Integer.getInteger(LIMIT_PROPERTY, DEFAULT_TRIGGER));
  }

  public MethodSplitter(int limit, int trigger) {
    this.limit = Math.max(1, limit);
    this.trigger = Math.max(1, trigger);
  }

  public int limit() {
    return limit;
  }

  /** The private methods the splits made so far (to add to the kernel class). */
  public List<MethodSpec> methods() {
    return methods;
  }

  /** The private fields that carry locals between the parts (to add to the kernel class). */
  public List<FieldSpec> fields() {
    return new ArrayList<>(fields.values());
  }

  /**
   * The body of kernel method {@code name} if {@code program} must be split (its parts are added to
   * {@link #methods()}), or {@code null} if it fits and should be written as usual.
   *
   * @param params the kernel method's parameters (passed on to every part)
   * @param work work arrays of the program (name → type; field {@code name + "$" + array})
   * @param result the local the method returns, or null
   * @param writer writes the statements of each part
   */
  public CodeBlock split(String name, List<ParameterSpec> params, List<Stmt> program, Map<String, Type> work,
      String result, JavaWriter writer) {
    Set<String> names = new HashSet<>();
    Walk.names(program, names);
    varCost = 2 * (names.size() + params.size()) < 240 ? 2 : 4;
    long total = 0;
    for (Stmt s : program) {
      total += estimate(s);
    }
    if (total <= trigger) {
      return null;
    }
    varCost = 4;
    Job job = new Job(name, params, work, writer);
    List<Stmt> whole = new ArrayList<>();
    if (JavaWriter.usesTape(program)) {
      whole.add(new Stmt.Decl(new Expr.Var(TP, Type.INT), Expr.Const.ofInt(0), null));
      whole.add(new Stmt.Decl(new Expr.Var(ITP, Type.INT), Expr.Const.ofInt(0), null));
    }
    whole.addAll(program);
    job.declare(whole);
    Walk.names(whole, job.names);
    CodeBlock.Builder code = CodeBlock.builder();
    for (String call : job.outline(whole, List.of(), result != null ? Set.of(result) : Set.of())) {
      code.addStatement("$L", call);
    }
    if (result != null) {
      code.addStatement("return this.$L", job.field(result));
    }
    return code.build();
  }

  private static final String TP = "tp";
  private static final String ITP = "itp";
  private static final String DC = org.dsojava.processor.transform.NoiseLowering.DRAW_INDEX;

  /** One kernel method being split. */
  private final class Job {
    final String method;
    final List<ParameterSpec> params;
    final Map<String, Type> work;
    final JavaWriter writer;
    /** Every scalar local the program declares (name → type), loop indices included. */
    final Map<String, Type> locals = new LinkedHashMap<>();
    final Set<String> names = new HashSet<>();
    int parts;
    int temps;

    Job(String method, List<ParameterSpec> params, Map<String, Type> work, JavaWriter writer) {
      this.method = method;
      this.params = params;
      this.work = work;
      this.writer = writer;
    }

    void declare(List<Stmt> block) {
      for (Stmt s : block) {
        if (s instanceof Stmt.Decl d) {
          locals.putIfAbsent(d.var().name(), d.var().type());
        } else if (s instanceof Stmt.Draw d) {
          locals.putIfAbsent(d.var().name(), d.var().type());
        } else if (s instanceof Stmt.If f) {
          declare(f.thenBlock());
          declare(f.elseBlock());
        } else if (s instanceof Stmt.For f) {
          locals.putIfAbsent(f.index().name(), Type.INT);
          declare(f.body());
        } else if (s instanceof Stmt.ForDown f) {
          locals.putIfAbsent(f.index().name(), Type.INT);
          declare(f.body());
        }
      }
    }

    /** The field holding local {@code name} between parts. */
    String field(String name) {
      Type t = locals.get(name);
      String prefix = t == Type.INT ? "splitI$" : t == Type.BOOLEAN ? "splitZ$" : "split$";
      String f = prefix + name;
      fields.computeIfAbsent(f, k -> FieldSpec.builder(t == Type.INT ? TypeName.INT
          : t == Type.BOOLEAN ? TypeName.BOOLEAN : TypeName.DOUBLE, k, Modifier.PRIVATE).build());
      return f;
    }

    String fresh() {
      String n;
      do {
        n = "$s" + (++temps);
      } while (names.contains(n));
      names.add(n);
      return n;
    }

    /**
     * Writes {@code block} as parts (private methods) and returns the calls that replace it, in order.
     * {@code indices}: loop indices of enclosing split loops (parameters of the parts); {@code after}: locals
     * the code after the block reads (the method's result).
     */
    List<String> outline(List<Stmt> block, List<Expr.Var> indices, Set<String> after) {
      List<Stmt> stmts = new ArrayList<>();
      for (Stmt s : block) {
        if (estimate(s) > limit) {
          reduce(s, stmts);
        } else {
          stmts.add(s);
        }
      }
      // Group consecutive statements.
      List<Group> groups = new ArrayList<>();
      Group current = null;
      for (Stmt s : stmts) {
        long e = estimate(s);
        boolean alone = e > limit;
        Info info = info(s);
        if (current != null && !current.alone && !alone && current.cost(info, e) <= limit) {
          current.add(s, info, e);
        } else {
          current = new Group(alone);
          current.add(s, info, e);
          groups.add(current);
        }
      }
      Set<Expr.Var> idx = new LinkedHashSet<>(indices);
      Set<String> indexNames = new HashSet<>();
      for (Expr.Var v : idx) {
        indexNames.add(v.name());
      }
      // Locals each group needs from outside (its whole extent, outlined bodies included).
      List<Set<String>> outer = new ArrayList<>();
      for (Group g : groups) {
        Set<String> o = new LinkedHashSet<>(g.refs);
        o.removeAll(g.declared);
        o.retainAll(locals.keySet());
        o.removeAll(indexNames);
        outer.add(o);
      }
      List<String> calls = new ArrayList<>();
      for (int gi = 0; gi < groups.size(); gi++) {
        Group g = groups.get(gi);
        String part = method + "$" + (++parts);
        CodeBlock.Builder body = CodeBlock.builder();
        // What this part itself runs: all of it, or for an if / loop too large, the control flow around calls.
        List<Stmt> residual = g.stmts;
        Stmt control = null;
        if (g.alone) {
          Stmt s = g.stmts.get(0);
          if (s instanceof Stmt.If f) {
            control = s;
            residual = List.of(new Stmt.If(f.cond(), List.of(), List.of(), null));
          } else if (s instanceof Stmt.For f) {
            control = s;
            residual = List.of(new Stmt.For(f.index(), f.from(), f.to(), List.of(), null));
          } else if (s instanceof Stmt.ForDown f) {
            control = s;
            residual = List.of(new Stmt.ForDown(f.index(), f.from(), f.to(), List.of()));
          }
        }
        Info own = new Info();
        for (Stmt s : residual) {
          own.addAll(info(s));
        }
        Set<String> load = new LinkedHashSet<>(own.refs);
        load.removeAll(own.declared);
        load.retainAll(locals.keySet());
        load.removeAll(indexNames);
        // Stores: locals this part declares at its top level that another part (or the code after) reads,
        // and outer locals it sets.
        Set<String> read = new HashSet<>(after);
        for (int gj = 0; gj < groups.size(); gj++) {
          if (gj != gi) {
            read.addAll(outer.get(gj));
          }
        }
        Set<String> store = new LinkedHashSet<>();
        for (String v : own.top) {
          if (read.contains(v)) {
            store.add(v);
          }
        }
        for (String v : load) {
          if (own.assigned.contains(v)) {
            store.add(v);
          }
        }
        for (String v : load) {
          body.addStatement("$L $L = this.$L", locals.get(v).javaName(), v, field(v));
        }
        for (Map.Entry<String, Type> w : work.entrySet()) {
          if (own.refs.contains(w.getKey())) {
            String t = w.getValue() == Type.INT_ARRAY ? "int" : "double";
            body.addStatement("final $L[] $L = this.$L", t, w.getKey(), method + "$" + w.getKey());
          }
        }
        if (own.tape) {
          body.addStatement("final double[] tape = this.tape");
          body.addStatement("final int[] itape = this.itape");
        }
        if (control == null) {
          writer.write(g.stmts, body);
        } else {
          writeControl(control, indices, body);
        }
        for (String v : store) {
          body.addStatement("this.$L = $L", field(v), v);
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE);
        m.addParameters(params);
        for (Expr.Var v : indices) {
          m.addParameter(TypeName.INT, v.name());
        }
        methods.add(m.addCode(body.build()).build());
        calls.add(part + "(" + arguments(indices) + ")");
      }
      return calls;
    }

    private String arguments(List<Expr.Var> indices) {
      List<String> a = new ArrayList<>();
      for (ParameterSpec p : params) {
        a.add(p.name());
      }
      for (Expr.Var v : indices) {
        a.add(v.name());
      }
      return String.join(", ", a);
    }

    /** An if or loop too large for one part: its branches or body become parts of their own. */
    private void writeControl(Stmt s, List<Expr.Var> indices, CodeBlock.Builder code) {
      if (s instanceof Stmt.If f) {
        code.beginControlFlow("if ($L)", JavaWriter.expr(f.cond()));
        for (String call : outline(f.thenBlock(), indices, Set.of())) {
          code.addStatement("$L", call);
        }
        if (!f.elseBlock().isEmpty()) {
          code.nextControlFlow("else");
          for (String call : outline(f.elseBlock(), indices, Set.of())) {
            code.addStatement("$L", call);
          }
        }
        code.endControlFlow();
      } else if (s instanceof Stmt.For f) {
        String i = f.index().name();
        List<Expr.Var> inner = new ArrayList<>(indices);
        inner.add(f.index());
        code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", i, JavaWriter.expr(f.from()), i,
            JavaWriter.expr(f.to()), i);
        for (String call : outline(f.body(), inner, Set.of())) {
          code.addStatement("$L", call);
        }
        code.endControlFlow();
      } else if (s instanceof Stmt.ForDown f) {
        String i = f.index().name();
        List<Expr.Var> inner = new ArrayList<>(indices);
        inner.add(f.index());
        code.beginControlFlow("for (int $L = $L; $L >= $L; $L--)", i,
            JavaWriter.expr(new Expr.Binary("-", f.to(), Expr.Const.ofInt(1), Type.INT)), i,
            JavaWriter.expr(f.from()), i);
        for (String call : outline(f.body(), inner, Set.of())) {
          code.addStatement("$L", call);
        }
        code.endControlFlow();
      }
    }

    /**
     * Appends {@code s} to {@code out}, its huge expression (if any) cut into partial results declared just
     * before it: the same operations in the same order.
     */
    private void reduce(Stmt s, List<Stmt> out) {
      if (s instanceof Stmt.Decl d && d.init() != null) {
        out.add(new Stmt.Decl(d.var(), cut(d.init(), out), d.origin()));
      } else if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.target(), cut(a.value(), out), a.origin()));
      } else if (s instanceof Stmt.Push p) {
        out.add(new Stmt.Push(cut(p.value(), out)));
      } else {
        out.add(s);
      }
    }

    /** {@code e} with its parts over half the limit computed into temporaries appended to {@code out}. */
    private Expr cut(Expr e, List<Stmt> out) {
      long piece = Math.max(1, limit / 2);
      if (estimate(e) <= piece) {
        return e;
      }
      if (e instanceof Expr.Binary b && arithmetic(b.op())) {
        // The left spine b = (((bottom op1 r1) op2 r2) ... opn rn), evaluated bottom-up.
        List<Expr.Binary> spine = new ArrayList<>();
        Expr x = e;
        while (x instanceof Expr.Binary y && arithmetic(y.op())) {
          spine.add(y);
          x = y.left();
        }
        Expr acc = cut(x, out);
        long accCost = estimate(acc);
        for (int k = spine.size() - 1; k >= 0; k--) {
          Expr.Binary node = spine.get(k);
          Expr r = cut(node.right(), out);
          long rc = estimate(r);
          if (accCost + rc + 1 > piece && !(acc instanceof Expr.Var) && !(acc instanceof Expr.Const)) {
            Expr.Var temp = new Expr.Var(fresh(), acc.type());
            locals.put(temp.name(), temp.type());
            out.add(new Stmt.Decl(temp, acc, null));
            acc = temp;
            accCost = varCost;
          }
          acc = new Expr.Binary(node.op(), acc, r, node.type());
          accCost += rc + 1;
        }
        return acc;
      }
      if (e instanceof Expr.Call c) {
        List<Expr> args = new ArrayList<>();
        for (Expr a : c.args()) {
          args.add(cut(a, out));
        }
        return new Expr.Call(c.function(), args, c.type());
      }
      if (e instanceof Expr.Unary u && u.op().equals("-")) {
        return new Expr.Unary(u.op(), cut(u.operand(), out), u.type());
      }
      if (e instanceof Expr.Cast c) {
        return new Expr.Cast(cut(c.operand(), out), c.type());
      }
      return e;
    }

    private static boolean arithmetic(String op) {
      return op.equals("+") || op.equals("-") || op.equals("*") || op.equals("/") || op.equals("%");
    }

    /** A group of consecutive statements written as one part. */
    private final class Group {
      final boolean alone;
      final List<Stmt> stmts = new ArrayList<>();
      final Set<String> refs = new HashSet<>();
      final Set<String> declared = new HashSet<>();
      final Set<String> top = new HashSet<>();
      long cost;

      Group(boolean alone) {
        this.alone = alone;
      }

      /** The estimate with {@code s} added: statements, plus a load or store per local crossing the boundary. */
      long cost(Info info, long e) {
        Set<String> in = new HashSet<>(refs);
        in.addAll(info.refs);
        in.removeAll(declared);
        in.removeAll(info.declared);
        in.retainAll(locals.keySet());
        // A load per outer local, a store per outer local it may set and per top-level declaration.
        return cost + e + (long) FIELD_MOVE * (2L * in.size() + top.size() + info.top.size());
      }

      void add(Stmt s, Info info, long e) {
        stmts.add(s);
        refs.addAll(info.refs);
        declared.addAll(info.declared);
        top.addAll(info.top);
        cost += e;
      }
    }

    /** Locals a statement mentions, declares (at any depth; at its top level), sets; whether it uses the tape. */
    private Info info(Stmt s) {
      Info i = new Info();
      visit(s, i, true);
      return i;
    }

    private void visit(Stmt s, Info i, boolean top) {
      if (s instanceof Stmt.Decl d) {
        i.declared.add(d.var().name());
        if (top) {
          i.top.add(d.var().name());
        }
        i.assigned.add(d.var().name());
        if (d.init() != null) {
          Walk.varNames(d.init(), i.refs);
        }
      } else if (s instanceof Stmt.Draw d) {
        i.declared.add(d.var().name());
        if (top) {
          i.top.add(d.var().name());
        }
        i.assigned.add(d.var().name());
        d.args().forEach(a -> Walk.varNames(a, i.refs));
        i.refs.add(DC);
        i.assigned.add(DC);
      } else if (s instanceof Stmt.ArrayDecl a) {
        i.refs.add(a.var().name());
      } else if (s instanceof Stmt.Fill f) {
        i.refs.add(f.array().name());
      } else if (s instanceof Stmt.Assign a) {
        Walk.varNames(a.target(), i.refs);
        Walk.varNames(a.value(), i.refs);
        if (a.target() instanceof Expr.Var v) {
          i.assigned.add(v.name());
        }
      } else if (s instanceof Stmt.Push p) {
        Walk.varNames(p.value(), i.refs);
        tape(i);
      } else if (s instanceof Stmt.Pop p) {
        Walk.varNames(p.target(), i.refs);
        if (p.target() instanceof Expr.Var v) {
          i.assigned.add(v.name());
        }
        tape(i);
      } else if (s instanceof Stmt.If f) {
        Walk.varNames(f.cond(), i.refs);
        f.thenBlock().forEach(x -> visit(x, i, false));
        f.elseBlock().forEach(x -> visit(x, i, false));
      } else if (s instanceof Stmt.For f) {
        i.declared.add(f.index().name());
        Walk.varNames(f.from(), i.refs);
        Walk.varNames(f.to(), i.refs);
        f.body().forEach(x -> visit(x, i, false));
      } else if (s instanceof Stmt.ForDown f) {
        i.declared.add(f.index().name());
        Walk.varNames(f.from(), i.refs);
        Walk.varNames(f.to(), i.refs);
        f.body().forEach(x -> visit(x, i, false));
      } else {
        throw new IllegalStateException("cannot split " + s);
      }
    }

    private void tape(Info i) {
      i.tape = true;
      i.refs.add(TP);
      i.refs.add(ITP);
      i.assigned.add(TP);
      i.assigned.add(ITP);
    }
  }

  /** What a statement (or group) mentions: see {@code Job.info}. */
  private static final class Info {
    final Set<String> refs = new HashSet<>();
    final Set<String> declared = new HashSet<>();
    final Set<String> top = new LinkedHashSet<>();
    final Set<String> assigned = new HashSet<>();
    boolean tape;

    void addAll(Info o) {
      refs.addAll(o.refs);
      declared.addAll(o.declared);
      top.addAll(o.top);
      assigned.addAll(o.assigned);
      tape |= o.tape;
    }
  }

  // ------------------------------------------------------------------ bytecode estimate

  /**
   * A local's load or store: 2 bytes ({@code dload n}), 4 with {@code wide} in methods with more than 256
   * local slots (set per method).
   */
  private int varCost = 4;

  /** A conservative estimate of the bytecode javac emits for {@code s}. */
  public long estimate(Stmt s) {
    if (s instanceof Stmt.Decl d) {
      return (d.init() != null ? estimate(d.init()) : 1) + varCost;
    } else if (s instanceof Stmt.Draw d) {
      long e = 40 + varCost + 20;
      for (Expr a : d.args()) {
        e += estimate(a);
      }
      return e;
    } else if (s instanceof Stmt.ArrayDecl || s instanceof Stmt.Fill) {
      return 12;
    } else if (s instanceof Stmt.Assign a) {
      return target(a.target()) + estimate(a.value()) + 2;
    } else if (s instanceof Stmt.Push p) {
      return 16 + estimate(p.value());
    } else if (s instanceof Stmt.Pop p) {
      return 16 + target(p.target());
    } else if (s instanceof Stmt.If f) {
      long e = estimate(f.cond()) + 3;
      for (Stmt x : f.thenBlock()) {
        e += estimate(x);
      }
      if (!f.elseBlock().isEmpty()) {
        e += 3;
        for (Stmt x : f.elseBlock()) {
          e += estimate(x);
        }
      }
      return e;
    } else if (s instanceof Stmt.For f) {
      return loop(f.from(), f.to(), f.body());
    } else if (s instanceof Stmt.ForDown f) {
      return loop(f.from(), f.to(), f.body()) + 2;
    } else if (s instanceof Stmt.Return r) {
      return 1 + (r.value() != null ? estimate(r.value()) : 0);
    }
    return 16;
  }

  private long loop(Expr from, Expr to, List<Stmt> body) {
    long e = estimate(from) + varCost + varCost + estimate(to) + 3 + 6 + 3;
    for (Stmt x : body) {
      e += estimate(x);
    }
    return e;
  }

  private long target(Expr t) {
    if (t instanceof Expr.Index i) {
      return varCost + estimate(i.index()) + 1;
    }
    return varCost;
  }

  /** A conservative estimate of the bytecode of {@code e}; iterative along left spines (deep sums). */
  public long estimate(Expr e) {
    long total = 0;
    while (true) {
      if (e instanceof Expr.Const c) {
        return total + constant(c);
      } else if (e instanceof Expr.Var) {
        return total + varCost;
      } else if (e instanceof Expr.Index i) {
        total += varCost + 1;
        e = i.index();
      } else if (e instanceof Expr.Unary u) {
        total += u.op().equals("!") ? 8 : 1;
        e = u.operand();
      } else if (e instanceof Expr.Binary b) {
        total += binary(b.op(), b.left().type()) + estimate(b.right());
        e = b.left();
      } else if (e instanceof Expr.Call c) {
        total += 3;
        for (Expr a : c.args()) {
          total += estimate(a);
        }
        return total;
      } else if (e instanceof Expr.Cond c) {
        total += estimate(c.cond()) + estimate(c.ifTrue()) + 6;
        e = c.ifFalse();
      } else if (e instanceof Expr.Cast c) {
        total += 1;
        e = c.operand();
      } else if (e instanceof Expr.Length) {
        return total + varCost + 1;
      } else {
        return total + 16;
      }
    }
  }

  private static int binary(String op, Type operand) {
    switch (op) {
      case "<", "<=", ">", ">=", "==", "!=" -> {
        return operand == Type.DOUBLE ? 9 : 8;
      }
      case "&&", "||" -> {
        return 10;
      }
      default -> {
        return 1;
      }
    }
  }

  private static int constant(Expr.Const c) {
    double v = c.value();
    if (c.type() == Type.DOUBLE) {
      return v == 0.0 && Double.doubleToRawLongBits(v) == 0 || v == 1.0 ? 1 : 3;
    }
    if (c.type() == Type.INT) {
      return v >= -1 && v <= 5 ? 1 : v >= -128 && v <= 127 ? 2 : 3;
    }
    return 1;
  }
}
