package org.dsojava.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.annotations.Noise;
import org.dsojava.runtime.Rng;

/** {@link Noise} implementations that run a model class's own Java code next to its kernel. */
final class FuzzNoises {
  private FuzzNoises() {}

  /** Thrown when the model's code and the kernel's recorded draws disagree in number or kind. */
  static final class ReplayMismatch extends RuntimeException {
    ReplayMismatch(String message) {
      super(message);
    }
  }

  /**
   * Returns the draws a kernel's {@code sample} recorded, in order, and remembers each site's
   * distribution and parameters so that ln P can be computed from them.
   */
  static final class Replay implements Noise {
    private static final double HALF_LOG_2PI = 0.9189385332046727;
    private final double[] draws;
    private final int limit;
    int count;
    final List<String> kinds = new ArrayList<>();
    final List<double[]> args = new ArrayList<>();

    Replay(double[] draws, int limit) {
      this.draws = draws;
      this.limit = limit;
    }

    private double next(String kind, double... a) {
      if (count >= limit) {
        throw new ReplayMismatch("the model's code draws more than the kernel's drawCount() = " + limit
            + " (site " + (count + 1) + ", " + kind + ")");
      }
      kinds.add(kind);
      args.add(a);
      return draws[count++];
    }

    private int category(String kind, double v, int n) {
      if (v != Math.rint(v) || v < 0 || v >= n) {
        throw new ReplayMismatch("draw " + (count - 1) + " = " + v + " replayed into a " + kind
            + " site with " + n + " outcomes");
      }
      return (int) v;
    }

    @Override
    public double gaussian(double mean, double std) {
      return next("gaussian", mean, std);
    }

    @Override
    public double uniform(double lo, double hi) {
      return next("uniform", lo, hi);
    }

    @Override
    public int categorical(double[] probs) {
      return category("categorical", next("categorical", probs.clone()), probs.length);
    }

    @Override
    public int categoricalLogits(double[] logits) {
      return category("categoricalLogits", next("categoricalLogits", logits.clone()), logits.length);
    }

    @Override
    public int bernoulliLogit(double logit) {
      return category("bernoulliLogit", next("bernoulliLogit", logit), 2);
    }

    @Override
    public double draw(String name, double a) {
      throw new ReplayMismatch("noise.draw is not generated");
    }

    @Override
    public double draw(String name, double a, double b) {
      throw new ReplayMismatch("noise.draw is not generated");
    }

    @Override
    public double draw(String name, double a, double b, double c) {
      throw new ReplayMismatch("noise.draw is not generated");
    }

    /** {ln P, Σ|terms|} of the replayed sites. */
    double[] logDensity() {
      double sum = 0;
      double abs = 0;
      for (int i = 0; i < count; i++) {
        double v = draws[i];
        double[] a = args.get(i);
        double term = switch (kinds.get(i)) {
          case "gaussian" -> {
            double z = (v - a[0]) / a[1];
            yield -0.5 * z * z - Math.log(a[1]) - HALF_LOG_2PI;
          }
          case "uniform" -> v >= a[0] && v <= a[1] ? -Math.log(a[1] - a[0]) : Double.NEGATIVE_INFINITY;
          case "bernoulliLogit" -> {
            double z = (1 - 2 * v) * a[0];
            yield -(Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
          }
          case "categoricalLogits" -> {
            double max = a[0];
            for (double l : a) {
              max = Math.max(max, l);
            }
            double s = 0;
            for (double l : a) {
              s += Math.exp(l - max);
            }
            yield a[(int) v] - max - Math.log(s);
          }
          case "categorical" -> Math.log(a[(int) v]);
          default -> throw new AssertionError(kinds.get(i));
        };
        sum += term;
        abs += Math.abs(term);
      }
      return new double[] {sum, abs};
    }
  }

  /** Every site at its mean (the mean step f(x,θ) of eq. 59): the most likely category for discrete sites. */
  static final class Mean implements Noise {
    @Override
    public double gaussian(double mean, double std) {
      return mean;
    }

    @Override
    public double uniform(double lo, double hi) {
      return 0.5 * (lo + hi);
    }

    @Override
    public int categorical(double[] probs) {
      return Rng.argmax(probs);
    }

    @Override
    public int categoricalLogits(double[] logits) {
      return Rng.argmax(logits);
    }

    @Override
    public int bernoulliLogit(double logit) {
      return logit >= 0 ? 1 : 0;
    }

    @Override
    public double draw(String name, double a) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double draw(String name, double a, double b) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double draw(String name, double a, double b, double c) {
      throw new UnsupportedOperationException();
    }
  }

  /** Draws from an {@link Rng} exactly as generated code does, so the same stream gives the same values. */
  static final class FromRng implements Noise {
    private final Rng rng;

    FromRng(Rng rng) {
      this.rng = rng;
    }

    @Override
    public double gaussian(double mean, double std) {
      return rng.gaussian(mean, std);
    }

    @Override
    public double uniform(double lo, double hi) {
      return rng.uniform(lo, hi);
    }

    @Override
    public int categorical(double[] probs) {
      return rng.categorical(probs);
    }

    @Override
    public int categoricalLogits(double[] logits) {
      return rng.categoricalLogits(logits);
    }

    @Override
    public int bernoulliLogit(double logit) {
      return rng.bernoulliLogit(logit);
    }

    @Override
    public double draw(String name, double a) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double draw(String name, double a, double b) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double draw(String name, double a, double b, double c) {
      throw new UnsupportedOperationException();
    }
  }
}
