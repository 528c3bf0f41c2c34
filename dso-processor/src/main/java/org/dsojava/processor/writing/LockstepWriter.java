package org.dsojava.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.transform.Programs;
import org.dsojava.processor.transform.TapeSize;

/**
 * Writes {@code <Model>LockstepKernel} (issue 19): the per-step methods of the kernel for K lanes at once,
 * from the same IR programs as the scalar kernel, in structure-of-arrays layout ({@code x[i * K + k]}).
 *
 * <p>A lane-uniformity analysis splits the program's values into uniform ones (θ, constants, indices of
 * loops with uniform bounds, locals computed only from those under uniform control) and per-lane ones
 * (the state, draws, t, n, the weights, and everything computed from them). Every statement that sets a
 * per-lane value becomes a loop over the lanes, innermost, with its expression unchanged; consecutive
 * ones share one lane loop (each lane touches only its own slots, so their order per lane is kept).
 * Loops with uniform bounds keep their structure around the lane loops. A branch on a per-lane condition
 * is taken as a whole when all lanes agree (tested at run time) and otherwise runs lane by lane; a loop
 * with per-lane bounds and every noise draw run lane by lane, from the lane's own
 * {@code Rng}. So each lane performs exactly the scalar kernel's operations in its order:
 * the results are bit-identical. Masked lanes draw nothing and otherwise compute along on whatever their
 * slots hold (results discarded): double arithmetic cannot fail, and a method where an array index or an
 * int divisor differs per lane, which could, runs masked calls through the scalar kernel lane by lane.
 *
 * <p>Models it cannot express (recorded data; a whole per-lane array passed to a function) get a class
 * whose {@code create} returns null, with the reason in its javadoc.
 */
public final class LockstepWriter {
  private static final ClassName LOCKSTEP = ClassName.get("org.dsojava.runtime", "LockstepKernel");
  private static final ClassName KERNEL = ClassName.get("org.dsojava.runtime", "ChainKernel");
  private static final ClassName RNG = ClassName.get("org.dsojava.runtime", "Rng");
  private static final ClassName GENERATED = ClassName.get("org.dsojava.annotations", "Generated");
  private static final TypeName DOUBLES = TypeName.get(double[].class);
  /** Per-lane arrays: row i holds entry i of every lane ({@code x[i][k]}). */
  private static final TypeName ROWS = TypeName.get(double[][].class);
  private static final TypeName INTS = TypeName.get(int[].class);
  private static final TypeName BOOLEANS = TypeName.get(boolean[].class);
  /** The lane index and lane count in generated code ({@code $} keeps them apart from model names). */
  private static final String LANE = "$k";
  private static final String LANES = "$K";
  /** The first lane in use: lane loops run {@code $k0 ≤ $k < $K}. */
  private static final String FIRST = "$k0";
  private static final Set<String> LANE_ARRAYS = Set.of("x", "next", "mean", "draws", "g");
  private static final Set<String> LANE_SCALARS = Set.of("t", "n", "wL", "wP");
  /** The variables a method returns (read after its program). */
  private static final Set<String> RESULTS = Set.of("result", "cost", "lp");
  /** Suffix of a per-lane temporary held in a local of its lane loop (apart from its per-lane array's alias). */
  private static final String LOCAL = "$lo";
  /** The largest scalar program (estimated bytecode) written as one lockstep method. */
  private static final long MAX_SCALAR_SIZE = 2600;

