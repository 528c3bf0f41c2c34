package org.dsojava.samples.brainbody;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.optim.DsoOptimizer;
import org.dsojava.runtime.optim.Evaluation;
import org.dsojava.runtime.optim.ProximalChainOptimization;
import org.dsojava.runtime.optim.Result;
import org.dsojava.runtime.optim.StepRule;
import org.dsojava.runtime.optim.StopRule;

/** Experiment driver (temporary). */
public final class BrainBodyMain {
  private BrainBodyMain() {}

  static String arg(String[] args, String key, String dflt) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return dflt;
  }

  static DsoOptimizer optimizer(String policy) {
    return switch (policy) {
      case "recurrent" -> RecurrentCartPoleDso.optimizer();
      case "linear" -> StaticLinearCartPoleDso.optimizer();
      case "mlp" -> StaticMlpCartPoleDso.optimizer();
      default -> throw new IllegalArgumentException(policy);
    };
  }

  static ChainKernel kernel(String policy) {
    return switch (policy) {
      case "recurrent" -> RecurrentCartPoleDso.kernel();
      case "linear" -> StaticLinearCartPoleDso.kernel();
      case "mlp" -> StaticMlpCartPoleDso.kernel();
      default -> throw new IllegalArgumentException(policy);
    };
  }

  static double[] theta0(String policy, long seed) {
    return switch (policy) {
      case "recurrent" -> RecurrentCartPoleDso.initialParams(seed);
      case "linear" -> StaticLinearCartPoleDso.initialParams(seed);
      case "mlp" -> StaticMlpCartPoleDso.initialParams(seed);
      default -> throw new IllegalArgumentException(policy);
    };
  }

  public static void main(String[] args) throws IOException {
    String[] policies = arg(args, "policy", "recurrent").split(",");
    String[] seeds = arg(args, "seeds", "101").split(",");
    String method = arg(args, "method", "adam");
    int batch = Integer.parseInt(arg(args, "batch", "10"));
    double rate = Double.parseDouble(arg(args, "rate", "0.05"));
    long budget = Long.parseLong(arg(args, "budget", "200000"));
    double lambda = Double.parseDouble(arg(args, "lambda", "1.0"));
    double clip = Double.parseDouble(arg(args, "clip", "0.2"));
    double kl = Double.parseDouble(arg(args, "kl", "0.05"));
    int epochs = Integer.parseInt(arg(args, "epochs", "4"));
    int mb = Integer.parseInt(arg(args, "mb", "2"));
    boolean verbose = Boolean.parseBoolean(arg(args, "verbose", "false"));
    for (String policy : policies) {
      List<String> lines = new ArrayList<>();
      for (String s : seeds) {
        long seed = Long.parseLong(s);
        DsoOptimizer o = optimizer(policy).seed(seed).batch(batch).threads(1).maxEnvSteps(budget)
            .iterations(1_000_000).initialTheta(theta0(policy, seed)).progress(verbose ? System.out : null)
            .tdLambda(lambda).antithetic(Boolean.parseBoolean(arg(args, "anti", "false")))
            .stopWhen(screened(policy, seed + 1000));
        if (Boolean.parseBoolean(arg(args, "freeze", "false")) && policy.equals("recurrent")) {
          double[] t0 = theta0(policy, seed);
          double[] lo = new double[t0.length];
          double[] hi = new double[t0.length];
          int nNet = RecurrentCartPole.UNITS * (RecurrentCartPole.UNITS + RecurrentCartPole.OBS + 1);
          for (int i = 0; i < t0.length; i++) {
            lo[i] = i < nNet ? t0[i] : -1e9;
            hi[i] = i < nNet ? t0[i] : 1e9;
          }
          o.bounds(lo, hi);
        }
        if (method.equals("ci")) {
          o.chainIteration(org.dsojava.runtime.optim.ChainIteration.Settings.defaults()
              .withRadius(Double.parseDouble(arg(args, "radius", "0.5")))
              .withRadiusGrowth(Double.parseDouble(arg(args, "growth", "0")))
              .withNewtonSteps(Integer.parseInt(arg(args, "newton", "2")))
              .withCgIterations(Integer.parseInt(arg(args, "cg", "30"))));
        } else if (method.equals("ng")) {
          o.naturalGradient(org.dsojava.runtime.optim.NaturalGradient.Settings.defaults()
              .withKlStep(Double.parseDouble(arg(args, "kl", "0.01")))
              .withDamping(Double.parseDouble(arg(args, "damping", "1e-3")))
              .withCgIterations(Integer.parseInt(arg(args, "cg", "20"))));
        } else if (method.equals("pco")) {
          o.pco(new ProximalChainOptimization.Settings(clip, epochs, mb, kl, StepRule.adam(rate)));
        } else {
          double netScale = Double.parseDouble(arg(args, "netscale", "1"));
          StepRule adam = StepRule.adam(rate);
          int nNet = policy.equals("recurrent") ? RecurrentCartPole.UNITS * (RecurrentCartPole.UNITS + RecurrentCartPole.OBS + 1) : 0;
          o.stepRule((theta, g, k) -> {
            double[] before = theta.clone();
            adam.step(theta, g, k);
            for (int i = 0; i < nNet; i++) {
              theta[i] = before[i] + netScale * (theta[i] - before[i]);
            }
          });
        }
        Result r = o.run();
        Evaluation e = Evaluation.run(kernel(policy), r.theta(), 100, true, seed + 7000, 0);
        String line = String.format(Locale.ROOT, "%s seed %d: %d env steps, %.1f s, %d iterations, last batch %.1f, fresh %.1f%n",
            policy, seed, r.envSteps(), r.seconds(), r.curve().size(), -r.curve().get(r.curve().size() - 1).meanCost(),
            e.meanReturn());
        System.out.print(line);
      }
    }
  }

  static StopRule screened(String policy, long seed) {
    ChainKernel k = kernel(policy);
    return new StopRule() {
      private long used;

      @Override
      public boolean done(double[] theta, int iteration) {
        Evaluation screen = Evaluation.run(k, theta, 3, true, seed + 500, 0);
        used += Math.round(screen.meanLength() * screen.episodes());
        if (screen.meanReturn() < 475) {
          return false;
        }
        Evaluation e = Evaluation.run(k, theta, 100, true, seed, 0);
        used += Math.round(e.meanLength() * e.episodes());
        return e.meanReturn() >= 475;
      }

      @Override
      public long evaluationSteps() {
        return used;
      }
    };
  }
}
