package org.dsojava.runtime;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The random stream a generated kernel draws its noise sites from: xoshiro256++ with Commons RNG's
 * ziggurat Gaussian sampler. Re-seeding from (seed, stream) allocates nothing, so a rollout engine can
 * give every rollout its own stream (bit-identical results whatever the thread count).
 */
public final class Rng implements UniformRandomProvider {
  private long s0;
  private long s1;
  private long s2;
  private long s3;
  /**
   * 128 bytes after the state, which every draw writes: whatever the garbage collector places next (in
   * a multi-threaded rollout engine, often another thread's stream) is then on other cache lines. Longs
   * are laid out in declaration order, before the reference below.
   */
  @SuppressWarnings("unused")
  private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
  private final ZigguratSampler.NormalizedGaussian normal;
  /** Antithetic: uniforms are reflected (u → 1 − 2⁻⁵³ − u) and Gaussians negated. */
  private boolean mirrored;

  public Rng(long seed) {
    this(seed, 0L);
  }

  public Rng(long seed, long stream) {
    reseed(seed, stream);
    normal = ZigguratSampler.NormalizedGaussian.of(this);
  }

  /** Restarts this object as the stream {@code stream} of {@code seed}, without allocating. */
  public void reseed(long seed, long stream) {
    reseed(seed, stream, false);
  }

  /**
   * {@link #reseed(long, long)}, optionally as the stream's antithetic twin: every {@link #uniform()}
   * is then 1 − 2⁻⁵³ − u for the u the plain stream would give (the same grid of values in [0, 1),
   * reflected) and every {@link #gaussian()} is negated. Each twin has the right distribution on its
   * own; together they are an antithetic pair (negatively correlated draws).
   */
  public void reseed(long seed, long stream, boolean antithetic) {
    mirrored = antithetic;
    // Both inputs pass through the finalizer, so nearby seeds (or streams) give unrelated states; a
    // linear combination would make seed + 1 a shifted copy of seed's state words.
    long z = mix(mix(seed + 0x632BE59BD9B4E019L) ^ (stream * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL));
    s0 = mix(z += 0x9E3779B97F4A7C15L);
    s1 = mix(z += 0x9E3779B97F4A7C15L);
    s2 = mix(z += 0x9E3779B97F4A7C15L);
    s3 = mix(z + 0x9E3779B97F4A7C15L);
    if ((s0 | s1 | s2 | s3) == 0) {
      s0 = 1;
    }
  }

  /**
   * The stream's position: the four state words and the antithetic flag (1 or 0). With
   * {@link #setPosition} it lets a checkpoint save a stream that is not keyed by (seed, stream), such as
   * a baseline's own minibatch shuffler. (The Gaussian sampler keeps no state between draws.)
   */
  public long[] position() {
    return new long[] {s0, s1, s2, s3, mirrored ? 1 : 0};
  }