  /** Why the writer gave up on a model. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String why) {
      super(why);
    }
  }

  private final Model model;
  private final Programs programs;
  private final Map<String, NoiseDistribution> distributions;
  private final List<FieldSpec> fields = new ArrayList<>();
  private final CodeBlock.Builder allocations = CodeBlock.builder();

  public LockstepWriter(Model model, Programs programs, Map<String, NoiseDistribution> distributions) {
    this.model = model;
    this.programs = programs;
    this.distributions = distributions;
  }

  public String className() {
    return model.simpleName() + "LockstepKernel";
  }

  private static com.palantir.javapoet.AnnotationSpec generated() {
    return com.palantir.javapoet.AnnotationSpec.builder(GENERATED)
        .addMember("value", "$S", "org.dsojava.processor.DsoProcessor").build();
  }

  public JavaFile write(String kernelName, int drawCount) {
    TypeSpec type;
    try {
      type = lockstep(kernelName, drawCount);
    } catch (Unsupported u) {
      type = unsupported(u.getMessage());
    }
    return JavaFile.builder(model.packageName(), type).skipJavaLangImports(true).indent("  ").build();
  }

  private TypeSpec unsupported(String why) {
    ClassName self = ClassName.get(model.packageName(), className());
    return TypeSpec.classBuilder(className()).addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("No lockstep kernel for {@link $L}: $L.\n", model.simpleName(), escape(why))
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("create").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("Null: see the class comment.\n").returns(LOCKSTEP).addParameter(TypeName.INT, "lanes")
            .addComment("no lockstep variant: $L", why.replace('\n', ' '))
            .addStatement("return null").build())
        .build();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private TypeSpec lockstep(String kernelName, int drawCount) {
    if (!model.recordFields().isEmpty() || !model.recordArrays().isEmpty()) {
      throw new Unsupported("the model reads recorded data (per-lane records are not implemented)");
    }
    ClassName kernel = ClassName.get(model.packageName(), kernelName);
    ClassName self = ClassName.get(model.packageName(), className());
    int dim = model.kernelStateDim();
    int params = model.paramCount();
    TypeSpec.Builder k = TypeSpec.classBuilder(className()).addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL).addSuperinterface(LOCKSTEP)
        .addJavadoc("Generated lockstep kernel of {@link $L}: K lanes per call, structure of arrays\n"
            + "({@code x[i * K + k]}), bit-identical per lane to {@link $T}. One instance per thread.\n",
            model.simpleName(), kernel);

    k.addMethod(method("sample", programs.sample(), true, null, null,
        List.of(p(DOUBLES, "theta"), p(ROWS, "x"), p(INTS, "t"), p(INTS, "n"), p(BOOLEANS, "active$"),
            p(ArrayTypeRng.TYPE, "rng"), p(ROWS, "draws"), p(ROWS, "next")),
        fallback("scalar.sample(theta, fx$, t[$k], n[$k], rng[$k], fd$, fn$)", true, true, false, "next", dim)));
    k.addMethod(method("meanStep", programs.meanStep(), false, null, null,
        List.of(p(DOUBLES, "theta"), p(ROWS, "x"), p(INTS, "t"), p(INTS, "n"), p(BOOLEANS, "active$"),
            p(ROWS, "mean")),
        fallback("scalar.meanStep(theta, fx$, t[$k], n[$k], fn$)", false, false, false, "mean", dim)));
    if (model.roles().terminal() != null) {
      k.addMethod(method("terminal", programs.terminal(), false, "result", "terminal$",
          List.of(p(ROWS, "x"), p(INTS, "t"), p(INTS, "n"), p(BOOLEANS, "active$"), p(BOOLEANS, "terminal$")),
          fallback("terminal$[$k] = scalar.terminal(fx$, t[$k], n[$k])", false, false, false, null, 0)));
    } else {
      k.addMethod(MethodSpec.methodBuilder("terminal").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
          .addParameter(ROWS, "x").addParameter(INTS, "t").addParameter(INTS, "n")
          .addParameter(BOOLEANS, "active$").addParameter(BOOLEANS, "terminal$")
          .addStatement("java.util.Arrays.fill(terminal$$, from, to, false)").build());
    }
    k.addMethod(method("cost", programs.cost(), false, "cost", "cost$",
        List.of(p(DOUBLES, "theta"), p(ROWS, "x"), p(INTS, "t"), p(INTS, "n"), p(BOOLEANS, "active$"),
            p(DOUBLES, "cost$")),
        fallback("cost$[$k] = scalar.cost(theta, fx$, t[$k], n[$k])", false, false, false, null, 0)));
    k.addMethod(method("logDensity", programs.logDensity(), false, "lp", "lp$",
        List.of(p(DOUBLES, "theta"), p(ROWS, "x"), p(INTS, "t"), p(INTS, "n"), p(BOOLEANS, "active$"),
            p(ROWS, "draws"), p(DOUBLES, "lp$")),
        fallback("lp$[$k] = scalar.logDensity(theta, fx$, t[$k], n[$k], fd$)", true, false, false, null, 0)));
    k.addMethod(method("accumulateGradient", programs.gradient(), false, null, null,
        List.of(p(DOUBLES, "theta"), p(ROWS, "x"), p(INTS, "t"), p(INTS, "n"), p(BOOLEANS, "active$"),
            p(ROWS, "draws"), p(DOUBLES, "wL"), p(DOUBLES, "wP"), p(ROWS, "g")),
        fallback("scalar.accumulateGradient(theta, fx$, t[$k], n[$k], fd$, wL[$k], wP[$k], fg$)", true, false, true,
            null, 0)));

    k.addField(FieldSpec.builder(TypeName.INT, "lanes", Modifier.PRIVATE, Modifier.FINAL).build());
    k.addField(FieldSpec.builder(TypeName.INT, "from", Modifier.PRIVATE).build());
    k.addField(FieldSpec.builder(TypeName.INT, "to", Modifier.PRIVATE).build());
    k.addField(FieldSpec.builder(kernel, "scalar", Modifier.PRIVATE, Modifier.FINAL).build());
    for (String f : List.of("fx$", "fn$", "fd$", "fg$")) {
      k.addField(FieldSpec.builder(DOUBLES, f, Modifier.PRIVATE, Modifier.FINAL).build());
    }
    fields.forEach(k::addField);
    k.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).addParameter(TypeName.INT, "lanes")
        .addStatement("this.lanes = lanes")
        .addStatement("this.to = lanes")
        .addStatement("this.scalar = new $T()", kernel)
        .addStatement("this.fx$$ = new double[$L]", dim)
        .addStatement("this.fn$$ = new double[$L]", dim)
        .addStatement("this.fd$$ = new double[$L]", Math.max(drawCount, 1))
        .addStatement("this.fg$$ = new double[$L]", params)
        .addStatement("final int $L = lanes", LANES)
        .addCode(allocations.build()).build());
    k.addMethod(MethodSpec.methodBuilder("create").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("A lockstep kernel with {@code lanes} lanes.\n").returns(self).addParameter(TypeName.INT, "lanes")
        .beginControlFlow("if (lanes < 1)")
        .addStatement("throw new IllegalArgumentException($S + lanes)", "lockstep lanes must be at least 1, got ")
        .endControlFlow()
        .addStatement("return new $T(lanes)", self).build());
    k.addMethod(MethodSpec.methodBuilder("lanes").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT).addStatement("return lanes").build());
    k.addMethod(MethodSpec.methodBuilder("lanesInUse").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to")
        .beginControlFlow("if (from < 0 || from >= to || to > lanes)")
        .addStatement("throw new IllegalArgumentException($S + from + $S + to + $S + lanes)", "lanes in use: ",
            "..", " is not within 0..")
        .endControlFlow()
        .addStatement("this.from = from")
        .addStatement("this.to = to").build());
    k.addMethod(MethodSpec.methodBuilder("scalar").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(KERNEL).addStatement("return scalar").build());
    k.addMethod(MethodSpec.methodBuilder("allActive").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.BOOLEAN).addParameter(BOOLEANS, "active").addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .beginControlFlow("for (int i = from; i < to; i++)")
        .beginControlFlow("if (!active[i])").addStatement("return false").endControlFlow()
        .endControlFlow().addStatement("return true").build());
    model.constantArrays().forEach((name, a) -> {
      List<String> values = new ArrayList<>();
      for (double v : a.elements()) {
        values.add(JavaWriter.constant(new Expr.Const(v, a.type().element())));
      }
      k.addField(FieldSpec.builder(a.type() == Type.INT_ARRAY ? INTS : DOUBLES, name,
          Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("{$L}", String.join(", ", values)).build());
    });
    return k.build();
  }

  /** Opens a loop over the lanes in use, {@code $k0 ≤ $k < $K}. */
  private static CodeBlock.Builder laneLoop(CodeBlock.Builder c) {
    return c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", LANE, FIRST, LANE, LANES, LANE);
  }

  /** {@code Rng[]}. */
  private static final class ArrayTypeRng {
    static final TypeName TYPE = com.palantir.javapoet.ArrayTypeName.of(RNG);
  }

  private static ParameterSpec p(TypeName t, String name) {
    return ParameterSpec.builder(t, name).build();
  }

