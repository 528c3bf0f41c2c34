package org.dsojava.compiler.jre;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.janino.Java;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.PrimitiveFunction;
import org.dsojava.processor.reading.BodyReading;
import org.dsojava.processor.reading.LoopBound;
import org.dsojava.processor.reading.Symbols;

/**
 * Reads one method body from Janino's tree into the IR, typing the subset itself: the javac front end's
 * {@code BodyReader} statement for statement, so the same source gives the same IR and the same errors.
 */
final class JreBodyReader extends BodyReading<Java.Locatable, Java.Rvalue> {
  private static final String MATH_LIST =
      "{sin, cos, tan, atan2, exp, log, log1p, sqrt, pow, tanh, abs, min, max, hypot, floor, ceil}";

  private final JreSources.Unit unit;

  JreBodyReader(Symbols symbols, Diagnostics diagnostics, JreSources.Unit unit, String method,
      Map<String, Type> parameters, Map<String, String> readOnly, String noiseName, Type returnType) {
    super(symbols, diagnostics, method, parameters, readOnly, noiseName, returnType);
    this.unit = unit;
  }

  List<Stmt> read(List<? extends Java.BlockStatement> body) {
    List<Stmt> out = new ArrayList<>();
    block(body, out);
    return out;
  }

  @Override
  protected Pos pos(Java.Locatable tree) {
    return Pos.javac(unit, tree);
  }

  @Override
  protected String text(Java.Locatable tree) {
    return JavacText.of(tree);
  }

  @Override
  protected String simpleName(Java.Rvalue e) {
    List<String> p = JreTrees.path(e);
    return p != null && p.size() == 1 ? p.get(0) : null;
  }

  @Override
  protected boolean isNullLiteral(Java.Rvalue e) {
    return e instanceof Java.NullLiteral;
  }

  @Override
  protected String stringLiteral(Java.Rvalue e) {
    return e instanceof Java.StringLiteral lit ? lit.value.substring(1, lit.value.length() - 1) : null;
  }

  // ---------------------------------------------------------------- statements

  private void block(List<? extends Java.BlockStatement> statements, List<Stmt> out) {
    scopes.push(new HashMap<>());
    for (Java.BlockStatement s : statements) {
      statement(s, out);
    }
    scopes.pop();
  }

  private List<Stmt> nested(Java.BlockStatement s) {
    List<Stmt> out = new ArrayList<>();
    if (s instanceof Java.Block b) {
      block(b.statements, out);
    } else {
      scopes.push(new HashMap<>());
      statement(s, out);
      scopes.pop();
    }
    return out;
  }

  private void statement(Java.BlockStatement s, List<Stmt> out) {
    if (s instanceof Java.Block b) {
      block(b.statements, out);
    } else if (s instanceof Java.EmptyStatement) {
      return;
    } else if (s instanceof Java.LocalVariableDeclarationStatement v) {
      for (Java.VariableDeclarator d : v.variableDeclarators) {
        variable(v, d, out);
      }
    } else if (s instanceof Java.ExpressionStatement e) {
      expressionStatement(e.rvalue, e, out);
    } else if (s instanceof Java.IfStatement t) {
      Java.Rvalue condition = JreTrees.unparenthesized(t.condition);
      Expr c = expect(expr(condition), Type.BOOLEAN, condition);
      List<Stmt> thenBlock = nested(t.thenStatement);
      List<Stmt> elseBlock = t.elseStatement == null ? List.of() : nested(t.elseStatement);
      out.add(new Stmt.If(c, thenBlock, elseBlock, pos(s)));
    } else if (s instanceof Java.ForStatement f) {
      forLoop(f, out);
    } else if (s instanceof Java.ReturnStatement r) {
      Expr value = null;
      if (r.returnValue != null) {
        value = expr(r.returnValue);
        if (returnType != null && returnType != Type.VOID) {
          value = expect(value, returnType, r.returnValue);
        }
      }
      out.add(new Stmt.Return(value, pos(s)));
    } else if (s instanceof Java.WhileStatement || s instanceof Java.DoStatement) {
      unsupported(s, "a while loop", "write a counted for loop with a constant bound");
    } else if (s instanceof Java.ForEachStatement) {
      unsupported(s, "an enhanced for loop", "write for (int i = 0; i < a.length; i++)");
    } else if (s instanceof Java.SwitchStatement) {
      unsupported(s, "switch", "use if/else");
    } else if (s instanceof Java.BreakStatement || s instanceof Java.ContinueStatement) {
      unsupported(s, s instanceof Java.BreakStatement ? "break" : "continue",
          "loops run their full count; guard the body with if instead");
    } else if (s instanceof Java.TryStatement || s instanceof Java.ThrowStatement) {
      unsupported(s, s instanceof Java.TryStatement ? "try" : "throw",
          "models are straight-line numerical code; report invalid states through @Terminal");
    } else {
      String kind = s instanceof Java.LocalClassDeclarationStatement ? "class"
          : s instanceof Java.LabeledStatement ? "labeled statement"
          : s instanceof Java.SynchronizedStatement ? "synchronized"
          : s instanceof Java.AssertStatement ? "assert" : s.getClass().getSimpleName();
      unsupported(s, "the statement " + kind, "see the supported subset in docs/ARCHITECTURE.md");
    }
  }

