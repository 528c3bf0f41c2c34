package org.dsojava.processor.writing;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;
import org.dsojava.processor.spi.NoiseDistribution;

/**
 * Prints IR as Java 8 source (no lambdas, {@code var}, records or switch expressions, so the same
 * text compiles with Janino). Local arrays become per-instance work arrays; tape operations use the
 * kernel's {@code tape}/{@code itape} arrays with stack pointers {@code tp}/{@code itp}.
 */
public final class JavaWriter {
  private final Map<String, NoiseDistribution> distributions;
  private final boolean recordDraws;

  public JavaWriter(Map<String, NoiseDistribution> distributions, boolean recordDraws) {
    this.distributions = distributions;
    this.recordDraws = recordDraws;
  }

  /** Local arrays (name → (type, length)) a program needs as work arrays. */
  public static Map<String, Integer> workArrays(List<Stmt> program, Set<String> kernelArrays) {
    Map<String, Integer> out = new LinkedHashMap<>();
    collect(program, kernelArrays, out);
    return out;
  }

  private static void collect(List<Stmt> program, Set<String> kernelArrays, Map<String, Integer> out) {
    for (Stmt s : program) {
      if (s instanceof Stmt.ArrayDecl a && !kernelArrays.contains(a.var().name())) {
        out.put(a.var().name(), a.length());
      } else if (s instanceof Stmt.Fill f && !kernelArrays.contains(f.array().name())) {
        out.put(f.array().name(), f.length());
      } else if (s instanceof Stmt.If f) {
        collect(f.thenBlock(), kernelArrays, out);
        collect(f.elseBlock(), kernelArrays, out);
      } else if (s instanceof Stmt.For f) {
        collect(f.body(), kernelArrays, out);
      } else if (s instanceof Stmt.ForDown f) {
        collect(f.body(), kernelArrays, out);
      }
    }
  }

  /**
   * The element type of each work array of {@link #workArrays}: {@link Type#DOUBLE_ARRAY} or
   * {@link Type#INT_ARRAY}, so that int[] locals can be declared {@code int[]}.
   */
  public static Map<String, Type> workArrayTypes(List<Stmt> program, Set<String> kernelArrays) {
    Map<String, Type> out = new LinkedHashMap<>();
    scan(program, s -> {
      if (s instanceof Stmt.ArrayDecl a && !kernelArrays.contains(a.var().name())) {
        out.put(a.var().name(), a.var().type());
      } else if (s instanceof Stmt.Fill f && !kernelArrays.contains(f.array().name())) {
        out.putIfAbsent(f.array().name(), f.array().type());
      }
    });
    return out;
  }

  public static boolean usesTape(List<Stmt> program) {
    boolean[] found = {false};
    scan(program, s -> found[0] |= s instanceof Stmt.Push);
    return found[0];
  }

  private static void scan(List<Stmt> program, java.util.function.Consumer<Stmt> visit) {
    for (Stmt s : program) {
      visit.accept(s);
      if (s instanceof Stmt.If f) {
        scan(f.thenBlock(), visit);
        scan(f.elseBlock(), visit);
      } else if (s instanceof Stmt.For f) {
        scan(f.body(), visit);
      } else if (s instanceof Stmt.ForDown f) {
        scan(f.body(), visit);
      }
    }
  }

  public void write(List<Stmt> program, CodeBlock.Builder code) {
    for (Stmt s : program) {
      statement(s, code);
    }
  }

  private void statement(Stmt s, CodeBlock.Builder code) {
    if (s instanceof Stmt.Decl d) {
      Expr init = d.init() != null ? d.init() : new Expr.Const(0, d.var().type());
      code.addStatement("$L $L = $L", d.var().type().javaName(), d.var().name(), expr(init));
    } else if (s instanceof Stmt.ArrayDecl a) {
      code.addStatement("java.util.Arrays.fill($L, $L)", a.var().name(), a.var().type() == Type.INT_ARRAY ? "0" : "0.0");
    } else if (s instanceof Stmt.Fill f) {
      code.addStatement("java.util.Arrays.fill($L, $L)", f.array().name(), f.array().type() == Type.INT_ARRAY ? "0" : "0.0");
    } else if (s instanceof Stmt.Assign a) {
      String target = expr(a.target());
      if (a.value() instanceof Expr.Binary b && (b.op().equals("+") || b.op().equals("-")) && b.left().equals(a.target())) {
        code.addStatement("$L $L= $L", target, b.op(), print(b.right(), precedence(b) + 1));
      } else {
        code.addStatement("$L = $L", target, expr(a.value()));
      }
    } else if (s instanceof Stmt.If f) {
      code.beginControlFlow("if ($L)", expr(f.cond()));
      write(f.thenBlock(), code);
      if (!f.elseBlock().isEmpty()) {
        code.nextControlFlow("else");
        write(f.elseBlock(), code);
      }
      code.endControlFlow();
    } else if (s instanceof Stmt.For f) {
      String i = f.index().name();
      code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", i, expr(f.from()), i, expr(f.to()), i);
      write(f.body(), code);
      code.endControlFlow();
    } else if (s instanceof Stmt.ForDown f) {
      String i = f.index().name();
      code.beginControlFlow("for (int $L = $L - 1; $L >= $L; $L--)", i, print(f.to(), 9), i, expr(f.from()), i);
      write(f.body(), code);
      code.endControlFlow();
    } else if (s instanceof Stmt.Push p) {
      Type t = p.value().type();
      if (t == Type.DOUBLE) {
        code.addStatement("tape[tp++] = $L", expr(p.value()));
      } else if (t == Type.BOOLEAN) {
        code.addStatement("itape[itp++] = $L", p.value() instanceof Expr.Const c ? String.valueOf((int) c.value())
            : print(p.value(), 2) + " ? 1 : 0");
      } else {
        code.addStatement("itape[itp++] = $L", expr(p.value()));
      }
    } else if (s instanceof Stmt.Pop p) {
      Type t = p.target().type();
      if (t == Type.DOUBLE) {
        code.addStatement("$L = tape[--tp]", expr(p.target()));
      } else if (t == Type.BOOLEAN) {
        code.addStatement("$L = itape[--itp] != 0", expr(p.target()));
      } else {
        code.addStatement("$L = itape[--itp]", expr(p.target()));
      }
    } else if (s instanceof Stmt.Draw d) {
      List<String> args = new ArrayList<>();
      for (Expr a : d.args()) {
        args.add(expr(a));
      }
      String sample = distributions.get(d.distribution()).sampleCode("rng", args);
      code.addStatement("$L $L = $L", d.var().type().javaName(), d.var().name(), sample);
      if (recordDraws) {
        code.addStatement("draws[dc++] = $L", d.var().name());
      }
    } else {
      throw new IllegalStateException("cannot write " + s);
    }
  }