  /**
   * The masked path: lane by lane through the scalar kernel, gathering the lane's state (and draws, and
   * gradient accumulator) and scattering what it writes.
   */
  private CodeBlock fallback(String call, boolean draws, boolean drawsOut, boolean gradient, String out, int outDim) {
    int dim = model.kernelStateDim();
    CodeBlock.Builder c = CodeBlock.builder();
    c.beginControlFlow("for (int $$k = from; $$k < to; $$k++)");
    c.beginControlFlow("if (!active$$[$$k])").addStatement("continue").endControlFlow();
    c.beginControlFlow("for (int i = 0; i < $L; i++)", dim).addStatement("fx$$[i] = x[i][$$k]").endControlFlow();
    if (draws) {
      c.beginControlFlow("for (int i = 0; i < fd$$.length; i++)").addStatement("fd$$[i] = draws[i][$$k]")
          .endControlFlow();
    }
    if (gradient) {
      c.beginControlFlow("for (int i = 0; i < $L; i++)", model.paramCount())
          .addStatement("fg$$[i] = g[i][$$k]").endControlFlow();
    }
    c.addStatement(call.replace("$", "$$"));
    if (drawsOut) {
      c.beginControlFlow("for (int i = 0; i < fd$$.length; i++)").addStatement("draws[i][$$k] = fd$$[i]")
          .endControlFlow();
    }
    if (gradient) {
      c.beginControlFlow("for (int i = 0; i < $L; i++)", model.paramCount())
          .addStatement("g[i][$$k] = fg$$[i]").endControlFlow();
    }
    if (out != null) {
      c.beginControlFlow("for (int i = 0; i < $L; i++)", outDim).addStatement("$L[i][$$k] = fn$$[i]", out)
          .endControlFlow();
    }
    c.endControlFlow();
    return c.build();
  }

  private MethodSpec method(String name, List<Stmt> program, boolean record, String result, String out,
      List<ParameterSpec> params, CodeBlock fallback) {
    Method m = new Method(name, program, record);
    CodeBlock.Builder body = CodeBlock.builder();
    if (m.risky) {
      body.add("// an index or divisor differs per lane: masked lanes go through the scalar kernel\n");
      body.beginControlFlow("if (!allActive(active$$, from, to))").add(fallback).addStatement("return").endControlFlow();
    }
    body.addStatement("final int $L = this.from", FIRST);
    body.addStatement("final int $L = this.to", LANES);
    body.add(m.aliases());
    body.add(m.code());
    if (result != null) {
      laneLoop(body)
          .addStatement("$L[$L] = $L", out, LANE, m.print(new Expr.Var(result, m.typeOf(result))))
          .endControlFlow();
    }
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameters(params).addCode(body.build()).build();
  }

  /** One method's analysis and code. */
  private final class Method {
    final String name;
    final List<Stmt> program;
    final boolean record;
    /** Scalars with a value per lane, stored as {@code v[k]} (name → element type). */
    final Map<String, Type> laneScalars = new LinkedHashMap<>();
    /** Arrays with a slice per lane, stored as {@code a[i * K + k]}. */
    final Set<String> laneArrays = new HashSet<>(LANE_ARRAYS);
    /** Indices of loops whose bounds are per-lane (values per lane, but Java locals of the lane loop). */
    final Set<String> laneIndices = new HashSet<>();
    /** Every loop index (always a Java local). */
    final Set<String> indices = new HashSet<>();
    final Map<String, Type> declared = new LinkedHashMap<>();
    /** Work arrays: name → (type, length). */
    final Map<String, Type> workTypes = new LinkedHashMap<>();
    final Map<String, Integer> workLengths = new LinkedHashMap<>();
    final boolean tape;
    /**
     * Whether some operation could throw on a masked lane's stale values (an array index or an int divisor
     * that differs per lane); such a method runs masked calls through the scalar kernel instead.
     */
    final boolean risky;
    final long tapeDoubles;
    final long tapeInts;
    int unique;

    Method(String name, List<Stmt> program, boolean record) {
      this.name = name;
      this.program = program;
      this.record = record;
      TapeSize.Bound b = TapeSize.of(program);
      this.tapeDoubles = b.doubles();
      this.tapeInts = b.ints();
      this.tape = JavaWriter.usesTape(program);
      MethodSplitter sizes = new MethodSplitter();
      long size = 0;
      for (Stmt s : program) {
        size += sizes.estimate(s);
      }
      if (size > MAX_SCALAR_SIZE) {
        throw new Unsupported(name + " is too large for one lockstep method (about " + size + " bytes of scalar"
            + " code; the lane loops about triple it, past HotSpot's 8000-byte JIT limit, and the lockstep writer"
            + " does not split methods)");
      }
      for (String s : LANE_SCALARS) {
        laneScalars.put(s, s.startsWith("w") ? Type.DOUBLE : Type.INT);
      }
      workLengths.putAll(JavaWriter.workArrays(program, Set.of()));
      workTypes.putAll(JavaWriter.workArrayTypes(program, Set.of()));
      for (String p : LANE_ARRAYS) {
        workLengths.remove(p);
        workTypes.remove(p);
      }
      workLengths.remove("theta");
      workTypes.remove("theta");
      collectDecls(program);
      // every work array has a slice per lane: simpler, and a uniform one would be rare
      laneArrays.addAll(workLengths.keySet());
      for (String s : List.of(Programs.SCRATCH, Programs.G_SCRATCH)) {
        if (mentions(s)) {
          laneArrays.add(s);
          workLengths.putIfAbsent(s, s.equals(Programs.SCRATCH) ? model.kernelStateDim() : model.paramCount());
          workTypes.putIfAbsent(s, Type.DOUBLE_ARRAY);
        }
      }
      analyse();
      checkWholeArrays();
      risky = risky(program);
      countMentions(program);
    }

    private boolean mentions(String array) {
      Set<String> names = new HashSet<>();
      Walk.names(program, names);
      return names.contains(array);
    }

    Type typeOf(String var) {
      Type t = declared.get(var);
      if (t == null) {
        throw new Unsupported(name + ": no declaration of " + var);
      }
      return t;
    }

    private void collectDecls(List<Stmt> body) {
      for (Stmt s : body) {
        if (s instanceof Stmt.Decl d) {
          declared.put(d.var().name(), d.var().type());
        } else if (s instanceof Stmt.Draw d) {
          declared.put(d.var().name(), d.var().type());
        } else if (s instanceof Stmt.If f) {
          collectDecls(f.thenBlock());
          collectDecls(f.elseBlock());
        } else if (s instanceof Stmt.For f) {
          indices.add(f.index().name());
          collectDecls(f.body());
        } else if (s instanceof Stmt.ForDown f) {
          indices.add(f.index().name());
          collectDecls(f.body());
        } else if (s instanceof Stmt.Return || s instanceof Stmt.CallStmt) {
          throw new Unsupported(name + ": " + s.getClass().getSimpleName() + " after inlining");
        }
      }
    }