  /** Moves this stream to a {@link #position()} taken earlier. */
  public void setPosition(long[] position) {
    if (position.length != 5 || (position[0] | position[1] | position[2] | position[3]) == 0
        || (position[4] != 0 && position[4] != 1)) {
      throw new IllegalArgumentException("not a position of an Rng: " + java.util.Arrays.toString(position));
    }
    s0 = position[0];
    s1 = position[1];
    s2 = position[2];
    s3 = position[3];
    mirrored = position[4] == 1;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    long result = Long.rotateLeft(s0 + s3, 23) + s0;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** A standard normal draw. */
  public double gaussian() {
    double z = normal.sample();
    return mirrored ? -z : z;
  }

  /** A uniform draw in [0, 1). */
  public double uniform() {
    long k = nextLong() >>> 11;
    return (mirrored ? (1L << 53) - 1 - k : k) * 0x1.0p-53;
  }

  /** A draw from N(mean, std²). */
  public double gaussian(double mean, double std) {
    return mean + std * gaussian();
  }

  /** A draw from U(lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * uniform();
  }

  /**
   * 1 with probability 1/(1+e^(−logit)), else 0: bit for bit {@code uniform() * (1 + Math.exp(-logit)) < 1},
   * but mostly decided without the exponential, whose latency would otherwise sit on a rollout's
   * critical path (the next state waits for the draw, the draw for e^(−logit)).
   *
   * <p>With w = u·(1 + e^(−η)) in exact arithmetic, the computed product is within a factor 1 ± 2⁻⁵¹ of w
   * ({@code Math.exp} is within 1 ulp, the sum and product each round once), so it is below 1 whenever
   * w &lt; 1 − 2⁻⁴⁹ and not below 1 whenever w > 1 + 2⁻⁴⁹. Those two conditions are η > ln(u/(1 − ρ − u))
   * and η &lt; ln(u/(1 + ρ − u)) with ρ = 2⁻⁴⁹, that is η beyond the draw's logistic quantile ln(u/(1−u))
   * by more than ρ/(1−u) + O((ρ/(1−u))²). The quantile depends on u alone, so the CPU computes it while
   * the state is still being computed; {@link #MARGIN} covers ρ/(1−u) 500 times over plus the
   * quantile's own rounding (≤ 1.1·10⁻¹⁴ for |ln q| ≤ 37). Inside the band (probability about 10⁻¹²),
   * at u = 0 (where η &lt; −709 would make the product 0·∞) and for 1 − u &lt; 2⁻²⁰ (where ρ/(1−u) is no
   * longer small, so the bound above does not apply) it computes the product itself. {@code RngTest}
   * checks the two against each other at edge values and ulp by ulp around the product's flip.
   */
  public int bernoulliLogit(double logit) {
    return bernoulliLogit(uniform(), logit);
  }

  /** {@link #bernoulliLogit(double)}'s decision for the uniform draw {@code u}. */
  static int bernoulliLogit(double u, double logit) {
    double rest = 1.0 - u;
    double q = u / rest;
    double quantile = Math.log(q);
    double margin = MARGIN * (1.0 + q);
    double hi = quantile + margin;
    double lo = quantile - margin;
    // Non-short-circuit: one rarely-taken branch instead of a coin-flip one.
    boolean decided = (u > 0.0) & (rest >= 0x1p-20) & ((logit > hi) | (logit < lo));
    if (!decided) {
      return u * (1.0 + Math.exp(-logit)) < 1.0 ? 1 : 0;
    }
    return logit > hi ? 1 : 0;
  }

  /** The band around the logistic quantile, per unit of 1/(1−u), inside which {@link #bernoulliLogit} computes the product. */
  static final double MARGIN = 1e-12;

  /**
   * A category k with probability {@code probs[k]}; {@code probs} must be non-negative and sum to 1
   * (within 1e-9), else an {@link IllegalArgumentException} names the offending entry.
   */
  public int categorical(double[] probs) {
    double sum = 0;
    for (int k = 0; k < probs.length; k++) {
      double p = probs[k];
      if (!(p >= 0)) {
        throw new IllegalArgumentException("categorical noise site: probs[" + k + "] = " + p
            + " is not a probability (must be >= 0)");
      }
      sum += p;
    }
    if (Math.abs(sum - 1.0) > 1e-9) {
      throw new IllegalArgumentException("categorical noise site: probabilities sum to " + sum
          + ", not 1; use categoricalLogits for unnormalized scores");
    }
    double u = uniform();
    double c = 0;
    for (int k = 0; k < probs.length - 1; k++) {
      c += probs[k];
      if (u < c) {
        return k;
      }
    }
    return probs.length - 1;
  }

  /** A category k with probability softmax(logits)_k, computed stably. */
  public int categoricalLogits(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double z = 0;
    for (double l : logits) {
      z += Math.exp(l - max);
    }
    double u = uniform() * z;
    double c = 0;
    for (int k = 0; k < logits.length - 1; k++) {
      c += Math.exp(logits[k] - max);
      if (u < c) {
        return k;
      }
    }
    return logits.length - 1;
  }

  /** The most probable category (the "mean" of a categorical site in the mean step). */
  public static int argmax(double[] scores) {
    int best = 0;
    for (int k = 1; k < scores.length; k++) {
      if (scores[k] > scores[best]) {
        best = k;
      }
    }
    return best;
  }

  // UniformRandomProvider defaults route through nextLong(); these two are used by samplers.
  @Override
  public double nextDouble() {
    return uniform();
  }

  @Override
  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }
}
