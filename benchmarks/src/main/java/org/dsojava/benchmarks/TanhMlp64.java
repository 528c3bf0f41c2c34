package org.dsojava.benchmarks;

import org.dsojava.runtime.Fdlibm;

/**
 * The in → 64 tanh → 64 tanh → 1 network shared by the hand-written MLP kernels
 * ({@link HandWrittenCartPoleMlp}, {@link HandWrittenPendulumMlp}), on a flat θ with the layout the
 * processor gives the samples' {@code @Param} fields: {@code w1[64·in] (row-major, w1[i·in + j]), b1[64],
 * w2[64·64], b2[64], w3[64], b3}, starting at θ[0].
 *
 * <p>Written for speed without giving up bit-equality with the generated forward pass:
 * <ul>
 *   <li>the 64 × 64 layer runs four rows at a time: four independent add chains hide the add latency
 *       (a single row is one 64-long dependent chain), while each row still sums b2ᵢ + w2ᵢ₀h₀ + w2ᵢ₁h₁ + …
 *       in the model's order, so every zᵢ, and hence the sampled action, is bitwise the generated one;</li>
 *   <li>the backward pass keeps the forward activations, so tanh' = 1 − h² costs no further {@code tanh};
 *       it walks W2 once, row by row, updating ∇W2 and accumulating W2ᵀδ in the same contiguous
 *       inner loop; there is no tape.</li>
 * </ul>
 * Offsets are compile-time arguments of inlined static methods, so the JIT folds them. tanh is
 * {@link Fdlibm#tanh}, as in the generated kernels (bit-identical to JDK 17's {@code Math.tanh}, and
 * inlinable where {@code Math.tanh} is a JNI call).
 */
final class TanhMlp64 {
  static final int H = 64;

  private TanhMlp64() {}

  /**
   * The network's output for input {@code in[0..nIn)}, leaving the hidden activations in {@code h1} and
   * {@code h2} (64 each).
   */
  static double forward(double[] theta, double[] in, int nIn, double[] h1, double[] h2) {
    final int offB1 = H * nIn;
    final int offW2 = offB1 + H;
    final int offB2 = offW2 + H * H;
    final int offW3 = offB2 + H;
    final int offB3 = offW3 + H;
    for (int i = 0; i < H; i++) {
      double z = theta[offB1 + i];
      int r = i * nIn;
      for (int j = 0; j < nIn; j++) {
        z += theta[r + j] * in[j];
      }
      h1[i] = Fdlibm.tanh(z);
    }
    for (int i = 0; i < H; i += 4) {
      int r0 = offW2 + i * H;
      int r1 = r0 + H;
      int r2 = r1 + H;
      int r3 = r2 + H;
      double z0 = theta[offB2 + i];
      double z1 = theta[offB2 + i + 1];
      double z2 = theta[offB2 + i + 2];
      double z3 = theta[offB2 + i + 3];
      for (int j = 0; j < H; j++) {
        double hj = h1[j];
        z0 += theta[r0 + j] * hj;
        z1 += theta[r1 + j] * hj;
        z2 += theta[r2 + j] * hj;
        z3 += theta[r3 + j] * hj;
      }
      h2[i] = Fdlibm.tanh(z0);
      h2[i + 1] = Fdlibm.tanh(z1);
      h2[i + 2] = Fdlibm.tanh(z2);
      h2[i + 3] = Fdlibm.tanh(z3);
    }
    double out = theta[offB3];
    for (int i = 0; i < H; i++) {
      out += theta[offW3 + i] * h2[i];
    }
    return out;
  }

  /**
   * g += dOut · ∂out/∂θ, by backpropagation through the activations {@link #forward} left in {@code h1},
   * {@code h2} for the same θ and input. {@code d2} and {@code d1} (64 each) are work arrays.
   */
  static void backward(double[] theta, double[] in, int nIn, double dOut, double[] h1, double[] h2,
      double[] d2, double[] d1, double[] g) {
    final int offB1 = H * nIn;
    final int offW2 = offB1 + H;
    final int offB2 = offW2 + H * H;
    final int offW3 = offB2 + H;
    final int offB3 = offW3 + H;
    g[offB3] += dOut;
    for (int i = 0; i < H; i++) {
      double h = h2[i];
      g[offW3 + i] += dOut * h;
      d2[i] = dOut * theta[offW3 + i] * (1.0 - h * h);
      d1[i] = 0.0;
    }
    for (int i = 0; i < H; i++) {
      double di = d2[i];
      int r = offW2 + i * H;
      g[offB2 + i] += di;
      for (int j = 0; j < H; j++) {
        g[r + j] += di * h1[j];
        d1[j] += di * theta[r + j];
      }
    }
    for (int i = 0; i < H; i++) {
      double h = h1[i];
      double di = d1[i] * (1.0 - h * h);
      g[offB1 + i] += di;
      int r = i * nIn;
      for (int j = 0; j < nIn; j++) {
        g[r + j] += di * in[j];
      }
    }
  }
}