    /** Arrays whose slices are per lane can only be indexed, never passed whole (to a distribution, say). */
    private void checkWholeArrays() {
      List<Expr> exprs = new ArrayList<>();
      scanExprs(program, exprs);
      for (Expr e : exprs) {
        Walk.expr(e, x -> {
          if (x instanceof Expr.Call c) {
            for (Expr a : c.args()) {
              if (a instanceof Expr.Var v && v.type().isArray()) {
                throw new Unsupported(name + " passes the array " + v.name() + " to " + c.function());
              }
            }
          }
          if (x instanceof Expr.ModelCall || x instanceof Expr.Noise) {
            throw new Unsupported(name + ": " + x.getClass().getSimpleName() + " after inlining");
          }
        });
      }
    }

    private void scanExprs(List<Stmt> body, List<Expr> out) {
      for (Stmt s : body) {
        if (s instanceof Stmt.Draw d) {
          for (Expr a : d.args()) {
            if (a instanceof Expr.Var v && v.type().isArray()) {
              throw new Unsupported(name + " passes the array " + v.name() + " to the noise site " + d.distribution());
            }
          }
        }
        Walk.exprs(s, out::add);
        if (s instanceof Stmt.If f) {
          scanExprs(f.thenBlock(), out);
          scanExprs(f.elseBlock(), out);
        } else if (s instanceof Stmt.For f) {
          scanExprs(f.body(), out);
        } else if (s instanceof Stmt.ForDown f) {
          scanExprs(f.body(), out);
        }
      }
    }

    /** How many statements (anywhere in the program) mention each variable. */
    private final Map<String, Integer> mentions = new java.util.HashMap<>();
    /** Per-lane scalars that live inside one lane loop: Java locals there instead of per-lane arrays. */
    private final Set<String> loopLocals = new HashSet<>();

    private void countMentions(List<Stmt> body) {
      for (Stmt s : body) {
        for (String v : names(s)) {
          mentions.merge(v, 1, Integer::sum);
        }
        if (s instanceof Stmt.If f) {
          countMentions(f.thenBlock());
          countMentions(f.elseBlock());
        } else if (s instanceof Stmt.For f) {
          countMentions(f.body());
        } else if (s instanceof Stmt.ForDown f) {
          countMentions(f.body());
        }
      }
    }

    /** The variables one statement itself mentions (not those of nested statements). */
    private Set<String> names(Stmt s) {
      Set<String> out = new HashSet<>();
      if (s instanceof Stmt.Decl d) {
        out.add(d.var().name());
      } else if (s instanceof Stmt.Draw d) {
        out.add(d.var().name());
        out.add(org.dsojava.processor.transform.NoiseLowering.DRAW_INDEX); // draws[dc++], implicitly
      } else if (s instanceof Stmt.Assign a) {
        Walk.varNames(a.target(), out);
      } else if (s instanceof Stmt.Pop p) {
        Walk.varNames(p.target(), out);
      }
      if (s instanceof Stmt.If f) {
        Walk.varNames(f.cond(), out);
      } else if (s instanceof Stmt.For f) {
        out.add(f.index().name());
        Walk.varNames(f.from(), out);
        Walk.varNames(f.to(), out);
      } else if (s instanceof Stmt.ForDown f) {
        out.add(f.index().name());
        Walk.varNames(f.from(), out);
        Walk.varNames(f.to(), out);
      } else {
        Walk.exprs(s, e -> {
          if (e instanceof Expr.Var v) {
            out.add(v.name());
          }
        });
      }
      return out;
    }

    private boolean risky(List<Stmt> body) {
      List<Expr> exprs = new ArrayList<>();
      scanExprs(body, exprs);
      collectTargets(body, exprs);
      boolean[] found = {false};
      for (Expr e : exprs) {
        Walk.expr(e, x -> {
          // draws[dc]: the draw counter differs per lane only by the path taken, and no path reads past drawCount
          boolean drawRead = x instanceof Expr.Index i && i.array().name().equals("draws")
              && i.index() instanceof Expr.Var v && v.name().equals(org.dsojava.processor.transform.NoiseLowering.DRAW_INDEX);
          if (x instanceof Expr.Index i && varying(i.index()) && !drawRead) {
            found[0] = true;
          }
          if (x instanceof Expr.Binary b && b.type() == Type.INT && (b.op().equals("/") || b.op().equals("%"))
              && varying(b.right())) {
            found[0] = true;
          }
        });
      }
      return found[0];
    }

    private void collectTargets(List<Stmt> body, List<Expr> out) {
      for (Stmt s : body) {
        if (s instanceof Stmt.Assign a) {
          out.add(a.target());
        } else if (s instanceof Stmt.Pop p) {
          out.add(p.target());
        } else if (s instanceof Stmt.If f) {
          collectTargets(f.thenBlock(), out);
          collectTargets(f.elseBlock(), out);
        } else if (s instanceof Stmt.For f) {
          collectTargets(f.body(), out);
        } else if (s instanceof Stmt.ForDown f) {
          collectTargets(f.body(), out);
        }
      }
    }

    // ------------------------------------------------------------------ lane-uniformity analysis

    private boolean changed;

    private void analyse() {
      do {
        changed = false;
        walk(program, false);
      } while (changed);
    }

    boolean varying(Expr e) {
      return Walk.any(e, x -> x instanceof Expr.Var v && (laneScalars.containsKey(v.name())
          || laneIndices.contains(v.name()) || (laneArrays.contains(v.name()))));
    }

    private void markScalar(String var, Type type) {
      if (!indices.contains(var) && laneScalars.put(var, type) == null) {
        changed = true;
      }
    }

    private void markArray(String array) {
      if (laneArrays.add(array)) {
        changed = true;
      }
    }

    private void markTarget(Expr target) {
      if (target instanceof Expr.Var v) {
        markScalar(v.name(), v.type());
      } else if (target instanceof Expr.Index i) {
        markArray(i.array().name());
      } else {
        throw new Unsupported(name + ": assignment to " + target);
      }
    }

