package org.dsojava.benchmarks.throughput;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
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
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Counts, statically, the floating-point operations one call of a generated kernel method executes
 * (issue 19: achieved GFLOP/s = flops per env step × env steps/s, docs/FLOPS.md). It parses and attributes
 * the generated source with javac's tree API and walks the method body: every {@code + - * /} (binary or
 * compound assignment) whose type is double or float is 1 flop, {@code Math.fma} 2; integer index
 * arithmetic and expressions javac folds to constants do not count; a {@code for} loop multiplies its body
 * by its trip count, which must be constant (the generated layer loops are); an {@code if} counts its
 * then-branch when the condition is a weight test {@code w != 0.0} (the weights are non-zero in rollouts),
 * otherwise the larger branch (and says so); calls to the kernel's own methods are counted inside. Calls of
 * {@code Math}, {@code Fdlibm}, {@code Logistic} and {@code Rng} are counted by name, not as flops
 * (transcendentals, min/max/floor, random draws); unary minus is not a flop.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.dsojava.benchmarks.throughput.KernelFlops
 * <Model>Kernel.java... [methods=sample,accumulateGradient,...]}.
 */
public final class KernelFlops {
  /** The count of one method call: flops and named calls (by simple name). */
  public static final class Count {
    public long flops;
    public final Map<String, Long> calls = new TreeMap<>();
    public final List<String> notes = new ArrayList<>();

    void add(Count c, long times) {
      flops += c.flops * times;
      c.calls.forEach((k, v) -> calls.merge(k, v * times, Long::sum));
      for (String n : c.notes) {
        if (!notes.contains(n)) {
          notes.add(n);
        }
      }
    }

    void call(String name, long times) {
      calls.merge(name, times, Long::sum);
    }

    /** Calls of the transcendental functions (sin, cos, tan, tanh, exp, log, log1p, sqrt, pow, softplus, sigmoid…). */
    public long transcendentals() {
      long n = 0;
      for (var e : calls.entrySet()) {
        if (TRANSCENDENTAL.contains(e.getKey())) {
          n += e.getValue();
        }
      }
      return n;
    }
  }

  static final java.util.Set<String> TRANSCENDENTAL = java.util.Set.of("sin", "cos", "tan", "tanh", "exp", "expm1",
      "log", "log1p", "sqrt", "pow", "atan", "atan2", "asin", "acos", "sinh", "cosh", "softplus", "sigmoid");

  private final Trees trees;
  private final CompilationUnitTree unit;
  private final ClassTree type;

  private KernelFlops(Trees trees, CompilationUnitTree unit, ClassTree type) {
    this.trees = trees;
    this.unit = unit;
    this.type = type;
  }

