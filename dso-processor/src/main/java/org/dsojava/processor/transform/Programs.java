package org.dsojava.processor.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Ir;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Stmt;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.ir.Walk;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.PrimitiveFunction;
import org.dsojava.processor.spi.Scope;

/**
 * Builds, from a model, the IR program behind each kernel method: sampler, mean step, log-density,
 * cost, terminal test, and the weighted sum F = wL·L + wP·ln P with its reverse (VJP), tangent (JVP)
 * and tangent-of-reverse (HVP) derivatives.
 */
public final class Programs {

  public static final String SCRATCH = "scratch";
  public static final String G_SCRATCH = "gScratch";

  private final Model model;
  private final Diagnostics diagnostics;
  private final Map<String, PrimitiveFunction> primitives;
  private final Map<String, NoiseDistribution> distributions;
  /** Names no model local keeps (kernel names, qualifiers the writer emits); see {@link Names}. */
  private final Set<String> reserved;

  public Programs(Model model, Diagnostics diagnostics, Map<String, PrimitiveFunction> primitives,
      Map<String, NoiseDistribution> distributions) {
    this.model = model;
    this.diagnostics = diagnostics;
    this.primitives = primitives;
    this.distributions = distributions;
    this.reserved = Names.reserved(primitives);
  }

  /** A fresh name authority for one program. */
  private Names names() {
    return Names.forProgram(reserved);
  }

  public Map<String, PrimitiveFunction> primitives() {
    return primitives;
  }

  private Map<String, Expr> bindings(String method, String stateName, String nextName) {
    return bindings(method, stateName, nextName, "eta");
  }

  private Map<String, Expr> bindings(String method, String stateName, String nextName, String etaName) {
    Map<String, Expr> b = new HashMap<>();
    for (Model.Parameter p : model.methods().get(method).parameters()) {
      switch (p.role()) {
        case STATE -> b.put(p.name(), new Expr.Var(stateName, Type.DOUBLE_ARRAY));
        case NEXT -> b.put(p.name(), new Expr.Var(nextName, Type.DOUBLE_ARRAY));
        case ETA -> b.put(p.name(), new Expr.Var(etaName, Type.DOUBLE_ARRAY));
        case STEP -> b.put(p.name(), new Expr.Var("t", Type.INT));
        case ROLLOUT -> b.put(p.name(), new Expr.Var("n", Type.INT));
        case NOISE -> b.put(p.name(), new Expr.Var("rng", Type.NOISE));
        case RECORD -> b.put(p.name(), new Expr.Var(p.record().variable(), Type.DOUBLE_ARRAY));
        default -> throw new IllegalStateException("unbound parameter " + p.name());
      }
    }
    return b;
  }

  private Map<String, Integer> lengths() {
    Map<String, Integer> l = new HashMap<>();
    l.put("x", model.kernelStateDim());
    l.put("next", model.kernelStateDim());
    l.put("mean", model.kernelStateDim());
    l.put(SCRATCH, model.kernelStateDim());
    l.put("eta", model.bottleneckDim());
    l.put("etaWork", model.bottleneckDim());
    l.put("gEta", model.bottleneckDim());
    model.constantArrays().forEach((name, a) -> l.put(name, a.elements().length));
    l.putAll(model.recordArrays());
    return l;
  }

  private List<Stmt> lengthsResolved(List<Stmt> program) {
    Map<String, Integer> l = lengths();
    collectArrayLengths(program, l);
    return ThetaResolver.resolve(ThetaIndices.guard(program, model), model, l);
  }

  private static void collectArrayLengths(List<Stmt> program, Map<String, Integer> out) {
    for (Stmt s : program) {
      if (s instanceof Stmt.ArrayDecl a) {
        out.put(a.var().name(), a.length());
      } else if (s instanceof Stmt.If f) {
        collectArrayLengths(f.thenBlock(), out);
        collectArrayLengths(f.elseBlock(), out);
      } else if (s instanceof Stmt.For f) {
        collectArrayLengths(f.body(), out);
      }
    }
  }

  private List<Stmt> inlined(Names names, String method, String next, Expr.Var result) {
    if (method.equals(model.roles().transition()) && result == null) {
      return inlineTransition(new Inliner(model, diagnostics, names), names, next);
    }
    return new Inliner(model, diagnostics, names).inline(method, bindings(method, "x", next), result);
  }

