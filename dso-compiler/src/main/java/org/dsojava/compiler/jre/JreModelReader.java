package org.dsojava.compiler.jre;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.janino.Java;
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
 * Reads a {@code @Chain} class from Janino's trees into a {@link Model}, as the javac front end's
 * {@code ModelReader} does from javac's elements and trees: θ layout from {@code @Param} fields (parts built
 * at compile time), constants, role methods with validated signatures, and the bodies of every method they
 * reach. Types, names and constants are resolved here (no javac): the model's source and the sources parts
 * leave in their jars ({@link JreSources}).
 */
public final class JreModelReader {
  private static final String ANNOTATIONS = "org.dsojava.annotations.";
  private static final String NOISE = "org.dsojava.annotations.Noise";

  private final JreSources sources;
  private final Diagnostics diagnostics;
  private final Map<String, PrimitiveFunction> primitives;
  private final Map<String, NoiseDistribution> distributions;

  public JreModelReader(JreSources sources, Diagnostics diagnostics, Map<String, PrimitiveFunction> primitives,
      Map<String, NoiseDistribution> distributions) {
    this.sources = sources;
    this.diagnostics = diagnostics;
    this.primitives = primitives;
    this.distributions = distributions;
  }

  /** A field declarator with its declaration and class. */
  private record Field(Java.FieldDeclaration decl, Java.VariableDeclarator var, JreSources.ClassRef owner) {
    String name() {
      return var.name;
    }

    boolean isStatic() {
      return JreTrees.hasModifier(decl.modifiers, "static");
    }

    boolean isFinal() {
      return JreTrees.hasModifier(decl.modifiers, "final");
    }

    Java.Type type() {
      Java.Type t = decl.type;
      for (int i = 0; i < var.brackets; i++) {
        t = new Java.ArrayType(t);
      }
      return t;
    }

    Java.Rvalue initializer() {
      return var.initializer instanceof Java.Rvalue r ? r : null;
    }
  }

  /** A method declaration and the class it is declared in. */
  private record Declared(Java.MethodDeclarator method, JreSources.ClassRef owner) {}

  private record MethodEntry(Symbols scope, Java.MethodDeclarator element, JreSources.ClassRef owner,
      Symbols.Signature signature) {}

  private static final Model.Roles NO_ROLES = new Model.Roles(null, null, null, null, null);

  private final Map<String, List<LoopBound>> loopBounds = new HashMap<>();
  private ThetaLayout theta;
  private Map<String, Model.ConstantArray> constantArrays;
  private Map<String, MethodEntry> registry;
  private Map<String, Symbols> classScopes;
  private List<String> building;

  /** True when the class is annotated {@code @Chain}. */
  public boolean isChain(JreSources.ClassRef type) {
    return annotation(type.decl().getModifiers(), "Chain", type) != null;
  }

  /** The position of a class's name (where javac reports on the class). */
  public Pos where(JreSources.ClassRef type) {
    return classPos(type);
  }

