package org.dsojava.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.transform.Programs;
import org.dsojava.processor.transform.TapeSize;

/** Writes {@code <Model>Kernel} (the kernel contract) and the entry class {@code <Model>Dso}. */
public final class KernelWriter {
  private static final ClassName KERNEL = ClassName.get("org.dsojava.runtime", "ChainKernel");
  private static final ClassName BOTTLENECK_KERNEL = ClassName.get("org.dsojava.runtime", "BottleneckKernel");
  private static final ClassName RNG = ClassName.get("org.dsojava.runtime", "Rng");
  private static final ClassName SETTING = ClassName.get("org.dsojava.annotations", "Setting");
  /** The project's own marker: generated code needs no java.compiler module (plain JRE). */
  private static final ClassName GENERATED = ClassName.get("org.dsojava.annotations", "Generated");
  private static final TypeName DOUBLES = TypeName.get(double[].class);
  private static final Set<String> KERNEL_ARRAYS = Set.of("x", "next", "mean", "theta", "g", "v", "out",
      "draws", "eta", "gEta", "d", "etaDot", "tape", "itape", Programs.SCRATCH, Programs.G_SCRATCH);

  private final Model model;
  /** Arrays the kernel owns (parameters, and the record arrays it fills from the bound data set). */
  private final Set<String> kernelArrays;
  private final Programs programs;
  private final Map<String, NoiseDistribution> distributions;
  private final List<FieldSpec> workFields = new ArrayList<>();
  private final MethodSplitter splitter = new MethodSplitter();
  private long tapeDoubles;
  private long tapeInts;

  public KernelWriter(Model model, Programs programs, Map<String, NoiseDistribution> distributions) {
    this.model = model;
    Set<String> arrays = new java.util.HashSet<>(KERNEL_ARRAYS);
    arrays.addAll(model.recordArrays().keySet());
    this.kernelArrays = java.util.Collections.unmodifiableSet(arrays);
    this.programs = programs;
    this.distributions = distributions;
  }

  private static AnnotationSpec generated() {
    return AnnotationSpec.builder(GENERATED).addMember("value", "$S", "org.dsojava.processor.DsoProcessor").build();
  }

  public String kernelName() {
    return model.simpleName() + "Kernel";
  }