  public static String expr(Expr e) {
    return print(e, 0);
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Cond) {
      return 1;
    }
    if (e instanceof Expr.Binary b) {
      switch (b.op()) {
        case "||":
          return 2;
        case "&&":
          return 3;
        case "==":
        case "!=":
          return 6;
        case "<":
        case "<=":
        case ">":
        case ">=":
          return 7;
        case "+":
        case "-":
          return 9;
        default:
          return 10;
      }
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return 11;
    }
    if (e instanceof Expr.Const c && c.value() < 0) {
      return 11;
    }
    return 12;
  }

  /**
   * The method a call is written to: {@code Math.f} and {@code StrictMath.f}, except where
   * {@link org.dsojava.runtime.Fdlibm} has the same fdlibm algorithm (bit-identical to StrictMath) in a form
   * the JIT can inline: {@code Math.tanh} and {@code StrictMath.tanh} (JDK 17's {@code Math.tanh} is a
   * JNI call, about half of an MLP step), {@code StrictMath.sin} and {@code StrictMath.cos} (JNI too; inline
   * on |x| ≤ π/4). {@code Math.sin} stays {@code Math.sin}: its bits are not fdlibm's.
   */
  static String callee(String function) {
    switch (function) {
      case "java.lang.Math.tanh", "java.lang.StrictMath.tanh" -> {
        return "org.dsojava.runtime.Fdlibm.tanh";
      }
      case "java.lang.StrictMath.sin" -> {
        return "org.dsojava.runtime.Fdlibm.sin";
      }
      case "java.lang.StrictMath.cos" -> {
        return "org.dsojava.runtime.Fdlibm.cos";
      }
      default -> {
        if (function.startsWith("java.lang.Math.")) {
          return "Math." + function.substring("java.lang.Math.".length());
        }
        if (function.startsWith("java.lang.StrictMath.")) {
          return "StrictMath." + function.substring("java.lang.StrictMath.".length());
        }
        return function;
      }
    }
  }

  private static String print(Expr e, int context) {
    String text = text(e);
    return precedence(e) < context ? "(" + text + ")" : text;
  }

  private static String text(Expr e) {
    if (e instanceof Expr.Const c) {
      return constant(c);
    }
    if (e instanceof Expr.Var v) {
      return v.name();
    }
    if (e instanceof Expr.Index i) {
      return i.array().name() + "[" + expr(i.index()) + "]";
    }
    if (e instanceof Expr.Unary u) {
      String operand = print(u.operand(), 11);
      // "-" before "-0.5" (or before "--x") would read as a decrement.
      return u.op() + (operand.startsWith(u.op()) && !u.op().equals("!") ? "(" + operand + ")" : operand);
    }
    if (e instanceof Expr.Binary b) {
      int p = precedence(b);
      return print(b.left(), p) + " " + b.op() + " " + print(b.right(), p + 1);
    }
    if (e instanceof Expr.Call c) {
      String f = callee(c.function());
      List<String> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(expr(a));
      }
      return f + "(" + String.join(", ", args) + ")";
    }
    if (e instanceof Expr.Cond c) {
      return print(c.cond(), 2) + " ? " + print(c.ifTrue(), 2) + " : " + print(c.ifFalse(), 1);
    }
    if (e instanceof Expr.Cast c) {
      return "(" + c.type().javaName() + ") " + print(c.operand(), 11);
    }
    if (e instanceof Expr.Length l) {
      return l.array().name() + ".length";
    }
    throw new IllegalStateException("cannot print " + e);
  }

  static String constant(Expr.Const c) {
    switch (c.type()) {
      case INT:
        return String.valueOf((int) c.value());
      case BOOLEAN:
        return c.value() != 0 ? "true" : "false";
      default:
        double v = c.value();
        if (Double.isNaN(v)) {
          return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
          return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(v);
    }
  }
}
