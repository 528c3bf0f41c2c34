package org.dsojava.processor.transform;

import static org.dsojava.processor.ir.Ir.add;
import static org.dsojava.processor.ir.Ir.addTo;
import static org.dsojava.processor.ir.Ir.index;
import static org.dsojava.processor.ir.Ir.integer;
import static org.dsojava.processor.ir.Ir.mul;
import static org.dsojava.processor.ir.Ir.var;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.junit.jupiter.api.Test;

/** Which reverse loops may run ascending: only those whose iterations touch disjoint memory. */
class AscendIndependentLoopsTest {
  private static final Expr.Var J = var("j", Type.INT);
  private static final Expr.Var I = var("i", Type.INT);
  private static final Expr.Var G = var("g", Type.DOUBLE_ARRAY);
  private static final Expr.Var H = var("h", Type.DOUBLE_ARRAY);
  private static final Expr.Var HB = var("h$b", Type.DOUBLE_ARRAY);
  private static final Expr.Var THETA = var("theta", Type.DOUBLE_ARRAY);
  private static final Expr.Var A = var("a", Type.DOUBLE);

  /** The adjoint of row i of a dense layer: g[r + j] += a·h[j]; h$b[j] += a·W[r + j]. */
  private static List<Stmt> denseRow() {
    Expr w = add(integer(320), add(mul(I, integer(64)), J));
    return List.of(addTo(index(G, w), mul(A, index(H, J))), addTo(index(HB, J), mul(A, index(THETA, w))));
  }

  private static Stmt loop(List<Stmt> body) {
    List<Stmt> out = AscendIndependentLoops.apply(List.of(new Stmt.ForDown(J, integer(0), integer(64), body)));
    return out.get(0);
  }

  @Test
  void denseRowAdjointRunsAscending() {
    Stmt s = loop(denseRow());
    assertInstanceOf(Stmt.For.class, s);
  }

  @Test
  void scalarAccumulationKeepsItsOrder() {
    // s += h[j]: a floating-point sum, whose value depends on the order.
    Stmt s = loop(List.of(addTo(A, index(H, J))));
    assertInstanceOf(Stmt.ForDown.class, s);
  }

  @Test
  void readOfAnotherIterationsElementKeepsTheOrder() {
    // h$b[j] += h$b[j + 1]: iteration j reads what iteration j + 1 wrote.
    Stmt s = loop(List.of(addTo(index(HB, J), index(HB, add(J, integer(1))))));
    assertInstanceOf(Stmt.ForDown.class, s);
  }

  @Test
  void nonInjectiveIndexKeepsTheOrder() {
    // g[j * 0 + 5]-like writes, here g[i] for every j: all iterations write one element.
    Stmt s = loop(List.of(addTo(index(G, I), index(H, J))));
    assertInstanceOf(Stmt.ForDown.class, s);
    Stmt scaled = loop(List.of(addTo(index(G, mul(J, integer(2))), index(H, J))));
    assertInstanceOf(Stmt.ForDown.class, scaled);
  }

  @Test
  void tapeTrafficKeepsTheOrder() {
    List<Stmt> body = new java.util.ArrayList<>(denseRow());
    body.add(new Stmt.Pop(index(H, J)));
    assertInstanceOf(Stmt.ForDown.class, loop(body));
  }
}
