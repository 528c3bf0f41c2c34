package org.dsojava.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Element;
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
 * Reads one method body (parsed, not attributed) into IR, typing the subset itself. Errors are
 * reported on the offending tree and reading continues with a placeholder, so one build lists every
 * problem.
 */
public final class BodyReader extends BodyReading<Tree, ExpressionTree> {
  private final CompilationUnitTree unit;
  private final Element element;

  BodyReader(Symbols symbols, Diagnostics diagnostics, CompilationUnitTree unit, Element element,
      String method, Map<String, Type> parameters, Map<String, String> readOnly, String noiseName,
      Type returnType) {
    super(symbols, diagnostics, method, parameters, readOnly, noiseName, returnType);
    this.unit = unit;
    this.element = element;
  }

  List<Stmt> read(BlockTree body) {
    List<Stmt> out = new ArrayList<>();
    block(body.getStatements(), out);
    return out;
  }

  @Override
  protected Diagnostics.SourcePos pos(Tree tree) {
    return new Diagnostics.SourcePos(tree, unit, element);
  }

  @Override
  protected String text(Tree tree) {
    return String.valueOf(tree);
  }

  @Override
  protected String simpleName(ExpressionTree e) {
    return e instanceof IdentifierTree id ? id.getName().toString() : null;
  }

  @Override
  protected boolean isNullLiteral(ExpressionTree e) {
    return e.getKind() == Tree.Kind.NULL_LITERAL;
  }

  @Override
  protected String stringLiteral(ExpressionTree e) {
    return e instanceof LiteralTree lit && lit.getValue() instanceof String s ? s : null;
  }

  // ---------------------------------------------------------------- statements

  private void block(List<? extends StatementTree> statements, List<Stmt> out) {
    scopes.push(new HashMap<>());
    for (StatementTree s : statements) {
      statement(s, out);
    }
    scopes.pop();
  }

  private List<Stmt> nested(StatementTree s) {
    List<Stmt> out = new ArrayList<>();
    if (s instanceof BlockTree b) {
      block(b.getStatements(), out);
    } else {
      scopes.push(new HashMap<>());
      statement(s, out);
      scopes.pop();
    }
    return out;
  }

  private void statement(StatementTree s, List<Stmt> out) {
    switch (s.getKind()) {
      case BLOCK -> block(((BlockTree) s).getStatements(), out);
      case EMPTY_STATEMENT -> { }
      case VARIABLE -> variable((VariableTree) s, out);
      case EXPRESSION_STATEMENT -> expressionStatement(((ExpressionStatementTree) s).getExpression(), s, out);
      case IF -> {
        IfTree t = (IfTree) s;
        ExpressionTree condition = unparenthesized(t.getCondition());
        Expr c = expect(expr(condition), Type.BOOLEAN, condition);
        List<Stmt> thenBlock = nested(t.getThenStatement());
        List<Stmt> elseBlock = t.getElseStatement() == null ? List.of() : nested(t.getElseStatement());
        out.add(new Stmt.If(c, thenBlock, elseBlock, pos(s)));
      }
      case FOR_LOOP -> forLoop((ForLoopTree) s, out);
      case RETURN -> {
        ReturnTree r = (ReturnTree) s;
        Expr value = null;
        if (r.getExpression() != null) {
          value = expr(r.getExpression());
          if (returnType != null && returnType != Type.VOID) {
            value = expect(value, returnType, r.getExpression());
          }
        }
        out.add(new Stmt.Return(value, pos(s)));
      }
      case WHILE_LOOP, DO_WHILE_LOOP -> unsupported(s, "a while loop", "write a counted for loop with a constant bound");
      case ENHANCED_FOR_LOOP -> unsupported(s, "an enhanced for loop", "write for (int i = 0; i < a.length; i++)");
      case SWITCH -> unsupported(s, "switch", "use if/else");
      case BREAK, CONTINUE -> unsupported(s, s.getKind().name().toLowerCase(Locale.ROOT),
          "loops run their full count; guard the body with if instead");
      case TRY, THROW -> unsupported(s, s.getKind().name().toLowerCase(Locale.ROOT),
          "models are straight-line numerical code; report invalid states through @Terminal");
      default -> unsupported(s, "the statement " + s.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          "see the supported subset in docs/ARCHITECTURE.md");
    }
  }

