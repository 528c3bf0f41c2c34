package org.dsojava.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import org.dsojava.annotations.Bottleneck;
import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.DataCost;
import org.dsojava.annotations.Passive;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Rollout;
import org.dsojava.annotations.Step;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;
import org.dsojava.processor.reading.CallGraph;
import org.dsojava.processor.reading.ChainSettings;
import org.dsojava.processor.reading.ConstantArrays;
import org.dsojava.processor.reading.ConstantFolding;
import org.dsojava.processor.reading.Instance;
import org.dsojava.processor.reading.LoopBound;
import org.dsojava.processor.reading.MethodTable;
import org.dsojava.processor.reading.RecordedFields;
import org.dsojava.processor.reading.RoleSignatures;
import org.dsojava.processor.reading.Symbols;
import org.dsojava.processor.reading.ThetaLayout;

/**
 * Reads a {@code @Chain} class into a {@link Model}: θ layout from {@code @Param} fields, constants,
 * role methods with validated signatures, and the bodies of every method they reach.
 */
public final class ModelReader {
  private final Trees trees;
  private final Diagnostics diagnostics;
  private final Map<String, PrimitiveFunction> primitives;
  private final Map<String, NoiseDistribution> distributions;

  private final Sources sources;
  private final javax.lang.model.util.Elements elements;

  public ModelReader(Trees trees, Sources sources, javax.lang.model.util.Elements elements, Diagnostics diagnostics,
      Map<String, PrimitiveFunction> primitives, Map<String, NoiseDistribution> distributions) {
    this.trees = trees;
    this.sources = sources;
    this.elements = elements;
    this.diagnostics = diagnostics;
    this.primitives = primitives;
    this.distributions = distributions;
  }

  private static final String NOISE = "org.dsojava.annotations.Noise";

  /** Non-constant loop bounds of the methods read so far, by method. */
  private final Map<String, List<LoopBound>> loopBounds = new HashMap<>();

  /** A method of the model or of a class it reaches, by its IR name; {@code signature} null when outside the subset. */
  private record MethodEntry(Symbols scope, ExecutableElement element, Symbols.Signature signature) {}

  /** The role annotations by the label the role checks use. */
  private static final Map<String, Class<? extends java.lang.annotation.Annotation>> ROLE_ANNOTATIONS = Map.of(
      "Transition", Transition.class, "Cost", Cost.class, "Initial", Initial.class, "Terminal", Terminal.class,
      "Bottleneck", Bottleneck.class);

  private static final Model.Roles NO_ROLES = new Model.Roles(null, null, null, null, null);

  // State of one read(): θ layout, constant arrays and methods of every class the model reaches.
  private ThetaLayout theta;
  private Map<String, Model.ConstantArray> constantArrays;
  private Map<String, MethodEntry> registry;
  private Map<String, Symbols> classScopes;
  /** Part classes being built, outermost first (a part that contains itself would never end). */
  private List<String> building;