  static Type declaredType(Java.Type typeTree) {
    if (typeTree == null) {
      return null;
    }
    if (typeTree instanceof Java.PrimitiveType p) {
      switch (p.primitive) {
        case DOUBLE:
          return Type.DOUBLE;
        case INT:
          return Type.INT;
        case BOOLEAN:
          return Type.BOOLEAN;
        default:
          return null;
      }
    }
    if (typeTree instanceof Java.ArrayType a) {
      Type e = declaredType(a.componentType);
      if (e == Type.DOUBLE) {
        return Type.DOUBLE_ARRAY;
      }
      if (e == Type.INT) {
        return Type.INT_ARRAY;
      }
    }
    return null;
  }

  /** The declared type of a declarator, with its extra brackets ({@code double x[]}). */
  private static Java.Type withBrackets(Java.Type t, int brackets) {
    Java.Type out = t;
    for (int i = 0; i < brackets; i++) {
      out = new Java.ArrayType(out);
    }
    return out;
  }

  private void variable(Java.LocalVariableDeclarationStatement decl, Java.VariableDeclarator v, List<Stmt> out) {
    String name = v.name;
    Java.Locatable at = v;
    if (name.indexOf('$') >= 0) {
      rejectedLocals.add(name);
      unsupported(at, "the local name " + name, "'$' is reserved for generated code; rename it");
      return;
    }
    Java.Type typeTree = withBrackets(decl.type, v.brackets);
    boolean isVar = typeTree instanceof Java.ReferenceType r && r.identifiers.length == 1 && r.identifiers[0].equals("var");
    Type type = isVar ? null : declaredType(typeTree);
    if (type == null) {
      rejectedLocals.add(name);
      Java.ArrayInitializerOrRvalue init = v.initializer;
      if (isVar) {
        unsupported(at, "var", "declare the type: double, int, boolean, double[] or int[]");
      } else if (init instanceof Java.LambdaExpression || init instanceof Java.NewClassInstance
          || init instanceof Java.NewAnonymousClassInstance || init instanceof Java.StringLiteral) {
        expr((Java.Rvalue) init);
      } else {
        unsupported(at, "a local of type " + JavacText.of(typeTree), "locals are double, int, boolean, double[] or int[]");
      }
      return;
    }
    if (lookupLocal(name) != null) {
      unsupported(at, "redeclaring " + name, "use a new name");
      return;
    }
    scopes.peek().put(name, type);
    Expr.Var var = new Expr.Var(name, type);
    if (type.isArray()) {
      Java.ArrayInitializerOrRvalue init = v.initializer;
      Java.ArrayInitializer values = init instanceof Java.ArrayInitializer ai ? ai
          : init instanceof Java.NewInitializedArray nia ? nia.arrayInitializer : null;
      if (values == null && !(init instanceof Java.NewArray)) {
        unsupported(at, "an array local without new " + type.element().javaName() + "[n]",
            "allocate it with a constant length; arrays are not aliased");
        return;
      }
      if (values != null) {
        out.add(new Stmt.ArrayDecl(var, values.values.length, pos(at)));
        for (int i = 0; i < values.values.length; i++) {
          Java.ArrayInitializerOrRvalue e = values.values[i];
          if (!(e instanceof Java.Rvalue r)) {
            unsupported(e, "a multi-dimensional array", "use a flat array indexed i * n + j");
            return;
          }
          out.add(new Stmt.Assign(Ir.index(var, Ir.integer(i)), expect(expr(r), type.element(), r), pos(r)));
        }
        return;
      }
      Java.NewArray na = (Java.NewArray) init;
      if (na.dimExprs.length != 1 || na.dims != 0) {
        unsupported(at, "a multi-dimensional array", "use a flat array indexed i * n + j");
        return;
      }
      Java.Rvalue dimension = na.dimExprs[0];
      Expr lengthExpr = expr(dimension);
      if (lengthExpr.type() == Type.VOID) {
        return;
      }
      Integer length = Ir.constantInt(lengthExpr);
      if (length == null || length < 0) {
        error(Message.ARRAY_LENGTH, dimension, JavacText.of(dimension), method);
        return;
      }
      out.add(new Stmt.ArrayDecl(var, length, pos(at)));
      return;
    }
    Expr init = null;
    if (v.initializer instanceof Java.Rvalue r) {
      init = expect(expr(r), type, r);
    } else if (v.initializer != null) {
      unsupported(at, "an array initializer for " + type.javaName(), "give a value of type " + type.javaName());
      return;
    }
    out.add(new Stmt.Decl(var, init, pos(at)));
  }

