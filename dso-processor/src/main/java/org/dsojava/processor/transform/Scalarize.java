package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Replaces a local work array whose every element access has a constant index by one local per element
 * (η = logit in {@code etaWork[0]} becomes {@code etaWork$0}). Work arrays are kernel fields, so the JIT
 * must keep each store to them; locals it can keep in registers, as a hand-written kernel would.
 */
public final class Scalarize {
  private Scalarize() {}

  /**
   * @param program a kernel method's program
   * @param kernelArrays arrays that are parameters or kernel state, never scalarized
   */
  public static List<Stmt> apply(List<Stmt> program, Set<String> kernelArrays) {
    Map<String, Stmt> declared = new LinkedHashMap<>();
    collectLocalArrays(program, kernelArrays, declared);
    if (declared.isEmpty()) {
      return program;
    }
    Map<String, Integer> wholeUses = new HashMap<>();
    Set<String> variableIndex = new HashSet<>();
    Map<String, Type> elementType = new HashMap<>();
    for (Stmt s : program) {
      scan(s, wholeUses, variableIndex, elementType);
    }
    Map<String, Integer> scalarized = new LinkedHashMap<>();
    for (Map.Entry<String, Stmt> d : declared.entrySet()) {
      String name = d.getKey();
      int length = d.getValue() instanceof Stmt.ArrayDecl a ? a.length() : ((Stmt.Fill) d.getValue()).length();
      if (wholeUses.getOrDefault(name, 0) == 0 && !variableIndex.contains(name)
          && constantIndicesWithin(program, name, length)) {
        scalarized.put(name, length);
      }
    }
    if (scalarized.isEmpty()) {
      return program;
    }
    List<Stmt> out = new ArrayList<>();
    for (Map.Entry<String, Integer> a : scalarized.entrySet()) {
      Type t = elementType.getOrDefault(a.getKey(), Type.DOUBLE);
      for (int c = 0; c < a.getValue(); c++) {
        out.add(new Stmt.Decl(element(a.getKey(), c, t), zero(t), null));
      }
    }
    out.addAll(rewrite(program, scalarized, elementType));
    return out;
  }

  private static boolean constantIndicesWithin(List<Stmt> program, String array, int length) {
    boolean[] ok = {true};
    for (Stmt s : program) {
      Walk.exprs(s, e -> {
        if (e instanceof Expr.Index i && i.array().name().equals(array)) {
          double c = ((Expr.Const) i.index()).value();
          ok[0] &= c >= 0 && c < length && c == Math.rint(c);
        }
      });
    }
    return ok[0];
  }

  private static Expr.Var element(String array, int c, Type t) {
    return new Expr.Var(array + "$e" + c, t);
  }

  private static Expr zero(Type t) {
    return t == Type.DOUBLE ? Ir.ZERO : new Expr.Const(0, t);
  }

  private static void collectLocalArrays(List<Stmt> body, Set<String> kernelArrays, Map<String, Stmt> out) {
    for (Stmt s : body) {
      if (s instanceof Stmt.ArrayDecl a && !kernelArrays.contains(a.var().name())) {
        out.putIfAbsent(a.var().name(), a);
      } else if (s instanceof Stmt.Fill f && !kernelArrays.contains(f.array().name())) {
        out.putIfAbsent(f.array().name(), f);
      } else if (s instanceof Stmt.If f) {
        collectLocalArrays(f.thenBlock(), kernelArrays, out);
        collectLocalArrays(f.elseBlock(), kernelArrays, out);
      } else if (s instanceof Stmt.For f) {
        collectLocalArrays(f.body(), kernelArrays, out);
      } else if (s instanceof Stmt.ForDown f) {
        collectLocalArrays(f.body(), kernelArrays, out);
      }
    }
  }

  /** Counts uses of an array other than as {@code a[constant]}, and notes element types. */
  private static void scan(Stmt s, Map<String, Integer> wholeUses, Set<String> variableIndex,
      Map<String, Type> elementType) {
    Walk.exprs(s, e -> {
      if (e instanceof Expr.Var v && (v.type() == Type.DOUBLE_ARRAY || v.type() == Type.INT_ARRAY)) {
        wholeUses.merge(v.name(), 1, Integer::sum);
      } else if (e instanceof Expr.Index i) {
        wholeUses.merge(i.array().name(), -1, Integer::sum);
        elementType.putIfAbsent(i.array().name(), i.type());
        if (!(i.index() instanceof Expr.Const)) {
          variableIndex.add(i.array().name());
        }
      }
    });
  }

  private static List<Stmt> rewrite(List<Stmt> body, Map<String, Integer> arrays, Map<String, Type> types) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      String zeroed = s instanceof Stmt.ArrayDecl a ? a.var().name() : s instanceof Stmt.Fill f ? f.array().name() : null;
      if (zeroed != null && arrays.containsKey(zeroed)) {
        Type t = types.getOrDefault(zeroed, Type.DOUBLE);
        for (int c = 0; c < arrays.get(zeroed); c++) {
          out.add(new Stmt.Assign(element(zeroed, c, t), zero(t), null));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(scalar(f.cond(), arrays), rewrite(f.thenBlock(), arrays, types),
            rewrite(f.elseBlock(), arrays, types), f.origin()));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), scalar(f.from(), arrays), scalar(f.to(), arrays),
            rewrite(f.body(), arrays, types), f.origin()));
      } else if (s instanceof Stmt.ForDown f) {
        out.add(new Stmt.ForDown(f.index(), scalar(f.from(), arrays), scalar(f.to(), arrays),
            rewrite(f.body(), arrays, types)));
      } else {
        out.add(Walk.mapStmt(s, e -> e instanceof Expr.Index i && arrays.containsKey(i.array().name())
            ? element(i.array().name(), (int) ((Expr.Const) i.index()).value(), i.type()) : e));
      }
    }
    return out;
  }

  private static Expr scalar(Expr e, Map<String, Integer> arrays) {
    return Walk.map(e, x -> x instanceof Expr.Index i && arrays.containsKey(i.array().name())
        ? element(i.array().name(), (int) ((Expr.Const) i.index()).value(), i.type()) : x);
  }
}
