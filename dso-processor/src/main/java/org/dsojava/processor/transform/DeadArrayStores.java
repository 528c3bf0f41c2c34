package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Removes the stores to work arrays that no read can see, the two kinds a generated kernel has and a
 * hand-written one does not:
 * <ul>
 *   <li>the zero-fill of an array (its {@code new double[n]}, or the reset of an adjoint) when the loop
 *       after it, or the unrolled copies of one, overwrite every element and nothing reads the array
 *       before: a layer's activations {@code h[i] = tanh(z)}, one row per iteration or four;
 *   <li>the zeroing of an adjoint element just after the reverse sweep reads it ({@code a = h$b[i];
 *       h$b[i] = 0.0}) when nothing can read it again: every access of the loop is to element i, nothing
 *       later in the iteration touches the array, and nothing after the loop (or in another iteration of
 *       an enclosing loop) does.
 * </ul>
 * A fill goes only where no read can see it on any path; an element's zeroing only for arrays whose
 * first statement in the method is a fill (or an overwrite that replaced it), so no value crosses kernel
 * calls either way. Results are bit-for-bit unchanged. Runs last, after {@link Scalarize}, on a method's
 * program whose work arrays have already been collected (the fills are their declarations).
 */
public final class DeadArrayStores {
  private DeadArrayStores() {}

  /**
   * @param program a kernel method's program
   * @param kernelArrays arrays that are parameters or kernel state: their stores are outputs
   */
  public static List<Stmt> apply(List<Stmt> program, Set<String> kernelArrays) {
    Set<String> candidates = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (Stmt s : program) {
      String filled = filled(s);
      if (filled != null && !kernelArrays.contains(filled) && !seen.contains(filled)) {
        candidates.add(filled);
      }
      seen.addAll(arrays(s));
    }
    return rewrite(program, candidates, kernelArrays, Set.of());
  }