    private void walk(List<Stmt> body, boolean control) {
      for (Stmt s : body) {
        if (s instanceof Stmt.Decl d) {
          if (control || (d.init() != null && varying(d.init()))) {
            markScalar(d.var().name(), d.var().type());
          }
        } else if (s instanceof Stmt.Assign a) {
          boolean v = control || varying(a.value()) || (a.target() instanceof Expr.Index i && varying(i.index()));
          if (v) {
            markTarget(a.target());
          }
        } else if (s instanceof Stmt.If f) {
          boolean c = control || varying(f.cond());
          walk(f.thenBlock(), c);
          walk(f.elseBlock(), c);
        } else if (s instanceof Stmt.For f) {
          boolean bounds = varying(f.from()) || varying(f.to());
          if (bounds && laneIndices.add(f.index().name())) {
            changed = true;
          }
          walk(f.body(), control || bounds);
        } else if (s instanceof Stmt.ForDown f) {
          boolean bounds = varying(f.from()) || varying(f.to());
          if (bounds && laneIndices.add(f.index().name())) {
            changed = true;
          }
          walk(f.body(), control || bounds);
        } else if (s instanceof Stmt.Push) {
          if (control) {
            markScalar("tp$", Type.INT);
            markScalar("itp$", Type.INT);
          }
        } else if (s instanceof Stmt.Pop p) {
          markTarget(p.target());
          if (control) {
            markScalar("tp$", Type.INT);
            markScalar("itp$", Type.INT);
          }
        } else if (s instanceof Stmt.Draw d) {
          markScalar(d.var().name(), d.var().type());
          if (control && record) {
            markScalar(org.dsojava.processor.transform.NoiseLowering.DRAW_INDEX, Type.INT);
          }
        } else if (s instanceof Stmt.Fill f) {
          if (control) {
            markArray(f.array().name());
          }
        } else if (s instanceof Stmt.ArrayDecl a) {
          if (control) {
            markArray(a.var().name());
          }
        }
      }
    }

    // ------------------------------------------------------------------ printing

    /** Local aliases of the per-lane scalars' and work arrays' fields, and the tape pointers. */
    CodeBlock aliases() {
      CodeBlock.Builder c = CodeBlock.builder();
      for (Map.Entry<String, Type> e : laneScalars.entrySet()) {
        String v = e.getKey();
        if (LANE_SCALARS.contains(v)) {
          continue;
        }
        String type = e.getValue() == Type.INT ? "int" : e.getValue() == Type.BOOLEAN ? "boolean" : "double";
        String field = name + "$" + v;
        addField(type, 1, field, "[" + LANES + "]");
        c.addStatement("final $L[] $L = this.$L", type, v, field);
      }
      for (Map.Entry<String, Integer> w : workLengths.entrySet()) {
        String type = workTypes.get(w.getKey()) == Type.INT_ARRAY ? "int" : "double";
        String field = name + "$" + w.getKey();
        addField(type, 2, field, "[" + w.getValue() + "][" + LANES + "]");
        c.addStatement("final $L[][] $L = this.$L", type, w.getKey(), field);
      }
      if (tape) {
        addField("double", 2, name + "$tape", "[" + tapeDoubles + "][" + LANES + "]");
        addField("int", 2, name + "$itape", "[" + tapeInts + "][" + LANES + "]");
        c.addStatement("final double[][] tape$$ = this.$L", name + "$tape");
        c.addStatement("final int[][] itape$$ = this.$L", name + "$itape");
        if (laneScalars.containsKey("tp$")) {
          c.addStatement("java.util.Arrays.fill(tp$$, 0)");
          c.addStatement("java.util.Arrays.fill(itp$$, 0)");
        } else {
          c.addStatement("int tp$$ = 0");
          c.addStatement("int itp$$ = 0");
        }
      }
      return c.build();
    }

    private final Set<String> addedFields = new HashSet<>();

    private void addField(String type, int dims, String field, String shape) {
      if (!addedFields.add(field)) {
        return;
      }
      TypeName element = type.equals("int") ? TypeName.INT : type.equals("boolean") ? TypeName.BOOLEAN : TypeName.DOUBLE;
      TypeName t = com.palantir.javapoet.ArrayTypeName.of(element);
      if (dims == 2) {
        t = com.palantir.javapoet.ArrayTypeName.of(t);
      }
      fields.add(FieldSpec.builder(t, field, Modifier.PRIVATE, Modifier.FINAL).build());
      allocations.addStatement("this.$L = new $L$L", field, type, shape);
    }

    CodeBlock code() {
      CodeBlock.Builder c = CodeBlock.builder();
      vector(program, c);
      return c.build();
    }

    /** Lane k's view of an expression: per-lane scalars as {@code v[k]}, per-lane arrays as {@code a[i * K + k]}. */
    Expr lane(Expr e) {
      if (e instanceof Expr.Var v) {
        if (loopLocals.contains(v.name())) {
          return new Expr.Var(v.name() + LOCAL, v.type());
        }
        if (laneScalars.containsKey(v.name())) {
          return new Expr.Index(new Expr.Var(v.name(), Type.DOUBLE_ARRAY), laneVar(), v.type());
        }
        if (v.type().isArray() && laneArrays.contains(v.name())) {
          throw new Unsupported(name + " uses the per-lane array " + v.name() + " whole");
        }
        return v;
      }
      if (e instanceof Expr.Index i) {
        Expr index = lane(i.index());
        if (laneArrays.contains(i.array().name())) {
          // row i of the per-lane array, then lane k: a plain index, which the JIT vectorizes (an invariant
          // offset i * K + k defeats C2's SuperWord in JDK 17)
          Expr.Var row = new Expr.Var(i.array().name() + "[" + JavaWriter.expr(index) + "]", i.array().type());
          return new Expr.Index(row, laneVar(), i.type());
        }
        return new Expr.Index(i.array(), index, i.type());
      }
      if (e instanceof Expr.Const) {
        return e;
      }
      if (e instanceof Expr.Unary u) {
        return new Expr.Unary(u.op(), lane(u.operand()), u.type());
      }
      if (e instanceof Expr.Binary b) {
        return new Expr.Binary(b.op(), lane(b.left()), lane(b.right()), b.type());
      }
      if (e instanceof Expr.Call c) {
        List<Expr> args = new ArrayList<>();
        for (Expr a : c.args()) {
          args.add(lane(a));
        }
        return new Expr.Call(c.function(), args, c.type());
      }
      if (e instanceof Expr.Cond c) {
        return new Expr.Cond(lane(c.cond()), lane(c.ifTrue()), lane(c.ifFalse()), c.type());
      }
      if (e instanceof Expr.Cast c) {
        return new Expr.Cast(lane(c.operand()), c.type());
      }
      throw new Unsupported(name + ": cannot write the expression " + e.getClass().getSimpleName());
    }

    private Expr laneVar() {
      return new Expr.Var(LANE, Type.INT);
    }

    String print(Expr e) {
      return JavaWriter.expr(lane(e));
    }