  private static ExpressionTree unparenthesized(ExpressionTree t) {
    while (t instanceof ParenthesizedTree p) {
      t = p.getExpression();
    }
    return t;
  }

  private Type declaredType(Tree typeTree) {
    if (typeTree == null) {
      return null; // var
    }
    if (typeTree instanceof PrimitiveTypeTree p) {
      switch (p.getPrimitiveTypeKind()) {
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
    if (typeTree.getKind() == Tree.Kind.ARRAY_TYPE) {
      Tree elem = ((com.sun.source.tree.ArrayTypeTree) typeTree).getType();
      Type e = declaredType(elem);
      if (e == Type.DOUBLE) {
        return Type.DOUBLE_ARRAY;
      }
      if (e == Type.INT) {
        return Type.INT_ARRAY;
      }
    }
    return null;
  }

  private void variable(VariableTree v, List<Stmt> out) {
    String name = v.getName().toString();
    if (name.indexOf('$') >= 0) {
      rejectedLocals.add(name);
      unsupported(v, "the local name " + name, "'$' is reserved for generated code; rename it");
      return;
    }
    Type type = declaredType(v.getType());
    if (type == null) {
      rejectedLocals.add(name);
      ExpressionTree init = v.getInitializer();
      if (v.getType() == null) {
        unsupported(v, "var", "declare the type: double, int, boolean, double[] or int[]");
      } else if (init != null && (init.getKind() == Tree.Kind.LAMBDA_EXPRESSION
          || init.getKind() == Tree.Kind.NEW_CLASS || init.getKind() == Tree.Kind.STRING_LITERAL)) {
        expr(init); // names the construct: a lambda, object creation, a String
      } else {
        unsupported(v, "a local of type " + v.getType(), "locals are double, int, boolean, double[] or int[]");
      }
      return;
    }
    if (lookupLocal(name) != null) {
      unsupported(v, "redeclaring " + name, "use a new name");
      return;
    }
    scopes.peek().put(name, type);
    Expr.Var var = new Expr.Var(name, type);
    if (type.isArray()) {
      ExpressionTree init = v.getInitializer();
      if (!(init instanceof NewArrayTree na)) {
        unsupported(v, "an array local without new " + type.element().javaName() + "[n]",
            "allocate it with a constant length; arrays are not aliased");
        return;
      }
      if (na.getInitializers() != null) {
        List<? extends ExpressionTree> inits = na.getInitializers();
        out.add(new Stmt.ArrayDecl(var, inits.size(), pos(v)));
        for (int i = 0; i < inits.size(); i++) {
          out.add(new Stmt.Assign(Ir.index(var, Ir.integer(i)),
              expect(expr(inits.get(i)), type.element(), inits.get(i)), pos(inits.get(i))));
        }
        return;
      }
      if (na.getDimensions().size() != 1) {
        unsupported(v, "a multi-dimensional array", "use a flat array indexed i * n + j");
        return;
      }
      ExpressionTree dimension = na.getDimensions().get(0);
      Expr lengthExpr = expr(dimension);
      if (lengthExpr.type() == Type.VOID) {
        return; // already reported
      }
      Integer length = foldInt(lengthExpr);
      if (length == null || length < 0) {
        error(Message.ARRAY_LENGTH, dimension, dimension, method);
        return;
      }
      out.add(new Stmt.ArrayDecl(var, length, pos(v)));
      return;
    }
    Expr init = v.getInitializer() == null ? null : expect(expr(v.getInitializer()), type, v.getInitializer());
    out.add(new Stmt.Decl(var, init, pos(v)));
  }

  private void expressionStatement(ExpressionTree e, StatementTree s, List<Stmt> out) {
    switch (e.getKind()) {
      case ASSIGNMENT -> {
        AssignmentTree a = (AssignmentTree) e;
        Expr target = lvalue(a.getVariable());
        if (target != null) {
          out.add(new Stmt.Assign(target, expect(expr(a.getExpression()), target.type(), a.getExpression()), pos(s)));
        }
      }
      case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT -> {
        CompoundAssignmentTree a = (CompoundAssignmentTree) e;
        Expr target = lvalue(a.getVariable());
        if (target != null) {
          String op = switch (e.getKind()) {
            case PLUS_ASSIGNMENT -> "+";
            case MINUS_ASSIGNMENT -> "-";
            case MULTIPLY_ASSIGNMENT -> "*";
            case REMAINDER_ASSIGNMENT -> "%";
            default -> "/";
          };
          Expr rhs = arithmetic(op, target, expr(a.getExpression()), e);
          out.add(new Stmt.Assign(target, expect(rhs, target.type(), e), pos(s)));
        }
      }
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
        UnaryTree u = (UnaryTree) e;
        Expr target = lvalue(u.getExpression());
        if (target != null) {
          boolean inc = e.getKind() == Tree.Kind.PREFIX_INCREMENT || e.getKind() == Tree.Kind.POSTFIX_INCREMENT;
          Expr one = target.type() == Type.INT ? Ir.integer(1) : Ir.ONE;
          out.add(new Stmt.Assign(target, new Expr.Binary(inc ? "+" : "-", target, one, target.type()), pos(s)));
        }
      }
      case METHOD_INVOCATION -> {
        Expr call = invocation((MethodInvocationTree) e);
        if (call instanceof Expr.ModelCall mc) {
          out.add(new Stmt.CallStmt(mc, pos(s)));
        } else if (call instanceof Expr.Noise n) {
          out.add(new Stmt.Decl(new Expr.Var("$discard", n.type()), n, pos(s)));
        } else {
          unsupported(e, "a call whose value is discarded", "assign it to a local or remove it");
        }
      }
      default -> unsupported(e, "the statement " + e,
          "statements are assignments (= += -= *= /= %=), increments and calls of model methods");
    }
  }

  private void forLoop(ForLoopTree f, List<Stmt> out) {
    if (f.getInitializer().size() != 1 || f.getUpdate().size() != 1 || f.getCondition() == null
        || !(f.getInitializer().get(0) instanceof VariableTree init)
        || declaredType(init.getType()) != Type.INT || init.getInitializer() == null) {
      error(Message.LOOP_FORM, f, method);
      return;
    }
    String index = init.getName().toString();
    Expr from = expect(expr(init.getInitializer()), Type.INT, init.getInitializer());
    ExpressionTree cond = f.getCondition();
    ExpressionTree update = f.getUpdate().get(0).getExpression();
    boolean increments = (update.getKind() == Tree.Kind.POSTFIX_INCREMENT || update.getKind() == Tree.Kind.PREFIX_INCREMENT)
        && ((UnaryTree) update).getExpression() instanceof IdentifierTree id && id.getName().contentEquals(index);
    BinaryTree bt = cond instanceof BinaryTree b ? b : null;
    boolean counted = increments && bt != null
        && (bt.getKind() == Tree.Kind.LESS_THAN || bt.getKind() == Tree.Kind.LESS_THAN_EQUAL)
        && bt.getLeftOperand() instanceof IdentifierTree left && left.getName().contentEquals(index);
    if (!counted) {
      error(Message.LOOP_FORM, f, method);
      return;
    }
    Expr to = expect(expr(bt.getRightOperand()), Type.INT, bt.getRightOperand());
    if (!constantShaped(from)) {
      loopBounds.add(new LoopBound(pos(init.getInitializer()), init.getInitializer().toString()));
    } else if (!constantShaped(to)) {
      loopBounds.add(new LoopBound(pos(bt.getRightOperand()), bt.getRightOperand().toString()));
    }
    if (bt.getKind() == Tree.Kind.LESS_THAN_EQUAL) {
      to = Ir.add(to, Ir.integer(1));
    }
    scopes.push(new HashMap<>());
    scopes.peek().put(index, Type.INT);
    readOnly.put(index, "it is the index of a counted for loop");
    List<Stmt> body = nested(f.getStatement());
    readOnly.remove(index);
    scopes.pop();
    out.add(new Stmt.For(new Expr.Var(index, Type.INT), from, to, body, pos(f)));
  }

  private Expr lvalue(ExpressionTree t) {
    ExpressionTree target = t;
    while (target instanceof ParenthesizedTree p) {
      target = p.getExpression();
    }
    String base = null;
    // this.name is the field even where a local or parameter has the same name.
    boolean field = false;
    if (target instanceof IdentifierTree id) {
      base = id.getName().toString();
    } else if (target instanceof ArrayAccessTree a && a.getExpression() instanceof IdentifierTree id) {
      base = id.getName().toString();
    } else if (target instanceof MemberSelectTree ms && ms.getExpression() instanceof IdentifierTree th
        && th.getName().contentEquals("this")) {
      base = ms.getIdentifier().toString();
      field = true;
    }
    return assignable(base, field, target, t);
  }

  // ---------------------------------------------------------------- expressions

  @Override
  public Expr expr(ExpressionTree t) {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return expr(((ParenthesizedTree) t).getExpression());
      case INT_LITERAL:
        return Ir.integer((Integer) ((LiteralTree) t).getValue());
      case DOUBLE_LITERAL:
        return Ir.num((Double) ((LiteralTree) t).getValue());
      case FLOAT_LITERAL:
        return Ir.num((Float) ((LiteralTree) t).getValue());
      case BOOLEAN_LITERAL:
        return new Expr.Const(Boolean.TRUE.equals(((LiteralTree) t).getValue()) ? 1 : 0, Type.BOOLEAN);
      case IDENTIFIER:
        return name(((IdentifierTree) t).getName().toString(), t);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) t);
      case ARRAY_ACCESS: {
        ArrayAccessTree a = (ArrayAccessTree) t;
        Expr array = expr(a.getExpression());
        Expr index = expect(expr(a.getIndex()), Type.INT, a.getIndex());
        if (array instanceof Expr.Var v && v.type().isArray()) {
          return new Expr.Index(v, index, v.type().element());
        }
        if (array.type() != Type.VOID) {
          unsupported(t, "indexing " + a.getExpression(), "index a named array");
        }
        return bad();
      }
      case UNARY_MINUS: {
        Expr e = expr(((UnaryTree) t).getExpression());
        return numeric(e, t) ? Ir.neg(e) : bad();
      }
      case UNARY_PLUS:
        return expr(((UnaryTree) t).getExpression());
      case LOGICAL_COMPLEMENT:
        return new Expr.Unary("!", expect(expr(((UnaryTree) t).getExpression()), Type.BOOLEAN, t), Type.BOOLEAN);
      case PLUS:
      case MINUS:
      case MULTIPLY:
      case DIVIDE:
      case REMAINDER: {
        BinaryTree b = (BinaryTree) t;
        return arithmetic(operator(t.getKind()), expr(b.getLeftOperand()), expr(b.getRightOperand()), t);
      }
      case LESS_THAN:
      case LESS_THAN_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_EQUAL:
      case EQUAL_TO:
      case NOT_EQUAL_TO: {
        BinaryTree b = (BinaryTree) t;
        Expr l = expr(b.getLeftOperand());
        Expr r = expr(b.getRightOperand());
        if (l.type() == Type.BOOLEAN && r.type() == Type.BOOLEAN
            && (t.getKind() == Tree.Kind.EQUAL_TO || t.getKind() == Tree.Kind.NOT_EQUAL_TO)) {
          return Ir.cmp(operator(t.getKind()), l, r);
        }
        if (!numeric(l, b.getLeftOperand()) || !numeric(r, b.getRightOperand())) {
          return bad();
        }
        return Ir.cmp(operator(t.getKind()), l, r);
      }
      case CONDITIONAL_AND:
      case CONDITIONAL_OR: {
        BinaryTree b = (BinaryTree) t;
        Expr l = expect(expr(b.getLeftOperand()), Type.BOOLEAN, b.getLeftOperand());
        Expr r = expect(expr(b.getRightOperand()), Type.BOOLEAN, b.getRightOperand());
        return new Expr.Binary(operator(t.getKind()), l, r, Type.BOOLEAN);
      }
      case CONDITIONAL_EXPRESSION: {
        ConditionalExpressionTree c = (ConditionalExpressionTree) t;
        Expr cond = expect(expr(c.getCondition()), Type.BOOLEAN, c.getCondition());
        Expr a = expr(c.getTrueExpression());
        Expr b = expr(c.getFalseExpression());
        if (a.type() == Type.BOOLEAN && b.type() == Type.BOOLEAN) {
          return new Expr.Cond(cond, a, b, Type.BOOLEAN);
        }
        if (!numeric(a, c.getTrueExpression()) || !numeric(b, c.getFalseExpression())) {
          return bad();
        }
        Type type = a.type() == Type.DOUBLE || b.type() == Type.DOUBLE ? Type.DOUBLE : Type.INT;
        return new Expr.Cond(cond, expect(a, type, c), expect(b, type, c), type);
      }
      case TYPE_CAST: {
        TypeCastTree c = (TypeCastTree) t;
        Type to = declaredType(c.getType());
        Expr e = expr(c.getExpression());
        if (to != Type.INT && to != Type.DOUBLE) {
          unsupported(t, "a cast to " + c.getType(), "cast between int and double only");
          return bad();
        }
        if (!numeric(e, c.getExpression())) {
          return bad();
        }
        return e.type() == to ? e : new Expr.Cast(e, to);
      }
      case METHOD_INVOCATION: {
        Expr call = invocation((MethodInvocationTree) t);
        if (call instanceof Expr.ModelCall mc && mc.type() == Type.VOID) {
          error(Message.TYPE_MISMATCH, t, t, method, "void", "a value");
          return bad();
        }
        return call;
      }
      case NEW_ARRAY:
        unsupported(t, "an array creation inside an expression",
            "declare the array as a local: double[] a = new double[n];");
        return bad();
      case ASSIGNMENT:
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT:
        unsupported(t, "an assignment inside an expression", "assign in its own statement");
        return bad();
      case LAMBDA_EXPRESSION:
        unsupported(t, "a lambda", "write the computation inline or in a model method");
        return bad();
      case NEW_CLASS:
        unsupported(t, "object creation", "models compute with double, int and boolean values and arrays");
        return bad();
      case STRING_LITERAL:
        unsupported(t, "a String", "strings only name a distribution in noise.draw(\"name\", ...)");
        return bad();
      case LONG_LITERAL:
        unsupported(t, "a long literal", "use int or double");
        return bad();
      default:
        unsupported(t, "the expression " + t.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
            "see the supported subset in docs/ARCHITECTURE.md");
        return bad();
    }
  }

  private static String operator(Tree.Kind k) {
    String op = ConstantEvaluator.operator(k);
    if (op == null) {
      throw new IllegalArgumentException(k.toString());
    }
    return op;
  }


  private Expr field(String name, Tree t) {
    return field(symbols, name, t);
  }

  private Expr memberSelect(MemberSelectTree m) {
    String member = m.getIdentifier().toString();
    ExpressionTree owner = m.getExpression();
    // this.w.length: the length of a @Param or constant array named through this.
    if (member.equals("length") && owner instanceof MemberSelectTree inner
        && inner.getExpression() instanceof IdentifierTree th && th.getName().contentEquals("this")) {
      Integer length = fieldArrayLength(inner.getIdentifier().toString());
      if (length != null) {
        return Ir.integer(length);
      }
    }
    if (owner instanceof IdentifierTree id) {
      String o = id.getName().toString();
      Expr simple = simpleMember(o, member, m);
      if (simple != null) {
        return simple;
      }
    }
    Symbols part = part(owner);
    Symbols other = part != null ? part
        : (owner instanceof IdentifierTree id && lookupLocal(id.getName().toString()) == null)
            || owner instanceof MemberSelectTree ? symbols.classes().apply(owner.toString()) : null;
    if (other != null) {
      if (member.equals("length") || other.params().containsKey(member) || other.constants().containsKey(member)) {
        return field(other, member, m);
      }
      error(Message.UNKNOWN_NAME, m, m, method);
      return bad();
    }
    unsupported(m, m.toString(), "refer to locals, parameters, @Param fields, static final constants and Math.PI/E");
    return bad();
  }

  private Expr invocation(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    List<? extends ExpressionTree> args = call.getArguments();
    if (select instanceof IdentifierTree id) {
      return modelCall(symbols, id.getName().toString(), args, call);
    }
    if (select instanceof MemberSelectTree ms) {
      String name = ms.getIdentifier().toString();
      String owner = ms.getExpression().toString();
      if (owner.equals("this") || owner.equals(symbols.modelName())) {
        return modelCall(symbols, name, args, call);
      }
      Symbols part = part(ms.getExpression());
      if (part != null) {
        return modelCall(part, name, args, call);
      }
      if (ms.getExpression() instanceof IdentifierTree oid && lookupLocal(oid.getName().toString()) == Type.NOISE) {
        return noise(name, args, call);
      }
      if (ms.getExpression() instanceof IdentifierTree oid && lookupLocal(oid.getName().toString()) == null) {
        Expr rejected = callOwner(oid.getName().toString(), owner, name, call);
        if (rejected != null) {
          return rejected;
        }
      }
      PrimitiveFunction f = primitive(owner, name);
      if (f != null) {
        return primitiveCall(f, args, call);
      }
      Symbols helpers = ms.getExpression() instanceof IdentifierTree || ms.getExpression() instanceof MemberSelectTree
          ? symbols.classes().apply(owner) : null;
      if (helpers != null) {
        if (!helpers.methods().containsKey(name) && !helpers.untypedMethods().containsKey(name)) {
          error(Message.UNKNOWN_METHOD, call, owner + "." + name, method, helpers.modelName(),
              "{sin, cos, tan, atan2, exp, log, log1p, sqrt, pow, tanh, abs, min, max, hypot, floor, ceil}");
          return bad();
        }
        return modelCall(helpers, name, args, call);
      }
      error(Message.UNKNOWN_METHOD, call, owner + "." + name, method, symbols.modelName(),
          "{sin, cos, tan, atan2, exp, log, log1p, sqrt, pow, tanh, abs, min, max, hypot, floor, ceil}");
      return bad();
    }
    unsupported(call, "the call " + call, "call Math functions, model methods, and noise sites");
    return bad();
  }

  /** The part instance {@code owner} names ({@code policy}, {@code this.policy}, {@code policy.hidden}), or null. */
  private Symbols part(ExpressionTree owner) {
    if (owner instanceof IdentifierTree id && lookupLocal(id.getName().toString()) == null) {
      return symbols.parts().get(id.getName().toString());
    }
    if (owner instanceof MemberSelectTree ms) {
      Symbols outer = ms.getExpression() instanceof IdentifierTree th && th.getName().contentEquals("this")
          ? symbols : part(ms.getExpression());
      return outer == null ? null : outer.parts().get(ms.getIdentifier().toString());
    }
    return null;
  }

  /** The value of an int constant expression (literals, static final ints, + - * of them), or null. */
  Integer constantInt(ExpressionTree t) {
    return foldInt(expr(t));
  }

  static Integer foldInt(Expr e) {
    return Ir.constantInt(e);
  }
}
