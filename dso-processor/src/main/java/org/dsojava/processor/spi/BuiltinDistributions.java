package org.dsojava.processor.spi;

import static org.dsojava.processor.ir.Ir.ONE;
import static org.dsojava.processor.ir.Ir.ZERO;
import static org.dsojava.processor.ir.Ir.add;
import static org.dsojava.processor.ir.Ir.assign;
import static org.dsojava.processor.ir.Ir.cmp;
import static org.dsojava.processor.ir.Ir.cond;
import static org.dsojava.processor.ir.Ir.div;
import static org.dsojava.processor.ir.Ir.index;
import static org.dsojava.processor.ir.Ir.integer;
import static org.dsojava.processor.ir.Ir.math;
import static org.dsojava.processor.ir.Ir.mul;
import static org.dsojava.processor.ir.Ir.neg;
import static org.dsojava.processor.ir.Ir.num;
import static org.dsojava.processor.ir.Ir.sub;

import com.google.auto.service.AutoService;
import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;

/** Gaussian, uniform and categorical noise, provided through the same SPI as user extensions. */
public final class BuiltinDistributions {
  /** ½ ln 2π. */
  private static final double HALF_LOG_TWO_PI = 0.9189385332046727;

  private BuiltinDistributions() {}

  /** N(mean, std²); mean is a location parameter, so {@code e + gaussian(m, s)} is additive noise. */
  @AutoService(NoiseDistribution.class)
  public static final class Gaussian implements NoiseDistribution {
    @Override
    public String name() {
      return "gaussian";
    }

    @Override
    public List<Type> parameterTypes() {
      return List.of(Type.DOUBLE, Type.DOUBLE);
    }

    @Override
    public Type valueType() {
      return Type.DOUBLE;
    }

    @Override
    public String sampleCode(String rng, List<String> args) {
      return rng + ".gaussian(" + args.get(0) + ", " + args.get(1) + ")";
    }

    @Override
    public Expr mean(List<Expr> args, Scope scope) {
      return args.get(0);
    }

    @Override
    public Expr logDensity(Expr value, List<Expr> args, Scope scope) {
      Expr.Var z = scope.fresh("z", Type.DOUBLE);
      scope.add(assign(z, div(sub(value, args.get(0)), args.get(1))));
      return sub(sub(mul(num(-0.5), mul(z, z)), math("log", args.get(1))), num(HALF_LOG_TWO_PI));
    }

    @Override
    public int locationParameter() {
      return 0;
    }

    /** F = diag(1/σ², 2/σ²) in (mean, std) (eq. 74 for the mean part). */
    @Override
    public Expr fisherQuadratic(List<Expr> args, List<Expr> tangents, Scope scope) {
      Expr s2 = mul(args.get(1), args.get(1));
      Expr dm = tangents.get(0);
      Expr ds = tangents.get(1);
      return div(add(mul(dm, dm), mul(num(2), mul(ds, ds))), s2);
    }

    /** KL(N(m₁, σ₁²) ‖ N(m₂, σ₂²)) = ln(σ₂/σ₁) + (σ₁² + (m₁ − m₂)²) / (2σ₂²) − ½. */
    @Override
    public Expr klDivergence(List<Expr> p, List<Expr> q, Scope scope) {
      Expr.Var d = scope.fresh("klMean", Type.DOUBLE);
      scope.add(assign(d, sub(p.get(0), q.get(0))));
      Expr s1 = p.get(1);
      Expr s2 = q.get(1);
      return sub(add(sub(math("log", s2), math("log", s1)),
          div(add(mul(s1, s1), mul(d, d)), mul(num(2), mul(s2, s2)))), num(0.5));
    }
  }

  /** U(lo, hi). */
  @AutoService(NoiseDistribution.class)
  public static final class Uniform implements NoiseDistribution {
    @Override
    public String name() {
      return "uniform";
    }

    @Override
    public List<Type> parameterTypes() {
      return List.of(Type.DOUBLE, Type.DOUBLE);
    }

    @Override
    public Type valueType() {
      return Type.DOUBLE;
    }

    @Override
    public String sampleCode(String rng, List<String> args) {
      return rng + ".uniform(" + args.get(0) + ", " + args.get(1) + ")";
    }

    @Override
    public Expr mean(List<Expr> args, Scope scope) {
      return mul(num(0.5), add(args.get(0), args.get(1)));
    }

    @Override
    public Expr logDensity(Expr value, List<Expr> args, Scope scope) {
      Expr inside = new Expr.Binary("&&", cmp(">=", value, args.get(0)), cmp("<=", value, args.get(1)), Type.BOOLEAN);
      return cond(inside, neg(math("log", sub(args.get(1), args.get(0)))), num(Double.NEGATIVE_INFINITY));
    }
  }