    private boolean laneTarget(Expr target) {
      return target instanceof Expr.Var v ? laneScalars.containsKey(v.name())
          : laneArrays.contains(((Expr.Index) target).array().name());
    }

    private boolean hasCall(Stmt s) {
      boolean[] found = {false};
      Walk.exprs(s, e -> found[0] |= e instanceof Expr.Call);
      return found[0];
    }

    /** Statements for all lanes at once: lane loops innermost. */
    private void vector(List<Stmt> body, CodeBlock.Builder c) {
      List<Stmt> group = new ArrayList<>();
      for (Stmt s : body) {
        boolean simple = (s instanceof Stmt.Decl d && laneScalars.containsKey(d.var().name()))
            || (s instanceof Stmt.Assign a && laneTarget(a.target()));
        if (simple) {
          if (hasCall(s)) {
            flush(group, c);
            group.add(s);
            flush(group, c);
          } else {
            group.add(s);
          }
          continue;
        }
        flush(group, c);
        if (s instanceof Stmt.Decl d) {
          Expr init = d.init() != null ? d.init() : new Expr.Const(0, d.var().type());
          c.addStatement("$L $L = $L", d.var().type().javaName(), d.var().name(), print(init));
        } else if (s instanceof Stmt.Assign a) {
          assign(a, c);
        } else if (s instanceof Stmt.ArrayDecl a) {
          fill(a.var(), c);
        } else if (s instanceof Stmt.Fill f) {
          fill(f.array(), c);
        } else if (s instanceof Stmt.If f) {
          if (!varying(f.cond())) {
            c.beginControlFlow("if ($L)", print(f.cond()));
            vector(f.thenBlock(), c);
            if (!f.elseBlock().isEmpty()) {
              c.nextControlFlow("else");
              vector(f.elseBlock(), c);
            }
            c.endControlFlow();
          } else {
            int u = unique++;
            // taken as a whole when the active lanes agree (masked lanes follow along on their stale values)
            c.addStatement("boolean $$c$L = false", u);
            c.addStatement("boolean $$u$L = true", u);
            c.addStatement("boolean $$f$L = true", u);
            laneLoop(c);
            c.beginControlFlow("if (!active$$[$L])", LANE).addStatement("continue").endControlFlow();
            c.addStatement("boolean $$ck = $L", print(f.cond()));
            c.beginControlFlow("if ($$f$L)", u).addStatement("$$c$L = $$ck", u).addStatement("$$f$L = false", u)
                .nextControlFlow("else if ($$ck != $$c$L)", u).addStatement("$$u$L = false", u)
                .addStatement("break").endControlFlow();
            c.endControlFlow();
            c.beginControlFlow("if ($$u$L)", u);
            c.beginControlFlow("if ($$c$L)", u);
            vector(f.thenBlock(), c);
            if (!f.elseBlock().isEmpty()) {
              c.nextControlFlow("else");
              vector(f.elseBlock(), c);
            }
            c.endControlFlow();
            c.nextControlFlow("else");
            perLane(List.of(s), c);
            c.endControlFlow();
          }
        } else if (s instanceof Stmt.For f) {
          Stmt.Assign reduction = jammable(f.from(), f.to(), f.body());
          if (laneIndices.contains(f.index().name())) {
            perLane(List.of(s), c);
          } else if (reduction != null) {
            jam(f.index(), f.from(), f.to(), true, reduction, c);
          } else {
            String i = f.index().name();
            c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", i, print(f.from()), i, print(f.to()), i);
            vector(f.body(), c);
            c.endControlFlow();
          }
        } else if (s instanceof Stmt.ForDown f) {
          Stmt.Assign reduction = jammable(f.from(), f.to(), f.body());
          if (laneIndices.contains(f.index().name())) {
            perLane(List.of(s), c);
          } else if (reduction != null) {
            jam(f.index(), f.from(), f.to(), false, reduction, c);
          } else {
            String i = f.index().name();
            c.beginControlFlow("for (int $L = $L - 1; $L >= $L; $L--)", i, "(" + print(f.to()) + ")", i,
                print(f.from()), i);
            vector(f.body(), c);
            c.endControlFlow();
          }
        } else if (s instanceof Stmt.Push p) {
          if (laneScalars.containsKey("tp$")) {
            perLane(List.of(s), c);
          } else {
            boolean d = p.value().type() == Type.DOUBLE;
            laneLoop(c);
            lane(s, c);
            c.endControlFlow();
            c.addStatement(d ? "tp$$++" : "itp$$++");
          }
        } else if (s instanceof Stmt.Pop p) {
          if (laneScalars.containsKey("tp$")) {
            perLane(List.of(s), c);
          } else {
            boolean d = p.target().type() == Type.DOUBLE;
            c.addStatement(d ? "tp$$--" : "itp$$--");
            laneLoop(c);
            lane(s, c);
            c.endControlFlow();
          }
        } else if (s instanceof Stmt.Draw d) {
          perLane(List.of(s), c);
          if (record && !laneScalars.containsKey(org.dsojava.processor.transform.NoiseLowering.DRAW_INDEX)) {
            c.addStatement("dc++");
          }
        } else {
          throw new Unsupported(name + ": cannot write " + s.getClass().getSimpleName());
        }
      }
      flush(group, c);
    }

    /**
     * The body's one statement when the loop is a per-lane reduction {@code acc ±= r(i)} (a layer's dot
     * products across K rollouts) worth jamming, else null: {@code r} must not read {@code acc}, and a
     * loop known to run fewer than {@link #JAM} times is left as it is.
     */
    private Stmt.Assign jammable(Expr from, Expr to, List<Stmt> body) {
      if (body.size() != 1 || !(body.get(0) instanceof Stmt.Assign a) || !(a.target() instanceof Expr.Var acc)
          || !laneScalars.containsKey(acc.name()) || acc.type() != Type.DOUBLE
          || !(a.value() instanceof Expr.Binary b) || !(b.op().equals("+") || b.op().equals("-"))
          || !b.left().equals(acc) || Walk.any(b.right(), e -> e.equals(acc))
          || from instanceof Expr.Const f && to instanceof Expr.Const t && t.value() - f.value() < JAM) {
        return null;
      }
      return a;
    }