  private void expressionStatement(Java.Rvalue e, Java.Locatable s, List<Stmt> out) {
    if (e instanceof Java.Assignment a && a.operator.equals("=")) {
      Expr target = lvalue(a.lhs);
      if (target != null) {
        out.add(new Stmt.Assign(target, expect(expr(a.rhs), target.type(), a.rhs), pos(s)));
      }
    } else if (e instanceof Java.Assignment a && List.of("+=", "-=", "*=", "/=", "%=").contains(a.operator)) {
      Expr target = lvalue(a.lhs);
      if (target != null) {
        String op = a.operator.substring(0, 1);
        Expr rhs = arithmetic(op, target, expr(a.rhs), e);
        out.add(new Stmt.Assign(target, expect(rhs, target.type(), e), pos(s)));
      }
    } else if (e instanceof Java.Crement c) {
      Expr target = lvalue(c.operand);
      if (target != null) {
        boolean inc = c.operator.equals("++");
        Expr one = target.type() == Type.INT ? Ir.integer(1) : Ir.ONE;
        out.add(new Stmt.Assign(target, new Expr.Binary(inc ? "+" : "-", target, one, target.type()), pos(s)));
      }
    } else if (e instanceof Java.MethodInvocation mi) {
      Expr call = invocation(mi);
      if (call instanceof Expr.ModelCall mc) {
        out.add(new Stmt.CallStmt(mc, pos(s)));
      } else if (call instanceof Expr.Noise n) {
        out.add(new Stmt.Decl(new Expr.Var("$discard", n.type()), n, pos(s)));
      } else {
        unsupported(e, "a call whose value is discarded", "assign it to a local or remove it");
      }
    } else {
      unsupported(e, "the statement " + JavacText.of(e),
          "statements are assignments (= += -= *= /= %=), increments and calls of model methods");
    }
  }