  /** Returns the model, or null when errors were reported. */
  public Model read(TypeElement type) {
    int errorsBefore = diagnostics.errorCount();
    loopBounds.clear();
    recordedFields.clear();
    Chain chain = type.getAnnotation(Chain.class);
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      diagnostics.error(Message.NOT_A_CLASS, type, name, kindWithArticle(type.getKind()));
      return null;
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      diagnostics.error(Message.NESTED_CHAIN, type, name);
      return null;
    }
    if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
      diagnostics.error(Message.NOT_A_CLASS, type, name, "a local class");
      return null;
    }
    ChainSettings.check(diagnostics, type, name, chain.stateDim(), chain.setting().name(), chain.discount(),
        chain.horizon());

    theta = new ThetaLayout();
    constantArrays = new LinkedHashMap<>();
    registry = new LinkedHashMap<>();
    classScopes = new HashMap<>();
    building = new ArrayList<>();
    Symbols symbols = readScope(type, "", List.of(), type, true);
    Map<String, ExecutableElement> methods = new LinkedHashMap<>();
    Map<String, String> untyped = symbols.untypedMethods();
    for (var entry : registry.entrySet()) {
      if (entry.getValue().scope() == symbols) {
        methods.put(entry.getKey(), entry.getValue().element());
      }
    }

    Model.Roles roles = new Model.Roles(
        role(type, methods, Transition.class, "Transition", true,
            "@Transition void step(double[] x, Noise noise, double[] next)"),
        role(type, methods, Cost.class, "Cost", true, "@Cost double cost(double[] x)"),
        role(type, methods, Initial.class, "Initial", true, "@Initial void reset(Noise noise, double[] x)"),
        role(type, methods, Terminal.class, "Terminal", false, null),
        role(type, methods, Bottleneck.class, "Bottleneck", false, null),
        methods.entrySet().stream().filter(e -> e.getValue().getAnnotation(DataCost.class) != null)
            .map(Map.Entry::getKey).toList(),
        role(type, methods, Passive.class, "Passive", false, null));
    if (!RoleSignatures.checkRoles(diagnostics, roles, untyped, methods::get,
        (m, other) -> methods.get(m).getAnnotation(ROLE_ANNOTATIONS.get(other)) != null)) {
      return null;
    }
    int bottleneckDim = 0;
    if (roles.bottleneck() != null) {
      ExecutableElement b = methods.get(roles.bottleneck());
      bottleneckDim = b.getReturnType().getKind() == TypeKind.DOUBLE ? 1 : b.getAnnotation(Bottleneck.class).dim();
      if (bottleneckDim < 1) {
        diagnostics.error(Message.BOTTLENECK_DIM, b, bottleneckDim, roles.bottleneck());
      }
    }
    ChainSettings.checkEnd(diagnostics, type, name, chain.setting().name(), roles.terminal(), chain.horizon());

    Map<String, Model.Method> bodies = CallGraph.readReachable(roles,
        mname -> registry.containsKey(mname) && registry.get(mname).signature() != null,
        mname -> {
          MethodEntry entry = registry.get(mname);
          return readMethod(entry.element(), mname, entry.scope() == symbols ? roles : NO_ROLES, entry.scope());
        });
    CallGraph.checkRecursion(diagnostics, bodies, roles);
    CallGraph.checkLoopBounds(diagnostics, bodies, roles, loopBounds);
    if (diagnostics.errorCount() > errorsBefore) {
      return null;
    }
    String pkg = packageOf(type);
    return new Model(pkg, name, chain.stateDim(), chain.setting().name(), chain.discount(), chain.horizon(),
        List.copyOf(theta.params()), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bodies)), roles, bottleneckDim,
        java.util.Collections.unmodifiableMap(constantArrays), type);
  }

  /**
   * Reads a class as a scope: the model ({@code path} empty), a part instance ({@code path} is the part's
   * field path, {@code policy.hidden}), or a class of static helpers ({@code path} null). θ fields come in
   * declaration order, a superclass's first, as Java lays out an object, with each part's fields at the
   * position of the field that holds it; a subclass's method overrides its superclass's.
   */
  private Symbols readScope(TypeElement type, String path, List<Symbols.Constant> args, Object where, boolean model) {
    List<TypeElement> chain = model ? List.of(type) : classChain(type, where);
    String prefix = path == null ? type.getQualifiedName() + "::" : path.isEmpty() ? "" : path + ".";
    Map<String, Symbols.Constant> constants = new HashMap<>();
    Set<String> rejected = new HashSet<>();
    for (TypeElement c : chain) {
      constants.putAll(classConstants(c, model));
      rejected.addAll(classRejected.getOrDefault(c.getQualifiedName().toString(), Set.of()));
    }
    Map<String, Model.ParamField> fields = new LinkedHashMap<>();
    Map<String, Symbols> parts = new LinkedHashMap<>();
    if (path != null) {
      Instance<TypeElement> instance = construct(chain, args, constants, where, model);
      constants.putAll(instance.values());
      for (TypeElement c : chain) {
        for (VariableElement field : ElementFilter.fieldsIn(c.getEnclosedElements())) {
          instanceField(field, path, instance, model, fields, parts, rejected);
        }
      }
    }
    MethodTable<ExecutableElement> table = new MethodTable<>();
    for (TypeElement c : chain) {
      table.nextClass();
      for (ExecutableElement m : ElementFilter.methodsIn(c.getEnclosedElements())) {
        table.add(diagnostics, m.getSimpleName().toString(), m, () -> m, () -> signature(m),
            () -> m.getReturnType() + " " + m.getSimpleName() + "(" + String.join(", ",
                m.getParameters().stream().map(p -> p.asType().toString()).toList()) + ")");
      }
    }
    Map<String, Symbols.Signature> signatures = table.signatures();
    Symbols symbols = new Symbols(type.getSimpleName().toString(), prefix, fields, constants, signatures, primitives,
        distributions, rejected, table.untyped(), parts, name -> resolveClass(name, chain));
    table.methods().forEach((mname, m) -> registry.put(prefix + mname, new MethodEntry(symbols, m, signatures.get(mname))));
    return symbols;
  }

  /** Parameter and return types in the subset, or null. */
  private static Symbols.Signature signature(ExecutableElement m) {
    List<Type> ptypes = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      Type t = typeOf(p.asType());
      if (t == null || t == Type.VOID) {
        return null;
      }
      ptypes.add(t);
    }
    Type ret = typeOf(m.getReturnType());
    return ret == null || ret == Type.NOISE || ret.isArray() ? null : new Symbols.Signature(ptypes, ret);
  }

  /** The class and its superclasses below Object, outermost first; each must have a readable source. */
  private List<TypeElement> classChain(TypeElement type, Object where) {
    List<TypeElement> chain = new ArrayList<>();
    for (TypeElement c = type; c != null && !c.getQualifiedName().contentEquals("java.lang.Object"); ) {
      chain.add(0, c);
      TypeMirror sup = c.getSuperclass();
      c = sup.getKind() == TypeKind.DECLARED ? (TypeElement) ((javax.lang.model.type.DeclaredType) sup).asElement() : null;
    }
    return chain;
  }

  /** Per class: its static final constants, and the names of those that were rejected (reported once). */
  private final Map<String, Map<String, Symbols.Constant>> classConstants = new HashMap<>();
  private final Map<String, Set<String>> classRejected = new HashMap<>();
  /** Per class: the name its constant arrays carry in the kernel ({@code Dense_W$const}). */
  private final Map<String, String> arrayOwners = new HashMap<>();

  private Map<String, Symbols.Constant> classConstants(TypeElement c, boolean model) {
    String qn = c.getQualifiedName().toString();
    Map<String, Symbols.Constant> known = classConstants.get(qn);
    if (known != null) {
      return known;
    }
    String owner = ConstantArrays.owner(arrayOwners, qn, c.getSimpleName().toString(), model);
    Map<String, Symbols.Constant> constants = new LinkedHashMap<>();
    Set<String> rejected = new HashSet<>();
    for (VariableElement field : ElementFilter.fieldsIn(c.getEnclosedElements())) {
      String fname = field.getSimpleName().toString();
      Set<Modifier> mods = field.getModifiers();
      if (!mods.contains(Modifier.STATIC) || field.getAnnotation(Param.class) != null) {
        continue;
      }
      if (mods.contains(Modifier.FINAL) && field.getConstantValue() == null) {
        String arrayName = Symbols.arrayName(owner, fname);
        Symbols.Constant k = evaluatedConstant(field, constants, arrayName);
        if (k != null) {
          ConstantArrays.put(constants, constantArrays, owner, c.getSimpleName().toString(), fname, arrayName, k);
        } else {
          rejected.add(fname);
        }
      } else if (mods.contains(Modifier.FINAL)) {
        Object v = field.getConstantValue();
        if (v instanceof Double d) {
          constants.put(fname, new Symbols.Constant(Type.DOUBLE, d));
        } else if (v instanceof Integer i) {
          constants.put(fname, new Symbols.Constant(Type.INT, i));
        } else if (v instanceof Boolean b) {
          constants.put(fname, new Symbols.Constant(Type.BOOLEAN, b ? 1 : 0));
        } else if (v instanceof Float f) {
          constants.put(fname, new Symbols.Constant(Type.DOUBLE, f));
        } else {
          diagnostics.error(Message.CONSTANT_TYPE, at(field), fname, field.asType().toString());
          rejected.add(fname);
        }
      } else if (model) {
        diagnostics.error(Message.FIELD_NOT_SUPPORTED, at(field), fname);
        rejected.add(fname);
      }
    }
    classConstants.put(qn, constants);
    classRejected.put(qn, rejected);
    return constants;
  }

  /** One instance field of the model or a part: a θ field, a part, or a scalar the constructor fixed. */
  private void instanceField(VariableElement field, String path, Instance<TypeElement> instance, boolean model,
      Map<String, Model.ParamField> fields, Map<String, Symbols> parts, Set<String> rejected) {
    String fname = field.getSimpleName().toString();
    Param p = field.getAnnotation(Param.class);
    Set<Modifier> mods = field.getModifiers();
    String qualified = path.isEmpty() ? fname : path + "." + fname;
    if (p != null) {
      TypeMirror t = field.asType();
      VariableTree declaration = sources.field(field);
      ExpressionTree init = declaration == null ? null : declaration.getInitializer();
      ThetaLayout.Declaration d = new ThetaLayout.Declaration(at(field), fname, mods.contains(Modifier.STATIC),
          mods.contains(Modifier.FINAL), init == null ? null : init.toString(), t.getKind() == TypeKind.ARRAY,
          t.getKind() == TypeKind.ARRAY && ((ArrayType) t).getComponentType().getKind() == TypeKind.DOUBLE,
          t.getKind() == TypeKind.DOUBLE, t.toString(), p.length(), p.value(), p.initStd());
      Model.ParamField pf = theta.add(diagnostics, d, path, model, instance);
      if (pf == null) {
        rejected.add(fname);
      } else {
        fields.put(fname, pf);
      }
      return;
    }
    if (mods.contains(Modifier.STATIC)) {
      return;
    }
    Instance.PartUse<TypeElement> use = instance.parts().get(fname);
    if (use != null) {
      Symbols part = instantiate(use, qualified);
      if (part != null) {
        parts.put(fname, part);
      } else {
        rejected.add(fname);
      }
      return;
    }
    if (instance.values().containsKey(fname) && mods.contains(Modifier.FINAL)) {
      return;
    }
    if (rejected.contains(fname)) {
      return;
    }
    rejected.add(fname);
    ThetaLayout.reportUnassigned(diagnostics, at(field), fname,
        field.asType().getKind() == TypeKind.DECLARED ? field.asType().toString() : null, model);
  }

  /** Builds the part a field holds, laying its θ fields out from the current offset. */
  private Symbols instantiate(Instance.PartUse<TypeElement> use, String path) {
    String qn = use.type().getQualifiedName().toString();
    if (!Instance.notCyclic(diagnostics, building, qn, use.where())) {
      return null;
    }
    if (sources.unit(use.type()) == null) {
      diagnostics.error(Message.PART_NO_SOURCE, use.where(), qn, Sources.resourceName(qn));
      return null;
    }
    building.add(qn);
    try {
      return readScope(use.type(), path, use.args(), use.where(), false);
    } finally {
      building.remove(building.size() - 1);
    }
  }

  /**
   * Runs the constructors of a part (or, for the model, its field initializers) at compile time, in
   * Java's order: the superclass's constructor, then the class's field initializers, then the rest of its
   * constructor. Only assignments to fields are allowed, each from a compile-time expression.
   */
  private Instance<TypeElement> construct(List<TypeElement> chain, List<Symbols.Constant> args, Map<String, Symbols.Constant> statics,
      Object where, boolean model) {
    Instance<TypeElement> out = Instance.empty();
    constructClass(chain, chain.size() - 1, args, statics, where, model, out, 0);
    return out;
  }

  private void constructClass(List<TypeElement> chain, int level, List<Symbols.Constant> args,
      Map<String, Symbols.Constant> statics, Object where, boolean model, Instance<TypeElement> out, int depth) {
    TypeElement c = chain.get(level);
    String cname = c.getSimpleName().toString();
    CompilationUnitTree unit = sources.unit(c);
    Map<String, Symbols.Constant> env = new HashMap<>(statics);
    env.putAll(out.values());
    List<? extends StatementTree> body = List.of();
    Set<String> ctorParams = new HashSet<>();
    if (!model) {
      // Java's choice among the applicable constructors: the one whose parameter types match the
      // arguments exactly in the most places (an int argument also fits a double parameter).
      List<ExecutableElement> ctors = ElementFilter.constructorsIn(c.getEnclosedElements());
      int chosen = Instance.chooseConstructor(diagnostics, where, cname, ctors.stream()
          .map(k -> k.getParameters().stream().map(p -> typeOf(p.asType())).toList()).toList(), args);
      if (chosen < 0) {
        return;
      }
      ExecutableElement ctor = ctors.get(chosen);
      MethodTree tree = sources.method(ctor);
      for (int i = 0; i < args.size(); i++) {
        VariableElement p = ctor.getParameters().get(i);
        String pname = parameterName(ctor, tree, i);
        Symbols.Constant a = Instance.argument(diagnostics, where, cname, i, typeOf(p.asType()), p.asType().toString(),
            args.get(i));
        if (a == null) {
          return;
        }
        env.put(pname, a);
        ctorParams.add(pname);
      }
      if (tree != null && tree.getBody() != null) {
        body = tree.getBody().getStatements();
      }
    }
    ConstantEvaluator evaluator = new ConstantEvaluator(env, primitives.keySet(), otherConstants(List.of(c)));
    int first = 0;
    List<Symbols.Constant> superArgs = List.of();
    String delegate = !body.isEmpty() && body.get(0) instanceof ExpressionStatementTree es
        && es.getExpression() instanceof MethodInvocationTree mi ? mi.getMethodSelect().toString() : "";
    if (delegate.equals("super") || delegate.equals("this")) {
      first = 1;
      List<Symbols.Constant> sa = new ArrayList<>();
      for (ExpressionTree a : ((MethodInvocationTree) ((ExpressionStatementTree) body.get(0)).getExpression()).getArguments()) {
        Symbols.Constant k = evalConstant(evaluator, a, c, unit, cname);
        if (k == null) {
          return;
        }
        sa.add(k);
      }
      superArgs = sa;
    }
    if (delegate.equals("this")) {
      // this(...): that constructor runs the superclass's and the field initializers.
      if (depth > 8) {
        diagnostics.error(Message.PART_CONSTRUCTOR, where, cname, "its constructors call each other in a cycle");
        return;
      }
      constructClass(chain, level, superArgs, statics, where, false, out, depth + 1);
      env.putAll(out.values());
    } else {
      if (level > 0) {
        constructClass(chain, level - 1, superArgs, statics, where, false, out, 0);
        env.putAll(out.values());
      }
      for (VariableElement f : ElementFilter.fieldsIn(c.getEnclosedElements())) {
        VariableTree decl = f.getModifiers().contains(Modifier.STATIC) ? null : sources.field(f);
        if (decl != null && decl.getInitializer() != null) {
          assignField(c, f, decl.getInitializer(), evaluator, env, unit, model, out);
        }
      }
    }
    for (int i = first; i < body.size(); i++) {
      StatementTree st = body.get(i);
      if (st instanceof ExpressionStatementTree es && es.getExpression() instanceof AssignmentTree as) {
        ExpressionTree target = as.getVariable();
        String fname = target instanceof MemberSelectTree ms && ms.getExpression().toString().equals("this")
            ? ms.getIdentifier().toString()
            : target instanceof IdentifierTree id && !ctorParams.contains(id.getName().toString())
                ? id.getName().toString() : null;
        VariableElement f = fname == null ? null : instanceFieldOf(c, fname);
        if (f != null) {
          assignField(c, f, as.getExpression(), evaluator, env, unit, false, out);
          continue;
        }
      }
      diagnostics.error(Message.PART_CONSTRUCTOR, new Diagnostics.SourcePos(st, unit, c), cname,
          "its constructor may only assign its own fields (this.f = expression of the arguments), not " + st);
    }
  }

  /** Where to report on a field: its element when javac compiles it here, else its tree in the part's source. */
  private Object at(VariableElement f) {
    TypeElement owner = (TypeElement) f.getEnclosingElement();
    if (sources.compiledHere(owner)) {
      return f;
    }
    VariableTree t = sources.field(f);
    CompilationUnitTree u = sources.unit(owner);
    return t != null && u != null ? new Diagnostics.SourcePos(t, u, f) : f;
  }

  /** A parameter's name as written: a class file keeps names only when compiled with -parameters. */
  private static String parameterName(ExecutableElement m, MethodTree tree, int i) {
    return tree != null && tree.getParameters().size() == m.getParameters().size()
        ? tree.getParameters().get(i).getName().toString() : m.getParameters().get(i).getSimpleName().toString();
  }

  private static VariableElement instanceFieldOf(TypeElement c, String name) {
    for (VariableElement f : ElementFilter.fieldsIn(c.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(name) && !f.getModifiers().contains(Modifier.STATIC)) {
        return f;
      }
    }
    return null;
  }

  private void assignField(TypeElement c, VariableElement f, ExpressionTree value, ConstantEvaluator evaluator,
      Map<String, Symbols.Constant> env, CompilationUnitTree unit, boolean model, Instance<TypeElement> out) {
    String fname = f.getSimpleName().toString();
    String cname = c.getSimpleName().toString();
    Diagnostics.SourcePos at = new Diagnostics.SourcePos(value, unit, f);
    if (f.getAnnotation(Param.class) != null) {
      if (model) {
        return; // reported as PARAM_INITIALIZER with the field
      }
      boolean array = f.asType().getKind() == TypeKind.ARRAY;
      if (array && value instanceof NewArrayTree na && na.getInitializers() == null && na.getDimensions().size() == 1) {
        out.paramLength(diagnostics, at, cname, fname, evalConstant(evaluator, na.getDimensions().get(0), c, unit, cname));
        return;
      }
      if (array && value instanceof MethodInvocationTree mi && mi.getArguments().size() == 3
          && (mi.getMethodSelect().toString().equals("Init.normal")
              || mi.getMethodSelect().toString().equals("org.dsojava.annotations.Init.normal"))) {
        Symbols.Constant n = evalConstant(evaluator, mi.getArguments().get(0), c, unit, cname);
        Symbols.Constant mean = evalConstant(evaluator, mi.getArguments().get(1), c, unit, cname);
        Symbols.Constant std = evalConstant(evaluator, mi.getArguments().get(2), c, unit, cname);
        if (n != null && mean != null && std != null) {
          out.initNormal(diagnostics, at, cname, fname, n, mean, std);
        }
        return;
      }
      if (!array) {
        out.paramValue(diagnostics, at, cname, fname, evalConstant(evaluator, value, c, unit, cname));
        return;
      }
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "@Param " + fname + " may be given new double[n] or"
          + " Init.normal(n, mean, std) (its length and initial distribution), not " + value);
      return;
    }
    if (f.asType().getKind() == TypeKind.DECLARED) {
      if (!(value instanceof NewClassTree nc) || nc.getClassBody() != null) {
        diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "part field " + fname + " is given " + value
            + "; write new " + f.asType().toString().substring(f.asType().toString().lastIndexOf('.') + 1) + "(sizes...)");
        return;
      }
      TypeElement type = resolveType(nc.getIdentifier().toString(), List.of(c));
      if (type == null) {
        type = (TypeElement) ((javax.lang.model.type.DeclaredType) f.asType()).asElement();
      }
      List<Symbols.Constant> args = new ArrayList<>();
      for (ExpressionTree a : nc.getArguments()) {
        Symbols.Constant k = evalConstant(evaluator, a, c, unit, cname);
        if (k == null) {
          return;
        }
        args.add(k);
      }
      out.parts().put(fname, new Instance.PartUse<>(type, List.copyOf(args), at));
      return;
    }
    Type t = typeOf(f.asType());
    if (t == null || !(t == Type.INT || t == Type.DOUBLE || t == Type.BOOLEAN)) {
      diagnostics.error(Message.FIELD_NOT_SUPPORTED, at(f), fname);
      return;
    }
    if (!f.getModifiers().contains(Modifier.FINAL)) {
      if (!model) {
        diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "size field " + fname + " must be final");
      }
      return;
    }
    Symbols.Constant k = evalConstant(evaluator, value, c, unit, cname);
    if (k == null) {
      return;
    }
    k = out.sizeField(diagnostics, at, cname, fname, t, k, evaluator, value);
    if (k != null) {
      env.put(fname, k);
    }
  }

  private Symbols.Constant evalConstant(ConstantEvaluator evaluator, ExpressionTree e, TypeElement c,
      CompilationUnitTree unit, String cname) {
    try {
      return ConstantFolding.constant(evaluator.eval(e));
    } catch (ConstantEvaluator.NotConstant ex) {
      diagnostics.error(Message.PART_CONSTRUCTOR, new Diagnostics.SourcePos(e, unit, c), cname,
          e + " is not a compile-time constant (" + ex.getMessage() + ")");
      return null;
    }
  }

  /** A class named {@code name} where the classes of {@code chain} are written, or null. */
  private TypeElement resolveType(String name, List<TypeElement> chain) {
    if (name.contains(".")) {
      TypeElement t = elements.getTypeElement(name);
      if (t != null) {
        return t;
      }
    }
    for (TypeElement c : chain) {
      for (Element member : c.getEnclosedElements()) {
        if (member instanceof TypeElement nested && nested.getSimpleName().contentEquals(name)) {
          return nested;
        }
      }
      CompilationUnitTree unit = sources.unit(c);
      if (unit != null) {
        for (ImportTree imp : unit.getImports()) {
          String q = imp.getQualifiedIdentifier().toString();
          if (imp.isStatic()) {
            continue;
          }
          if (q.endsWith("." + name)) {
            TypeElement t = elements.getTypeElement(q);
            if (t != null) {
              return t;
            }
          }
        }
      }
      String pkg = packageOf(c);
      TypeElement t = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
      if (t != null) {
        return t;
      }
      if (unit != null) {
        for (ImportTree imp : unit.getImports()) {
          String q = imp.getQualifiedIdentifier().toString();
          if (!imp.isStatic() && q.endsWith(".*")) {
            TypeElement w = elements.getTypeElement(q.substring(0, q.length() - 1) + name);
            if (w != null) {
              return w;
            }
          }
        }
      }
    }
    return null;
  }

  /** Constants of other classes, named as from {@code chain}'s source, for compile-time evaluation. */
  private java.util.function.Function<String, Map<String, Symbols.Constant>> otherConstants(List<TypeElement> chain) {
    return name -> {
      Symbols s = resolveClass(name, chain);
      return s == null ? null : s.constants();
    };
  }

  /**
   * The class of static helpers a body names ({@code Physics.step(...)}), read once per model; a class
   * whose source cannot be found is a scope with a null prefix, reported at the call.
   */
  private Symbols resolveClass(String name, List<TypeElement> chain) {
    if (name.equals("Math") || name.equals("StrictMath") || name.equals("this")) {
      return null;
    }
    TypeElement t = resolveType(name, chain);
    if (t == null || t.getKind() != ElementKind.CLASS) {
      return null;
    }
    String qn = t.getQualifiedName().toString();
    if (!classScopes.containsKey(qn)) {
      if (sources.unit(t) == null) {
        classScopes.put(qn, new Symbols(t.getSimpleName().toString(), null, Map.of(), Map.of(), Map.of(), primitives,
            distributions, Set.of(), Map.of(), Map.of(), n -> null));
      } else {
        classScopes.put(qn, null); // a class calling itself statically while being read
        classScopes.put(qn, readScope(t, null, List.of(), t, false));
      }
    }
    return classScopes.get(qn);
  }

  /**
   * A {@code static final} field javac did not fold: a scalar whose initializer calls Math, or a
   * double[]/int[] given by {@code {a, b, ...}} or {@code new double[n]}. Null (and reported) otherwise.
   */
  private Symbols.Constant evaluatedConstant(VariableElement field, Map<String, Symbols.Constant> constants,
      String arrayName) {
    String fname = field.getSimpleName().toString();
    Type type = typeOf(field.asType());
    VariableTree declaration = sources.field(field);
    if (type == null || type == Type.VOID || type == Type.NOISE || declaration == null) {
      diagnostics.error(Message.CONSTANT_TYPE, at(field), fname, field.asType().toString());
      return null;
    }
    if (declaration.getInitializer() == null) {
      diagnostics.error(Message.CONSTANT_VALUE, at(field), fname, "(no initializer)",
          "a constant is given its value where it is declared");
      return null;
    }
    ExpressionTree init = declaration.getInitializer();
    ConstantEvaluator evaluator = new ConstantEvaluator(constants, primitives.keySet(),
        otherConstants(List.of((TypeElement) field.getEnclosingElement())));
    try {
      if (!type.isArray()) {
        return new Symbols.Constant(type, evaluator.numeric(evaluator.eval(init), type, init));
      }
      if (!(init instanceof NewArrayTree na) || (na.getInitializers() == null && na.getDimensions().size() != 1)) {
        throw new ConstantEvaluator.NotConstant("a constant array is written {a, b, ...} or new "
            + type.element().javaName() + "[n]");
      }
      double[] elements;
      if (na.getInitializers() != null) {
        elements = new double[na.getInitializers().size()];
        for (int i = 0; i < elements.length; i++) {
          ExpressionTree element = na.getInitializers().get(i);
          elements[i] = evaluator.numeric(evaluator.eval(element), type.element(), element);
        }
      } else {
        Object n = evaluator.eval(na.getDimensions().get(0));
        if (!(n instanceof Integer length) || length < 0) {
          throw new ConstantEvaluator.NotConstant("the length " + na.getDimensions().get(0) + " is not a non-negative int");
        }
        elements = new double[length];
      }
      if (elements.length == 0) {
        throw new ConstantEvaluator.NotConstant("an empty array");
      }
      return new Symbols.Constant(type, 0, elements, arrayName);
    } catch (ConstantEvaluator.NotConstant e) {
      diagnostics.error(Message.CONSTANT_VALUE, at(field), fname, init, e.getMessage());
      return null;
    }
  }

  private static String packageOf(Element e) {
    Element p = e;
    while (p.getKind() != ElementKind.PACKAGE) {
      p = p.getEnclosingElement();
    }
    return ((javax.lang.model.element.PackageElement) p).getQualifiedName().toString();
  }

  private String role(TypeElement type, Map<String, ExecutableElement> methods,
      Class<? extends java.lang.annotation.Annotation> annotation, String label, boolean required, String example) {
    return RoleSignatures.find(diagnostics, methods.values(), m -> m.getAnnotation(annotation) != null, m -> m,
        m -> m.getSimpleName().toString(), type.getSimpleName().toString(), () -> type, label, required, example);
  }


  private static Type typeOf(TypeMirror t) {
    switch (t.getKind()) {
      case DOUBLE:
        return Type.DOUBLE;
      case INT:
        return Type.INT;
      case BOOLEAN:
        return Type.BOOLEAN;
      case VOID:
        return Type.VOID;
      case ARRAY:
        TypeKind c = ((ArrayType) t).getComponentType().getKind();
        return c == TypeKind.DOUBLE ? Type.DOUBLE_ARRAY : c == TypeKind.INT ? Type.INT_ARRAY : null;
      case DECLARED:
        return t.toString().equals(NOISE) ? Type.NOISE : null;
      default:
        return null;
    }
  }

  /** Expected shape of each role: return type, and parameter roles in order (ints marked separately). */
  private Model.Method readMethod(ExecutableElement m, String key, Model.Roles roles, Symbols symbols) {
    String name = m.getSimpleName().toString();
    String roleName = RoleSignatures.roleOf(name, roles);
    RoleSignatures.Parameters shape = new RoleSignatures.Parameters(roleName, typeOf(m.getReturnType()));
    boolean recordFailed = false;
    MethodTree tree = sources.method(m);
    for (int pi = 0; pi < m.getParameters().size(); pi++) {
      VariableElement p = m.getParameters().get(pi);
      String pname = parameterName(m, tree, pi);
      Type t = typeOf(p.asType());
      Model.Recorded recorded = null;
      Recorded rec = p.getAnnotation(Recorded.class);
      if (rec != null) {
        recorded = recorded(p, rec, t, roleName, name);
        if (recorded == null) {
          recordFailed = true;
          continue;
        }
      }
      shape.add(pname, t, recorded, p.getAnnotation(Step.class) != null, p.getAnnotation(Rollout.class) != null);
    }
    if (recordFailed) {
      return null;
    }
    if (roleName != null) {
      if (shape.bad(typeOf(m.getReturnType()))) {
        diagnostics.error(Message.BAD_SIGNATURE, m, roleName, name, RoleSignatures.expectedSignature(roleName, name));
        return null;
      }
      if (m.getModifiers().contains(Modifier.STATIC)) {
        diagnostics.error(Message.BAD_SIGNATURE, m, roleName, name, "an instance method: " + RoleSignatures.expectedSignature(roleName, name));
        return null;
      }
    }
    CompilationUnitTree unit = sources.unit((TypeElement) m.getEnclosingElement());
    if (tree == null || tree.getBody() == null || unit == null) {
      diagnostics.error(Message.UNSUPPORTED, m, "a method without a body", key, "model methods must have source bodies");
      return null;
    }
    BodyReader reader = new BodyReader(symbols, diagnostics, unit, m, key, shape.scope(), shape.readOnly(),
        shape.noiseName(), typeOf(m.getReturnType()));
    List<Stmt> body = reader.read(tree.getBody());
    if (reader.failed()) {
      return null;
    }
    if (!CallGraph.returnsInTail(diagnostics, body, key)) {
      return null;
    }
    loopBounds.put(key, reader.loopBounds());
    return new Model.Method(key, shape.parameters(), typeOf(m.getReturnType()), body,
        new Diagnostics.SourcePos(tree, unit, m));
  }

  private final RecordedFields recordedFields = new RecordedFields();

  /** A {@code @Recorded} parameter checked: a double[] of a role method other than the bottleneck. */
  private Model.Recorded recorded(VariableElement p, Recorded rec, Type t, String roleName, String method) {
    String pname = p.getSimpleName().toString();
    if (!recordedFields.placeOk(diagnostics, p, pname, t, roleName, method)) {
      return null;
    }
    String field = rec.value();
    return recordedFields.recorded(diagnostics, p, pname, field, javax.lang.model.SourceVersion.isIdentifier(field)
        && !javax.lang.model.SourceVersion.isKeyword(field), rec.length(), rec.ahead());
  }

  private static String kindWithArticle(ElementKind kind) {
    String k = kind.toString().toLowerCase().replace('_', ' ');
    return ("aeiou".indexOf(k.charAt(0)) >= 0 ? "an " : "a ") + k;
  }
}