  /**
   * Parses and attributes {@code sources} (against this JVM's class path) and counts {@code methods} of
   * the first top-level class of each; keyed by "Class.method".
   */
  public static Map<String, Count> count(List<File> sources, List<String> methods) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run KernelFlops on a JDK, not a JRE");
    }
    Map<String, Count> out = new java.util.LinkedHashMap<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(sources);
      JavacTask task = (JavacTask) javac.getTask(null, files, null,
          List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null, units);
      Iterable<? extends CompilationUnitTree> parsed = task.parse();
      task.analyze();
      Trees trees = Trees.instance(task);
      for (CompilationUnitTree u : parsed) {
        for (Tree t : u.getTypeDecls()) {
          if (t instanceof ClassTree c) {
            KernelFlops k = new KernelFlops(trees, u, c);
            for (String m : methods) {
              out.put(c.getSimpleName() + "." + m, k.method(m));
            }
          }
        }
      }
    }
    return out;
  }

  /** Counts one call of the (first) method named {@code name}. */
  Count method(String name) {
    MethodTree m = find(name);
    if (m == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " has no method " + name);
    }
    Count c = new Count();
    statement(m.getBody(), c, 0);
    return c;
  }

  private MethodTree find(String name) {
    for (Tree member : type.getMembers()) {
      if (member instanceof MethodTree m && m.getName().contentEquals(name) && m.getBody() != null) {
        return m;
      }
    }
    return null;
  }

  private void statement(StatementTree s, Count c, int depth) {
    if (s == null) {
      return;
    }
    if (s instanceof BlockTree b) {
      for (StatementTree t : b.getStatements()) {
        statement(t, c, depth);
      }
    } else if (s instanceof ForLoopTree f) {
      Count body = new Count();
      statement(f.getStatement(), body, depth);
      c.add(body, trips(f));
    } else if (s instanceof IfTree i) {
      Count then = new Count();
      statement(i.getThenStatement(), then, depth);
      Count otherwise = new Count();
      statement(i.getElseStatement(), otherwise, depth);
      expression(i.getCondition(), c, depth);
      String cond = i.getCondition().toString();
      if (cond.matches("\\(w[A-Za-z]* != 0\\.0\\)")) {
        c.add(then, 1);
      } else {
        c.notes.add("if " + cond + ": counted the larger branch");
        c.add(then.flops >= otherwise.flops ? then : otherwise, 1);
      }
    } else if (s instanceof ExpressionStatementTree e) {
      expression(e.getExpression(), c, depth);
    } else if (s instanceof VariableTree v) {
      expression(v.getInitializer(), c, depth);
    } else if (s instanceof ReturnTree r) {
      expression(r.getExpression(), c, depth);
    } else if (s.getKind() == Tree.Kind.EMPTY_STATEMENT) {
      return;
    } else {
      throw new IllegalArgumentException("cannot count a " + s.getKind() + " statement: " + s);
    }
  }

  /** The constant trip count of {@code for (int v = A; v < B (or v >= B); v++ (or v--))}. */
  private long trips(ForLoopTree f) {
    String what = "for (" + f.getInitializer() + "; " + f.getCondition() + "; " + f.getUpdate() + ")";
    if (f.getInitializer().size() != 1 || !(f.getInitializer().get(0) instanceof VariableTree v)
        || !(f.getCondition() instanceof BinaryTree cond) || f.getUpdate().size() != 1) {
      throw new IllegalArgumentException("not a counted loop: " + what);
    }
    long from = intConstant(v.getInitializer(), what);
    long to = intConstant(cond.getRightOperand(), what);
    String update = f.getUpdate().get(0).getExpression().toString();
    String var = v.getName().toString();
    if (!cond.getLeftOperand().toString().equals(var)) {
      throw new IllegalArgumentException("not a counted loop: " + what);
    }
    if (update.equals(var + "++") && cond.getKind() == Tree.Kind.LESS_THAN) {
      return Math.max(0, to - from);
    }
    if (update.equals(var + "--") && cond.getKind() == Tree.Kind.GREATER_THAN_EQUAL) {
      return Math.max(0, from - to + 1);
    }
    throw new IllegalArgumentException("not a counted loop: " + what);
  }

  private static long intConstant(ExpressionTree e, String what) {
    if (e instanceof LiteralTree l && l.getValue() instanceof Integer i) {
      return i;
    }
    if (e instanceof ParenthesizedTree p) {
      return intConstant(p.getExpression(), what);
    }
    if (e instanceof BinaryTree b) {
      long l = intConstant(b.getLeftOperand(), what);
      long r = intConstant(b.getRightOperand(), what);
      switch (b.getKind()) {
        case PLUS:
          return l + r;
        case MINUS:
          return l - r;
        case MULTIPLY:
          return l * r;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("loop bound " + e + " is not a constant: " + what);
  }

  private boolean floating(ExpressionTree e) {
    TypeMirror t = trees.getTypeMirror(TreePath.getPath(unit, e));
    if (t == null) {
      throw new IllegalStateException("no type for " + e + " (was the source attributed?)");
    }
    return t.getKind() == TypeKind.DOUBLE || t.getKind() == TypeKind.FLOAT;
  }

  /** True for literals and expressions of literals, which javac folds at compile time. */
  private static boolean constant(ExpressionTree e) {
    if (e instanceof LiteralTree) {
      return true;
    }
    if (e instanceof ParenthesizedTree p) {
      return constant(p.getExpression());
    }
    if (e instanceof UnaryTree u) {
      return constant(u.getExpression());
    }
    if (e instanceof BinaryTree b) {
      return constant(b.getLeftOperand()) && constant(b.getRightOperand());
    }
    if (e instanceof TypeCastTree c) {
      return constant(c.getExpression());
    }
    return false;
  }

  private void expression(ExpressionTree e, Count c, int depth) {
    if (e == null) {
      return;
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitBinary(BinaryTree b, Void v) {
        if (constant(b)) {
          return null; // folded by javac
        }
        boolean arithmetic = switch (b.getKind()) {
          case PLUS, MINUS, MULTIPLY, DIVIDE -> true;
          default -> false;
        };
        if (arithmetic && floating(b)) {
          c.flops++;
        }
        return super.visitBinary(b, v);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree a, Void v) {
        boolean arithmetic = switch (a.getKind()) {
          case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT -> true;
          default -> false;
        };
        if (arithmetic && floating(a.getVariable())) {
          c.flops++;
        }
        return super.visitCompoundAssignment(a, v);
      }

      @Override
      public Void visitConditionalExpression(ConditionalExpressionTree t, Void v) {
        Count a = new Count();
        expression(t.getTrueExpression(), a, depth);
        Count b = new Count();
        expression(t.getFalseExpression(), b, depth);
        expression(t.getCondition(), c, depth);
        c.notes.add("?: " + t.getCondition() + ": counted the larger branch");
        c.add(a.flops >= b.flops ? a : b, 1);
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree m, Void v) {
        ExpressionTree select = m.getMethodSelect();
        String name = select instanceof MemberSelectTree s ? s.getIdentifier().toString()
            : ((IdentifierTree) select).getName().toString();
        String owner = select instanceof MemberSelectTree s ? s.getExpression().toString() : "";
        if (owner.isEmpty() || owner.equals("this")) {
          MethodTree own = find(name);
          if (own == null || depth > 8) {
            throw new IllegalArgumentException("cannot follow the call " + m);
          }
          statement(own.getBody(), c, depth + 1);
        } else if (name.equals("fma")) {
          c.flops += 2;
        } else if (owner.endsWith("Arrays") || owner.endsWith("System")) {
          c.call(name, 1); // fill, arraycopy: memory, no flops
        } else {
          c.call(name, 1);
        }
        return super.visitMethodInvocation(m, v);
      }

      @Override
      public Void visitAssignment(AssignmentTree a, Void v) {
        return super.visitAssignment(a, v);
      }
    }.scan(e, null);
  }

  public static void main(String[] args) throws IOException {
    List<File> sources = new ArrayList<>();
    List<String> methods = List.of("sample", "accumulateGradient", "meanStep", "logDensity", "cost");
    for (String a : args) {
      if (a.startsWith("methods=")) {
        methods = List.of(a.substring("methods=".length()).split(","));
      } else {
        sources.add(new File(a));
      }
    }
    if (sources.isEmpty()) {
      System.err.println("usage: KernelFlops <Model>Kernel.java... [methods=sample,accumulateGradient,...]");
      System.exit(2);
    }
    for (var e : count(sources, methods).entrySet()) {
      Count c = e.getValue();
      System.out.printf(Locale.ROOT, "%-40s flops %7d  transcendental %4d  calls %s%s%n", e.getKey(), c.flops,
          c.transcendentals(), c.calls, c.notes.isEmpty() ? "" : "  notes " + c.notes);
    }
  }
}