  private void forLoop(Java.ForStatement f, List<Stmt> out) {
    Java.LocalVariableDeclarationStatement init = f.init instanceof Java.LocalVariableDeclarationStatement l
        && l.variableDeclarators.length == 1 ? l : null;
    Java.VariableDeclarator iv = init == null ? null : init.variableDeclarators[0];
    if (init == null || f.update == null || f.update.length != 1 || f.condition == null
        || declaredType(withBrackets(init.type, iv.brackets)) != Type.INT || !(iv.initializer instanceof Java.Rvalue)) {
      error(Message.LOOP_FORM, f, method);
      return;
    }
    String index = iv.name;
    Java.Rvalue initValue = (Java.Rvalue) iv.initializer;
    Expr from = expect(expr(initValue), Type.INT, initValue);
    Java.Rvalue cond = f.condition;
    Java.Rvalue update = f.update[0];
    boolean increments = update instanceof Java.Crement c && c.operator.equals("++")
        && c.operand instanceof Java.AmbiguousName id && id.n == 1 && id.identifiers[0].equals(index);
    Java.BinaryOperation bt = cond instanceof Java.BinaryOperation b ? b : null;
    boolean counted = increments && bt != null && (bt.operator.equals("<") || bt.operator.equals("<="))
        && bt.lhs instanceof Java.AmbiguousName left && left.n == 1 && left.identifiers[0].equals(index);
    if (!counted) {
      error(Message.LOOP_FORM, f, method);
      return;
    }
    Expr to = expect(expr(bt.rhs), Type.INT, bt.rhs);
    if (!constantShaped(from)) {
      loopBounds.add(new LoopBound(pos(initValue), JavacText.of(initValue)));
    } else if (!constantShaped(to)) {
      loopBounds.add(new LoopBound(pos(bt.rhs), JavacText.of(bt.rhs)));
    }
    if (bt.operator.equals("<=")) {
      to = Ir.add(to, Ir.integer(1));
    }
    scopes.push(new HashMap<>());
    scopes.peek().put(index, Type.INT);
    readOnly.put(index, "it is the index of a counted for loop");
    List<Stmt> body = nested(f.body);
    readOnly.remove(index);
    scopes.pop();
    out.add(new Stmt.For(new Expr.Var(index, Type.INT), from, to, body, pos(f)));
  }

  private Expr lvalue(Java.Rvalue t) {
    Java.Rvalue target = JreTrees.unparenthesized(t);
    String base = null;
    boolean field = false;
    List<String> path = JreTrees.path(target);
    if (path != null && path.size() == 1) {
      base = path.get(0);
    } else if (target instanceof Java.ArrayAccessExpression a && JreTrees.path(a.lhs) != null
        && JreTrees.path(a.lhs).size() == 1) {
      base = JreTrees.path(a.lhs).get(0);
    } else if (path != null && path.size() == 2 && path.get(0).equals("this")) {
      base = path.get(1);
      field = true;
    }
    return assignable(base, field, target, t);
  }

  // ---------------------------------------------------------------- expressions