  public List<JavaFile> write() {
    List<Stmt> initial = programs.initialState();
    List<Stmt> sample = programs.sample();
    int draws = (int) TapeSize.of(sample).draws();
    List<Stmt> gradient = programs.gradient();
    List<Stmt> hvp = programs.hvp();
    List<String> blocks = model.roles().dataCosts();
    Map<String, List<Stmt>> blockGradients = new LinkedHashMap<>();
    Map<String, List<Stmt>> blockHvps = new LinkedHashMap<>();
    for (String b : blocks) {
      blockGradients.put(b, programs.dataCostGradient(b));
      blockHvps.put(b, programs.dataCostHvp(b));
    }
    List<List<Stmt>> taped = new ArrayList<>(List.of(gradient, hvp));
    taped.addAll(blockGradients.values());
    taped.addAll(blockHvps.values());
    List<Stmt> etaGradient = null;
    List<Stmt> pullBack = null;
    if (programs.hasBottleneck()) {
      etaGradient = programs.etaGradient();
      pullBack = programs.pullBack();
      taped.add(etaGradient);
      taped.add(pullBack);
    }
    for (List<Stmt> p : taped) {
      TapeSize.Bound b = TapeSize.of(p);
      tapeDoubles = Math.max(tapeDoubles, b.doubles());
      tapeInts = Math.max(tapeInts, b.ints());
    }

    TypeSpec.Builder k = TypeSpec.classBuilder(kernelName())
        .addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(programs.hasBottleneck() ? BOTTLENECK_KERNEL : KERNEL)
        .addJavadoc("Generated kernel of {@link $L}: sampling, mean step, ln P and its derivatives.\n", model.simpleName())
        .addJavadoc("<p>θ layout: $L.\n", layout())
        .addJavadoc("<p>One instance per thread: the work arrays below are this instance's.\n");

    k.addMethod(constant("modelName", TypeName.get(String.class), CodeBlock.of("$S", model.simpleName())));
    k.addMethod(constant("paramCount", TypeName.INT, CodeBlock.of("$L", model.paramCount())));
    k.addMethod(constant("stateDim", TypeName.INT, CodeBlock.of("$L", model.kernelStateDim())));
    k.addMethod(constant("drawCount", TypeName.INT, CodeBlock.of("$L", draws)));
    k.addMethod(constant("bottleneckDim", TypeName.INT, CodeBlock.of("$L", model.bottleneckDim())));
    k.addMethod(constant("setting", SETTING, CodeBlock.of("$T.$L", SETTING, model.setting())));
    k.addMethod(constant("discount", TypeName.DOUBLE, CodeBlock.of("$L", Double.toString(model.discount()))));
    k.addMethod(constant("horizon", TypeName.INT, CodeBlock.of("$L", model.horizon())));
    k.addMethod(paramName());
    k.addMethod(initialParams());

    k.addMethod(method("initialState", TypeName.VOID, initial, false, null,
        p(DOUBLES, "theta"), p(TypeName.INT, "n"), p(RNG, "rng"), p(DOUBLES, "x")));
    k.addMethod(method("sample", TypeName.VOID, sample, true, null,
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(RNG, "rng"),
        p(DOUBLES, "draws"), p(DOUBLES, "next")));
    k.addMethod(method("samplePolicyMean", TypeName.VOID, programs.samplePolicyMean(), true, null,
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(RNG, "rng"),
        p(DOUBLES, "draws"), p(DOUBLES, "next")));
    k.addMethod(method("meanStep", TypeName.VOID, programs.meanStep(), false, null,
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(DOUBLES, "mean")));
    if (model.roles().terminal() != null) {
      k.addMethod(method("terminal", TypeName.BOOLEAN, programs.terminal(), false, "result",
          p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n")));
    } else {
      k.addMethod(constant("terminal", TypeName.BOOLEAN, CodeBlock.of("false")).toBuilder()
          .addParameter(DOUBLES, "x").addParameter(TypeName.INT, "t").addParameter(TypeName.INT, "n").build());
    }
    k.addMethod(method("cost", TypeName.DOUBLE, programs.cost(), false, "cost",
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n")));
    k.addMethod(method("logDensity", TypeName.DOUBLE, programs.logDensity(), false, "lp",
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(DOUBLES, "draws")));
    k.addMethod(method("accumulateGradient", TypeName.VOID, gradient, false, null,
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(DOUBLES, "draws"),
        p(TypeName.DOUBLE, "wL"), p(TypeName.DOUBLE, "wP"), p(DOUBLES, "g")));
    k.addMethod(method("jvp", TypeName.DOUBLE, programs.jvp(), false, Programs.JVP_RESULT,
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(DOUBLES, "draws"),
        p(TypeName.DOUBLE, "wL"), p(TypeName.DOUBLE, "wP"), p(DOUBLES, "v")));
    k.addMethod(method("hvp", TypeName.VOID, hvp, false, null,
        p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"), p(DOUBLES, "draws"),
        p(TypeName.DOUBLE, "wL"), p(TypeName.DOUBLE, "wP"), p(DOUBLES, "v"), p(DOUBLES, "out")));

    ParameterSpec[] bottleneck = {p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"),
        p(DOUBLES, "eta")};
    ParameterSpec[] etaGrad = {p(DOUBLES, "eta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"),
        p(DOUBLES, "draws"), p(TypeName.DOUBLE, "wL"), p(TypeName.DOUBLE, "wP"), p(DOUBLES, "gEta")};
    ParameterSpec[] pull = {p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"),
        p(DOUBLES, "gEta"), p(DOUBLES, "g")};
    ParameterSpec[] tangent = {p(DOUBLES, "theta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"),
        p(DOUBLES, "v"), p(DOUBLES, "etaDot")};
    ParameterSpec[] fisher = {p(DOUBLES, "eta"), p(DOUBLES, "x"), p(TypeName.INT, "t"), p(TypeName.INT, "n"),
        p(DOUBLES, "draws"), p(DOUBLES, "fisher")};
    if (programs.hasBottleneck()) {
      k.addMethod(method("bottleneck", TypeName.VOID, programs.bottleneck(), false, null, bottleneck));
      k.addMethod(method("accumulateBottleneckGradient", TypeName.VOID, etaGradient, false, null, etaGrad));
      k.addMethod(method("pullBack", TypeName.VOID, pullBack, false, null, pull));
      k.addMethod(method("bottleneckTangent", TypeName.VOID, programs.bottleneckTangent(), false, null, tangent));
      List<Stmt> quadratic = programs.fisherQuadratic();
      if (quadratic != null) {
        k.addMethod(bottleneckFisher());
        List<ParameterSpec> quadraticParams = List.of(p(DOUBLES, "eta"), p(DOUBLES, "x"), p(TypeName.INT, "t"),
            p(TypeName.INT, "n"), p(DOUBLES, "draws"), p(DOUBLES, "d"));
        k.addMethod(MethodSpec.methodBuilder("fisherQuadratic").addModifiers(Modifier.PRIVATE)
            .addJavadoc("dᵀ F_η d, summed over noise sites (eq. 73).\n").returns(TypeName.DOUBLE)
            .addParameters(quadraticParams)
            .addCode(body("fisherQuadratic", quadratic, false, "q", quadraticParams)).build());
        k.addField(FieldSpec.builder(DOUBLES, "fisherDirection", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new double[$L]", model.bottleneckDim()).build());
      } else {
        k.addMethod(MethodSpec.methodBuilder("bottleneckFisher").addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC).addParameters(List.of(fisher))
            .addStatement("throw new UnsupportedOperationException($S)", model.simpleName()
                + ": no Fisher information for noise distribution(s) " + String.join(", ", programs.withoutFisher())
                + " (NoiseDistribution.fisherQuadratic)")
            .build());
      }
    }

    addRecordedData(k, blocks, blockGradients, blockHvps);

    k.addField(FieldSpec.builder(DOUBLES, "scratch", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new double[$L]", model.kernelStateDim()).build());
    k.addField(FieldSpec.builder(DOUBLES, "gScratch", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new double[$L]", model.paramCount()).build());
    k.addField(FieldSpec.builder(DOUBLES, "tape", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new double[$L]", tapeDoubles).build());
    k.addField(FieldSpec.builder(TypeName.get(int[].class), "itape", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new int[$L]", tapeInts).build());
    workFields.forEach(k::addField);
    model.constantArrays().forEach((name, a) -> {
      List<String> values = new ArrayList<>();
      for (double v : a.elements()) {
        values.add(JavaWriter.constant(new org.dsojava.processor.ir.Expr.Const(v, a.type().element())));
      }
      k.addField(FieldSpec.builder(a.type() == Type.INT_ARRAY ? TypeName.get(int[].class) : DOUBLES, name,
          Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("{$L}", String.join(", ", values)).build());
    });
    splitter.fields().forEach(k::addField);
    splitter.methods().forEach(k::addMethod);

    List<JavaFile> files = new ArrayList<>();
    files.add(JavaFile.builder(model.packageName(), k.build()).skipJavaLangImports(true).indent("  ").build());
    files.add(JavaFile.builder(model.packageName(), entry()).skipJavaLangImports(true).indent("  ").build());
    files.add(new LockstepWriter(model, programs, distributions).write(kernelName(), draws));
    return files;
  }

  private String layout() {
    List<String> parts = new ArrayList<>();
    for (Model.ParamField p : model.params()) {
      parts.add(p.array() ? p.name() + " = θ[" + p.offset() + ".." + (p.offset() + p.length() - 1) + "]"
          : p.name() + " = θ[" + p.offset() + "]");
    }
    return parts.isEmpty() ? "no parameters" : String.join(", ", parts);
  }

  private static ParameterSpec p(TypeName t, String name) {
    return ParameterSpec.builder(t, name).build();
  }

  private static MethodSpec constant(String name, TypeName type, CodeBlock value) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(type).addStatement("return $L", value).build();
  }

  /** F_jk = (q(e_j + e_k) − q(e_j − e_k)) / 4 and F_jj = q(e_j), from the quadratic form q(d) = dᵀFd. */
  private MethodSpec bottleneckFisher() {
    return MethodSpec.methodBuilder("bottleneckFisher").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(DOUBLES, "eta").addParameter(DOUBLES, "x").addParameter(TypeName.INT, "t")
        .addParameter(TypeName.INT, "n").addParameter(DOUBLES, "draws").addParameter(DOUBLES, "fisher")
        .addStatement("final double[] d = this.fisherDirection")
        .addStatement("final int m = $L", model.bottleneckDim())
        .beginControlFlow("for (int j = 0; j < m; j++)")
        .addStatement("java.util.Arrays.fill(d, 0.0)")
        .addStatement("d[j] = 1.0")
        .addStatement("fisher[j * m + j] = fisherQuadratic(eta, x, t, n, draws, d)")
        .beginControlFlow("for (int k = j + 1; k < m; k++)")
        .addStatement("d[k] = 1.0")
        .addStatement("double plus = fisherQuadratic(eta, x, t, n, draws, d)")
        .addStatement("d[k] = -1.0")
        .addStatement("double minus = fisherQuadratic(eta, x, t, n, draws, d)")
        .addStatement("d[k] = 0.0")
        .addStatement("fisher[j * m + k] = 0.25 * (plus - minus)")
        .addStatement("fisher[k * m + j] = fisher[j * m + k]")
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  private MethodSpec paramName() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("paramName").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(String.class).addParameter(TypeName.INT, "i");
    for (Model.ParamField p : model.params()) {
      m.beginControlFlow("if (i >= $L && i < $L)", p.offset(), p.offset() + p.length());
      if (p.array()) {
        m.addStatement("return $S + (i - $L) + $S", p.name() + "[", p.offset(), "]");
      } else {
        m.addStatement("return $S", p.name());
      }
      m.endControlFlow();
    }
    m.addStatement("throw new IndexOutOfBoundsException($S + i + $S)", "θ index ", " outside [0, " + model.paramCount() + ")");
    return m.build();
  }

  private MethodSpec initialParams() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initialParams").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(TypeName.LONG, "seed").addParameter(DOUBLES, "theta");
    m.addStatement("$T rng = new $T(seed, 0L)", RNG, RNG);
    for (Model.ParamField p : model.params()) {
      String init = p.initStd() != 0 ? Double.toString(p.value()) + " + " + p.initStd() + " * rng.gaussian()"
          : Double.toString(p.value());
      m.beginControlFlow("for (int i = $L; i < $L; i++)", p.offset(), p.offset() + p.length());
      m.addStatement("theta[i] = $L", init);
      m.endControlFlow();
    }
    return m.build();
  }

  private MethodSpec method(String name, TypeName returns, List<Stmt> program, boolean record, String result,
      ParameterSpec... params) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
    return withBody(m, name, returns, program, record, result, params);
  }

  private MethodSpec withBody(MethodSpec.Builder m, String name, TypeName returns, List<Stmt> program,
      boolean record, String result, ParameterSpec... params) {
    m.returns(returns).addParameters(List.of(params));
    return m.addCode(body(name, program, record, result, List.of(params))).build();
  }

  /** The body of a kernel method: work-array aliases, tape pointers, the program, the result. */
  private CodeBlock body(String name, List<Stmt> program, boolean record, String result, List<ParameterSpec> params) {
    CodeBlock.Builder code = CodeBlock.builder();
    program = org.dsojava.processor.transform.UnrollAndJam.apply(program);
    program = org.dsojava.processor.transform.UnrollSmall.apply(program);
    program = org.dsojava.processor.transform.AscendIndependentLoops.apply(program);
    program = org.dsojava.processor.transform.Scalarize.apply(program, kernelArrays);
    Map<String, Integer> work = JavaWriter.workArrays(program, kernelArrays);
    Map<String, Type> types = JavaWriter.workArrayTypes(program, kernelArrays);
    program = org.dsojava.processor.transform.DeadArrayStores.apply(program, kernelArrays);
    for (Map.Entry<String, Integer> w : new LinkedHashMap<>(work).entrySet()) {
      String field = name + "$" + w.getKey();
      boolean ints = types.get(w.getKey()) == Type.INT_ARRAY;
      workFields.add(FieldSpec.builder(ints ? TypeName.get(int[].class) : DOUBLES, field, Modifier.PRIVATE, Modifier.FINAL)
          .initializer("new $L[$L]", ints ? "int" : "double", w.getValue()).build());
      code.addStatement("final $L[] $L = this.$L", ints ? "int" : "double", w.getKey(), field);
    }
    CodeBlock records = readRecords(program, params);
    code.add(records);
    CodeBlock split = splitter.split(name, params, program, types, result, new JavaWriter(distributions, record));
    if (split != null) {
      return records.isEmpty() ? split : CodeBlock.builder().add(code.build()).add(split).build();
    }
    if (JavaWriter.usesTape(program)) {
      code.addStatement("final double[] tape = this.tape");
      code.addStatement("final int[] itape = this.itape");
      code.addStatement("int tp = 0");
      code.addStatement("int itp = 0");
    }
    new JavaWriter(distributions, record).write(program, code);
    if (result != null) {
      code.addStatement("return $L", result);
    }
    return code.build();
  }

  private static final ClassName DATA_SET = ClassName.get("org.dsojava.runtime.data", "DataSet");
  private static final ClassName DATA_SCHEMA = ClassName.get("org.dsojava.runtime.data", "DataSchema");

  /** The kernel field holding the handle of a recorded field in the bound data set. */
  private static String handle(String field) {
    return "recHandle$" + field;
  }

  /**
   * Fills the record arrays {@code program} reads from the bound data set: record (n, t + ahead), with
   * t = 0 in a method without a step index (the initial state). The arrays are kernel fields, so split
   * parts of the method read them too.
   */
  private CodeBlock readRecords(List<Stmt> program, List<ParameterSpec> params) {
    Set<String> used = new java.util.TreeSet<>();
    for (Stmt st : program) {
      org.dsojava.processor.ir.Walk.exprs(st, e -> {
        if (e instanceof org.dsojava.processor.ir.Expr.Var v && model.recordArrays().containsKey(v.name())) {
          used.add(v.name());
        }
      });
    }
    if (used.isEmpty()) {
      return CodeBlock.of("");
    }
    boolean hasT = params.stream().anyMatch(p -> p.name().equals("t"));
    CodeBlock.Builder c = CodeBlock.builder();
    c.beginControlFlow("if (data == null)")
        .addStatement("throw new IllegalStateException($S)", model.simpleName() + " reads recorded data: bind a data"
            + " set first (DsoOptimizer.data(...) or kernel.bind(...))")
        .endControlFlow();
    for (Model.Method m : model.methods().values()) {
      for (Model.Parameter p : m.parameters()) {
        Model.Recorded r = p.record();
        if (r != null && used.remove(r.variable())) {
          String t = hasT ? (r.ahead() == 0 ? "t" : "t + " + r.ahead()) : Integer.toString(r.ahead());
          c.addStatement("data.read(n, $L, $L, $L, 0)", t, handle(r.field()), r.variable());
        }
      }
    }
    return c.build();
  }

  /** recordSchema, bind, the record arrays, and the data cost blocks' dispatch and bodies. */
  private void addRecordedData(TypeSpec.Builder k, List<String> blocks, Map<String, List<Stmt>> gradients,
      Map<String, List<Stmt>> hvps) {
    Map<String, Integer> fields = model.recordFields();
    if (fields.isEmpty() && blocks.isEmpty()) {
      return;
    }
    k.addField(FieldSpec.builder(DATA_SET, "data", Modifier.PRIVATE).build());
    List<String> schema = new ArrayList<>();
    for (Map.Entry<String, Integer> f : fields.entrySet()) {
      schema.add(CodeBlock.of("$T.field($S, $L)", DATA_SCHEMA, f.getKey(), f.getValue()).toString());
      k.addField(FieldSpec.builder(TypeName.INT, handle(f.getKey()), Modifier.PRIVATE).initializer("-1").build());
    }
    model.recordArrays().forEach((name, length) -> k.addField(FieldSpec.builder(DOUBLES, name, Modifier.PRIVATE,
        Modifier.FINAL).initializer("new double[$L]", length).build()));
    k.addField(FieldSpec.builder(DATA_SCHEMA, "RECORD_SCHEMA", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.of($L)", DATA_SCHEMA, String.join(", ", schema)).build());
    k.addMethod(MethodSpec.methodBuilder("recordSchema").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(DATA_SCHEMA).addStatement("return RECORD_SCHEMA").build());
    boolean chain = false;
    for (String role : new String[] {model.roles().transition(), model.roles().cost(), model.roles().initial(),
        model.roles().terminal()}) {
      if (role != null) {
        chain |= model.methods().get(role).parameters().stream().anyMatch(p -> p.record() != null);
      }
    }
    if (chain) {
      k.addMethod(constant("chainReadsRecords", TypeName.BOOLEAN, CodeBlock.of("true")));
    }
    MethodSpec.Builder bind = MethodSpec.methodBuilder("bind").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(DATA_SET, "data")
        .addJavadoc("Checks {@code data}'s fields against the recorded fields this model reads.\n")
        .beginControlFlow("if (data == null)").addStatement("this.data = null").addStatement("return").endControlFlow();
    for (Map.Entry<String, Integer> f : fields.entrySet()) {
      bind.addStatement("int $L = data.schema().indexOf($S)", "h$" + f.getKey(), f.getKey());
      bind.beginControlFlow("if ($L < 0)", "h$" + f.getKey())
          .addStatement("throw new IllegalArgumentException($S + data.source() + $S + data.schema())",
              model.simpleName() + " reads the recorded field " + f.getKey() + " (" + f.getValue() + " entries), but ",
              " has no field " + f.getKey() + "; its fields: ")
          .endControlFlow();
      bind.beginControlFlow("if (data.schema().arity($L) != $L)", "h$" + f.getKey(), f.getValue())
          .addStatement("throw new IllegalArgumentException($S + data.source() + $S + data.schema().arity($L) + $S)",
              model.simpleName() + " reads the recorded field " + f.getKey() + " with " + f.getValue()
                  + " entries, but ", " has " + f.getKey() + " with ", "h$" + f.getKey(), " entries")
          .endControlFlow();
      bind.addStatement("this.$L = data.field($S)", handle(f.getKey()), f.getKey());
    }
    k.addMethod(bind.addStatement("this.data = data").build());
    if (blocks.isEmpty()) {
      return;
    }
    k.addMethod(constant("dataCostCount", TypeName.INT, CodeBlock.of("$L", blocks.size())));
    MethodSpec.Builder names = MethodSpec.methodBuilder("dataCostName").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(String.class).addParameter(TypeName.INT, "k");
    MethodSpec.Builder spans = MethodSpec.methodBuilder("dataCostSpan").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT).addParameter(TypeName.INT, "k");
    MethodSpec.Builder value = MethodSpec.methodBuilder("dataCost").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.DOUBLE).addParameter(TypeName.INT, "k")
        .addParameter(DOUBLES, "theta").addParameter(TypeName.INT, "n").addParameter(TypeName.INT, "t");
    MethodSpec.Builder grad = MethodSpec.methodBuilder("accumulateDataCostGradient").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(TypeName.INT, "k").addParameter(DOUBLES, "theta")
        .addParameter(TypeName.INT, "n").addParameter(TypeName.INT, "t").addParameter(TypeName.DOUBLE, "w")
        .addParameter(DOUBLES, "g");
    MethodSpec.Builder hvp = MethodSpec.methodBuilder("dataCostHvp").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(TypeName.INT, "k").addParameter(DOUBLES, "theta")
        .addParameter(TypeName.INT, "n").addParameter(TypeName.INT, "t").addParameter(TypeName.DOUBLE, "w")
        .addParameter(DOUBLES, "v").addParameter(DOUBLES, "out");
    for (MethodSpec.Builder b : List.of(names, spans, value, grad, hvp)) {
      b.beginControlFlow("switch (k)");
    }
    for (int i = 0; i < blocks.size(); i++) {
      String b = blocks.get(i);
      int span = 1;
      for (Model.Parameter p : model.methods().get(b).parameters()) {
        if (p.record() != null) {
          span = Math.max(span, 1 + p.record().ahead());
        }
      }
      names.addStatement("case $L: return $S", i, b);
      spans.addStatement("case $L: return $L", i, span);
      value.addStatement("case $L: return dataCost$$$L(theta, n, t)", i, b);
      grad.addStatement("case $L: dataCostGradient$$$L(theta, n, t, w, g); return", i, b);
      hvp.addStatement("case $L: dataCostHvp$$$L(theta, n, t, w, v, out); return", i, b);
      k.addMethod(privateMethod("dataCost$" + b, TypeName.DOUBLE, programs.dataCost(b), "cost",
          p(DOUBLES, "theta"), p(TypeName.INT, "n"), p(TypeName.INT, "t")));
      k.addMethod(privateMethod("dataCostGradient$" + b, TypeName.VOID, gradients.get(b), null,
          p(DOUBLES, "theta"), p(TypeName.INT, "n"), p(TypeName.INT, "t"), p(TypeName.DOUBLE, "w"), p(DOUBLES, "g")));
      k.addMethod(privateMethod("dataCostHvp$" + b, TypeName.VOID, hvps.get(b), null,
          p(DOUBLES, "theta"), p(TypeName.INT, "n"), p(TypeName.INT, "t"), p(TypeName.DOUBLE, "w"), p(DOUBLES, "v"),
          p(DOUBLES, "out")));
    }
    String outOfRange = "\"data cost \" + k + \" of " + model.simpleName() + ", which has " + blocks.size() + "\"";
    for (MethodSpec.Builder b : List.of(names, spans, value, grad, hvp)) {
      b.addStatement("default: throw new IndexOutOfBoundsException($L)", outOfRange).endControlFlow();
      k.addMethod(b.build());
    }
  }

  private MethodSpec privateMethod(String name, TypeName returns, List<Stmt> program, String result,
      ParameterSpec... params) {
    return withBody(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE), name, returns, program, false,
        result, params);
  }

  private TypeSpec entry() {
    ClassName kernel = ClassName.get(model.packageName(), kernelName());
    ClassName factory = ClassName.get("org.dsojava.runtime.optim", "KernelFactory");
    ClassName optimizer = ClassName.get("org.dsojava.runtime.optim", "DsoOptimizer");
    TypeSpec anonymous = TypeSpec.anonymousClassBuilder("")
        .addSuperinterface(factory)
        .addMethod(MethodSpec.methodBuilder("create").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(KERNEL).addStatement("return new $T()", kernel).build())
        .build();
    return TypeSpec.classBuilder(model.simpleName() + "Dso")
        .addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Entry point for optimizing {@link $L}; θ layout: $L.\n", model.simpleName(), layout())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("kernel").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("A new kernel (one per thread).\n").returns(kernel)
            .addStatement("return new $T()", kernel).build())
        .addMethod(MethodSpec.methodBuilder("factory").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("Makes kernels for the runtime (one per thread).\n").returns(factory)
            .addStatement("return $L", anonymous).build())
        .addMethod(MethodSpec.methodBuilder("optimizer").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("A first-order optimizer (Algorithm 1 with Adam by default) for this model.\n")
            .returns(optimizer).addStatement("return $T.of(factory())", optimizer).build())
        .addMethod(MethodSpec.methodBuilder("initialParams").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("θ₀ for {@code seed}.\n").returns(DOUBLES).addParameter(TypeName.LONG, "seed")
            .addStatement("double[] theta = new double[$L]", model.paramCount())
            .addStatement("new $T().initialParams(seed, theta)", kernel)
            .addStatement("return theta").build())
        .build();
  }
}
