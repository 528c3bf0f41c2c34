package org.dsojava.samples;

import java.util.SplittableRandom;
import org.dsojava.annotations.Noise;

/**
 * A plain-Java {@link Noise} for running a model class directly (no generated code): draws from a seeded
 * stream and records the drawn values in call order (a categorical site records its index), the layout of
 * the kernel's {@code draws} buffer.
 */
final class RecordingNoise implements Noise {
  private final SplittableRandom rng;
  final double[] draws = new double[16];
  int count;

  RecordingNoise(long seed) {
    rng = new SplittableRandom(seed);
  }

  void clear() {
    count = 0;
  }

  private double record(double v) {
    draws[count++] = v;
    return v;
  }

  @Override
  public double gaussian(double mean, double std) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return record(mean + std * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
  }

  @Override
  public double uniform(double lo, double hi) {
    return record(lo + (hi - lo) * rng.nextDouble());
  }

  @Override
  public int categorical(double[] probs) {
    double u = rng.nextDouble();
    int k = 0;
    double acc = probs[0];
    while (u >= acc && k < probs.length - 1) {
      k++;
      acc += probs[k];
    }
    record(k);
    return k;
  }

  @Override
  public int categoricalLogits(double[] logits) {
    double m = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      m = Math.max(m, l);
    }
    double[] p = new double[logits.length];
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(logits[k] - m);
      s += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= s;
    }
    return categorical(p);
  }

  @Override
  public int bernoulliLogit(double logit) {
    int a = rng.nextDouble() < 1.0 / (1.0 + Math.exp(-logit)) ? 1 : 0;
    record(a);
    return a;
  }

  @Override
  public double draw(String name, double a) {
    throw new UnsupportedOperationException(name);
  }

  @Override
  public double draw(String name, double a, double b) {
    throw new UnsupportedOperationException(name);
  }

  @Override
  public double draw(String name, double a, double b, double c) {
    throw new UnsupportedOperationException(name);
  }
}