  @Override
  public Expr expr(Java.Rvalue t) {
    if (t instanceof Java.ParenthesizedExpression p) {
      return expr(p.value);
    }
    if (t instanceof Java.IntegerLiteral l) {
      Integer v = JreTrees.intValue(l);
      if (v == null) {
        unsupported(t, "a long literal", "use int or double");
        return bad();
      }
      return Ir.integer(v);
    }
    if (t instanceof Java.FloatingPointLiteral l) {
      return Ir.num(JreTrees.doubleValue(l));
    }
    if (t instanceof Java.BooleanLiteral l) {
      return new Expr.Const(JreTrees.booleanValue(l) ? 1 : 0, Type.BOOLEAN);
    }
    List<String> path = JreTrees.path(t);
    if (path != null && path.size() == 1) {
      return name(path.get(0), t);
    }
    if (path != null) {
      return memberSelect(path, t);
    }
    if (t instanceof Java.FieldAccessExpression fa) {
      unsupported(t, JavacText.of(t), "refer to locals, parameters, @Param fields, static final constants and Math.PI/E");
      return bad();
    }
    if (t instanceof Java.ArrayAccessExpression a) {
      Expr array = expr(a.lhs);
      Expr index = expect(expr(a.index), Type.INT, a.index);
      if (array instanceof Expr.Var v && v.type().isArray()) {
        return new Expr.Index(v, index, v.type().element());
      }
      if (array.type() != Type.VOID) {
        unsupported(t, "indexing " + JavacText.of(a.lhs), "index a named array");
      }
      return bad();
    }
    if (t instanceof Java.UnaryOperation u) {
      switch (u.operator) {
        case "-": {
          Expr e = expr(u.operand);
          return numeric(e, t) ? Ir.neg(e) : bad();
        }
        case "+":
          return expr(u.operand);
        case "!":
          return new Expr.Unary("!", expect(expr(u.operand), Type.BOOLEAN, t), Type.BOOLEAN);
        default:
          unsupported(t, "the expression bitwise complement", "see the supported subset in docs/ARCHITECTURE.md");
          return bad();
      }
    }
    if (t instanceof Java.BinaryOperation b) {
      switch (b.operator) {
        case "+": case "-": case "*": case "/": case "%":
          return arithmetic(b.operator, expr(b.lhs), expr(b.rhs), t);
        case "<": case "<=": case ">": case ">=": case "==": case "!=": {
          Expr l = expr(b.lhs);
          Expr r = expr(b.rhs);
          if (l.type() == Type.BOOLEAN && r.type() == Type.BOOLEAN && (b.operator.equals("==") || b.operator.equals("!="))) {
            return Ir.cmp(b.operator, l, r);
          }
          if (!numeric(l, b.lhs) || !numeric(r, b.rhs)) {
            return bad();
          }
          return Ir.cmp(b.operator, l, r);
        }
        case "&&": case "||": {
          Expr l = expect(expr(b.lhs), Type.BOOLEAN, b.lhs);
          Expr r = expect(expr(b.rhs), Type.BOOLEAN, b.rhs);
          return new Expr.Binary(b.operator, l, r, Type.BOOLEAN);
        }
        default:
          unsupported(t, "the expression " + binaryKind(b.operator), "see the supported subset in docs/ARCHITECTURE.md");
          return bad();
      }
    }
    if (t instanceof Java.ConditionalExpression c) {
      Expr cond = expect(expr(c.lhs), Type.BOOLEAN, c.lhs);
      Expr a = expr(c.mhs);
      Expr b = expr(c.rhs);
      if (a.type() == Type.BOOLEAN && b.type() == Type.BOOLEAN) {
        return new Expr.Cond(cond, a, b, Type.BOOLEAN);
      }
      if (!numeric(a, c.mhs) || !numeric(b, c.rhs)) {
        return bad();
      }
      Type type = a.type() == Type.DOUBLE || b.type() == Type.DOUBLE ? Type.DOUBLE : Type.INT;
      return new Expr.Cond(cond, expect(a, type, c), expect(b, type, c), type);
    }
    if (t instanceof Java.Cast c) {
      Type to = declaredType(c.targetType);
      Expr e = expr(c.value);
      if (to != Type.INT && to != Type.DOUBLE) {
        unsupported(t, "a cast to " + JavacText.of(c.targetType), "cast between int and double only");
        return bad();
      }
      if (!numeric(e, c.value)) {
        return bad();
      }
      return e.type() == to ? e : new Expr.Cast(e, to);
    }
    if (t instanceof Java.MethodInvocation mi) {
      Expr call = invocation(mi);
      if (call instanceof Expr.ModelCall mc && mc.type() == Type.VOID) {
        error(Message.TYPE_MISMATCH, t, JavacText.of(t), method, "void", "a value");
        return bad();
      }
      return call;
    }
    if (t instanceof Java.NewArray || t instanceof Java.NewInitializedArray) {
      unsupported(t, "an array creation inside an expression", "declare the array as a local: double[] a = new double[n];");
      return bad();
    }
    if (t instanceof Java.Assignment || t instanceof Java.Crement) {
      unsupported(t, "an assignment inside an expression", "assign in its own statement");
      return bad();
    }
    if (t instanceof Java.LambdaExpression) {
      unsupported(t, "a lambda", "write the computation inline or in a model method");
      return bad();
    }
    if (t instanceof Java.NewClassInstance || t instanceof Java.NewAnonymousClassInstance) {
      unsupported(t, "object creation", "models compute with double, int and boolean values and arrays");
      return bad();
    }
    if (t instanceof Java.StringLiteral) {
      unsupported(t, "a String", "strings only name a distribution in noise.draw(\"name\", ...)");
      return bad();
    }
    String kind = t instanceof Java.CharacterLiteral ? "char literal" : t instanceof Java.NullLiteral ? "null literal"
        : t instanceof Java.Instanceof ? "instance of" : t.getClass().getSimpleName();
    unsupported(t, "the expression " + kind, "see the supported subset in docs/ARCHITECTURE.md");
    return bad();
  }

