package org.dsojava.samples.reference;

/**
 * The 2-hidden-layer tanh MLP of the sample models, on a flat θ slice laid out as
 * {@code w1[h*in], b1[h], w2[h*h], b2[h], w3[h], b3} starting at {@code off}, row-major
 * ({@code w1[i*in + j]} connects input j to hidden unit i).
 */
final class TanhMlp {
  final int in;
  final int h;
  final int off;
  final int w1;
  final int b1;
  final int w2;
  final int b2;
  final int w3;
  final int b3;
  /** Entries of θ the MLP occupies. */
  final int size;

  // Activations of the last forward pass (references are single-threaded test helpers).
  final double[] h1;
  final double[] h2;

  TanhMlp(int in, int h, int off) {
    this.in = in;
    this.h = h;
    this.off = off;
    this.w1 = off;
    this.b1 = w1 + h * in;
    this.w2 = b1 + h;
    this.b2 = w2 + h * h;
    this.w3 = b2 + h;
    this.b3 = w3 + h;
    this.size = b3 + 1 - off;
    this.h1 = new double[h];
    this.h2 = new double[h];
  }

  /** The scalar output; keeps the hidden activations for {@link #backward}. */
  double forward(double[] theta, double[] input) {
    for (int i = 0; i < h; i++) {
      double z = theta[b1 + i];
      for (int j = 0; j < in; j++) {
        z += theta[w1 + i * in + j] * input[j];
      }
      h1[i] = Math.tanh(z);
    }
    for (int i = 0; i < h; i++) {
      double z = theta[b2 + i];
      for (int j = 0; j < h; j++) {
        z += theta[w2 + i * h + j] * h1[j];
      }
      h2[i] = Math.tanh(z);
    }
    double out = theta[b3];
    for (int i = 0; i < h; i++) {
      out += theta[w3 + i] * h2[i];
    }
    return out;
  }

  /** g += dOut · ∂out/∂θ, for the input of the last {@link #forward} call. */
  void backward(double[] theta, double[] input, double dOut, double[] g) {
    g[b3] += dOut;
    double[] d2 = new double[h];
    for (int i = 0; i < h; i++) {
      g[w3 + i] += dOut * h2[i];
      d2[i] = dOut * theta[w3 + i] * (1 - h2[i] * h2[i]);
    }
    double[] d1 = new double[h];
    for (int i = 0; i < h; i++) {
      g[b2 + i] += d2[i];
      for (int j = 0; j < h; j++) {
        g[w2 + i * h + j] += d2[i] * h1[j];
        d1[j] += d2[i] * theta[w2 + i * h + j];
      }
    }
    for (int j = 0; j < h; j++) {
      double dz = d1[j] * (1 - h1[j] * h1[j]);
      g[b1 + j] += dz;
      for (int k = 0; k < in; k++) {
        g[w1 + j * in + k] += dz * input[k];
      }
    }
  }
}