  /** Returns the model, or null when errors were reported. */
  public Model read(JreSources.ClassRef type) {
    int errorsBefore = diagnostics.errorCount();
    loopBounds.clear();
    recordedFields.clear();
    theta = new ThetaLayout();
    constantArrays = new LinkedHashMap<>();
    registry = new LinkedHashMap<>();
    classScopes = new HashMap<>();
    building = new ArrayList<>();
    Java.AbstractClassDeclaration decl = type.decl();
    String name = type.simpleName();
    Pos typePos = classPos(type);
    if (decl instanceof Java.EnumDeclaration) {
      diagnostics.error(Message.NOT_A_CLASS, typePos, name, "an enum");
      return null;
    }
    if (decl instanceof Java.MemberClassDeclaration m && !m.isStatic()) {
      diagnostics.error(Message.NESTED_CHAIN, typePos, name);
      return null;
    }
    Java.Annotation chainAnnotation = annotation(decl.getModifiers(), "Chain", type);
    Map<String, Symbols.Constant> modelConstants = classConstants(type, true);
    int stateDim = (Integer) annotationValue(chainAnnotation, "Chain", "stateDim", type, modelConstants);
    String setting = (String) annotationValue(chainAnnotation, "Chain", "setting", type, modelConstants);
    double discount = (Double) annotationValue(chainAnnotation, "Chain", "discount", type, modelConstants);
    int horizon = (Integer) annotationValue(chainAnnotation, "Chain", "horizon", type, modelConstants);
    ChainSettings.check(diagnostics, typePos, name, stateDim, setting, discount, horizon);

    Symbols symbols = readScope(type, "", List.of(), type, true);
    Map<String, MethodEntry> methods = new LinkedHashMap<>();
    Map<String, String> untyped = symbols.untypedMethods();
    for (var entry : registry.entrySet()) {
      if (entry.getValue().scope() == symbols) {
        methods.put(entry.getKey(), entry.getValue());
      }
    }

    Model.Roles roles = new Model.Roles(
        role(type, methods, "Transition", true, "@Transition void step(double[] x, Noise noise, double[] next)"),
        role(type, methods, "Cost", true, "@Cost double cost(double[] x)"),
        role(type, methods, "Initial", true, "@Initial void reset(Noise noise, double[] x)"),
        role(type, methods, "Terminal", false, null),
        role(type, methods, "Bottleneck", false, null),
        methods.entrySet().stream().filter(e -> has(e.getValue(), "DataCost")).map(Map.Entry::getKey).toList(),
        role(type, methods, "Passive", false, null));
    if (!RoleSignatures.checkRoles(diagnostics, roles, untyped, m -> methodPos(methods.get(m)),
        (m, other) -> has(methods.get(m), other))) {
      return null;
    }
    int bottleneckDim = 0;
    if (roles.bottleneck() != null) {
      MethodEntry b = methods.get(roles.bottleneck());
      bottleneckDim = JreTrees.primitive(b.element().type) == Java.Primitive.DOUBLE ? 1
          : (Integer) annotationValue(annotation(b.element().getModifiers(), "Bottleneck", b.owner()), "Bottleneck", "dim",
              b.owner(), modelConstants);
      if (bottleneckDim < 1) {
        diagnostics.error(Message.BOTTLENECK_DIM, methodPos(b), bottleneckDim, roles.bottleneck());
      }
    }
    ChainSettings.checkEnd(diagnostics, typePos, name, setting, roles.terminal(), horizon);

    Map<String, Model.Method> bodies = CallGraph.readReachable(roles,
        mname -> registry.containsKey(mname) && registry.get(mname).signature() != null,
        mname -> {
          MethodEntry entry = registry.get(mname);
          return readMethod(entry, mname, entry.scope() == symbols ? roles : NO_ROLES, entry.scope());
        });
    CallGraph.checkRecursion(diagnostics, bodies, roles);
    CallGraph.checkLoopBounds(diagnostics, bodies, roles, loopBounds);
    if (diagnostics.errorCount() > errorsBefore) {
      return null;
    }
    String pkg = type.unit().packageName();
    return new Model(pkg, name, stateDim, setting, discount, horizon, List.copyOf(theta.params()),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bodies)), roles, bottleneckDim,
        java.util.Collections.unmodifiableMap(constantArrays), typePos);
  }

  // ---------------------------------------------------------------- annotations

  /** The annotation {@code @simple} (of dso-annotations) among {@code modifiers}, or null. */
  private Java.Annotation annotation(Java.Modifier[] modifiers, String simple, JreSources.ClassRef context) {
    for (Java.Modifier m : modifiers) {
      if (m instanceof Java.AbstractAnnotation a && a.type instanceof Java.ReferenceType rt) {
        String written = String.join(".", rt.identifiers);
        if (written.equals(ANNOTATIONS + simple)) {
          return a;
        }
        if (written.equals(simple) || written.endsWith("." + simple)) {
          String q = sources.resolveName(written, context);
          if (q == null || q.equals(ANNOTATIONS + simple)) {
            return a;
          }
        }
      }
    }
    return null;
  }

  private boolean has(MethodEntry m, String simple) {
    return annotation(m.element().getModifiers(), simple, m.owner()) != null;
  }

  private static Java.ElementValue elementValue(Java.Annotation a, String key) {
    if (a instanceof Java.SingleElementAnnotation s) {
      return key.equals("value") ? s.elementValue : null;
    }
    if (a instanceof Java.NormalAnnotation n) {
      for (Java.ElementValuePair p : n.elementValuePairs) {
        if (p.identifier.equals(key)) {
          return p.elementValue;
        }
      }
    }
    return null;
  }

  /**
   * An annotation element's value (Integer, Double, Boolean, String, or an enum constant's name), its
   * default when not written.
   */
  private Object annotationValue(Java.Annotation a, String annotation, String key, JreSources.ClassRef context,
      Map<String, Symbols.Constant> constants) {
    Class<?> type;
    Object dflt;
    try {
      java.lang.reflect.Method m = Class.forName(ANNOTATIONS + annotation).getMethod(key);
      type = m.getReturnType();
      dflt = m.getDefaultValue();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    Java.ElementValue v = a == null ? null : elementValue(a, key);
    if (v == null) {
      return dflt instanceof Enum<?> en ? en.name() : dflt;
    }
    if (type.isEnum()) {
      List<String> path = v instanceof Java.Rvalue r ? JreTrees.path(r) : null;
      return path == null ? String.valueOf(dflt) : path.get(path.size() - 1);
    }
    if (type == String.class) {
      return v instanceof Java.StringLiteral s ? unquote(s.value) : String.valueOf(dflt);
    }
    try {
      Object x = new JreConstants(constants, primitives.keySet(), otherConstants(List.of(context)))
          .eval((Java.Rvalue) v);
      if (type == int.class) {
        return (Integer) x;
      }
      if (type == double.class) {
        return ((Number) x).doubleValue();
      }
      return x;
    } catch (JreConstants.NotConstant | ClassCastException e) {
      diagnostics.error(Message.CONSTANT_VALUE, Pos.of(context.unit(), (Java.Locatable) v), "@" + annotation + "." + key,
          JavacText.of(v), e.getMessage());
      return dflt instanceof Enum<?> en ? en.name() : dflt;
    }
  }

  static String unquote(String literal) {
    String s = literal.length() >= 2 && literal.startsWith("\"") ? literal.substring(1, literal.length() - 1) : literal;
    return s.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  // ---------------------------------------------------------------- positions

  private Pos classPos(JreSources.ClassRef c) {
    Pos start = Pos.of(c.unit(), c.decl());
    String[] lines = c.unit().text().split("\n", -1);
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("\\b(class|enum|interface|record)\\s+("
        + java.util.regex.Pattern.quote(c.simpleName()) + ")\\b");
    for (int ln = Math.max(0, start.line() - 1); ln < lines.length; ln++) {
      java.util.regex.Matcher m = p.matcher(lines[ln]);
      if (m.find()) {
        return new Pos(c.unit().file(), ln + 1, m.start(1) + 1);
      }
    }
    return start;
  }

  private Pos methodPos(MethodEntry m) {
    return Pos.name(m.owner().unit(), m.element(), m.element().name);
  }

  private Pos fieldPos(Field f) {
    return Pos.name(f.owner().unit(), f.var(), f.name());
  }

  // ---------------------------------------------------------------- scopes

  private List<Field> fields(JreSources.ClassRef c) {
    List<Field> out = new ArrayList<>();
    for (Java.FieldDeclarationOrInitializer x : c.decl().fieldDeclarationsAndInitializers) {
      if (x instanceof Java.FieldDeclaration fd) {
        for (Java.VariableDeclarator v : fd.variableDeclarators) {
          out.add(new Field(fd, v, c));
        }
      }
    }
    return out;
  }

  private Symbols readScope(JreSources.ClassRef type, String path, List<Symbols.Constant> args, Object where,
      boolean model) {
    List<JreSources.ClassRef> chain = model ? List.of(type) : classChain(type);
    String prefix = path == null ? type.qualified() + "::" : path.isEmpty() ? "" : path + ".";
    Map<String, Symbols.Constant> constants = new HashMap<>();
    Set<String> rejected = new HashSet<>();
    for (JreSources.ClassRef c : chain) {
      constants.putAll(classConstants(c, model));
      rejected.addAll(classRejected.getOrDefault(c.qualified(), Set.of()));
    }
    Map<String, Model.ParamField> fields = new LinkedHashMap<>();
    Map<String, Symbols> parts = new LinkedHashMap<>();
    if (path != null) {
      Instance<JreSources.ClassRef> instance = construct(chain, args, constants, where, model);
      constants.putAll(instance.values());
      for (JreSources.ClassRef c : chain) {
        for (Field field : fields(c)) {
          instanceField(field, path, instance, model, fields, parts, rejected);
        }
      }
    }
    MethodTable<Declared> table = new MethodTable<>();
    for (JreSources.ClassRef c : chain) {
      table.nextClass();
      for (Java.MethodDeclarator m : c.decl().getMethodDeclarations()) {
        table.add(diagnostics, m.name, new Declared(m, c), () -> Pos.name(c.unit(), m, m.name), () -> signature(m, c),
            () -> {
              List<String> ps = new ArrayList<>();
              for (Java.FunctionDeclarator.FormalParameter p : m.formalParameters.parameters) {
                ps.add(typeText(p.type, c));
              }
              return typeText(m.type, c) + " " + m.name + "(" + String.join(", ", ps) + ")";
            });
      }
    }
    Map<String, Symbols.Signature> signatures = table.signatures();
    Symbols symbols = new Symbols(type.simpleName(), prefix, fields, constants, signatures, primitives,
        distributions, rejected, table.untyped(), parts, name -> resolveClass(name, chain));
    table.methods().forEach((mname, d) -> registry.put(prefix + mname,
        new MethodEntry(symbols, d.method(), d.owner(), signatures.get(mname))));
    return symbols;
  }

  /** A type as javac prints it: primitives and arrays as written, classes by qualified name. */
  private String typeText(Java.Type t, JreSources.ClassRef c) {
    if (t instanceof Java.ArrayType a) {
      return typeText(a.componentType, c) + "[]";
    }
    if (t instanceof Java.ReferenceType r) {
      String written = String.join(".", r.identifiers);
      String q = sources.resolveName(written, c);
      return q == null ? written : q;
    }
    return String.valueOf(t);
  }

  private Symbols.Signature signature(Java.MethodDeclarator m, JreSources.ClassRef c) {
    List<Type> ptypes = new ArrayList<>();
    for (Java.FunctionDeclarator.FormalParameter p : m.formalParameters.parameters) {
      Type t = typeOf(p.type, c);
      if (t == null || t == Type.VOID) {
        return null;
      }
      ptypes.add(t);
    }
    if (m.formalParameters.variableArity) {
      return null;
    }
    Type ret = typeOf(m.type, c);
    return ret == null || ret == Type.NOISE || ret.isArray() ? null : new Symbols.Signature(ptypes, ret);
  }

  private Type typeOf(Java.Type t, JreSources.ClassRef c) {
    if (t instanceof Java.PrimitiveType p) {
      return switch (p.primitive) {
        case DOUBLE -> Type.DOUBLE;
        case INT -> Type.INT;
        case BOOLEAN -> Type.BOOLEAN;
        case VOID -> Type.VOID;
        default -> null;
      };
    }
    if (t instanceof Java.ArrayType a) {
      Java.Primitive e = JreTrees.primitive(a.componentType);
      return e == Java.Primitive.DOUBLE ? Type.DOUBLE_ARRAY : e == Java.Primitive.INT ? Type.INT_ARRAY : null;
    }
    if (t instanceof Java.ReferenceType r) {
      String written = String.join(".", r.identifiers);
      return NOISE.equals(sources.resolveName(written, c)) ? Type.NOISE : null;
    }
    return null;
  }

  /** The class and its superclasses with sources, outermost first. */
  private List<JreSources.ClassRef> classChain(JreSources.ClassRef type) {
    List<JreSources.ClassRef> chain = new ArrayList<>();
    for (JreSources.ClassRef c = type; c != null && c.hasSource() && !c.qualified().equals("java.lang.Object"); ) {
      chain.add(0, c);
      Java.Type sup = c.decl() instanceof Java.NamedClassDeclaration n ? n.extendedType : null;
      c = sup instanceof Java.ReferenceType r ? sources.resolveClass(String.join(".", r.identifiers), c) : null;
    }
    return chain;
  }

  private final Map<String, Map<String, Symbols.Constant>> classConstants = new HashMap<>();
  private final Map<String, Set<String>> classRejected = new HashMap<>();
  private final Map<String, String> arrayOwners = new HashMap<>();

  private Map<String, Symbols.Constant> classConstants(JreSources.ClassRef c, boolean model) {
    String qn = c.qualified();
    Map<String, Symbols.Constant> known = classConstants.get(qn);
    if (known != null) {
      return known;
    }
    String owner = ConstantArrays.owner(arrayOwners, qn, c.simpleName(), model);
    Map<String, Symbols.Constant> constants = new LinkedHashMap<>();
    Set<String> rejected = new HashSet<>();
    // Visible while the class's own constants are read (a constant naming its class: Model.C).
    classConstants.put(qn, constants);
    for (Field field : fields(c)) {
      String fname = field.name();
      if (!field.isStatic() || annotation(field.decl().modifiers, "Param", c) != null) {
        continue;
      }
      if (field.isFinal()) {
        String arrayName = Symbols.arrayName(owner, fname);
        Symbols.Constant k = evaluatedConstant(field, constants, arrayName);
        if (k != null) {
          ConstantArrays.put(constants, constantArrays, owner, c.simpleName(), fname, arrayName, k);
        } else {
          rejected.add(fname);
        }
      } else if (model) {
        diagnostics.error(Message.FIELD_NOT_SUPPORTED, fieldPos(field), fname);
        rejected.add(fname);
      }
    }
    classRejected.put(qn, rejected);
    return constants;
  }

  private void instanceField(Field field, String path, Instance<JreSources.ClassRef> instance, boolean model,
      Map<String, Model.ParamField> fields, Map<String, Symbols> parts, Set<String> rejected) {
    String fname = field.name();
    Java.Annotation p = annotation(field.decl().modifiers, "Param", field.owner());
    String qualified = path.isEmpty() ? fname : path + "." + fname;
    if (p != null) {
      Map<String, Symbols.Constant> consts = classConstants.getOrDefault(field.owner().qualified(), Map.of());
      int pLength = (Integer) annotationValue(p, "Param", "length", field.owner(), consts);
      double pValue = (Double) annotationValue(p, "Param", "value", field.owner(), consts);
      double pInitStd = (Double) annotationValue(p, "Param", "initStd", field.owner(), consts);
      Java.Type t = field.type();
      ThetaLayout.Declaration d = new ThetaLayout.Declaration(fieldPos(field), fname, field.isStatic(), field.isFinal(),
          field.var().initializer == null ? null : JavacText.of(field.var().initializer), t instanceof Java.ArrayType,
          t instanceof Java.ArrayType a && JreTrees.primitive(a.componentType) == Java.Primitive.DOUBLE,
          JreTrees.primitive(t) == Java.Primitive.DOUBLE, typeText(t, field.owner()), pLength, pValue, pInitStd);
      Model.ParamField pf = theta.add(diagnostics, d, path, model, instance);
      if (pf == null) {
        rejected.add(fname);
      } else {
        fields.put(fname, pf);
      }
      return;
    }
    if (field.isStatic()) {
      return;
    }
    Instance.PartUse<JreSources.ClassRef> use = instance.parts().get(fname);
    if (use != null) {
      Symbols part = instantiate(use, qualified);
      if (part != null) {
        parts.put(fname, part);
      } else {
        rejected.add(fname);
      }
      return;
    }
    if (instance.values().containsKey(fname) && field.isFinal()) {
      return;
    }
    if (rejected.contains(fname)) {
      return;
    }
    rejected.add(fname);
    Java.Type t = field.type();
    ThetaLayout.reportUnassigned(diagnostics, fieldPos(field), fname,
        t instanceof Java.ReferenceType ? typeText(t, field.owner()) : null, model);
  }

  private Symbols instantiate(Instance.PartUse<JreSources.ClassRef> use, String path) {
    String qn = use.type().qualified();
    if (!Instance.notCyclic(diagnostics, building, qn, use.where())) {
      return null;
    }
    if (!use.type().hasSource()) {
      diagnostics.error(Message.PART_NO_SOURCE, use.where(), qn, JreSources.PREFIX + topLevel(qn) + ".java.txt");
      return null;
    }
    building.add(qn);
    try {
      return readScope(use.type(), path, use.args(), use.where(), false);
    } finally {
      building.remove(building.size() - 1);
    }
  }

  private String topLevel(String qn) {
    JreSources.ClassRef c = sources.find(qn);
    if (c != null) {
      List<JreSources.ClassRef> outer = sources.enclosing(c);
      if (!outer.isEmpty()) {
        return outer.get(0).qualified();
      }
    }
    return qn;
  }

  private Instance<JreSources.ClassRef> construct(List<JreSources.ClassRef> chain, List<Symbols.Constant> args,
      Map<String, Symbols.Constant> statics, Object where, boolean model) {
    Instance<JreSources.ClassRef> out = Instance.empty();
    constructClass(chain, chain.size() - 1, args, statics, where, model, out, 0);
    return out;
  }

  private void constructClass(List<JreSources.ClassRef> chain, int level, List<Symbols.Constant> args,
      Map<String, Symbols.Constant> statics, Object where, boolean model, Instance<JreSources.ClassRef> out, int depth) {
    JreSources.ClassRef c = chain.get(level);
    String cname = c.simpleName();
    Map<String, Symbols.Constant> env = new HashMap<>(statics);
    env.putAll(out.values());
    List<? extends Java.BlockStatement> body = List.of();
    Java.ConstructorInvocation delegation = null;
    Set<String> ctorParams = new HashSet<>();
    if (!model) {
      List<Java.FunctionDeclarator.FormalParameter[]> ctors = new ArrayList<>();
      List<Java.ConstructorDeclarator> decls = new ArrayList<>();
      for (Java.ConstructorDeclarator k : c.decl().constructors) {
        ctors.add(k.formalParameters.parameters);
        decls.add(k);
      }
      if (decls.isEmpty()) {
        ctors.add(new Java.FunctionDeclarator.FormalParameter[0]);
        decls.add(null);
      }
      List<List<Type>> types = new ArrayList<>();
      for (Java.FunctionDeclarator.FormalParameter[] k : ctors) {
        types.add(java.util.Arrays.stream(k).map(p -> typeOf(p.type, c)).toList());
      }
      int chosen = Instance.chooseConstructor(diagnostics, where, cname, types, args);
      if (chosen < 0) {
        return;
      }
      Java.ConstructorDeclarator ctor = decls.get(chosen);
      Java.FunctionDeclarator.FormalParameter[] ctorParamList = ctors.get(chosen);
      for (int i = 0; i < args.size(); i++) {
        Java.FunctionDeclarator.FormalParameter p = ctorParamList[i];
        Symbols.Constant a = Instance.argument(diagnostics, where, cname, i, typeOf(p.type, c), typeText(p.type, c),
            args.get(i));
        if (a == null) {
          return;
        }
        env.put(p.name, a);
        ctorParams.add(p.name);
      }
      if (ctor != null) {
        body = ctor.statements == null ? List.of() : ctor.statements;
        delegation = ctor.constructorInvocation;
      }
    }
    JreConstants evaluator = new JreConstants(env, primitives.keySet(), otherConstants(List.of(c)));
    List<Symbols.Constant> superArgs = List.of();
    if (delegation != null) {
      List<Symbols.Constant> sa = new ArrayList<>();
      for (Java.Rvalue a : delegation.arguments) {
        Symbols.Constant k = evalConstant(evaluator, a, c, cname);
        if (k == null) {
          return;
        }
        sa.add(k);
      }
      superArgs = sa;
    }
    if (delegation instanceof Java.AlternateConstructorInvocation) {
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
      for (Field f : fields(c)) {
        if (!f.isStatic() && f.var().initializer != null) {
          assignField(c, f, f.var().initializer, evaluator, env, model, out);
        }
      }
    }
    for (Java.BlockStatement st : body) {
      if (st instanceof Java.ExpressionStatement es && es.rvalue instanceof Java.Assignment as && as.operator.equals("=")) {
        List<String> target = JreTrees.path(as.lhs);
        String fname = target != null && target.size() == 2 && target.get(0).equals("this") ? target.get(1)
            : target != null && target.size() == 1 && !ctorParams.contains(target.get(0)) ? target.get(0) : null;
        Field f = fname == null ? null : instanceFieldOf(c, fname);
        if (f != null) {
          assignField(c, f, as.rhs, evaluator, env, false, out);
          continue;
        }
      }
      diagnostics.error(Message.PART_CONSTRUCTOR, Pos.of(c.unit(), st), cname,
          "its constructor may only assign its own fields (this.f = expression of the arguments), not " + statementText(st));
    }
  }

  private static String statementText(Java.BlockStatement st) {
    String s = String.valueOf(st).trim();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private Field instanceFieldOf(JreSources.ClassRef c, String name) {
    for (Field f : fields(c)) {
      if (f.name().equals(name) && !f.isStatic()) {
        return f;
      }
    }
    return null;
  }

  private void assignField(JreSources.ClassRef c, Field f, Java.ArrayInitializerOrRvalue valueOrArray,
      JreConstants evaluator, Map<String, Symbols.Constant> env, boolean model, Instance<JreSources.ClassRef> out) {
    String fname = f.name();
    String cname = c.simpleName();
    Pos at = Pos.of(c.unit(), valueOrArray);
    Java.Rvalue value = valueOrArray instanceof Java.Rvalue r ? r : null;
    if (annotation(f.decl().modifiers, "Param", c) != null) {
      if (model) {
        return;
      }
      boolean array = f.type() instanceof Java.ArrayType;
      if (array && value instanceof Java.NewArray na && na.dimExprs.length == 1) {
        out.paramLength(diagnostics, at, cname, fname, evalConstant(evaluator, na.dimExprs[0], c, cname));
        return;
      }
      List<String> callee = value instanceof Java.MethodInvocation mi && mi.target != null ? JreTrees.path(mi.target) : null;
      String sel = callee == null ? "" : String.join(".", callee) + "." + ((Java.MethodInvocation) value).methodName;
      if (array && value instanceof Java.MethodInvocation mi && mi.arguments.length == 3
          && (sel.equals("Init.normal") || sel.equals("org.dsojava.annotations.Init.normal"))) {
        Symbols.Constant n = evalConstant(evaluator, mi.arguments[0], c, cname);
        Symbols.Constant mean = evalConstant(evaluator, mi.arguments[1], c, cname);
        Symbols.Constant std = evalConstant(evaluator, mi.arguments[2], c, cname);
        if (n != null && mean != null && std != null) {
          out.initNormal(diagnostics, at, cname, fname, n, mean, std);
        }
        return;
      }
      if (!array && value != null) {
        out.paramValue(diagnostics, at, cname, fname, evalConstant(evaluator, value, c, cname));
        return;
      }
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "@Param " + fname + " may be given new double[n] or"
          + " Init.normal(n, mean, std) (its length and initial distribution), not " + JavacText.of(valueOrArray));
      return;
    }
    if (f.type() instanceof Java.ReferenceType rt) {
      String declared = String.join(".", rt.identifiers);
      if (!(value instanceof Java.NewClassInstance nc) || nc.type == null) {
        diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "part field " + fname + " is given " + JavacText.of(valueOrArray)
            + "; write new " + declared.substring(declared.lastIndexOf('.') + 1) + "(sizes...)");
        return;
      }
      JreSources.ClassRef type = nc.type instanceof Java.ReferenceType nt
          ? resolveType(String.join(".", nt.identifiers), List.of(c)) : null;
      if (type == null) {
        type = resolveType(declared, List.of(c));
      }
      if (type == null) {
        diagnostics.error(Message.PART_NO_SOURCE, at, String.valueOf(nc.type), JreSources.PREFIX + nc.type + ".java.txt");
        return;
      }
      List<Symbols.Constant> args = new ArrayList<>();
      for (Java.Rvalue a : nc.arguments) {
        Symbols.Constant k = evalConstant(evaluator, a, c, cname);
        if (k == null) {
          return;
        }
        args.add(k);
      }
      out.parts().put(fname, new Instance.PartUse<>(type, List.copyOf(args), at));
      return;
    }
    Type t = typeOf(f.type(), c);
    if (t == null || !(t == Type.INT || t == Type.DOUBLE || t == Type.BOOLEAN)) {
      diagnostics.error(Message.FIELD_NOT_SUPPORTED, fieldPos(f), fname);
      return;
    }
    if (!f.isFinal()) {
      if (!model) {
        diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, "size field " + fname + " must be final");
      }
      return;
    }
    if (value == null) {
      diagnostics.error(Message.PART_CONSTRUCTOR, at, cname, valueOrArray + " is not a compile-time constant");
      return;
    }
    Symbols.Constant k = evalConstant(evaluator, value, c, cname);
    if (k == null) {
      return;
    }
    k = out.sizeField(diagnostics, at, cname, fname, t, k, evaluator, value);
    if (k != null) {
      env.put(fname, k);
    }
  }

  private Symbols.Constant evalConstant(JreConstants evaluator, Java.Rvalue e, JreSources.ClassRef c, String cname) {
    try {
      return ConstantFolding.constant(evaluator.eval(e));
    } catch (JreConstants.NotConstant ex) {
      diagnostics.error(Message.PART_CONSTRUCTOR, Pos.of(c.unit(), e), cname,
          JavacText.of(e) + " is not a compile-time constant (" + ex.getMessage() + ")");
      return null;
    }
  }

  /** A class named {@code name} where the classes of {@code chain} are written, or null. */
  private JreSources.ClassRef resolveType(String name, List<JreSources.ClassRef> chain) {
    for (JreSources.ClassRef c : chain) {
      String q = sources.resolveName(name, c);
      if (q != null && !q.startsWith("java.lang.")) {
        JreSources.ClassRef found = sources.find(q);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private java.util.function.Function<String, Map<String, Symbols.Constant>> otherConstants(
      List<JreSources.ClassRef> chain) {
    return name -> {
      Symbols s = resolveClass(name, chain);
      if (s != null && s.prefix() == null) {
        // A class file only: its compile-time constants, as javac folds them into constant expressions.
        JreSources.ClassRef c = resolveType(name, chain);
        return c == null ? null : classFileConstants.computeIfAbsent(c.qualified(), q -> fromClassFile(c));
      }
      return s == null ? null : s.constants();
    };
  }

  private final Map<String, Map<String, Symbols.Constant>> classFileConstants = new HashMap<>();

  private Map<String, Symbols.Constant> fromClassFile(JreSources.ClassRef c) {
    Map<String, Symbols.Constant> out = new HashMap<>();
    ClassFileConstants.read(sources.loader(), sources.binaryName(c))
        .forEach((k, v) -> out.put(k, ConstantFolding.constant(v)));
    return out;
  }

  private Symbols resolveClass(String name, List<JreSources.ClassRef> chain) {
    if (name.equals("Math") || name.equals("StrictMath") || name.equals("this")) {
      return null;
    }
    JreSources.ClassRef t = resolveType(name, chain);
    if (t == null || !t.isClass()) {
      return null;
    }
    String qn = t.qualified();
    if (!classScopes.containsKey(qn)) {
      if (!t.hasSource()) {
        classScopes.put(qn, new Symbols(t.simpleName(), null, Map.of(), Map.of(), Map.of(), primitives,
            distributions, Set.of(), Map.of(), Map.of(), n -> null));
      } else {
        classScopes.put(qn, null);
        classScopes.put(qn, readScope(t, null, List.of(), classPos(t), false));
      }
    }
    return classScopes.get(qn);
  }

  /** A {@code static final} field: a scalar constant, or a double[]/int[] by {@code {a, b}} or {@code new double[n]}. */
  private Symbols.Constant evaluatedConstant(Field field, Map<String, Symbols.Constant> constants, String arrayName) {
    String fname = field.name();
    Java.Type declared = field.type();
    Type type = typeOf(declared, field.owner());
    boolean isFloat = JreTrees.primitive(declared) == Java.Primitive.FLOAT;
    if (isFloat) {
      type = Type.DOUBLE;
    }
    if (type == null || type == Type.VOID || type == Type.NOISE) {
      diagnostics.error(Message.CONSTANT_TYPE, fieldPos(field), fname, typeText(declared, field.owner()));
      return null;
    }
    if (field.var().initializer == null) {
      diagnostics.error(Message.CONSTANT_VALUE, fieldPos(field), fname, "(no initializer)",
          "a constant is given its value where it is declared");
      return null;
    }
    Java.ArrayInitializerOrRvalue init = field.var().initializer;
    JreConstants evaluator = new JreConstants(constants, primitives.keySet(), otherConstants(List.of(field.owner())));
    try {
      if (!type.isArray()) {
        if (!(init instanceof Java.Rvalue r)) {
          throw new JreConstants.NotConstant(JavacText.of(init) + " is not of type " + type.javaName());
        }
        double v = evaluator.numeric(evaluator.eval(r), type, r);
        return new Symbols.Constant(type, isFloat ? (float) v : v);
      }
      Java.ArrayInitializer values = init instanceof Java.ArrayInitializer ai ? ai
          : init instanceof Java.NewInitializedArray nia ? nia.arrayInitializer : null;
      if (values == null && !(init instanceof Java.NewArray na1 && na1.dimExprs.length == 1)) {
        throw new JreConstants.NotConstant("a constant array is written {a, b, ...} or new "
            + type.element().javaName() + "[n]");
      }
      double[] elements;
      if (values != null) {
        elements = new double[values.values.length];
        for (int i = 0; i < elements.length; i++) {
          if (!(values.values[i] instanceof Java.Rvalue r)) {
            throw new JreConstants.NotConstant(JavacText.of(values.values[i]) + " is not of type " + type.element().javaName());
          }
          elements[i] = evaluator.numeric(evaluator.eval(r), type.element(), r);
        }
      } else {
        Java.Rvalue dim = ((Java.NewArray) init).dimExprs[0];
        Object n = evaluator.eval(dim);
        if (!(n instanceof Integer length) || length < 0) {
          throw new JreConstants.NotConstant("the length " + JavacText.of(dim) + " is not a non-negative int");
        }
        elements = new double[length];
      }
      if (elements.length == 0) {
        throw new JreConstants.NotConstant("an empty array");
      }
      return new Symbols.Constant(type, 0, elements, arrayName);
    } catch (JreConstants.NotConstant e) {
      diagnostics.error(Message.CONSTANT_VALUE, fieldPos(field), fname, JavacText.of(init), e.getMessage());
      return null;
    }
  }

  private String role(JreSources.ClassRef type, Map<String, MethodEntry> methods, String label, boolean required,
      String example) {
    return RoleSignatures.find(diagnostics, methods.values(), m -> has(m, label), this::methodPos,
        m -> m.element().name, type.simpleName(), () -> classPos(type), label, required, example);
  }


  private Model.Method readMethod(MethodEntry entry, String key, Model.Roles roles, Symbols symbols) {
    Java.MethodDeclarator m = entry.element();
    JreSources.ClassRef owner = entry.owner();
    String name = m.name;
    String roleName = RoleSignatures.roleOf(name, roles);
    Type declaredReturn = typeOf(m.type, owner);
    RoleSignatures.Parameters shape = new RoleSignatures.Parameters(roleName, declaredReturn);
    boolean recordFailed = false;
    for (Java.FunctionDeclarator.FormalParameter p : m.formalParameters.parameters) {
      String pname = p.name;
      Type t = typeOf(p.type, owner);
      Model.Recorded recorded = null;
      Java.Annotation rec = annotation(p.modifiers, "Recorded", owner);
      if (rec != null) {
        recorded = recorded(p, rec, owner, t, roleName, name);
        if (recorded == null) {
          recordFailed = true;
          continue;
        }
      }
      shape.add(pname, t, recorded, annotation(p.modifiers, "Step", owner) != null,
          annotation(p.modifiers, "Rollout", owner) != null);
    }
    if (recordFailed) {
      return null;
    }
    if (roleName != null) {
      if (shape.bad(declaredReturn)) {
        diagnostics.error(Message.BAD_SIGNATURE, methodPos(entry), roleName, name, RoleSignatures.expectedSignature(roleName, name));
        return null;
      }
      if (m.isStatic()) {
        diagnostics.error(Message.BAD_SIGNATURE, methodPos(entry), roleName, name,
            "an instance method: " + RoleSignatures.expectedSignature(roleName, name));
        return null;
      }
    }
    if (m.statements == null) {
      diagnostics.error(Message.UNSUPPORTED, methodPos(entry), "a method without a body", key,
          "model methods must have source bodies");
      return null;
    }
    JreBodyReader reader = new JreBodyReader(symbols, diagnostics, owner.unit(), key, shape.scope(),
        shape.readOnly(), shape.noiseName(), declaredReturn);
    List<Stmt> body = reader.read(m.statements);
    if (reader.failed()) {
      return null;
    }
    if (!CallGraph.returnsInTail(diagnostics, body, key)) {
      return null;
    }
    loopBounds.put(key, reader.loopBounds());
    return new Model.Method(key, shape.parameters(), declaredReturn, body, methodPos(entry));
  }

  private final RecordedFields recordedFields = new RecordedFields();

  private Model.Recorded recorded(Java.FunctionDeclarator.FormalParameter p, Java.Annotation rec,
      JreSources.ClassRef owner, Type t, String roleName, String method) {
    String pname = p.name;
    Pos at = Pos.name(owner.unit(), p, pname);
    if (!recordedFields.placeOk(diagnostics, at, pname, t, roleName, method)) {
      return null;
    }
    Map<String, Symbols.Constant> consts = classConstants.getOrDefault(owner.qualified(), Map.of());
    String field = (String) annotationValue(rec, "Recorded", "value", owner, consts);
    int length = (Integer) annotationValue(rec, "Recorded", "length", owner, consts);
    int ahead = (Integer) annotationValue(rec, "Recorded", "ahead", owner, consts);
    return recordedFields.recorded(diagnostics, at, pname, field, isIdentifier(field), length, ahead);
  }

  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
      "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
      "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
      "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
      "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true",
      "false", "null", "_");

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || KEYWORDS.contains(s)) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
