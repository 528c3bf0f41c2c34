package org.dsojava.runtime.optim;

import org.dsojava.runtime.Fdlibm;
import org.dsojava.runtime.Rng;

/**
 * V̂(x, t) = a small MLP (one tanh hidden layer) of the features φ(x, t), refitted on each batch by a
 * few epochs of Adam on the squared error to the targets (section 4.1). Inputs and targets are
 * standardized with the batch's statistics. Deterministic: initialization and minibatch order come
 * from a fixed seed. tanh is {@link Fdlibm#tanh}: bit for bit JDK 17's {@code Math.tanh} (which is
 * {@code StrictMath.tanh}, a JNI call), but inlinable, and the same on every JDK.
 */
public final class MlpBaseline implements ValueBaseline, Checkpointable {
  private final Features features;
  private final int inputs;
  private final int hidden;
  private final int epochs;
  private final int minibatch;
  private final double rate;
  private final Rng rng;
  /** w1[h * inputs + i], b1[h], w2[h], b2; plus standardization. */
  private volatile Params params;
  private final ThreadLocal<double[]> buffer;

  private record Params(double[] w1, double[] b1, double[] w2, double b2, double[] mean, double[] scale,
      double targetMean, double targetScale) {}

  public MlpBaseline(Features features, int hidden, int epochs, int minibatch, double rate, long seed) {
    if (hidden < 1 || epochs < 1 || minibatch < 1 || !(rate > 0)) {
      throw new IllegalArgumentException("MLP baseline needs hidden, epochs, minibatch >= 1 and rate > 0; got "
          + hidden + ", " + epochs + ", " + minibatch + ", " + rate);
    }
    this.features = features;
    this.inputs = features.size();
    this.hidden = hidden;
    this.epochs = epochs;
    this.minibatch = minibatch;
    this.rate = rate;
    this.rng = new Rng(seed, 0x6D6C70L);
    double[] w1 = new double[hidden * inputs];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = rng.gaussian() / Math.sqrt(inputs);
    }
    double[] ones = new double[inputs];
    java.util.Arrays.fill(ones, 1.0);
    this.params = new Params(w1, new double[hidden], new double[hidden], 0, new double[inputs], ones, 0, 1);
    this.buffer = ThreadLocal.withInitial(() -> new double[inputs + hidden]);
  }

  @Override
  public double value(double[] x, int t) {
    double[] work = buffer.get();
    features.compute(x, t, work);
    Params p = params;
    for (int i = 0; i < inputs; i++) {
      work[i] = (work[i] - p.mean[i]) * p.scale[i];
    }
    double out = p.b2;
    for (int h = 0; h < hidden; h++) {
      double a = p.b1[h];
      for (int i = 0; i < inputs; i++) {
        a += p.w1[h * inputs + i] * work[i];
      }
      out += p.w2[h] * Fdlibm.tanh(a);
    }
    return p.targetMean + out / p.targetScale;
  }

  @Override
  public void fit(double[][] states, int[] steps, double[] targets, int count) {
    if (count < 2) {
      return;
    }
    double[][] phi = new double[count][inputs];
    double[] mean = new double[inputs];
    double[] scale = new double[inputs];
    for (int s = 0; s < count; s++) {
      features.compute(states[s], steps[s], phi[s]);
      for (int i = 0; i < inputs; i++) {
        mean[i] += phi[s][i];
      }
    }
    for (int i = 0; i < inputs; i++) {
      mean[i] /= count;
    }
    for (int s = 0; s < count; s++) {
      for (int i = 0; i < inputs; i++) {
        double d = phi[s][i] - mean[i];
        scale[i] += d * d;
      }
    }
    for (int i = 0; i < inputs; i++) {
      double sd = Math.sqrt(scale[i] / count);
      scale[i] = sd > 1e-12 ? 1 / sd : 1;
    }
    double tMean = 0;
    for (int s = 0; s < count; s++) {
      tMean += targets[s];
    }
    tMean /= count;
    double tVar = 0;
    for (int s = 0; s < count; s++) {
      tVar += (targets[s] - tMean) * (targets[s] - tMean);
    }
    double tSd = Math.sqrt(tVar / count);
    double tScale = tSd > 1e-12 ? 1 / tSd : 1;
    for (int s = 0; s < count; s++) {
      for (int i = 0; i < inputs; i++) {
        phi[s][i] = (phi[s][i] - mean[i]) * scale[i];
      }
    }
    Params old = params;
    double[] w1 = old.w1.clone();
    double[] b1 = old.b1.clone();
    double[] w2 = old.w2.clone();
    double[] b2 = {0};
    int n = w1.length + b1.length + w2.length + 1;
    double[] m = new double[n];
    double[] v = new double[n];
    double[] grad = new double[n];
    double[] act = new double[hidden];
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    int step = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = count - 1; i > 0; i--) {
        int j = (int) (rng.uniform() * (i + 1));
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (int start = 0; start < count; start += minibatch) {
        int end = Math.min(count, start + minibatch);
        java.util.Arrays.fill(grad, 0);
        for (int q = start; q < end; q++) {
          int s = order[q];
          double out = b2[0];
          for (int h = 0; h < hidden; h++) {
            double a = b1[h];
            for (int i = 0; i < inputs; i++) {
              a += w1[h * inputs + i] * phi[s][i];
            }
            act[h] = Fdlibm.tanh(a);
            out += w2[h] * act[h];
          }
          double err = (out - (targets[s] - tMean) * tScale) / (end - start);
          int o = 0;
          for (int h = 0; h < hidden; h++) {
            double da = err * w2[h] * (1 - act[h] * act[h]);
            for (int i = 0; i < inputs; i++) {
              grad[o++] += da * phi[s][i];
            }
          }
          for (int h = 0; h < hidden; h++) {
            grad[o++] += err * w2[h] * (1 - act[h] * act[h]);
          }
          for (int h = 0; h < hidden; h++) {
            grad[o++] += err * act[h];
          }
          grad[o] += err;
        }
        step++;
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        int o = 0;
        for (int i = 0; i < n; i++) {
          m[i] = 0.9 * m[i] + 0.1 * grad[i];
          v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
          double d = rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
          if (o < w1.length) {
            w1[o] -= d;
          } else if (o < w1.length + hidden) {
            b1[o - w1.length] -= d;
          } else if (o < w1.length + 2 * hidden) {
            w2[o - w1.length - hidden] -= d;
          } else {
            b2[0] -= d;
          }
          o++;
        }
      }
    }
    for (double[] a : new double[][] {w1, b1, w2, b2}) {
      for (double d : a) {
        if (!Double.isFinite(d)) {
          return; // keep the previous fit rather than propagate a numerical failure
        }
      }
    }
    params = new Params(w1, b1, w2, b2[0], mean, scale, tMean, tScale);
  }

  /**
   * The network and its standardization, and the position of the minibatch shuffler's stream (the one
   * random stream of a run that is not keyed by the iteration; it carries over from fit to fit).
   */
  @Override
  public void saveState(SavedState out) {
    out.putString("kind", configuration());
    Params p = params;
    out.putDoubles("w1", p.w1);
    out.putDoubles("b1", p.b1);
    out.putDoubles("w2", p.w2);
    out.putDouble("b2", p.b2);
    out.putDoubles("mean", p.mean);
    out.putDoubles("scale", p.scale);
    out.putDouble("targetMean", p.targetMean);
    out.putDouble("targetScale", p.targetScale);
    out.putLongs("rng", rng.position());
  }

  @Override
  public void restoreState(SavedState in) {
    Checkpointable.expect(in, "kind", "the baseline (mlp inputs hidden epochs minibatch rate)", configuration());
    Params p = new Params(in.getDoubles("w1", hidden * inputs), in.getDoubles("b1", hidden),
        in.getDoubles("w2", hidden), in.getDouble("b2"), in.getDoubles("mean", inputs), in.getDoubles("scale", inputs),
        in.getDouble("targetMean"), in.getDouble("targetScale"));
    long[] position = in.getLongs("rng");
    try {
      rng.setPosition(position);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(in.source() + ": " + e.getMessage());
    }
    params = p;
  }

  private String configuration() {
    return "mlp " + inputs + " " + hidden + " " + epochs + " " + minibatch + " " + rate;
  }

  @Override
  public String toString() {
    return "mlp(" + inputs + "→" + hidden + " tanh→1, " + epochs + " epochs)";
  }
}