  /**
   * @param candidates arrays whose first statement in the method is a fill: their zeroing may go
   * @param after arrays touched after this list, or again by a later iteration of an enclosing loop
   */
  private static List<Stmt> rewrite(List<Stmt> body, Set<String> candidates, Set<String> kernelArrays,
      Set<String> after) {
    List<Set<String>> touchedAfter = new ArrayList<>(); // touchedAfter.get(k): by body[k + 1..], and after
    Set<String> acc = new HashSet<>(after);
    for (int k = body.size() - 1; k >= 0; k--) {
      touchedAfter.add(new HashSet<>(acc));
      acc.addAll(arrays(body.get(k)));
    }
    java.util.Collections.reverse(touchedAfter);
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < body.size(); k++) {
      Stmt s = body.get(k);
      Set<String> later = touchedAfter.get(k);
      String filled = filled(s);
      if (filled != null && !kernelArrays.contains(filled) && overwrittenBeforeRead(body, k, filled)) {
        continue;
      }
      if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(),
            loopBody(f.index(), f.body(), candidates, kernelArrays, later), f.origin()));
      } else if (s instanceof Stmt.ForDown f) {
        out.add(new Stmt.ForDown(f.index(), f.from(), f.to(),
            loopBody(f.index(), f.body(), candidates, kernelArrays, later)));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), rewrite(f.thenBlock(), candidates, kernelArrays, later),
            rewrite(f.elseBlock(), candidates, kernelArrays, later), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** A loop body without its dead zeroing stores; nested statements see the whole body as "after". */
  private static List<Stmt> loopBody(Expr.Var index, List<Stmt> body, Set<String> candidates,
      Set<String> kernelArrays, Set<String> later) {
    Set<String> inBody = new HashSet<>(later);
    for (Stmt s : body) {
      inBody.addAll(arrays(s));
    }
    List<Stmt> out = new ArrayList<>();
    for (int j = 0; j < body.size(); j++) {
      Stmt s = body.get(j);
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Index ix && ix.index().equals(index)
          && a.value() instanceof Expr.Const c && c.value() == 0.0 && candidates.contains(ix.array().name())
          && deadZeroing(ix.array().name(), index, body, j, later)) {
        continue;
      }
      out.add(s);
    }
    return rewrite(out, candidates, kernelArrays, inBody);
  }

  private static boolean deadZeroing(String array, Expr.Var index, List<Stmt> body, int at, Set<String> later) {
    if (later.contains(array)) {
      return false;
    }
    for (int j = 0; j < body.size(); j++) {
      Stmt s = body.get(j);
      if (j > at && arrays(s).contains(array) || array.equals(filled(s))
          || touchesOtherElement(s, array, index)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the loop after the fill at {@code body[k]} writes every element of the array (plain
   * assignments at the top of its body, whose values do not read the array) and nothing reads the array
   * before that loop ends.
   */
  private static boolean overwrittenBeforeRead(List<Stmt> body, int k, String array) {
    int length = body.get(k) instanceof Stmt.ArrayDecl a ? a.length() : ((Stmt.Fill) body.get(k)).length();
    Set<Integer> written = new HashSet<>(); // by straight-line stores at constant indices (an unrolled loop)
    for (int m = k + 1; m < body.size(); m++) {
      Stmt s = body.get(m);
      if (!arrays(s).contains(array)) {
        continue;
      }
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Index ix && ix.array().name().equals(array)
          && ix.index() instanceof Expr.Const c && c.value() >= 0 && c.value() < length && !reads(a.value(), array)) {
        written.add((int) c.value());
        if (written.size() == length) {
          return true;
        }
        continue;
      }
      if (!written.isEmpty()) {
        return false;
      }
      Expr.Var index;
      Expr from;
      Expr to;
      List<Stmt> loop;
      if (s instanceof Stmt.For f) {
        index = f.index();
        from = f.from();
        to = f.to();
        loop = f.body();
      } else if (s instanceof Stmt.ForDown f) {
        index = f.index();
        from = f.from();
        to = f.to();
        loop = f.body();
      } else {
        return false;
      }
      if (!(from instanceof Expr.Const lo && lo.value() == 0 && to instanceof Expr.Const hi)) {
        return false;
      }
      Set<Integer> offsets = new HashSet<>();
      int stride = -1;
      for (Stmt b : loop) {
        if (!arrays(b).contains(array)) {
          continue;
        }
        if (!(b instanceof Stmt.Assign a && a.target() instanceof Expr.Index ix && ix.array().name().equals(array)
            && !reads(a.value(), array))) {
          return false;
        }
        int[] strideOffset = strideOffset(ix.index(), index.name());
        if (strideOffset == null || stride >= 0 && strideOffset[0] != stride) {
          return false;
        }
        stride = strideOffset[0];
        offsets.add(strideOffset[1]);
      }
      if (stride < 1 || (int) hi.value() * stride != length || offsets.size() != stride) {
        return false;
      }
      for (int c = 0; c < stride; c++) {
        if (!offsets.contains(c)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** {@code i}, {@code i * s} or {@code i * s + c} (c ≥ 0) as (s, c); null for any other form. */
  private static int[] strideOffset(Expr e, String index) {
    if (e instanceof Expr.Var v && v.name().equals(index)) {
      return new int[] {1, 0};
    }
    if (e instanceof Expr.Binary b && b.op().equals("*") && b.left() instanceof Expr.Var v
        && v.name().equals(index) && b.right() instanceof Expr.Const s && s.type() == Type.INT) {
      return new int[] {(int) s.value(), 0};
    }
    if (e instanceof Expr.Binary b && b.op().equals("+") && b.right() instanceof Expr.Const c
        && c.type() == Type.INT && c.value() >= 0) {
      int[] inner = strideOffset(b.left(), index);
      return inner == null || inner[1] != 0 ? null : new int[] {inner[0], (int) c.value()};
    }
    return null;
  }

  /** Whether {@code s} touches an element of the array other than [index], or the array as a whole. */
  private static boolean touchesOtherElement(Stmt s, String array, Expr.Var index) {
    boolean[] other = {false};
    Walk.exprs(s, e -> other[0] |= e instanceof Expr.Index ix && ix.array().name().equals(array)
        && !ix.index().equals(index));
    return other[0] || wholeUse(s, array);
  }

  /** Whether {@code s} uses the array other than through an index (a call argument, say). */
  private static boolean wholeUse(Stmt s, String array) {
    int[] indexed = {0};
    int[] named = {0};
    Walk.exprs(s, e -> {
      if (e instanceof Expr.Index ix && ix.array().name().equals(array)) {
        indexed[0]++;
      } else if (e instanceof Expr.Var v && v.name().equals(array)) {
        named[0]++;
      }
    });
    return named[0] > indexed[0];
  }

  private static boolean reads(Expr e, String array) {
    return Walk.any(e, x -> x instanceof Expr.Var v && v.name().equals(array));
  }

  /** The array a fill or array declaration zeroes, or null. */
  private static String filled(Stmt s) {
    return s instanceof Stmt.Fill f ? f.array().name() : s instanceof Stmt.ArrayDecl a ? a.var().name() : null;
  }

  /** Array names a statement mentions, nested statements and fills included. */
  private static Set<String> arrays(Stmt s) {
    Set<String> out = new HashSet<>();
    Walk.exprs(s, e -> {
      if (e instanceof Expr.Index ix) {
        out.add(ix.array().name());
      } else if (e instanceof Expr.Var v && v.type().isArray()) {
        out.add(v.name());
      }
    });
    collectFills(s, out);
    return out;
  }

  private static void collectFills(Stmt s, Set<String> out) {
    String f = filled(s);
    if (f != null) {
      out.add(f);
    } else if (s instanceof Stmt.If i) {
      i.thenBlock().forEach(x -> collectFills(x, out));
      i.elseBlock().forEach(x -> collectFills(x, out));
    } else if (s instanceof Stmt.For l) {
      l.body().forEach(x -> collectFills(x, out));
    } else if (s instanceof Stmt.ForDown l) {
      l.body().forEach(x -> collectFills(x, out));
    }
  }
}
