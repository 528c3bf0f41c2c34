package org.dsojava.processor.reading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Walk;

/**
 * The model's methods as a call graph on the IR, the same for both front ends: which methods the roles
 * reach (each read once), that no call closes a cycle (methods are inlined), and that differentiated
 * code has constant trip counts.
 */
public final class CallGraph {
  private CallGraph() {}

  /**
   * Reads every method the present roles reach, once however many callers it has (its errors are
   * reported once); {@code readable} says which names are model methods in the subset, {@code read}
   * reads one (null when it failed).
   */
  public static Map<String, Model.Method> readReachable(Model.Roles roles, Predicate<String> readable,
      Function<String, Model.Method> read) {
    Map<String, Model.Method> bodies = new LinkedHashMap<>();
    Deque<String> work = new ArrayDeque<>();
    work.addAll(roles.present());
    Set<String> done = new HashSet<>();
    while (!work.isEmpty()) {
      String mname = work.poll();
      if (!done.add(mname) || !readable.test(mname)) {
        continue;
      }
      Model.Method method = read.apply(mname);
      if (method == null) {
        continue;
      }
      bodies.put(mname, method);
      collectCalls(method.body(), work);
    }
    return bodies;
  }

  /**
   * Model methods are inlined, so the calls reachable from the role methods must not form a cycle.
   * Each call that closes a cycle is reported once, at the call.
   */
  public static void checkRecursion(Diagnostics diagnostics, Map<String, Model.Method> bodies, Model.Roles roles) {
    Set<String> done = new HashSet<>();
    for (String r : roles.present()) {
      visitCalls(diagnostics, r, new ArrayList<>(), done, bodies);
    }
  }

  private static void visitCalls(Diagnostics diagnostics, String method, List<String> path, Set<String> done,
      Map<String, Model.Method> bodies) {
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
        visitCalls(diagnostics, c.method(), path, done, bodies);
      }
    }
    path.remove(path.size() - 1);
    done.add(method);
  }

  /**
   * Differentiated code (everything the transition, cost and bottleneck reach) must have constant
   * trip counts: its tape is sized statically. The initial state and the terminal test need not.
   */
  public static void checkLoopBounds(Diagnostics diagnostics, Map<String, Model.Method> bodies, Model.Roles roles,
      Map<String, List<LoopBound>> loopBounds) {
    Set<String> reached = new LinkedHashSet<>();
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
      for (LoopBound b : loopBounds.getOrDefault(m, List.of())) {
        diagnostics.error(Message.LOOP_BOUND, b.where(), b.text(), m);
      }
    }
  }

  /**
   * Reports every return that is not in tail position (the inliner turns tail returns into
   * assignments); true when there is none.
   */
  public static boolean returnsInTail(Diagnostics diagnostics, List<Stmt> body, String method) {
    return returnsInTail(diagnostics, body, method, true);
  }

  private static boolean returnsInTail(Diagnostics diagnostics, List<Stmt> body, String method, boolean tail) {
    boolean ok = true;
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      boolean last = tail && i == body.size() - 1;
      if (s instanceof Stmt.Return r && !last) {
        diagnostics.error(Message.RETURN_NOT_TAIL, r.origin(), method);
        ok = false;
      } else if (s instanceof Stmt.If f) {
        ok &= returnsInTail(diagnostics, f.thenBlock(), method, last);
        ok &= returnsInTail(diagnostics, f.elseBlock(), method, last);
      } else if (s instanceof Stmt.For f) {
        ok &= returnsInTail(diagnostics, f.body(), method, false);
      }
    }
    return ok;
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