  /** Bernoulli on {0, 1} with P(1) = σ(logit); ln p = −softplus((1 − 2v)·logit), computed stably. */
  @AutoService(NoiseDistribution.class)
  public static final class BernoulliLogit implements NoiseDistribution {
    @Override
    public String name() {
      return "bernoulliLogit";
    }

    @Override
    public List<Type> parameterTypes() {
      return List.of(Type.DOUBLE);
    }

    /**
     * KL(Bern(σ(l₁)) ‖ Bern(σ(l₂))) = σ(l₁)·(softplus(−l₂) − softplus(−l₁)) + (1 − σ(l₁))·(softplus(l₂) −
     * softplus(l₁)), since ln σ(l) = −softplus(−l) and ln(1 − σ(l)) = −softplus(l).
     */
    @Override
    public Expr klDivergence(List<Expr> p, List<Expr> q, Scope scope) {
      Expr.Var l1 = scope.fresh("klLogit", Type.DOUBLE);
      Expr.Var l2 = scope.fresh("klLogit", Type.DOUBLE);
      scope.add(assign(l1, p.get(0)));
      scope.add(assign(l2, q.get(0)));
      Expr.Var prob = scope.fresh("klProb", Type.DOUBLE);
      scope.add(assign(prob, div(ONE, add(ONE, math("exp", neg(l1))))));
      return add(mul(prob, sub(softplus(neg(l2)), softplus(neg(l1)))),
          mul(sub(ONE, prob), sub(softplus(l2), softplus(l1))));
    }

    @Override
    public Type valueType() {
      return Type.INT;
    }

    @Override
    public String sampleCode(String rng, List<String> args) {
      return rng + ".bernoulliLogit(" + args.get(0) + ")";
    }

    @Override
    public Expr mean(List<Expr> args, Scope scope) {
      return new Expr.Cond(cmp(">=", args.get(0), ZERO), integer(1), integer(0), Type.INT);
    }

    @Override
    public Expr logDensity(Expr value, List<Expr> args, Scope scope) {
      Expr.Var z = scope.fresh("z", Type.DOUBLE);
      scope.add(assign(z, mul(new Expr.Cast(sub(integer(1), mul(integer(2), value)), Type.DOUBLE), args.get(0))));
      return neg(LogisticFunctions.softplus(z));
    }

    /** F = σ(l)(1 − σ(l)) = e^(−|l|) / (1 + e^(−|l|))², computed without overflow. */
    @Override
    public Expr fisherQuadratic(List<Expr> args, List<Expr> tangents, Scope scope) {
      Expr e = math("exp", neg(math("abs", args.get(0))));
      Expr onePlus = add(ONE, e);
      Expr dl = tangents.get(0);
      return div(mul(e, mul(dl, dl)), mul(onePlus, onePlus));
    }
  }

  /**
   * A category index drawn from an array of scores; the runtime's {@code Rng} method of the same name
   * samples it, and its mean-step value is the most likely category.
   */
  abstract static class CategoricalSite implements NoiseDistribution {
    private final String name;

    CategoricalSite(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<Type> parameterTypes() {
      return List.of(Type.DOUBLE_ARRAY);
    }

    @Override
    public Type valueType() {
      return Type.INT;
    }

    @Override
    public String sampleCode(String rng, List<String> args) {
      return rng + "." + name + "(" + args.get(0) + ")";
    }

    @Override
    public Expr mean(List<Expr> args, Scope scope) {
      return new Expr.Call("org.dsojava.runtime.Rng.argmax", args, Type.INT);
    }
  }

  /** softplus(z) = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^(−|z|)), without overflow. */
  static Expr softplus(Expr z) {
    return add(math("max", z, ZERO), math("log1p", math("exp", neg(math("abs", z)))));
  }

  /** A category with given probabilities (validated when sampled). */
  @AutoService(NoiseDistribution.class)
  public static final class Categorical extends CategoricalSite {
    public Categorical() {
      super("categorical");
    }

    @Override
    public Expr logDensity(Expr value, List<Expr> args, Scope scope) {
      return math("log", index((Expr.Var) args.get(0), value));
    }

    /** F = diag(1/p) on the simplex: ψ̇ᵀFψ̇ = Σ ψ̇ₖ²/pₖ (terms with pₖ = 0 contribute nothing). */
    @Override
    public Expr fisherQuadratic(List<Expr> args, List<Expr> tangents, Scope scope) {
      if (!(tangents.get(0) instanceof Expr.Var dp)) {
        return ZERO;
      }
      Expr.Var probs = (Expr.Var) args.get(0);
      Expr.Var sum = scope.fresh("sum", Type.DOUBLE);
      Expr.Var k = scope.loopIndex("k");
      scope.add(assign(sum, ZERO));
      Expr term = div(mul(index(dp, k), index(dp, k)), index(probs, k));
      scope.add(new Stmt.For(k, integer(0), new Expr.Length(probs), List.of(
          new Stmt.If(cmp(">", index(probs, k), ZERO), List.of(assign(sum, add(sum, term))), List.of(), null)), null));
      return sum;
    }
  }