    /**
     * A reduction loop unrolled by {@link #JAM} and jammed into one lane loop: {@code acc = (((acc + r(i)) +
     * r(i+1)) + r(i+2)) + r(i+3)} is each lane's own sequence of additions in the scalar kernel's order, so
     * bit-identical, with a quarter of the lane-loop entries and of the accumulator's loads and stores
     * (SuperWord vectorizes the lane loop; its entry, not the arithmetic, dominates a K-lane dot product).
     */
    private void jam(Expr.Var index, Expr from, Expr to, boolean up, Stmt.Assign step, CodeBlock.Builder c) {
      String i = index.name();
      Expr.Binary b = (Expr.Binary) step.value();
      c.add("{\n").indent();
      if (up) {
        c.addStatement("int $L = $L", i, print(from));
        c.beginControlFlow("for (; $L + $L < $L; $L += $L)", i, JAM - 1, print(to), i, JAM);
      } else {
        c.addStatement("int $L = ($L) - 1", i, print(to));
        c.beginControlFlow("for (; $L - $L >= $L; $L -= $L)", i, JAM - 1, print(from), i, JAM);
      }
      Expr value = b.left();
      for (int u = 0; u < JAM; u++) {
        Expr at = u == 0 ? index
            : new Expr.Binary(up ? "+" : "-", index, new Expr.Const(u, Type.INT), Type.INT);
        Expr r = Walk.map(b.right(), e -> e.equals(index) ? at : e);
        value = new Expr.Binary(b.op(), value, r, b.type());
      }
      List<Stmt> group = new ArrayList<>(List.of(new Stmt.Assign(step.target(), value, step.origin())));
      flush(group, c);
      c.endControlFlow();
      if (up) {
        c.beginControlFlow("for (; $L < $L; $L++)", i, print(to), i);
      } else {
        c.beginControlFlow("for (; $L >= $L; $L--)", i, print(from), i);
      }
      vector(List.of(step), c);
      c.endControlFlow();
      c.unindent().add("}\n");
    }

    /** Iterations of a reduction jammed into one lane loop. */
    private static final int JAM = 4;

    private void flush(List<Stmt> group, CodeBlock.Builder c) {
      if (group.isEmpty()) {
        return;
      }
      // θ reads and other uniform values computed once before the lane loop: the same value for every lane,
      // and a load of θ (a double[] like the accumulators the loop stores to) left in the loop keeps C2
      // from vectorizing it
      Map<Expr, String> hoisted = new LinkedHashMap<>();
      List<Stmt> body = new ArrayList<>();
      for (Stmt s : group) {
        if (s instanceof Stmt.Decl d) {
          body.add(new Stmt.Decl(d.var(), d.init() == null ? null : hoist(d.init(), hoisted, c), d.origin()));
        } else {
          Stmt.Assign a = (Stmt.Assign) s;
          body.add(new Stmt.Assign(a.target(), hoist(a.value(), hoisted, c), a.origin()));
        }
      }
      // a temporary declared in this loop and mentioned nowhere else is a local of the loop body (a register
      // for the JIT) rather than a per-lane array stored and reloaded
      Map<String, Integer> here = new java.util.HashMap<>();
      for (Stmt s : group) {
        for (String v : names(s)) {
          here.merge(v, 1, Integer::sum);
        }
      }
      Set<String> locals = new HashSet<>();
      for (Stmt s : group) {
        if (s instanceof Stmt.Decl d) {
          String v = d.var().name();
          if (laneScalars.containsKey(v) && !LANE_SCALARS.contains(v) && !RESULTS.contains(v) && !locals.contains(v)
              && here.get(v).equals(mentions.get(v)) && firstMention(group, v) == s) {
            locals.add(v);
          }
        }
      }
      if (body.size() == 1 && laneTanh(body.get(0), c)) {
        group.clear();
        return;
      }
      laneLoop(c);
      loopLocals.addAll(locals);
      try {
        for (Stmt s : body) {
          lane(s, c);
        }
      } finally {
        loopLocals.removeAll(locals);
      }
      c.endControlFlow();
      group.clear();
    }

    /**
     * A lane loop {@code out = tanh(in)} of per-lane values as one {@code LaneMath.tanh} call, which runs
     * fdlibm's tanh on all lanes in SIMD registers (the Vector API, when the JVM has it) bit for bit: the
     * branches of the scalar function keep SuperWord from vectorizing the loop, and an MLP's tanh calls
     * outweigh its multiply-adds once those are vectorized.
     */
    private boolean laneTanh(Stmt s, CodeBlock.Builder c) {
      if (!(s instanceof Stmt.Assign a) || !(a.value() instanceof Expr.Call call) || call.args().size() != 1
          || !JavaWriter.callee(call.function()).equals("org.dsojava.runtime.Fdlibm.tanh")) {
        return false;
      }
      Expr in = lane(call.args().get(0));
      Expr out = lane(a.target());
      if (!(in instanceof Expr.Index i) || !(out instanceof Expr.Index o) || !i.index().equals(laneVar())
          || !o.index().equals(laneVar())) {
        return false;
      }
      c.addStatement("org.dsojava.runtime.LaneMath.tanh($L, $L, $L, $L)", JavaWriter.expr(i.array()),
          JavaWriter.expr(o.array()), FIRST, LANES);
      return true;
    }

    private Stmt firstMention(List<Stmt> group, String v) {
      for (Stmt s : group) {
        if (names(s).contains(v)) {
          return s;
        }
      }
      return null;
    }

    private int hoistCount;

    /**
     * {@code e} with its largest uniform parts that read an array or call a function replaced by locals
     * declared before the lane loop. Never from a branch of {@code ?:} or the right of {@code &&} /
     * {@code ||}, which the loop may not evaluate (an index valid only when its guard holds).
     */
    private Expr hoist(Expr e, Map<Expr, String> hoisted, CodeBlock.Builder c) {
      if (!varying(e) && !(e instanceof Expr.Const) && !(e instanceof Expr.Var)
          && Walk.any(e, x -> x instanceof Expr.Index || x instanceof Expr.Call)) {
        String name = hoisted.get(e);
        if (name == null) {
          name = "$h" + hoistCount++;
          hoisted.put(e, name);
          c.addStatement("final $L $L = $L", e.type().javaName(), name, JavaWriter.expr(e));
        }
        return new Expr.Var(name, e.type());
      }
      if (e instanceof Expr.Unary u) {
        return new Expr.Unary(u.op(), hoist(u.operand(), hoisted, c), u.type());
      }
      if (e instanceof Expr.Binary b) {
        boolean shortCircuit = b.op().equals("&&") || b.op().equals("||");
        return new Expr.Binary(b.op(), hoist(b.left(), hoisted, c),
            shortCircuit ? b.right() : hoist(b.right(), hoisted, c), b.type());
      }
      if (e instanceof Expr.Cond k) {
        return new Expr.Cond(hoist(k.cond(), hoisted, c), k.ifTrue(), k.ifFalse(), k.type());
      }
      if (e instanceof Expr.Cast k) {
        return new Expr.Cast(hoist(k.operand(), hoisted, c), k.type());
      }
      if (e instanceof Expr.Call k) {
        List<Expr> args = new ArrayList<>();
        for (Expr a : k.args()) {
          args.add(hoist(a, hoisted, c));
        }
        return new Expr.Call(k.function(), args, k.type());
      }
      return e; // Index: its row index stays (the loop reads row[k]); Var, Const
    }

