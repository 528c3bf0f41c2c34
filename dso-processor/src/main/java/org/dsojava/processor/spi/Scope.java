package org.dsojava.processor.spi;

import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;

/** Where an extension writes IR: fresh local names and the statements it needs before its result. */
public interface Scope {
  /** A new local of type {@code type}, declared (uninitialized) by the caller's program. */
  Expr.Var fresh(String hint, Type type);

  /** A new name for the index of a counted loop the extension writes (declared by the loop itself). */
  Expr.Var loopIndex(String hint);

  /** Appends a statement to the program being built. */
  void add(Stmt statement);

  /** Convenience: appends statements in order. */
  default void addAll(List<Stmt> statements) {
    statements.forEach(this::add);
  }
}
