package org.dsojava.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Rollout;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Step;
import org.dsojava.annotations.Terminal;
import org.dsojava.annotations.Transition;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * Reads a {@code @Chain} class into a {@link Model}: θ layout from {@code @Param} fields, constants,
 * role methods with validated signatures, and the bodies of every method they reach.
 */
public final class ModelReader {
  private final Trees trees;
  private final Diagnostics diagnostics;
  private final Map<String, PrimitiveFunction> primitives;
  private final Map<String, NoiseDistribution> distributions;

  public ModelReader(Trees trees, Diagnostics diagnostics, Map<String, PrimitiveFunction> primitives,
      Map<String, NoiseDistribution> distributions) {
    this.trees = trees;
    this.diagnostics = diagnostics;
    this.primitives = primitives;
    this.distributions = distributions;
  }

  private static final String NOISE = "org.dsojava.annotations.Noise";

  /** Non-constant loop bounds of the methods read so far, by method. */
  private final Map<String, List<BodyReader.LoopBound>> loopBounds = new HashMap<>();

  /** Returns the model, or null when errors were reported. */
  public Model read(TypeElement type) {
    int errorsBefore = diagnostics.errorCount();
    loopBounds.clear();
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
    if (chain.stateDim() < 1) {
      diagnostics.error(Message.STATE_DIM, type, chain.stateDim(), name);
    }
    validateSetting(type, chain, name);

    List<Model.ParamField> params = new ArrayList<>();
    Map<String, Symbols.Constant> constants = new HashMap<>();
    // Fields already reported as invalid: uses of them in bodies are not reported again.
    Set<String> rejectedFields = new HashSet<>();
    Map<String, Model.ConstantArray> constantArrays = new LinkedHashMap<>();
    int offset = 0;
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      String fname = field.getSimpleName().toString();
      Param p = field.getAnnotation(Param.class);
      Set<Modifier> mods = field.getModifiers();
      if (p != null) {
        if (mods.contains(Modifier.STATIC)) {
          diagnostics.error(Message.PARAM_STATIC, field, fname);
          rejectedFields.add(fname);
          continue;
        }
        if (mods.contains(Modifier.FINAL)) {
          diagnostics.error(Message.PARAM_FINAL, field, fname);
          rejectedFields.add(fname);
          continue;
        }
        TypeMirror t = field.asType();
        VariableTree declaration = (VariableTree) trees.getTree(field);
        if (declaration != null && declaration.getInitializer() != null) {
          diagnostics.error(Message.PARAM_INITIALIZER, field, fname, t.getKind() == TypeKind.ARRAY
              ? "length = " + Math.max(1, p.length()) + ", value = v) (every entry starts at v; initStd adds noise"
              : "value = " + declaration.getInitializer() + ")");
          rejectedFields.add(fname);
          continue;
        }
        boolean array = t.getKind() == TypeKind.ARRAY && ((ArrayType) t).getComponentType().getKind() == TypeKind.DOUBLE;
        if (!array && t.getKind() != TypeKind.DOUBLE) {
          diagnostics.error(Message.PARAM_TYPE, field, fname, t.toString());
          rejectedFields.add(fname);
          continue;
        }
        int length = 1;
        if (array) {
          if (p.length() < 1) {
            diagnostics.error(Message.PARAM_LENGTH, field, fname);
            rejectedFields.add(fname);
            continue;
          }
          length = p.length();
        } else if (p.length() > 1) {
          diagnostics.error(Message.PARAM_SCALAR_LENGTH, field, fname, p.length());
          rejectedFields.add(fname);
          continue;
        }
        params.add(new Model.ParamField(fname, array, length, offset, p.value(), p.initStd()));
        offset += length;
      } else if (mods.contains(Modifier.STATIC) && mods.contains(Modifier.FINAL) && field.getConstantValue() == null) {
        Symbols.Constant c = evaluatedConstant(field, constants);
        if (c != null) {
          constants.put(fname, c);
          if (c.type().isArray()) {
            constantArrays.put(Symbols.arrayName(fname), new Model.ConstantArray(fname, c.type(), c.elements()));
          }
        } else {
          rejectedFields.add(fname);
        }
      } else if (mods.contains(Modifier.STATIC) && mods.contains(Modifier.FINAL) && field.getConstantValue() != null) {
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
          diagnostics.error(Message.CONSTANT_TYPE, field, fname, field.asType().toString());
          rejectedFields.add(fname);
        }
      } else {
        diagnostics.error(Message.FIELD_NOT_SUPPORTED, field, fname);
        rejectedFields.add(fname);
      }
    }

    Map<String, ExecutableElement> methods = new LinkedHashMap<>();
    Map<String, Symbols.Signature> signatures = new HashMap<>();
    // Methods whose parameter or return types are outside the subset, as written (for messages).
    Map<String, String> untyped = new HashMap<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      String mname = m.getSimpleName().toString();
      List<Type> ptypes = new ArrayList<>();
      boolean ok = true;
      for (VariableElement p : m.getParameters()) {
        Type t = typeOf(p.asType());
        ok &= t != null && t != Type.VOID;
        ptypes.add(t);
      }
      Type ret = typeOf(m.getReturnType());
      ok &= ret != null && ret != Type.NOISE && !ret.isArray();
      if (methods.containsKey(mname)) {
        diagnostics.error(Message.UNSUPPORTED, m, "overloading " + mname, mname, "give each model method its own name");
        continue;
      }
      methods.put(mname, m);
      if (ok) {
        signatures.put(mname, new Symbols.Signature(ptypes, ret));
      } else {
        untyped.put(mname, m.getReturnType() + " " + mname + "(" + String.join(", ",
            m.getParameters().stream().map(p -> p.asType().toString()).toList()) + ")");
      }
    }

    Model.Roles roles = new Model.Roles(
        role(type, methods, Transition.class, "Transition", true,
            "@Transition void step(double[] x, Noise noise, double[] next)"),
        role(type, methods, Cost.class, "Cost", true, "@Cost double cost(double[] x)"),
        role(type, methods, Initial.class, "Initial", true, "@Initial void reset(Noise noise, double[] x)"),
        role(type, methods, Terminal.class, "Terminal", false, null),
        role(type, methods, Bottleneck.class, "Bottleneck", false, null));
    String[][] roleNames = {{"Transition", roles.transition()}, {"Cost", roles.cost()}, {"Initial", roles.initial()},
        {"Terminal", roles.terminal()}, {"Bottleneck", roles.bottleneck()}};
    boolean badRole = false;
    for (String[] r : roleNames) {
      if (r[1] != null && untyped.containsKey(r[1])) {
        diagnostics.error(Message.BAD_SIGNATURE, methods.get(r[1]), r[0], r[1], expectedSignature(r[0], r[1]));
        badRole = true;
      }
    }
    if (badRole) {
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
    if (chain.setting() == Setting.FIRST_EXIT && roles.terminal() == null && chain.horizon() == 0) {
      diagnostics.error(Message.NO_END, type, "FIRST_EXIT", name);
    }

    Symbols symbols = new Symbols(name,
        params.stream().collect(LinkedHashMap::new, (mp, p) -> mp.put(p.name(), p), Map::putAll),
        constants, signatures, primitives, distributions, rejectedFields, untyped);

    Map<String, Model.Method> bodies = new LinkedHashMap<>();
    Deque<String> work = new ArrayDeque<>();
    work.addAll(roles.present());
    // A method is read once, however many callers it has (its errors are reported once).
    Set<String> read = new HashSet<>();
    while (!work.isEmpty()) {
      String mname = work.poll();
      if (!read.add(mname) || !signatures.containsKey(mname)) {
        continue;
      }
      Model.Method method = readMethod(methods.get(mname), roles, symbols);
      if (method == null) {
        continue;
      }
      bodies.put(mname, method);
      collectCalls(method.body(), work);
    }
    checkRecursion(bodies, roles);
    checkLoopBounds(bodies, roles);
    if (diagnostics.errorCount() > errorsBefore) {
      return null;
    }
    String pkg = packageOf(type);
    return new Model(pkg, name, chain.stateDim(), chain.setting().name(), chain.discount(), chain.horizon(),
        List.copyOf(params), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bodies)), roles, bottleneckDim,
        java.util.Collections.unmodifiableMap(constantArrays), type);
  }

  /**
   * A {@code static final} field javac did not fold: a scalar whose initializer calls Math, or a
   * double[]/int[] given by {@code {a, b, ...}} or {@code new double[n]}. Null (and reported) otherwise.
   */
  private Symbols.Constant evaluatedConstant(VariableElement field, Map<String, Symbols.Constant> constants) {
    String fname = field.getSimpleName().toString();
    Type type = typeOf(field.asType());
    VariableTree declaration = (VariableTree) trees.getTree(field);
    if (type == null || type == Type.VOID || type == Type.NOISE || declaration == null) {
      diagnostics.error(Message.CONSTANT_TYPE, field, fname, field.asType().toString());
      return null;
    }
    if (declaration.getInitializer() == null) {
      diagnostics.error(Message.CONSTANT_VALUE, field, fname, "(no initializer)",
          "a constant is given its value where it is declared");
      return null;
    }
    ExpressionTree init = declaration.getInitializer();
    ConstantEvaluator evaluator = new ConstantEvaluator(constants, primitives.keySet());
    try {
      if (!type.isArray()) {
        return new Symbols.Constant(type, numeric(evaluator.eval(init), type, init));
      }
      if (!(init instanceof NewArrayTree na) || (na.getInitializers() == null && na.getDimensions().size() != 1)) {
        throw new ConstantEvaluator.NotConstant("a constant array is written {a, b, ...} or new "
            + type.element().javaName() + "[n]");
      }
      double[] elements;
      if (na.getInitializers() != null) {
        elements = new double[na.getInitializers().size()];
        for (int i = 0; i < elements.length; i++) {
          elements[i] = numeric(evaluator.eval(na.getInitializers().get(i)), type.element(), na.getInitializers().get(i));
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
      return new Symbols.Constant(type, 0, elements);
    } catch (ConstantEvaluator.NotConstant e) {
      diagnostics.error(Message.CONSTANT_VALUE, field, fname, init, e.getMessage());
      return null;
    }
  }

  private static double numeric(Object v, Type type, ExpressionTree where) throws ConstantEvaluator.NotConstant {
    if (type == Type.BOOLEAN) {
      if (v instanceof Boolean b) {
        return b ? 1 : 0;
      }
    } else if (type == Type.INT) {
      if (v instanceof Integer i) {
        return i;
      }
    } else if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new ConstantEvaluator.NotConstant(where + " is not of type " + type.javaName());
  }

  private static String packageOf(Element e) {
    Element p = e;
    while (p.getKind() != ElementKind.PACKAGE) {
      p = p.getEnclosingElement();
    }
    return ((javax.lang.model.element.PackageElement) p).getQualifiedName().toString();
  }

  private void validateSetting(TypeElement type, Chain chain, String name) {
    double g = chain.discount();
    Setting s = chain.setting();
    if (!(g > 0 && g <= 1)) {
      diagnostics.error(Message.DISCOUNT, type, g, name, "γ must be in (0, 1]");
    } else if (s == Setting.DISCOUNTED && g == 1.0) {
      diagnostics.error(Message.DISCOUNT, type, g, name,
          "a DISCOUNTED chain needs γ < 1; use Setting.FIRST_EXIT for undiscounted episodes");
    } else if ((s == Setting.AVERAGE || s == Setting.TIME_VARYING) && g != 1.0) {
      diagnostics.error(Message.DISCOUNT, type, g, name,
          s + " chains are undiscounted; remove discount (fold discounting into the cost if wanted)");
    }
    if (chain.horizon() < 0) {
      diagnostics.error(Message.HORIZON, type, chain.horizon(), name, "the horizon cannot be negative");
    } else if (s == Setting.TIME_VARYING && chain.horizon() == 0) {
      diagnostics.error(Message.HORIZON, type, chain.horizon(), name, "a TIME_VARYING chain needs its horizon T");
    }
  }

  private String role(TypeElement type, Map<String, ExecutableElement> methods,
      Class<? extends java.lang.annotation.Annotation> annotation, String label, boolean required, String example) {
    String found = null;
    for (ExecutableElement m : methods.values()) {
      if (m.getAnnotation(annotation) != null) {
        if (found != null) {
          diagnostics.error(Message.DUPLICATE_ROLE, m, type.getSimpleName(), label, found, m.getSimpleName());
          continue;
        }
        found = m.getSimpleName().toString();
      }
    }
    if (found == null && required) {
      diagnostics.error(Message.MISSING_METHOD, type, type.getSimpleName(), label, example);
    }
    return found;
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
  private Model.Method readMethod(ExecutableElement m, Model.Roles roles, Symbols symbols) {
    String name = m.getSimpleName().toString();
    String roleName = name.equals(roles.transition()) ? "Transition"
        : name.equals(roles.cost()) ? "Cost"
        : name.equals(roles.initial()) ? "Initial"
        : name.equals(roles.terminal()) ? "Terminal"
        : name.equals(roles.bottleneck()) ? "Bottleneck" : null;
    List<Model.Parameter> parameters = new ArrayList<>();
    List<Type> arrays = new ArrayList<>();
    boolean hasNoise = false;
    Map<String, Type> scope = new HashMap<>();
    Map<String, String> readOnly = new HashMap<>();
    String noiseName = null;
    boolean bad = false;
    List<Model.Role> arrayRoles = switch (roleName == null ? "" : roleName) {
      case "Transition" -> List.of(Model.Role.STATE, Model.Role.NEXT);
      case "Cost", "Terminal" -> List.of(Model.Role.STATE);
      case "Initial" -> List.of(Model.Role.STATE);
      case "Bottleneck" -> m.getReturnType().getKind() == TypeKind.VOID
          ? List.of(Model.Role.STATE, Model.Role.ETA) : List.of(Model.Role.STATE);
      default -> null;
    };
    int arrayIndex = 0;
    for (VariableElement p : m.getParameters()) {
      String pname = p.getSimpleName().toString();
      Type t = typeOf(p.asType());
      Model.Role role = Model.Role.PLAIN;
      if (roleName != null) {
        if (t == Type.INT && p.getAnnotation(Step.class) != null && !roleName.equals("Initial")) {
          role = Model.Role.STEP;
        } else if (t == Type.INT && p.getAnnotation(Rollout.class) != null) {
          role = Model.Role.ROLLOUT;
        } else if (t == Type.NOISE && (roleName.equals("Transition") || roleName.equals("Initial")) && !hasNoise) {
          role = Model.Role.NOISE;
          hasNoise = true;
        } else if (t == Type.DOUBLE_ARRAY && arrayIndex < arrayRoles.size()) {
          role = arrayRoles.get(arrayIndex++);
        } else {
          bad = true;
        }
      }
      if (t == Type.NOISE) {
        noiseName = pname;
      }
      parameters.add(new Model.Parameter(pname, t, role));
      scope.put(pname, t);
      if (role == Model.Role.STATE && !roleName.equals("Initial")) {
        readOnly.put(pname, "the current state is read-only" + (roleName.equals("Transition")
            ? "; write the next state into the next array" : ""));
      }
      if (role == Model.Role.STEP || role == Model.Role.ROLLOUT) {
        readOnly.put(pname, "it is the " + (role == Model.Role.STEP ? "step" : "rollout") + " index");
      }
    }
    if (roleName != null) {
      Type ret = typeOf(m.getReturnType());
      Type wantRet = switch (roleName) {
        case "Cost" -> Type.DOUBLE;
        case "Terminal" -> Type.BOOLEAN;
        case "Bottleneck" -> ret == Type.VOID ? Type.VOID : Type.DOUBLE;
        default -> Type.VOID;
      };
      boolean needsNoise = roleName.equals("Transition") || roleName.equals("Initial");
      bad |= ret != wantRet || arrayIndex != arrayRoles.size() || needsNoise != hasNoise;
      if (bad) {
        diagnostics.error(Message.BAD_SIGNATURE, m, roleName, name, expectedSignature(roleName, name));
        return null;
      }
      if (m.getModifiers().contains(Modifier.STATIC)) {
        diagnostics.error(Message.BAD_SIGNATURE, m, roleName, name, "an instance method: " + expectedSignature(roleName, name));
        return null;
      }
    }
    MethodTree tree = trees.getTree(m);
    if (tree == null || tree.getBody() == null) {
      diagnostics.error(Message.UNSUPPORTED, m, "a method without a body", name, "model methods must have source bodies");
      return null;
    }
    TreePath path = trees.getPath(m);
    CompilationUnitTree unit = path.getCompilationUnit();
    BodyReader reader = new BodyReader(symbols, diagnostics, unit, m, name, scope, readOnly, noiseName,
        typeOf(m.getReturnType()));
    List<Stmt> body = reader.read(tree.getBody());
    if (reader.failed()) {
      return null;
    }
    if (!returnsInTail(body, name, true)) {
      return null;
    }
    loopBounds.put(name, reader.loopBounds());
    return new Model.Method(name, parameters, typeOf(m.getReturnType()), body,
        new Diagnostics.SourcePos(tree, unit, m));
  }

  private static String expectedSignature(String role, String name) {
    return switch (role) {
      case "Transition" -> "void " + name + "(double[] x, Noise noise, double[] next), optionally with @Step int t and @Rollout int n";
      case "Cost" -> "double " + name + "(double[] x), optionally with @Step int t and @Rollout int n";
      case "Initial" -> "void " + name + "(Noise noise, double[] x), optionally with @Rollout int n";
      case "Terminal" -> "boolean " + name + "(double[] x), optionally with @Step int t and @Rollout int n";
      default -> "double " + name + "(double[] x) or void " + name + "(double[] x, double[] eta) with @Bottleneck(dim = n)";
    };
  }

  private static String kindWithArticle(ElementKind kind) {
    String k = kind.toString().toLowerCase().replace('_', ' ');
    return ("aeiou".indexOf(k.charAt(0)) >= 0 ? "an " : "a ") + k;
  }

  /**
   * Reports every return that is not in tail position (the inliner turns tail returns into
   * assignments); true when there is none.
   */
  private boolean returnsInTail(List<Stmt> body, String method, boolean tail) {
    boolean ok = true;
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      boolean last = tail && i == body.size() - 1;
      if (s instanceof Stmt.Return r && !last) {
        diagnostics.error(Message.RETURN_NOT_TAIL, r.origin(), method);
        ok = false;
      } else if (s instanceof Stmt.If f) {
        ok &= returnsInTail(f.thenBlock(), method, last);
        ok &= returnsInTail(f.elseBlock(), method, last);
      } else if (s instanceof Stmt.For f) {
        ok &= returnsInTail(f.body(), method, false);
      }
    }
    return ok;
  }

  /**
   * Model methods are inlined, so the calls reachable from the role methods must not form a cycle.
   * Each call that closes a cycle is reported once, at the call.
   */
  private void checkRecursion(Map<String, Model.Method> bodies, Model.Roles roles) {
    Set<String> done = new HashSet<>();
    for (String r : roles.present()) {
      visitCalls(r, new ArrayList<>(), done, bodies);
    }
  }

  private void visitCalls(String method, List<String> path, Set<String> done, Map<String, Model.Method> bodies) {
    Model.Method m = bodies.get(method);
    if (m == null || done.contains(method)) {
      return;
    }
    path.add(method);
    List<Expr.ModelCall> calls = new ArrayList<>();
    for (Stmt s : m.body()) {
      Walk.exprs(s, e -> {
        if (e instanceof Expr.ModelCall mc) {
          calls.add(mc);
        }
      });
    }
    for (Expr.ModelCall c : calls) {
      int i = path.indexOf(c.method());
      if (i >= 0) {
        List<String> cycle = new ArrayList<>(path.subList(i, path.size()));
        cycle.add(c.method());
        diagnostics.error(Message.RECURSION, c.origin(), c.method(), String.join(" → ", cycle));
      } else {
        visitCalls(c.method(), path, done, bodies);
      }
    }
    path.remove(path.size() - 1);
    done.add(method);
  }

  /**
   * Differentiated code (everything the transition, cost and bottleneck reach) must have constant
   * trip counts: its tape is sized statically. The initial state and the terminal test need not.
   */
  private void checkLoopBounds(Map<String, Model.Method> bodies, Model.Roles roles) {
    Set<String> reached = new java.util.LinkedHashSet<>();
    Deque<String> work = new ArrayDeque<>();
    for (String r : new String[] {roles.transition(), roles.cost(), roles.bottleneck()}) {
      if (r != null) {
        work.add(r);
      }
    }
    while (!work.isEmpty()) {
      String m = work.poll();
      if (bodies.containsKey(m) && reached.add(m)) {
        collectCalls(bodies.get(m).body(), work);
      }
    }
    for (String m : reached) {
      for (BodyReader.LoopBound b : loopBounds.getOrDefault(m, List.of())) {
        diagnostics.error(Message.LOOP_BOUND, b.where(), b.text(), m);
      }
    }
  }

  private static void collectCalls(List<Stmt> body, Deque<String> out) {
    for (Stmt s : body) {
      Walk.exprs(s, e -> {
        if (e instanceof Expr.ModelCall mc) {
          out.add(mc.method());
        }
      });
      if (s instanceof Stmt.CallStmt c) {
        out.add(c.call().method());
      }
    }
  }
}
