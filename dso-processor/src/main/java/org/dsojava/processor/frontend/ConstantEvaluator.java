package org.dsojava.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import java.util.Map;
import org.dsojava.processor.reading.ConstantFolding;
import org.dsojava.processor.reading.Symbols;

/**
 * Evaluates the initializer of a {@code static final} field that javac does not fold because it calls
 * a method ({@code Math.sqrt(2.0)}): literals, other constants of the model or of other classes
 * ({@code Sizes.HIDDEN}), {@code + - * / %}, casts
 * and static {@code Math}/{@code StrictMath} functions, with Java's int and double semantics. The class
 * initializer of the model would compute the same value with the same library call, so the kernel may
 * use the number. Walks javac's trees; the arithmetic is {@link ConstantFolding}'s, shared with the JRE path.
 */
final class ConstantEvaluator extends ConstantFolding<ExpressionTree> {
  ConstantEvaluator(Map<String, Symbols.Constant> constants, java.util.Set<String> functions) {
    this(constants, functions, name -> null);
  }

  ConstantEvaluator(Map<String, Symbols.Constant> constants, java.util.Set<String> functions,
      java.util.function.Function<String, Map<String, Symbols.Constant>> otherClasses) {
    super(constants, functions, otherClasses);
  }

  @Override
  protected String text(Object tree) {
    return String.valueOf(tree);
  }

  /** The value as an Integer, Double or Boolean. */
  @Override
  public Object eval(ExpressionTree t) throws NotConstant {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return eval(((ParenthesizedTree) t).getExpression());
      case INT_LITERAL:
      case DOUBLE_LITERAL:
      case BOOLEAN_LITERAL:
        return ((LiteralTree) t).getValue();
      case FLOAT_LITERAL:
        return ((Float) ((LiteralTree) t).getValue()).doubleValue();
      case IDENTIFIER:
        return name(((IdentifierTree) t).getName().toString());
      case MEMBER_SELECT: {
        MemberSelectTree m = (MemberSelectTree) t;
        return member(m.getExpression().toString(), m.getIdentifier().toString(), t);
      }
      case UNARY_MINUS:
        return negate(eval(((UnaryTree) t).getExpression()), t);
      case UNARY_PLUS:
        return eval(((UnaryTree) t).getExpression());
      case LOGICAL_COMPLEMENT:
        return !bool(eval(((UnaryTree) t).getExpression()), t);
      case TYPE_CAST: {
        TypeCastTree c = (TypeCastTree) t;
        Object v = eval(c.getExpression());
        if (c.getType() instanceof PrimitiveTypeTree p) {
          switch (p.getPrimitiveTypeKind()) {
            case INT:
              return cast(v, true, t);
            case DOUBLE:
              return cast(v, false, t);
            default:
              break;
          }
        }
        throw new NotConstant("the cast " + t);
      }
      case METHOD_INVOCATION: {
        MethodInvocationTree call = (MethodInvocationTree) t;
        return call.getMethodSelect() instanceof MemberSelectTree m
            ? call(m.getExpression().toString(), m.getIdentifier().toString(), call.getArguments(), call)
            : call(null, null, call.getArguments(), call);
      }
      default:
        if (t instanceof com.sun.source.tree.BinaryTree b) {
          String op = operator(t.getKind());
          return binary(op == null ? t.getKind().name() : op, eval(b.getLeftOperand()), eval(b.getRightOperand()), t);
        }
        throw new NotConstant("the expression " + t);
    }
  }

  /** The operator of a binary tree as written, for the operators of the subset; null for another kind. */
  static String operator(Tree.Kind kind) {
    return switch (kind) {
      case PLUS -> "+";
      case MINUS -> "-";
      case MULTIPLY -> "*";
      case DIVIDE -> "/";
      case REMAINDER -> "%";
      case LESS_THAN -> "<";
      case LESS_THAN_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_EQUAL -> ">=";
      case EQUAL_TO -> "==";
      case NOT_EQUAL_TO -> "!=";
      case CONDITIONAL_AND -> "&&";
      case CONDITIONAL_OR -> "||";
      default -> null;
    };
  }
}