  /** A category with probabilities softmax(logits); ln p = logits[v] − log-sum-exp(logits). */
  @AutoService(NoiseDistribution.class)
  public static final class CategoricalLogits extends CategoricalSite {
    public CategoricalLogits() {
      super("categoricalLogits");
    }

    @Override
    public Expr logDensity(Expr value, List<Expr> args, Scope scope) {
      Expr.Var logits = (Expr.Var) args.get(0);
      Expr.Var max = scope.fresh("max", Type.DOUBLE);
      Expr.Var sum = scope.fresh("sum", Type.DOUBLE);
      Expr.Var k = scope.loopIndex("k");
      Expr.Var k2 = scope.loopIndex("k");
      Expr length = new Expr.Length(logits);
      scope.add(assign(max, index(logits, integer(0))));
      scope.add(new Stmt.For(k, integer(1), length,
          List.of(assign(max, math("max", max, index(logits, k)))), null));
      scope.add(assign(sum, ZERO));
      scope.add(new Stmt.For(k2, integer(0), length,
          List.of(assign(sum, add(sum, math("exp", sub(index(logits, k2), max))))), null));
      return sub(sub(index(logits, value), max), math("log", sum));
    }

    /** KL(softmax(a) ‖ softmax(b)) = Σₖ pₖ (aₖ − bₖ) − lse(a) + lse(b), p = softmax(a). */
    @Override
    public Expr klDivergence(List<Expr> p, List<Expr> q, Scope scope) {
      Expr.Var a = (Expr.Var) p.get(0);
      Expr.Var b = (Expr.Var) q.get(0);
      Expr length = new Expr.Length(a);
      Expr.Var maxA = scope.fresh("klMaxA", Type.DOUBLE);
      Expr.Var maxB = scope.fresh("klMaxB", Type.DOUBLE);
      Expr.Var za = scope.fresh("klZa", Type.DOUBLE);
      Expr.Var zb = scope.fresh("klZb", Type.DOUBLE);
      Expr.Var cross = scope.fresh("klCross", Type.DOUBLE);
      Expr.Var k = scope.loopIndex("k");
      Expr.Var k2 = scope.loopIndex("k");
      scope.add(assign(maxA, index(a, integer(0))));
      scope.add(assign(maxB, index(b, integer(0))));
      scope.add(new Stmt.For(k, integer(1), length, List.of(assign(maxA, math("max", maxA, index(a, k))),
          assign(maxB, math("max", maxB, index(b, k)))), null));
      scope.add(assign(za, ZERO));
      scope.add(assign(zb, ZERO));
      scope.add(assign(cross, ZERO));
      Expr w = math("exp", sub(index(a, k2), maxA));
      scope.add(new Stmt.For(k2, integer(0), length, List.of(
          assign(za, add(za, w)),
          assign(zb, add(zb, math("exp", sub(index(b, k2), maxB)))),
          assign(cross, add(cross, mul(w, sub(index(a, k2), index(b, k2)))))), null));
      return add(sub(div(cross, za), add(maxA, math("log", za))), add(maxB, math("log", zb)));
    }

    /** F = diag(p) − ppᵀ with p = softmax(logits): ψ̇ᵀFψ̇ = Σ pₖψ̇ₖ² − (Σ pₖψ̇ₖ)². */
    @Override
    public Expr fisherQuadratic(List<Expr> args, List<Expr> tangents, Scope scope) {
      if (!(tangents.get(0) instanceof Expr.Var dl)) {
        return ZERO;
      }
      Expr.Var logits = (Expr.Var) args.get(0);
      Expr length = new Expr.Length(logits);
      Expr.Var max = scope.fresh("max", Type.DOUBLE);
      Expr.Var z = scope.fresh("z", Type.DOUBLE);
      Expr.Var s1 = scope.fresh("s1", Type.DOUBLE);
      Expr.Var s2 = scope.fresh("s2", Type.DOUBLE);
      Expr.Var k = scope.loopIndex("k");
      Expr.Var k2 = scope.loopIndex("k");
      scope.add(assign(max, index(logits, integer(0))));
      scope.add(new Stmt.For(k, integer(1), length, List.of(assign(max, math("max", max, index(logits, k)))), null));
      scope.add(assign(z, ZERO));
      scope.add(assign(s1, ZERO));
      scope.add(assign(s2, ZERO));
      Expr w = math("exp", sub(index(logits, k2), max));
      scope.add(new Stmt.For(k2, integer(0), length, List.of(
          assign(z, add(z, w)),
          assign(s1, add(s1, mul(w, index(dl, k2)))),
          assign(s2, add(s2, mul(w, mul(index(dl, k2), index(dl, k2)))))), null));
      Expr mean = div(s1, z);
      return sub(div(s2, z), mul(mean, mean));
    }
  }

}
