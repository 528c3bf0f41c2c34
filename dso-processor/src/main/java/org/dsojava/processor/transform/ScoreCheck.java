package org.dsojava.processor.transform;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.frontend.BodyReader;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Walk;

/**
 * Proves that ln P(x'|x,θ) is the score of the chain: θ may reach the next state only through the
 * parameters of noise sites (a draw's value is data, not a function of θ), and the set of sites drawn
 * may not depend on θ. Taint is propagated by data and control dependence over the inlined
 * transition (flow-insensitive, so it never misses a path).
 */
public final class ScoreCheck {
  private final Set<String> tainted = new HashSet<>();
  /**
   * Why each tainted variable depends on θ, in source terms: the θ-reading expression or θ-dependent
   * condition it came from (locals the inliner introduced are not named in messages).
   */
  private final Map<String, String> why = new HashMap<>();
  private final Diagnostics diagnostics;
  private final String method;
  private final String next;

  private ScoreCheck(Diagnostics diagnostics, String method, String next) {
    this.diagnostics = diagnostics;
    this.method = method;
    this.next = next;
  }

  public static void check(List<Stmt> transition, String nextName, String method, Diagnostics diagnostics) {
    ScoreCheck c = new ScoreCheck(diagnostics, method, nextName);
    int before;
    do {
      before = c.tainted.size();
      c.propagate(transition, null);
    } while (c.tainted.size() != before);
    c.report(transition, null);
  }

  private boolean reads(Expr e) {
    return e != null && !(e instanceof Expr.Noise) && Walk.any(e, x ->
        (x instanceof Expr.Var v && (v.name().startsWith(BodyReader.PARAM_PREFIX) || tainted.contains(v.name()))));
  }

  /** The θ-dependence of {@code e} in source terms, for {@code e} with {@code reads(e)}. */
  private String reason(Expr e) {
    if (Walk.any(e, x -> x instanceof Expr.Var v && v.name().startsWith(BodyReader.PARAM_PREFIX))) {
      return describe(e);
    }
    String[] found = {null};
    Walk.expr(e, x -> {
      if (found[0] == null && x instanceof Expr.Var v && why.containsKey(v.name())) {
        found[0] = why.get(v.name());
      }
    });
    return found[0] != null ? found[0] : describe(e);
  }

  private void taint(String name, String reason) {
    tainted.add(name);
    why.putIfAbsent(name, reason);
  }

  private static String name(Expr target) {
    return target instanceof Expr.Index i ? i.array().name() : ((Expr.Var) target).name();
  }

  /** {@code control}: why the enclosing control flow depends on θ, or null when it does not. */
  private void propagate(List<Stmt> body, String control) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d) {
        if (!(d.init() instanceof Expr.Noise) && reads(d.init())) {
          taint(d.var().name(), reason(d.init()));
        } else if (!(d.init() instanceof Expr.Noise) && control != null) {
          taint(d.var().name(), control);
        }
      } else if (s instanceof Stmt.Assign a) {
        if (reads(a.value())) {
          taint(name(a.target()), reason(a.value()));
        } else if (a.target() instanceof Expr.Index i && reads(i.index())) {
          taint(name(a.target()), reason(i.index()));
        } else if (control != null) {
          taint(name(a.target()), control);
        }
      } else if (s instanceof Stmt.If f) {
        String c = control != null ? control : reads(f.cond()) ? "the condition " + reason(f.cond()) : null;
        propagate(f.thenBlock(), c);
        propagate(f.elseBlock(), c);
      } else if (s instanceof Stmt.For f) {
        String c = control != null ? control : reads(f.from()) ? "the loop bound " + reason(f.from())
            : reads(f.to()) ? "the loop bound " + reason(f.to()) : null;
        propagate(f.body(), c);
      }
    }
  }

  private void report(List<Stmt> body, Expr condition) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.init() instanceof Expr.Noise && condition != null) {
        diagnostics.error(Message.NOISE_UNDER_THETA, d.origin(), method, describe(condition));
      } else if (s instanceof Stmt.Assign a && name(a.target()).equals(next)) {
        if (reads(a.value())) {
          diagnostics.error(Message.THETA_REACHES_NEXT, a.origin(), describe(a.target()), method, reason(a.value()));
        } else if (condition != null) {
          diagnostics.error(Message.THETA_REACHES_NEXT, a.origin(), describe(a.target()), method,
              "the condition " + describe(condition));
        }
      } else if (s instanceof Stmt.If f) {
        Expr c = condition != null ? condition : reads(f.cond()) ? f.cond() : null;
        report(f.thenBlock(), c);
        report(f.elseBlock(), c);
      } else if (s instanceof Stmt.For f) {
        report(f.body(), condition);
      }
    }
  }

  private static String describe(Expr e) {
    return org.dsojava.processor.writing.JavaWriter.expr(
        Walk.map(e, x -> x instanceof Expr.Var v && v.name().startsWith(BodyReader.PARAM_PREFIX)
            ? new Expr.Var(v.name().substring(1), v.type()) : x));
  }
}
