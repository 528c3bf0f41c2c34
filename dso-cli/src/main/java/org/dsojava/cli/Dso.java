package org.dsojava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.dsojava.compiler.CompiledModel;
import org.dsojava.compiler.DsoModels;
import org.dsojava.compiler.ModelCompilationException;
import org.dsojava.plots.Plots;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.KernelVerifier;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.KernelFactory;
import org.dsojava.runtime.optim.Policy;
import org.dsojava.runtime.optim.Result;
import org.dsojava.samples.CartPoleLinearDso;
import org.dsojava.samples.LqrDso;
import org.dsojava.samples.PendulumMlpDso;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code dso} command line: {@code samples}, {@code run}, {@code optimize}, {@code resume}, {@code eval},
 * {@code check}. Exit codes: 0 success, 1 a run that failed its check (e.g. derivatives off), 2 bad input
 * (usage, a model that does not compile, a missing run directory).
 */
@Command(name = "dso", mixinStandardHelpOptions = true, version = "dso-java 0.1.0",
    description = "Dynamical System Optimization: compile and optimize models, run samples.",
    subcommands = {Dso.Samples.class, Dso.Run.class, Dso.Optimize.class, Dso.Resume.class, Dso.Eval.class,
        Dso.Check.class})
public final class Dso implements Callable<Integer> {
  /** Exit code of bad input. */
  static final int BAD_INPUT = 2;

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its exception handlers (messages, not stack traces, for bad input). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Dso());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      if (e instanceof ModelCompilationException m) {
        m.problems().forEach(p -> err.println(p));
        err.println(m.problems().size() + " error(s)");
        return BAD_INPUT;
      }
      if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof IllegalStateException) {
        err.println("dso " + cmd.getCommandName() + ": " + e.getMessage());
        return BAD_INPUT;
      }
      throw e;
    });
    return cl;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return BAD_INPUT;
  }

  /** The samples {@code dso run} knows. */
  static final Map<String, String> SAMPLES = samples();

  private static Map<String, String> samples() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cartpole", "Gymnasium CartPole-v1, linear policy, Algorithm 1 + Adam until 475 (the README's main job)");
    m.put("pendulum", "Gymnasium Pendulum-v1, MLP policy, Algorithm 1 + Adam (use PendulumMain for the tuned PCO run)");
    m.put("lqr", "a 2-state LQR, linear policy, Algorithm 1 + Adam");
    return m;
  }

  @Command(name = "samples", mixinStandardHelpOptions = true, description = "List the samples dso run knows.")
  static final class Samples implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      SAMPLES.forEach((k, v) -> spec.commandLine().getOut().printf(Locale.ROOT, "%-10s %s%n", k, v));
      return 0;
    }
  }

  /** Options shared by the optimizing commands. */
  static final class Budget {
    @Option(names = "--iterations", description = "iterations (default ${DEFAULT-VALUE})", defaultValue = "100")
    int iterations;

    @Option(names = "--batch", description = "rollouts per iteration (default ${DEFAULT-VALUE})", defaultValue = "16")
    int batch;

    @Option(names = "--rate", description = "Adam's or SGD's learning rate (default ${DEFAULT-VALUE})", defaultValue = "0.05")
    double rate;

    @Option(names = "--method", description = "adam, sgd, ng (natural gradient), pco or ci (Chain Iteration), with"
        + " their default settings (default ${DEFAULT-VALUE})", defaultValue = "adam")
    String method;

    @Option(names = "--budget-steps", description = "stop after this many environment steps (default: none)",
        defaultValue = "0")
    long budgetSteps;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--threads", description = "threads (default: all cores)", defaultValue = "0")
    int threads;

    @Option(names = "--lockstep", description = "K rollouts per thread side by side through the model's lockstep"
        + " kernel, θ bit for bit the same (0: one at a time, the default; pays for MLP policies with long"
        + " episodes and K >= 32, the launcher then adds --add-modules jdk.incubator.vector)", defaultValue = "0")
    int lockstep;

    @Option(names = "--out", description = "run directory for curve, plot, checkpoint and policy (default ${DEFAULT-VALUE})",
        defaultValue = "runs/latest")
    Path out;
  }

  /** The recorded data set 𝒟 of a model with {@code @Recorded} fields or {@code @DataCost} blocks (section 5.1). */
  static final class DataOptions {
    @Option(names = "--data", description = "a CSV data set 𝒟 for a model that reads recorded data (@Recorded"
        + " fields in its chain, or @DataCost blocks); copied into the run directory")
    Path data;

    @Option(names = "--data-cost", paramLabel = "NAME=WEIGHT[/TRAJ]", description = "add WEIGHT·L_NAME, the"
        + " model's @DataCost block NAME, summed over 𝒟 (or over a minibatch of TRAJ trajectories per iteration);"
        + " repeatable (default with --data: every block at weight 1)")
    Map<String, String> dataCosts = new LinkedHashMap<>();

    @Option(names = "--rollout-weight", description = "the weight w_R of the chain objective J (0: a pure data"
        + " objective, no rollouts; default ${DEFAULT-VALUE})", defaultValue = "1")
    double rolloutWeight = 1;
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a sample end to end: optimize, plot, evaluate.")
  static final class Run implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the sample: ${COMPLETION-CANDIDATES}")
    String sample;

    @CommandLine.Mixin Budget budget;

    @Override
    public Integer call() throws IOException {
      KernelFactory factory = switch (sample) {
        case "cartpole" -> CartPoleLinearDso.factory();
        case "pendulum" -> PendulumMlpDso.factory();
        case "lqr" -> LqrDso.factory();
        default -> throw new IllegalArgumentException("no sample " + sample + "; dso samples lists them");
      };
      return optimizeAndReport(spec, factory, budget, null, null);
    }
  }

  @Command(name = "optimize", mixinStandardHelpOptions = true, description = "Compile a model file at run time and optimize it.")
  static final class Optimize implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the model's .java file")
    Path model;

    @Option(names = "-D", description = "a static final constant of the model, NAME=value (e.g. -DH=128)")
    Map<String, String> constants = new LinkedHashMap<>();

    @CommandLine.Mixin Budget budget;

    @CommandLine.Mixin DataOptions dataOptions;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException("no model file " + model);
      }
      String source = Files.readString(model);
      CompiledModel m = DsoModels.compile(source, parse(constants));
      if (dataOptions.data == null && !dataOptions.dataCosts.isEmpty()) {
        throw new IllegalArgumentException("--data-cost needs --data, the data set the blocks sum over");
      }
      Files.createDirectories(budget.out);
      RunData runData = null;
      if (dataOptions.data != null) {
        // The run reads the run directory's copy, so resume and eval see the same data set under the same name.
        Path copy = budget.out.resolve(RunData.FILE);
        if (!Files.isRegularFile(dataOptions.data)) {
          throw new IllegalArgumentException("no data file " + dataOptions.data);
        }
        if (!Files.exists(copy) || !Files.isSameFile(dataOptions.data, copy)) {
          Files.copy(dataOptions.data, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        runData = RunData.of(m.kernel(), copy, dataOptions.dataCosts, dataOptions.rolloutWeight);
      }
      Files.writeString(budget.out.resolve("Model.java"), source);
      Properties p = new Properties();
      if (runData != null) {
        runData.store(p);
      }
      constants.forEach((k, v) -> p.setProperty("constant." + k, v));
      p.setProperty("iterations", Integer.toString(budget.iterations));
      p.setProperty("batch", Integer.toString(budget.batch));
      p.setProperty("rate", Double.toString(budget.rate));
      p.setProperty("seed", Long.toString(budget.seed));
      p.setProperty("threads", Integer.toString(budget.threads));
      p.setProperty("lockstep", Integer.toString(budget.lockstep));
      p.setProperty("method", budget.method);
      p.setProperty("budgetSteps", Long.toString(budget.budgetSteps));
      try (var w = Files.newBufferedWriter(budget.out.resolve("run.properties"))) {
        p.store(w, "dso optimize " + model);
      }
      return optimizeAndReport(spec, m.factory(), budget, runData, null);
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue a run of dso optimize from its checkpoint.")
  static final class Resume implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the run directory")
    Path run;

    @Option(names = "--iterations", description = "the total iterations to reach (default: the run's)")
    Integer iterations;

    @Override
    public Integer call() throws IOException {
      RunDir dir = RunDir.open(run);
      Budget b = dir.budget();
      if (iterations != null) {
        b.iterations = iterations;
      }
      return optimizeAndReport(spec, dir.model().factory(), b, dir.data(), run.resolve("checkpoint.txt"));
    }
  }

  @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a run's policy on fresh episodes.")
  static final class Eval implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the run directory")
    Path run;

    @Option(names = "--episodes", defaultValue = "100", description = "episodes (default ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--stochastic", description = "the stochastic policy (default: the deterministic one)")
    boolean stochastic;

    @Option(names = "--seed", defaultValue = "7000", description = "evaluation seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
      RunDir dir = RunDir.open(run);
      ChainKernel k = dir.model().kernel();
      Policy policy = Policy.load(run.resolve("policy.txt"), k);
      RunData data = dir.data();
      PrintWriter out = spec.commandLine().getOut();
      if (data != null) {
        data.report(k, policy.theta(), out);
      }
      if (data != null && k.chainReadsRecords()) {
        out.println("on the " + data.set().trajectories() + " recorded trajectories: "
            + Evaluation.onTrajectories(k, policy.theta(), data.set(), !stochastic, seed, 0));
      } else if (data == null || data.rolloutWeight() != 0) {
        out.println(Evaluation.run(k, policy.theta(), episodes, !stochastic, seed, 0));
      }
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Compile a model file and check its derivatives by finite differences.")
  static final class Check implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the model's .java file")
    Path model;

    @Option(names = "--points", defaultValue = "20", description = "test points (default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "relative tolerance (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--data", description = "a CSV data set for a model that reads recorded data (@Recorded)")
    Path data;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException("no model file " + model);
      }
      CompiledModel m = DsoModels.compile(Files.readString(model));
      ChainKernel kernel = m.kernel();
      if (data != null) {
        kernel.bind(readData(data, kernel));
      }
      KernelVerifier.Report report = KernelVerifier.verify(kernel, 1L, points,
          KernelVerifier.Options.defaults().withThetaScale(0.3).withRelFloor(1e-5));
      spec.commandLine().getOut().println(report);
      boolean ok = report.passes(tolerance);
      spec.commandLine().getOut().println(ok ? "derivatives agree with finite differences within " + tolerance
          : "derivatives DISAGREE with finite differences beyond " + tolerance);
      return ok ? 0 : 1;
    }
  }

  /** A CSV data set with the fields the model reads (other columns ignored). */
  static org.dsojava.runtime.data.DataSet readData(Path csv, ChainKernel k) throws IOException {
    if (k.recordSchema() == null) {
      throw new IllegalArgumentException(k.modelName() + " reads no recorded data; drop --data");
    }
    return org.dsojava.runtime.data.DataSets.readCsv(csv, k.recordSchema(),
        org.dsojava.runtime.data.DataSets.ExtraColumns.IGNORE);
  }

  static Map<String, Object> parse(Map<String, String> constants) {
    Map<String, Object> out = new LinkedHashMap<>();
    constants.forEach((k, v) -> {
      if (v.equals("true") || v.equals("false")) {
        out.put(k, Boolean.parseBoolean(v));
      } else if (v.matches("-?\\d+")) {
        out.put(k, Integer.parseInt(v));
      } else {
        try {
          out.put(k, Double.parseDouble(v));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("-D" + k + "=" + v + ": not a number or boolean");
        }
      }
    });
    return out;
  }

  /**
   * Optimizes with the chosen method, checkpointing every iteration, and writes the run directory:
   * curve.csv, curve.png, checkpoint.txt, policy.txt; prints the evaluation of the deterministic policy.
   */
  static int optimizeAndReport(CommandLine.Model.CommandSpec spec, KernelFactory factory, Budget b, RunData data,
      Path resume) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(b.out);
    DsoOptimizer o = DsoOptimizer.of(factory).batch(b.batch).seed(b.seed).iterations(b.iterations)
        .checkpoint(b.out.resolve("checkpoint.txt"), 1).learningCurve(b.out.resolve("curve.csv"));
    if (data != null) {
      data.configure(o);
    }
    switch (b.method) {
      case "adam" -> o.adam(b.rate);
      case "sgd" -> o.sgd(b.rate);
      case "ng" -> o.naturalGradient();
      case "pco" -> o.pco();
      case "ci" -> o.chainIteration();
      default -> throw new IllegalArgumentException("--method " + b.method + ": use adam, sgd, ng, pco or ci");
    }
    if (b.budgetSteps > 0) {
      o.maxEnvSteps(b.budgetSteps);
    }
    if (b.threads > 0) {
      o.threads(b.threads);
    }
    o.lockstep(b.lockstep);
    if (resume != null) {
      o.resume(resume);
    }
    Result r = o.run();
    ChainKernel k = factory.create();
    Policy.save(b.out.resolve("policy.txt"), k, r.theta());
    Plots.learningCurve(r, b.out.resolve("curve.png"), k.modelName() + ", " + b.method + " (seed " + b.seed + ")");
    out.printf(Locale.ROOT, "%s: %d iterations, %d env steps, %.1f s; run directory %s%n", k.modelName(),
        r.curve().size(), r.envSteps(), r.seconds(), b.out);
    if (data != null) {
      data.report(k, r.theta(), out);
    }
    if (data != null && k.chainReadsRecords()) {
      out.println("deterministic policy on the " + data.set().trajectories() + " recorded trajectories: "
          + Evaluation.onTrajectories(k, r.theta(), data.set(), true, b.seed + 7000, 0));
    } else if (data == null || data.rolloutWeight() != 0) {
      out.println("deterministic policy, 100 fresh episodes: " + Evaluation.run(k, r.theta(), 100, true,
          b.seed + 7000, 0));
    }
    return 0;
  }

  /** A run directory of dso optimize: the model source, its settings, checkpoint and policy. */
  record RunDir(Path dir, CompiledModel model, Properties settings) {
    static RunDir open(Path dir) throws IOException {
      Path source = dir.resolve("Model.java");
      Path props = dir.resolve("run.properties");
      if (!Files.isRegularFile(source) || !Files.isRegularFile(props)) {
        throw new IllegalArgumentException(dir + " is not a run directory of dso optimize (no Model.java and"
            + " run.properties)");
      }
      Properties p = new Properties();
      try (var r = Files.newBufferedReader(props)) {
        p.load(r);
      }
      Map<String, String> constants = new LinkedHashMap<>();
      for (String name : p.stringPropertyNames()) {
        if (name.startsWith("constant.")) {
          constants.put(name.substring("constant.".length()), p.getProperty(name));
        }
      }
      return new RunDir(dir, DsoModels.compile(Files.readString(source), parse(constants)), p);
    }

    /** The run's data set and blocks, or null when it has none. */
    RunData data() throws IOException {
      return RunData.load(dir, settings, model.kernel());
    }

    Budget budget() {
      Budget b = new Budget();
      b.iterations = Integer.parseInt(settings.getProperty("iterations"));
      b.batch = Integer.parseInt(settings.getProperty("batch"));
      b.rate = Double.parseDouble(settings.getProperty("rate"));
      b.seed = Long.parseLong(settings.getProperty("seed"));
      b.threads = Integer.parseInt(settings.getProperty("threads"));
      b.lockstep = Integer.parseInt(settings.getProperty("lockstep", "0"));
      b.method = settings.getProperty("method", "adam");
      b.budgetSteps = Long.parseLong(settings.getProperty("budgetSteps", "0"));
      b.out = dir;
      return b;
    }
  }

  static List<String> sampleNames() {
    return List.copyOf(SAMPLES.keySet());
  }
}
