package org.dsojava.processor.transform;

import java.util.List;
import java.util.Map;
import org.dsojava.processor.frontend.BodyReader;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;

/**
 * Maps references to {@code @Param} fields onto the flat θ vector: {@code w[i]} becomes
 * {@code theta[offset + i]}, a scalar {@code b} becomes {@code theta[offset]}; array lengths of
 * statically sized arrays become constants.
 */
public final class ThetaResolver {
  public static final String THETA = "theta";

  private ThetaResolver() {}

  public static List<Stmt> resolve(List<Stmt> program, Model model, Map<String, Integer> lengths) {
    Expr.Var theta = new Expr.Var(THETA, Type.DOUBLE_ARRAY);
    return Walk.mapStmts(program, e -> {
      if (e instanceof Expr.Index i && i.array().name().startsWith(BodyReader.PARAM_PREFIX)) {
        Model.ParamField p = model.param(i.array().name().substring(1)).orElseThrow();
        return Ir.index(theta, p.offset() == 0 ? i.index() : Ir.add(Ir.integer(p.offset()), i.index()));
      }
      if (e instanceof Expr.Var v && v.name().startsWith(BodyReader.PARAM_PREFIX) && v.type() == Type.DOUBLE) {
        Model.ParamField p = model.param(v.name().substring(1)).orElseThrow();
        return Ir.index(theta, Ir.integer(p.offset()));
      }
      if (e instanceof Expr.Length l) {
        String name = l.array().name();
        if (name.startsWith(BodyReader.PARAM_PREFIX)) {
          return Ir.integer(model.param(name.substring(1)).orElseThrow().length());
        }
        Integer n = lengths.get(name);
        if (n != null) {
          return Ir.integer(n);
        }
      }
      return e;
    });
  }
}
