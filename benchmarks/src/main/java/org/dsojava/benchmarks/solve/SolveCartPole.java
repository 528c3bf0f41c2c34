package org.dsojava.benchmarks.solve;

/**
 * One CartPole-v1 time-to-solve run, as its own process: prints one machine-readable line (see
 * {@link CartPoleSolver}). Arguments: {@code seed [key=value...]}; the defaults are the configuration
 * chosen in docs/benchmarks-solve.md when no {@code method} is given.
 */
public final class SolveCartPole {
  private SolveCartPole() {}

  /** The configuration chosen for the evaluation line (Chain Iteration). */
  public static final String[] EVALUATION_CONFIG = {"method=ci", "batch=5", "kappa=1", "radius=0.25", "newton=2",
      "cg=20"};

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    var overrides = CartPoleSolver.parse(args.length > 1 ? args : prepend(args[0], EVALUATION_CONFIG), 1);
    CartPoleSolver solver = new CartPoleSolver(overrides);
    CartPoleSolver.Outcome o = solver.run(seed);
    System.out.println(CartPoleSolver.line("cartpole", seed, o) + " config=" + solver.describe().replace(' ', ','));
  }

  private static String[] prepend(String first, String[] rest) {
    String[] a = new String[rest.length + 1];
    a[0] = first;
    System.arraycopy(rest, 0, a, 1, rest.length);
    return a;
  }
}