  /**
   * The transition with its next state in {@code next}. A transition that returns its step cost
   * ℓ(x, a) writes it into the slot {@code next[stateDim]} (the state-slot form of an action-dependent
   * cost, eq. 12: the augmented chain z' = (f(x, a), ℓ(x, a)) with L(z) = L(x) + c/γ has the same J, so the
   * same ∇J; see {@link #chargeStepCost}).
   */
  private List<Stmt> inlineTransition(Inliner inliner, Names names, String next) {
    String tr = model.roles().transition();
    if (!model.hasStepCost()) {
      return inliner.inline(tr, bindings(tr, "x", next), null);
    }
    Expr.Var r = new Expr.Var(names.fresh("stepCost"), Type.DOUBLE);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(r, Ir.ZERO, null));
    out.addAll(inliner.inline(tr, bindings(tr, "x", next), r));
    out.add(Ir.assign(Ir.index(new Expr.Var(next, Type.DOUBLE_ARRAY), Ir.integer(model.stateDim())), r));
    return out;
  }

  /**
   * L(z) = L(x) + c/γ with c = z[stateDim], the cost of the step that led to z: charged one step later,
   * so divided by γ, and Σₜ γᵗ L(zₜ) = Σₜ γᵗ (L(xₜ) + ℓ(xₜ, aₜ)) (the cost of the last step is charged at
   * the terminal state, which a first-exit rollout charges; a rollout cut by the horizon does not charge
   * its last state, so a first-exit chain with a horizon loses the last step's ℓ).
   */
  /** cost += KL(P(·|x,θ) ‖ p̄(·|x)) when the model has a passive chain (L_Lmdp). */
  private List<Stmt> chargeKl(Inliner inliner, Names names, Expr.Var cost) {
    if (model.roles().passive() == null) {
      return List.of();
    }
    Expr.Var kl = new Expr.Var(names.fresh("kl"), Type.DOUBLE);
    List<Stmt> out = new ArrayList<>(klToPassive(inliner, names, kl, false));
    out.add(Ir.assign(cost, Ir.add(cost, kl)));
    return out;
  }

  private List<Stmt> chargeStepCost(List<Stmt> costBody, Expr.Var cost) {
    if (!model.hasStepCost()) {
      return costBody;
    }
    List<Stmt> out = new ArrayList<>(costBody);
    Expr slot = Ir.index(new Expr.Var("x", Type.DOUBLE_ARRAY), Ir.integer(model.stateDim()));
    out.add(Ir.assign(cost, Ir.add(cost, model.discount() == 1.0 ? slot : Ir.div(slot, Ir.num(model.discount())))));
    return out;
  }

  /**
   * Reports θ read in {@code @Initial} or {@code @Terminal}. The estimator differentiates L and
   * ln P(x'|x,θ) only: a θ-dependent initial distribution would need the score term
   * E[∇ln p₀(x₀;θ)·(total cost)], and a θ-dependent terminal set has no gradient at all, so either would
   * give a silently wrong gradient. Each field is reported once per method, conditions included.
   */
  public void checkThetaUse() {
    reportThetaUse(model.roles().initial(), "@Initial", "the initial state must not depend on θ",
        "draw x₀ from fixed numbers, or make the parameter part of the state and let the transition use it");
    reportThetaUse(model.roles().terminal(), "@Terminal",
        "the terminal set must not depend on θ (an indicator has no gradient)",
        "test the state against constants, and put θ into the cost instead");
  }

  /**
   * The passive chain p̄ of eq. 97 may not read θ (LMDPs fix it: θ̄ are constants), and its KL to the
   * transition must be expressible site by site; errors go to diagnostics.
   */
  public void checkPassive() {
    if (model.roles().passive() == null) {
      return;
    }
    reportThetaUse(model.roles().passive(), "@Passive", "the passive chain p̄ of eq. 97 is fixed (an LMDP's p̄"
        + " may not depend on the parameters being optimized)", "use constants (θ̄ fixed in advance)");
    Names names = names();
    klToPassive(new Inliner(model, diagnostics, names), names, new Expr.Var("kl", Type.DOUBLE), true);
  }

  /**
   * kl = KL(P(·|x,θ) ‖ p̄(·|x)) as the sum over paired noise sites (i-th of the transition, i-th of the
   * passive chain) of the distributions' closed-form KLs (L_Lmdp, section 5.1). The passive chain's site
   * arguments are captured first; each transition site's term follows its capture. Draw values are not
   * needed (no site may depend on an earlier draw), so sites are replaced by 0.
   */
  private List<Stmt> klToPassive(Inliner inliner, Names names, Expr.Var kl, boolean report) {
    String passive = model.roles().passive();
    String transition = model.roles().transition();
    List<String> problems = new ArrayList<>();
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(kl, Ir.ZERO, null));
    List<Expr.Noise> passiveSites = new ArrayList<>();
    out.addAll(captureSites(inliner.inline(passive, bindings(passive, "x", SCRATCH), null), passiveSites, null, kl,
        names, problems, passive));
    List<Expr.Noise> sites = new ArrayList<>();
    List<Stmt> body = captureSites(inlineTransition(inliner, names, SCRATCH), sites, passiveSites, kl, names, problems,
        transition);
    out.addAll(body);
    if (problems.isEmpty() && sites.size() != passiveSites.size()) {
      problems.add("the transition has " + sites.size() + " noise site(s), the passive chain " + passiveSites.size()
          + "; pair them one to one, in order");
    }
    if (report) {
      for (String problem : new java.util.LinkedHashSet<>(problems)) {
        diagnostics.error(org.dsojava.processor.diag.Message.PASSIVE_SITES,
            model.methods().get(passive).origin(), transition, passive, problem);
      }
    }
    return out;
  }

  /**
   * Replaces each noise site of {@code body} by its arguments (in fresh locals) and the value 0; with
   * {@code pair} given, adds kl += KL(site ‖ pair's site of the same index) after it. Reports sites under
   * an if or a loop, sites whose arguments depend on an earlier draw, and unpaired distributions.
   */
  private List<Stmt> captureSites(List<Stmt> body, List<Expr.Noise> sites, List<Expr.Noise> pair, Expr.Var kl,
      Names names, List<String> problems, String method) {
    List<Stmt> out = new ArrayList<>();
    Set<String> tainted = new java.util.HashSet<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.init() instanceof Expr.Noise n) {
        if (Walk.any(n, e -> e instanceof Expr.Var v && tainted.contains(v.name()))) {
          problems.add("a noise site of " + method + "() depends on an earlier draw, so its KL has no closed form");
        }
        List<Expr> args = new ArrayList<>();
        for (Expr a : n.args()) {
          if (a instanceof Expr.Const || (a instanceof Expr.Var v && v.type().isArray())) {
            args.add(a);
          } else {
            Expr.Var t = new Expr.Var(names.fresh("klArg"), a.type());
            out.add(new Stmt.Decl(t, a, n.origin()));
            args.add(t);
          }
        }
        Expr.Noise site = new Expr.Noise(n.distribution(), args, n.type(), n.origin());
        out.add(new Stmt.Decl(d.var(), new Expr.Const(0, d.var().type()), d.origin()));
        tainted.add(d.var().name());
        if (pair != null) {
          int i = sites.size();
          if (i < pair.size()) {
            Expr.Noise other = pair.get(i);
            NoiseDistribution dist = distributions.get(n.distribution());
            if (!other.distribution().equals(n.distribution())) {
              problems.add("site " + (i + 1) + " is " + n.distribution() + " in the transition but "
                  + other.distribution() + " in the passive chain");
            } else {
              Scope scope = new Scope() {
                @Override
                public Expr.Var fresh(String hint, Type type) {
                  Expr.Var v = new Expr.Var(names.fresh(hint), type);
                  out.add(new Stmt.Decl(v, null, null));
                  return v;
                }

                @Override
                public Expr.Var loopIndex(String hint) {
                  return new Expr.Var(names.fresh(hint), Type.INT);
                }

                @Override
                public void add(Stmt statement) {
                  out.add(statement);
                }
              };
              Expr term = dist.klDivergence(args, other.args(), scope);
              if (term == null) {
                problems.add("the distribution " + n.distribution() + " gives no closed-form KL");
              } else {
                out.add(Ir.assign(kl, Ir.add(kl, term)));
              }
            }
          }
        }
        sites.add(site);
      } else if ((s instanceof Stmt.If || s instanceof Stmt.For) && containsSite(s)) {
        problems.add("a noise site of " + method + "() is under an if or in a loop; write the sites in straight-line"
            + " code (unroll a loop over action dimensions)");
        out.add(s);
      } else {
        Set<String> reads = new java.util.HashSet<>();
        Walk.varNames(s, reads);
        if (reads.stream().anyMatch(tainted::contains)) {
          Set<String> written = new java.util.HashSet<>();
          Walk.names(List.of(s), written);
          tainted.addAll(written);
        }
        out.add(s);
      }
    }
    return out;
  }

  private static boolean containsSite(Stmt s) {
    boolean[] found = {false};
    Walk.exprs(s, e -> found[0] |= e instanceof Expr.Noise);
    return found[0];
  }

  private void reportThetaUse(String role, String annotation, String why, String hint) {
    if (role == null) {
      return;
    }
    java.util.Set<String> reported = new java.util.HashSet<>();
    thetaReads(inlinedRole(role), true, (where, fields) -> fields.stream().filter(reported::add).forEach(p ->
        diagnostics.error(org.dsojava.processor.diag.Message.THETA_NOT_DIFFERENTIATED, where, p, role, annotation,
            why, hint)));
  }

  /**
   * Calls {@code visit} with each statement of {@code body} (at any depth) that reads θ: its origin (the
   * model's when it has none) and the fields it reads. With {@code conditions}, the conditions of ifs and
   * the bounds of loops count as statements too.
   */
  private void thetaReads(List<Stmt> body, boolean conditions,
      java.util.function.BiConsumer<Object, java.util.Set<String>> visit) {
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        if (conditions) {
          visitThetaReads(f.origin(), visit, f.cond());
        }
        thetaReads(f.thenBlock(), conditions, visit);
        thetaReads(f.elseBlock(), conditions, visit);
      } else if (s instanceof Stmt.For f) {
        if (conditions) {
          visitThetaReads(f.origin(), visit, f.from(), f.to());
        }
        thetaReads(f.body(), conditions, visit);
      } else {
        Object where = s instanceof Stmt.Decl d ? d.origin() : s instanceof Stmt.Assign a ? a.origin() : null;
        java.util.Set<String> fields = new java.util.TreeSet<>();
        org.dsojava.processor.ir.Walk.exprs(s, e -> addThetaField(e, fields));
        if (!fields.isEmpty()) {
          visit.accept(where != null ? where : model.origin(), fields);
        }
      }
    }
  }

  private void visitThetaReads(Object where, java.util.function.BiConsumer<Object, java.util.Set<String>> visit,
      Expr... exprs) {
    java.util.Set<String> fields = new java.util.TreeSet<>();
    for (Expr e : exprs) {
      org.dsojava.processor.ir.Walk.expr(e, x -> addThetaField(x, fields));
    }
    if (!fields.isEmpty()) {
      visit.accept(where != null ? where : model.origin(), fields);
    }
  }

  private static void addThetaField(Expr e, java.util.Set<String> fields) {
    if (e instanceof Expr.Var v && v.name().startsWith(org.dsojava.processor.frontend.BodyReader.PARAM_PREFIX)) {
      fields.add(v.name().substring(1));
    }
  }

  /** Reports reads of a {@code @Param} array at an index outside it wherever the read always runs. */
  public void checkThetaIndices() {
    // A helper called from several methods is reported once.
    java.util.Set<String> reported = new java.util.HashSet<>();
    for (String role : model.roles().present()) {
      for (ThetaIndices.OutOfRange r : ThetaIndices.check(inlinedRole(role), model)) {
        String index = org.dsojava.processor.writing.JavaWriter.expr(r.index());
        if (reported.add(r.param().name() + "[" + index + "]@" + System.identityHashCode(r.origin()))) {
          diagnostics.error(org.dsojava.processor.diag.Message.THETA_INDEX, r.origin() != null ? r.origin() : model.origin(),
              r.param().name(), index, role, r.param().name(), r.param().length(), r.values(), r.param().length());
        }
      }
    }
  }

  /** Role method {@code role} with its calls inlined; a non-void result goes to {@code result}. */
  private List<Stmt> inlinedRole(String role) {
    Model.Method m = model.methods().get(role);
    Expr.Var result = m.returnType() == Type.VOID ? null : new Expr.Var("result", m.returnType());
    return new Inliner(model, diagnostics, names()).inline(role, bindings(role, "x", "next"), result);
  }

  /** Runs the score-function check on the transition; errors go to diagnostics. */
  public void checkTransition() {
    String m = model.roles().transition();
    ScoreCheck.check(inlined(names(), m, "next", null), "next", m, diagnostics);
  }

  /**
   * Reports writes into θ or into the current state that arrive through a helper's array parameter
   * (direct writes are caught by the front end; aliasing only shows after inlining).
   */
  public void checkReadOnly() {
    for (String role : model.roles().present()) {
      reportWrites(inlinedRole(role), role, role.equals(model.roles().initial()));
    }
  }

  private void reportWrites(List<Stmt> body, String role, boolean initial) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Index i) {
        String name = i.array().name();
        if (name.startsWith(org.dsojava.processor.frontend.BodyReader.PARAM_PREFIX)) {
          diagnostics.error(org.dsojava.processor.diag.Message.ASSIGN_READ_ONLY, a.origin(), name.substring(1)
              + " (passed to a helper as an array)", role, "θ is changed by the optimizer, not by the model");
        } else if (model.constantArrays().containsKey(name)) {
          diagnostics.error(org.dsojava.processor.diag.Message.ASSIGN_READ_ONLY, a.origin(),
              model.constantArrays().get(name).field() + " (passed to a helper as an array)", role, "it is a constant");
        } else if (name.equals("x") && !initial) {
          diagnostics.error(org.dsojava.processor.diag.Message.ASSIGN_READ_ONLY, a.origin(),
              "the state (passed to a helper as an array)", role, "the current state is read-only; copy it into a local array first");
        }
      } else if (s instanceof Stmt.If f) {
        reportWrites(f.thenBlock(), role, initial);
        reportWrites(f.elseBlock(), role, initial);
      } else if (s instanceof Stmt.For f) {
        reportWrites(f.body(), role, initial);
      }
    }
  }

  public List<Stmt> initialState() {
    Names names = names();
    List<Stmt> p = new ArrayList<>(inlined(names, model.roles().initial(), "next", null));
    if (model.hasStepCost()) {
      p.add(Ir.assign(Ir.index(new Expr.Var("x", Type.DOUBLE_ARRAY), Ir.integer(model.stateDim())), Ir.ZERO));
    }
    return lengthsResolved(new NoiseLowering(distributions, NoiseLowering.Mode.SAMPLE, names).lower(p));
  }

  public List<Stmt> sample() {
    return drawingTransition(NoiseLowering.Mode.SAMPLE);
  }

  /** The deterministic policy (θ-dependent sites at their means) under the drawn environment noise. */
  public List<Stmt> samplePolicyMean() {
    return drawingTransition(NoiseLowering.Mode.POLICY_MEAN);
  }

  /** The transition into {@code next}, drawing (and recording) its sites as {@code mode} says. */
  private List<Stmt> drawingTransition(NoiseLowering.Mode mode) {
    Names names = names();
    List<Stmt> p = inlined(names, model.roles().transition(), "next", null);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(new Expr.Var(NoiseLowering.DRAW_INDEX, Type.INT), Ir.integer(0), null));
    out.addAll(new NoiseLowering(distributions, mode, names).lower(p));
    return lengthsResolved(out);
  }

  public List<Stmt> meanStep() {
    Names names = names();
    List<Stmt> p = inlined(names, model.roles().transition(), "mean", null);
    return lengthsResolved(new NoiseLowering(distributions, NoiseLowering.Mode.MEAN, names).lower(p));
  }

  /** Returns {@code result} (boolean). */
  public List<Stmt> terminal() {
    Expr.Var r = new Expr.Var("result", Type.BOOLEAN);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(r, new Expr.Const(0, Type.BOOLEAN), null));
    out.addAll(inlined(names(), model.roles().terminal(), "next", r));
    return lengthsResolved(out);
  }

  /** Returns {@code cost}. */
  public List<Stmt> cost() {
    Expr.Var r = new Expr.Var("cost", Type.DOUBLE);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(r, Ir.ZERO, null));
    Names names = names();
    out.addAll(chargeStepCost(inlined(names, model.roles().cost(), "next", r), r));
    out.addAll(chargeKl(new Inliner(model, diagnostics, names), names, r));
    return lengthsResolved(out);
  }

  /** Returns {@code lp}; the next state goes to the scratch work array. */
  public List<Stmt> logDensity() {
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(new Expr.Var(NoiseLowering.LOG_DENSITY, Type.DOUBLE), Ir.ZERO, null));
    out.add(new Stmt.Decl(new Expr.Var(NoiseLowering.DRAW_INDEX, Type.INT), Ir.integer(0), null));
    Names names = names();
    List<Stmt> p = inlined(names, model.roles().transition(), SCRATCH, null);
    out.addAll(new NoiseLowering(distributions, NoiseLowering.Mode.REPLAY, names).lower(p));
    // ln P reads the sites' parameters only: the next state itself is not computed.
    return DeadCode.eliminate(lengthsResolved(out), Set.of(NoiseLowering.LOG_DENSITY));
  }

  public boolean hasBottleneck() {
    return model.roles().bottleneck() != null;
  }

  /** η = μ(x,θ) into the array {@code etaName} (Corollary 2, eq. 33). */
  private List<Stmt> computeEta(Inliner inliner, String etaName) {
    String mu = model.roles().bottleneck();
    Model.Method m = model.methods().get(mu);
    List<Stmt> out = new ArrayList<>();
    Expr.Var eta = new Expr.Var(etaName, Type.DOUBLE_ARRAY);
    if (m.returnType() == Type.DOUBLE) {
      Expr.Var r = new Expr.Var("muValue", Type.DOUBLE);
      out.add(new Stmt.Decl(r, null, null));
      out.addAll(inliner.inline(mu, bindings(mu, "x", "next", etaName), r));
      out.add(Ir.assign(Ir.index(eta, Ir.integer(0)), r));
    } else {
      out.addAll(inliner.inline(mu, bindings(mu, "x", "next", etaName), null));
    }
    return out;
  }

  /** etaDot = (∂μ(x,θ)/∂θ)·v: the tangent of the bottleneck program (eq. 73 needs J·v). */
  public List<Stmt> bottleneckTangent() {
    List<Stmt> p = new ArrayList<>();
    p.add(new Stmt.ArrayDecl(new Expr.Var("etaWork", Type.DOUBLE_ARRAY), model.bottleneckDim(), null));
    p.addAll(computeEta(new Inliner(model, diagnostics, names()), "etaWork"));
    List<Stmt> program = lengthsResolved(p);
    List<Stmt> tangent = new Tangent(primitives, program, Set.of(ThetaResolver.THETA),
        name -> name.equals("etaWork") ? "etaDot" : tangent(name)).differentiate(program);
    return DeadCode.eliminate(tangent, Set.of("etaDot"));
  }

  /** η = μ(x,θ), for the kernel's {@code bottleneck} method. */
  public List<Stmt> bottleneck() {
    return lengthsResolved(computeEta(new Inliner(model, diagnostics, names()), "eta"));
  }

  /**
   * Reports θ read outside μ: with a bottleneck, L and P must depend on θ only through η
   * (Corollary 2), else the η-space gradient would miss terms.
   */
  public void checkBottleneck() {
    if (!hasBottleneck()) {
      return;
    }
    Inliner inliner = new Inliner(model, diagnostics, names())
        .withBottleneck(model.roles().bottleneck(), new Expr.Var("eta", Type.DOUBLE_ARRAY), "x");
    for (String role : new String[] {model.roles().transition(), model.roles().cost()}) {
      Expr.Var r = new Expr.Var(role.equals(model.roles().cost()) ? "cost" : "stepCost", Type.DOUBLE);
      boolean valued = model.methods().get(role).returnType() != Type.VOID;
      thetaReads(inliner.inline(role, bindings(role, "x", "next"), valued ? r : null), false, (where, fields) -> fields.forEach(p ->
          diagnostics.error(org.dsojava.processor.diag.Message.THETA_OUTSIDE_BOTTLENECK, where, p, role,
              model.roles().bottleneck(), model.roles().bottleneck())));
    }
  }

  /** F = wL·L(x,θ) + wP·ln P(x'|x,θ) into {@code value}; each part skipped when its weight is 0. */
  public List<Stmt> weightedSum() {
    if (!hasBottleneck()) {
      return weightedSum(null, false);
    }
    return weightedSum("etaWork", true);
  }

  /**
   * F with the parts that read η: with {@code computeEta}, η = μ(x,θ) is evaluated once first (so the
   * reverse sweep pulls its adjoint back through μ once, eq. 34); without, η is an input.
   */
  private List<Stmt> weightedSum(String etaName, boolean computeEta) {
    Expr.Var lp = new Expr.Var(NoiseLowering.LOG_DENSITY, Type.DOUBLE);
    Expr.Var cost = new Expr.Var("cost", Type.DOUBLE);
    Expr.Var wL = new Expr.Var("wL", Type.DOUBLE);
    Expr.Var wP = new Expr.Var("wP", Type.DOUBLE);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(lp, Ir.ZERO, null));
    out.add(new Stmt.Decl(new Expr.Var(NoiseLowering.DRAW_INDEX, Type.INT), Ir.integer(0), null));
    out.add(new Stmt.Decl(cost, Ir.ZERO, null));
    Names names = names();
    Inliner inliner = new Inliner(model, diagnostics, names);
    if (etaName != null) {
      if (computeEta) {
        out.add(new Stmt.ArrayDecl(new Expr.Var(etaName, Type.DOUBLE_ARRAY), model.bottleneckDim(), null));
        out.addAll(computeEta(new Inliner(model, diagnostics, names), etaName));
      }
      inliner.withBottleneck(model.roles().bottleneck(), new Expr.Var(etaName, Type.DOUBLE_ARRAY), "x");
    }
    List<Stmt> transition = inlineTransition(inliner, names, SCRATCH);
    List<Stmt> costBody = new ArrayList<>(chargeStepCost(
        inliner.inline(model.roles().cost(), bindings(model.roles().cost(), "x", SCRATCH), cost), cost));
    costBody.addAll(chargeKl(inliner, names, cost));
    List<Stmt> replay = new NoiseLowering(distributions, NoiseLowering.Mode.REPLAY, names).lower(transition);
    out.add(new Stmt.If(Ir.cmp("!=", wP, Ir.ZERO), replay, List.of(), null));
    out.add(new Stmt.If(Ir.cmp("!=", wL, Ir.ZERO), costBody, List.of(), null));
    out.add(new Stmt.Decl(new Expr.Var("value", Type.DOUBLE), Ir.add(Ir.mul(wL, cost), Ir.mul(wP, lp)), null));
    return DeadCode.eliminate(lengthsResolved(out), Set.of("value"));
  }

  static String adjoint(String name) {
    return name.equals(ThetaResolver.THETA) ? "g" : name + "$b";
  }

  static String tangent(String name) {
    return name.equals(ThetaResolver.THETA) ? "v" : name + "$d";
  }

  /** g += ∇θ F. */
  public List<Stmt> gradient() {
    List<Stmt> f = weightedSum();
    Reverse r = new Reverse(primitives, f, Set.of(ThetaResolver.THETA), Programs::adjoint);
    return DeadCode.eliminate(r.differentiate(f, new Expr.Var("value", Type.DOUBLE)), Set.of("g"));
  }

  /** The variable {@link #jvp} leaves ∇θF·v in. */
  public static final String JVP_RESULT = tangent("value");

  /**
   * value$d = ∇θ F · v. When F does not depend smoothly on θ (θ only in comparisons or casts, or no
   * θ at all) the tangent program has no value$d, and the product is 0.
   */
  public List<Stmt> jvp() {
    List<Stmt> f = weightedSum();
    List<Stmt> out = new ArrayList<>(
        new Tangent(primitives, f, Set.of(ThetaResolver.THETA), Programs::tangent).differentiate(f));
    if (out.stream().noneMatch(s -> s instanceof Stmt.Decl d && d.var().name().equals(JVP_RESULT))) {
      out.add(new Stmt.Decl(new Expr.Var(JVP_RESULT, Type.DOUBLE), Ir.ZERO, null));
    }
    return DeadCode.eliminate(out, Set.of(JVP_RESULT));
  }

  /** gEta += ∇η F̃(x,η): the η-space gradient of Corollary 2 at a given η. */
  public List<Stmt> etaGradient() {
    List<Stmt> f = weightedSum("eta", false);
    Reverse r = new Reverse(primitives, f, Set.of("eta"), name -> name.equals("eta") ? "gEta" : adjoint(name));
    return DeadCode.eliminate(r.differentiate(f, new Expr.Var("value", Type.DOUBLE)), Set.of("gEta"));
  }

  /** g += (∂μ/∂θ)ᵀ gEta: the reverse sweep of Σₖ μₖ(x,θ)·gEta[k] (the pull-back of eq. 34). */
  public List<Stmt> pullBack() {
    Expr.Var eta = new Expr.Var("etaWork", Type.DOUBLE_ARRAY);
    Expr.Var value = new Expr.Var("value", Type.DOUBLE);
    Names names = names();
    List<Stmt> p = new ArrayList<>();
    p.add(new Stmt.ArrayDecl(eta, model.bottleneckDim(), null));
    p.addAll(computeEta(new Inliner(model, diagnostics, names), "etaWork"));
    Expr.Var k = new Expr.Var(names.fresh("k"), Type.INT);
    p.add(new Stmt.Decl(value, Ir.ZERO, null));
    p.add(new Stmt.For(k, Ir.integer(0), Ir.integer(model.bottleneckDim()), List.of(
        Ir.assign(value, Ir.add(value, Ir.mul(Ir.index(eta, k), Ir.index(new Expr.Var("gEta", Type.DOUBLE_ARRAY), k))))),
        null));
    List<Stmt> program = lengthsResolved(p);
    return DeadCode.eliminate(
        new Reverse(primitives, program, Set.of(ThetaResolver.THETA), Programs::adjoint).differentiate(program, value),
        Set.of("g"));
  }

  /** Prefix of the placeholder calls that stand for a site's Fisher quadratic form until tangents exist. */
  private static final String FISHER_MARK = "$fisher:";
  private final java.util.Set<String> noFisher = new java.util.TreeSet<>();

  /**
   * q = Σ over noise sites of ψ̇ᵀ F_site(ψ) ψ̇, where ψ are a site's parameters as functions of η
   * (with the recorded draws for earlier sites) and ψ̇ their tangent along the η-direction {@code d}.
   * So q(d) = dᵀ F_η d for the η-space Fisher block of eq. 73. Returns null when some site's
   * distribution has no Fisher information (the kernel then throws).
   */
  public List<Stmt> fisherQuadratic() {
    String transition = model.roles().transition();
    Names names = names();
    Inliner inliner = new Inliner(model, diagnostics, names)
        .withBottleneck(model.roles().bottleneck(), new Expr.Var("eta", Type.DOUBLE_ARRAY), "x");
    List<Stmt> body = inlineTransition(inliner, names, SCRATCH);
    Expr.Var q = new Expr.Var("q", Type.DOUBLE);
    Expr.Var dc = new Expr.Var(NoiseLowering.DRAW_INDEX, Type.INT);
    List<Stmt> program = new ArrayList<>();
    program.add(new Stmt.Decl(q, Ir.ZERO, null));
    program.add(new Stmt.Decl(dc, Ir.integer(0), null));
    List<Expr.Noise> sites = new ArrayList<>();
    program.addAll(markSites(body, sites, q, dc));
    List<Stmt> resolved = lengthsResolved(program);
    Tangent tangent = new Tangent(primitives, resolved, Set.of("eta"), name -> name.equals("eta") ? "d" : tangent(name));
    List<Stmt> differentiated = tangent.differentiate(resolved);
    boolean[] supported = {true};
    List<Stmt> filled = fillFisher(differentiated, sites, tangent.activity(), supported, names);
    return supported[0] ? DeadCode.eliminate(filled, Set.of("q")) : null;
  }

  private List<Stmt> markSites(List<Stmt> body, List<Expr.Noise> sites, Expr.Var q, Expr.Var dc) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.init() instanceof Expr.Noise n) {
        List<Expr> args = new ArrayList<>();
        for (Expr a : n.args()) {
          if (a instanceof Expr.Var || a instanceof Expr.Const) {
            args.add(a);
          } else {
            Expr.Var t = new Expr.Var(d.var().name() + "$arg" + args.size(), a.type());
            out.add(new Stmt.Decl(t, a, n.origin()));
            args.add(t);
          }
        }
        Expr recorded = Ir.index(new Expr.Var(NoiseLowering.DRAWS, Type.DOUBLE_ARRAY), dc);
        out.add(new Stmt.Decl(d.var(), d.var().type() == Type.INT ? new Expr.Cast(recorded, Type.INT) : recorded, d.origin()));
        out.add(Ir.assign(dc, Ir.add(dc, Ir.integer(1))));
        out.add(new Stmt.Assign(q, new Expr.Binary("+", q,
            new Expr.Call(FISHER_MARK + sites.size() + ":" + n.distribution(), args, Type.DOUBLE), Type.DOUBLE), null));
        sites.add(new Expr.Noise(n.distribution(), args, n.type(), n.origin()));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), markSites(f.thenBlock(), sites, q, dc), markSites(f.elseBlock(), sites, q, dc), f.origin()));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), markSites(f.body(), sites, q, dc), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private List<Stmt> fillFisher(List<Stmt> program, List<Expr.Noise> sites, Activity activity, boolean[] supported,
      Names names) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : program) {
      if (s instanceof Stmt.Assign a && a.value() instanceof Expr.Binary b && b.right() instanceof Expr.Call c
          && c.function().startsWith(FISHER_MARK)) {
        String[] parts = c.function().split(":");
        Expr.Noise site = sites.get(Integer.parseInt(parts[1]));
        NoiseDistribution d = distributions.get(site.distribution());
        List<Expr> tangents = new ArrayList<>();
        for (Expr arg : site.args()) {
          boolean active = arg instanceof Expr.Var v && activity.isActive(v.name());
          tangents.add(active ? new Expr.Var(tangent(((Expr.Var) arg).name()), arg.type()) : Ir.ZERO);
        }
        Scope scope = new Scope() {
          @Override
          public Expr.Var fresh(String hint, Type type) {
            Expr.Var v = new Expr.Var(names.fresh("fisher" + parts[1] + hint), type);
            out.add(new Stmt.Decl(v, null, null));
            return v;
          }

          @Override
          public Expr.Var loopIndex(String hint) {
            return new Expr.Var(names.fresh("fisher" + parts[1] + hint), Type.INT);
          }

          @Override
          public void add(Stmt statement) {
            out.add(statement);
          }
        };
        Expr quadratic = tangents.stream().allMatch(t -> Ir.isConst(t, 0)) ? Ir.ZERO
            : d.fisherQuadratic(site.args(), tangents, scope);
        if (quadratic == null) {
          noFisher.add(site.distribution());
          supported[0] = false;
          quadratic = Ir.ZERO;
        }
        out.add(new Stmt.Assign(a.target(), Ir.add(b.left(), quadratic), a.origin()));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), fillFisher(f.thenBlock(), sites, activity, supported, names),
            fillFisher(f.elseBlock(), sites, activity, supported, names), f.origin()));
      } else if (s instanceof Stmt.For f) {
        out.add(new Stmt.For(f.index(), f.from(), f.to(), fillFisher(f.body(), sites, activity, supported, names), f.origin()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Distributions met by {@link #fisherQuadratic} that provide no Fisher information. */
  public java.util.Set<String> withoutFisher() {
    return java.util.Collections.unmodifiableSet(noFisher);
  }

  /** ℓ_k(θ; records) of the data cost block {@code method} into {@code cost} (section 5.1). */
  public List<Stmt> dataCost(String method) {
    Expr.Var r = new Expr.Var("cost", Type.DOUBLE);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Decl(r, Ir.ZERO, null));
    out.addAll(inlined(names(), method, "next", r));
    return lengthsResolved(out);
  }

  /** value = w · ℓ_k(θ; records). */
  private List<Stmt> weightedDataCost(String method) {
    List<Stmt> out = new ArrayList<>(dataCost(method));
    out.add(new Stmt.Decl(new Expr.Var("value", Type.DOUBLE),
        Ir.mul(new Expr.Var("w", Type.DOUBLE), new Expr.Var("cost", Type.DOUBLE)), null));
    return DeadCode.eliminate(out, Set.of("value"));
  }

  /** g += w · ∇θ ℓ_k. */
  public List<Stmt> dataCostGradient(String method) {
    List<Stmt> f = weightedDataCost(method);
    Reverse r = new Reverse(primitives, f, Set.of(ThetaResolver.THETA), Programs::adjoint);
    return DeadCode.eliminate(r.differentiate(f, new Expr.Var("value", Type.DOUBLE)), Set.of("g"));
  }

  /** out += w · ∇²θ ℓ_k · v. */
  public List<Stmt> dataCostHvp(String method) {
    return hvpOf(dataCostGradient(method));
  }

  /** out += ∇²θ F · v, as the tangent of the gradient program (g redirected to a scratch array). */
  public List<Stmt> hvp() {
    return hvpOf(gradient());
  }

  private List<Stmt> hvpOf(List<Stmt> gradient) {
    List<Stmt> grad = org.dsojava.processor.ir.Walk.mapStmts(gradient, e ->
        e instanceof Expr.Var v && v.name().equals("g") ? new Expr.Var(G_SCRATCH, v.type()) : e);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Fill(new Expr.Var(G_SCRATCH, Type.DOUBLE_ARRAY), model.paramCount()));
    out.addAll(new Tangent(primitives, grad, Set.of(ThetaResolver.THETA),
        name -> name.equals(G_SCRATCH) ? "out" : tangent(name)).differentiate(grad));
    // The gradient's own value (gScratch, and its zero fill) is not read by its tangent.
    return DeadCode.eliminate(out, Set.of("out"));
  }
}
