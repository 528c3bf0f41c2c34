package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.Scope;

/**
 * Gives every hoisted noise site ({@code T v = noise.dist(args)}) its meaning in one of three
 * programs: drawing it (the sampler), replacing it by its mean (the mean step f(x,θ) of eq. 59), or
 * replaying a recorded draw and adding its log-density to {@code lp} (ln P(x'|x,θ), eq. 32).
 */
public final class NoiseLowering {
  /** What a noise site becomes. */
  public enum Mode {
    SAMPLE,
    MEAN,
    REPLAY,
    /**
     * The deterministic policy under the real environment: a site whose parameters depend on θ (the
     * policy's: an action) takes its mean, a site whose parameters do not (the environment's: a demand, a
     * disturbance) is drawn and recorded.
     */
    POLICY_MEAN
  }

  /** Names the replay program reads and writes. */
  public static final String DRAWS = "draws";
  public static final String DRAW_INDEX = "dc";
  public static final String LOG_DENSITY = "lp";

  private final Map<String, NoiseDistribution> distributions;
  private final Mode mode;
  private final Names names;

  /** {@code names}: the program's name authority (the inliners' that built the input). */
  public NoiseLowering(Map<String, NoiseDistribution> distributions, Mode mode, Names names) {
    this.distributions = distributions;
    this.mode = mode;
    this.names = names;
  }

  public List<Stmt> lower(List<Stmt> program) {
    // The names this lowering makes up (drawArg, drawZ, ...) must not be those of the program's locals.
    Set<String> taken = new HashSet<>();
    Walk.names(program, taken);
    taken.forEach(names::claim);
    if (mode == Mode.POLICY_MEAN) {
      thetaDependent(program, policyVars);
      thetaDependent(program, policyVars); // twice: values carried around loops
    }
    return lowerBlock(program);
  }

  /** Variables whose values depend on θ (not through a draw: a draw's value is data). */
  private final Set<String> policyVars = new HashSet<>();

  private static boolean readsTheta(Expr e, Set<String> dependent) {
    return Walk.any(e, x -> x instanceof Expr.Var v
        && (v.name().startsWith(org.dsojava.processor.frontend.BodyReader.PARAM_PREFIX) || dependent.contains(v.name())));
  }

  private static void thetaDependent(List<Stmt> program, Set<String> dependent) {
    for (Stmt s : program) {
      if (s instanceof Stmt.Decl d && d.init() != null && !(d.init() instanceof Expr.Noise) && readsTheta(d.init(), dependent)) {
        dependent.add(d.var().name());
      } else if (s instanceof Stmt.Assign a && readsTheta(a.value(), dependent)) {
        dependent.add(a.target() instanceof Expr.Index i ? i.array().name() : ((Expr.Var) a.target()).name());
      } else if (s instanceof Stmt.If f) {
        thetaDependent(f.thenBlock(), dependent);
        thetaDependent(f.elseBlock(), dependent);
      } else if (s instanceof Stmt.For f) {
        thetaDependent(f.body(), dependent);
      }
    }
  }

  private List<Stmt> lowerBlock(List<Stmt> program) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      if (s instanceof Stmt.Decl d && d.init() instanceof Expr.Noise n) {
        site(d.var(), n, out);
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), lowerBlock(f.thenBlock()), lowerBlock(f.elseBlock()), f.origin()));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), lowerBlock(f.body()), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private Expr.Var fresh(String hint, Type type) {
    return new Expr.Var(names.fresh(hint), type);
  }

  private void site(Expr.Var v, Expr.Noise n, List<Stmt> out) {
    NoiseDistribution d = distributions.get(n.distribution());
    // Bind each scalar argument once, so distributions may repeat their arguments freely.
    List<Expr> args = new ArrayList<>();
    for (Expr a : n.args()) {
      if (a instanceof Expr.Var || a instanceof Expr.Const) {
        args.add(a);
      } else {
        Expr.Var t = fresh(v.name() + "Arg", a.type());
        out.add(new Stmt.Decl(t, a, n.origin()));
        args.add(t);
      }
    }
    Scope scope = new Scope() {
      @Override
      public Expr.Var fresh(String hint, Type type) {
        Expr.Var t = NoiseLowering.this.fresh(v.name() + Character.toUpperCase(hint.charAt(0)) + hint.substring(1), type);
        out.add(new Stmt.Decl(t, null, null));
        return t;
      }

      @Override
      public Expr.Var loopIndex(String hint) {
        return NoiseLowering.this.fresh(v.name() + Character.toUpperCase(hint.charAt(0)) + hint.substring(1), Type.INT);
      }

      @Override
      public void add(Stmt statement) {
        out.add(statement);
      }
    };
    Mode m = mode;
    if (m == Mode.POLICY_MEAN) {
      m = n.args().stream().anyMatch(a -> readsTheta(a, policyVars)) ? Mode.MEAN : Mode.SAMPLE;
    }
    switch (m) {
      case SAMPLE:
        out.add(new Stmt.Draw(v, n.distribution(), args, n.origin()));
        break;
      case MEAN:
        out.add(new Stmt.Decl(v, d.mean(args, scope), n.origin()));
        break;
      case REPLAY: {
        Expr.Var draws = new Expr.Var(DRAWS, Type.DOUBLE_ARRAY);
        Expr.Var dc = new Expr.Var(DRAW_INDEX, Type.INT);
        Expr recorded = Ir.index(draws, dc);
        out.add(new Stmt.Decl(v, v.type() == Type.INT ? new Expr.Cast(recorded, Type.INT) : recorded, n.origin()));
        out.add(Ir.assign(dc, Ir.add(dc, Ir.integer(1))));
        Expr.Var lp = new Expr.Var(LOG_DENSITY, Type.DOUBLE);
        Expr density = d.logDensity(v, args, scope);
        out.add(Ir.assign(lp, Ir.add(lp, density)));
        break;
      }
      default:
        throw new IllegalStateException();
    }
  }
}