    private void perLane(List<Stmt> body, CodeBlock.Builder c) {
      laneLoop(c);
      for (Stmt s : body) {
        lane(s, c);
      }
      c.endControlFlow();
    }

    private void fill(Expr.Var array, CodeBlock.Builder c) {
      if (!laneArrays.contains(array.name())) {
        throw new Unsupported(name + ": zeroing " + array.name() + ", which is not a work array");
      }
      c.beginControlFlow("for (int $$z = 0; $$z < $L.length; $$z++)", array.name());
      c.addStatement("java.util.Arrays.fill($L[$$z], $L, $L, $L)", array.name(), FIRST, LANES,
          array.type() == Type.INT_ARRAY ? "0" : "0.0");
      c.endControlFlow();
    }

    private void assign(Stmt.Assign a, CodeBlock.Builder c) {
      String target = print(a.target());
      if (a.value() instanceof Expr.Binary b && (b.op().equals("+") || b.op().equals("-"))
          && b.left().equals(a.target())) {
        // the same operation as target = target ± right; printed compound as the scalar kernel does
        c.addStatement("$L $L= ($L)", target, b.op(), print(b.right()));
      } else {
        c.addStatement("$L = $L", target, print(a.value()));
      }
    }

    /** One statement for lane {@code $k}, inside a lane loop. */
    private void lane(Stmt s, CodeBlock.Builder c) {
      if (s instanceof Stmt.Decl d) {
        Expr init = d.init() != null ? d.init() : new Expr.Const(0, d.var().type());
        if (loopLocals.contains(d.var().name())) {
          c.addStatement("$L $L = $L", d.var().type().javaName(), d.var().name() + LOCAL, print(init));
        } else if (laneScalars.containsKey(d.var().name())) {
          c.addStatement("$L = $L", print(d.var()), print(init));
        } else {
          c.addStatement("$L $L = $L", d.var().type().javaName(), d.var().name(), print(init));
        }
      } else if (s instanceof Stmt.Assign a) {
        assign(a, c);
      } else if (s instanceof Stmt.ArrayDecl a) {
        laneFill(a.var(), a.length(), c);
      } else if (s instanceof Stmt.Fill f) {
        laneFill(f.array(), f.length(), c);
      } else if (s instanceof Stmt.If f) {
        c.beginControlFlow("if ($L)", print(f.cond()));
        for (Stmt t : f.thenBlock()) {
          lane(t, c);
        }
        if (!f.elseBlock().isEmpty()) {
          c.nextControlFlow("else");
          for (Stmt t : f.elseBlock()) {
            lane(t, c);
          }
        }
        c.endControlFlow();
      } else if (s instanceof Stmt.For f) {
        String i = f.index().name();
        c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", i, print(f.from()), i, print(f.to()), i);
        for (Stmt t : f.body()) {
          lane(t, c);
        }
        c.endControlFlow();
      } else if (s instanceof Stmt.ForDown f) {
        String i = f.index().name();
        c.beginControlFlow("for (int $L = $L - 1; $L >= $L; $L--)", i, "(" + print(f.to()) + ")", i,
            print(f.from()), i);
        for (Stmt t : f.body()) {
          lane(t, c);
        }
        c.endControlFlow();
      } else if (s instanceof Stmt.Push p) {
        boolean d = p.value().type() == Type.DOUBLE;
        String ptr = pointer(d ? "tp$" : "itp$");
        String value = p.value().type() == Type.BOOLEAN ? "(" + print(p.value()) + ") ? 1 : 0" : print(p.value());
        c.addStatement("$L[$L][$L] = $L", d ? "tape$" : "itape$", ptr, LANE, value);
        if (laneScalars.containsKey("tp$")) {
          c.addStatement("$L++", ptr);
        }
      } else if (s instanceof Stmt.Pop p) {
        Type t = p.target().type();
        boolean d = t == Type.DOUBLE;
        String ptr = pointer(d ? "tp$" : "itp$");
        if (laneScalars.containsKey("tp$")) {
          c.addStatement("$L--", ptr);
        }
        String read = (d ? "tape$" : "itape$") + "[" + ptr + "][" + LANE + "]";
        c.addStatement("$L = $L", print(p.target()), t == Type.BOOLEAN ? read + " != 0" : read);
      } else if (s instanceof Stmt.Draw d) {
        List<String> args = new ArrayList<>();
        for (Expr a : d.args()) {
          args.add(JavaWriter.expr(lane(a)));
        }
        String sample = distributions.get(d.distribution()).sampleCode("rng[" + LANE + "]", args);
        c.beginControlFlow("if (active$$[$L])", LANE);
        c.addStatement("$L = $L", print(d.var()), sample);
        if (record) {
          String dc = org.dsojava.processor.transform.NoiseLowering.DRAW_INDEX;
          if (laneScalars.containsKey(dc)) {
            c.addStatement("draws[dc[$L]][$L] = $L", LANE, LANE, print(d.var()));
            c.addStatement("dc[$L]++", LANE);
          } else {
            c.addStatement("draws[dc][$L] = $L", LANE, print(d.var()));
          }
        }
        c.endControlFlow();
      } else {
        throw new Unsupported(name + ": cannot write " + s.getClass().getSimpleName());
      }
    }

    private String pointer(String p) {
      return laneScalars.containsKey(p) ? p + "[" + LANE + "]" : p;
    }

    private void laneFill(Expr.Var array, int length, CodeBlock.Builder c) {
      if (!laneArrays.contains(array.name())) {
        throw new Unsupported(name + ": a shared array " + array.name() + " zeroed under a per-lane condition");
      }
      c.beginControlFlow("for (int $$z = 0; $$z < $L; $$z++)", length);
      c.addStatement("$L[$$z][$L] = $L", array.name(), LANE,
          array.type() == Type.INT_ARRAY ? "0" : "0.0");
      c.endControlFlow();
    }
  }
}