  private static String binaryKind(String op) {
    return switch (op) {
      case "&" -> "and";
      case "|" -> "or";
      case "^" -> "xor";
      case "<<" -> "left shift";
      case ">>" -> "right shift";
      case ">>>" -> "unsigned right shift";
      default -> op;
    };
  }

  /** {@code owner.member} for a dotted name {@code path} (owner = all but the last identifier). */
  private Expr memberSelect(List<String> path, Java.Rvalue m) {
    String member = path.get(path.size() - 1);
    List<String> owner = path.subList(0, path.size() - 1);
    if (member.equals("length") && owner.size() == 2 && owner.get(0).equals("this")) {
      Integer length = fieldArrayLength(owner.get(1));
      if (length != null) {
        return Ir.integer(length);
      }
    }
    if (owner.size() == 1) {
      String o = owner.get(0);
      Expr simple = simpleMember(o, member, m);
      if (simple != null) {
        return simple;
      }
    }
    Symbols part = part(owner);
    Symbols other = part != null ? part
        : (owner.size() == 1 && lookupLocal(owner.get(0)) == null) || owner.size() > 1
            ? symbols.classes().apply(String.join(".", owner)) : null;
    if (other != null) {
      if (member.equals("length") || other.params().containsKey(member) || other.constants().containsKey(member)) {
        return field(other, member, m);
      }
      error(Message.UNKNOWN_NAME, m, String.join(".", path), method);
      return bad();
    }
    unsupported(m, String.join(".", path), "refer to locals, parameters, @Param fields, static final constants and Math.PI/E");
    return bad();
  }

  private Expr invocation(Java.MethodInvocation call) {
    Java.Rvalue[] args = call.arguments;
    String name = call.methodName;
    if (call.target == null) {
      return modelCall(symbols, name, Arrays.asList(args), call);
    }
    List<String> ownerPath = JreTrees.path(call.target);
    if (ownerPath != null) {
      String owner = String.join(".", ownerPath);
      if (owner.equals("this") || owner.equals(symbols.modelName())) {
        return modelCall(symbols, name, Arrays.asList(args), call);
      }
      Symbols part = part(ownerPath);
      if (part != null) {
        return modelCall(part, name, Arrays.asList(args), call);
      }
      if (ownerPath.size() == 1 && lookupLocal(owner) == Type.NOISE) {
        return noise(name, Arrays.asList(args), call);
      }
      if (ownerPath.size() == 1 && lookupLocal(owner) == null) {
        Expr rejected = callOwner(owner, owner, name, call);
        if (rejected != null) {
          return rejected;
        }
      }
      PrimitiveFunction f = primitive(owner, name);
      if (f != null) {
        return primitiveCall(f, Arrays.asList(args), call);
      }
      Symbols helpers = symbols.classes().apply(owner);
      if (helpers != null) {
        if (!helpers.methods().containsKey(name) && !helpers.untypedMethods().containsKey(name)) {
          error(Message.UNKNOWN_METHOD, call, owner + "." + name, method, helpers.modelName(), MATH_LIST);
          return bad();
        }
        return modelCall(helpers, name, Arrays.asList(args), call);
      }
      error(Message.UNKNOWN_METHOD, call, owner + "." + name, method, symbols.modelName(), MATH_LIST);
      return bad();
    }
    String owner = JavacText.of(call.target);
    PrimitiveFunction f = primitive(owner, name);
    if (f != null) {
      return primitiveCall(f, Arrays.asList(args), call);
    }
    error(Message.UNKNOWN_METHOD, call, owner + "." + name, method, symbols.modelName(), MATH_LIST);
    return bad();
  }

  /** The part instance a dotted name names ({@code policy}, {@code this.policy}, {@code policy.hidden}), or null. */
  private Symbols part(List<String> owner) {
    if (owner.size() == 1) {
      return lookupLocal(owner.get(0)) == null ? symbols.parts().get(owner.get(0)) : null;
    }
    Symbols outer = owner.size() == 2 && owner.get(0).equals("this") ? symbols : part(owner.subList(0, owner.size() - 1));
    return outer == null ? null : outer.parts().get(owner.get(owner.size() - 1));
  }

}
