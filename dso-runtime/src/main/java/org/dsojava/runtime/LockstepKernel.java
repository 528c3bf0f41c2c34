package org.dsojava.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * K rollouts' steps of one chain in one call: the methods of {@link ChainKernel} that Algorithm 1 calls per
 * step, for K lanes at once (the processor generates {@code <Model>LockstepKernel} beside each kernel).
 * Applied to K states, a policy's layers are matrix–matrix products whose innermost loop runs over the
 * lanes (unit stride), which the JIT can vectorize; one rollout at a time they are matrix–vector
 * products, which it cannot.
 *
 * <p><b>Layout</b> (structure of arrays): entry i of lane k's state is {@code x[i][k]} (row i holds entry i
 * of all K lanes), and likewise for {@code next}, {@code mean}, {@code draws} (draw j at {@code [j][k]})
 * and {@code g} (θ entry p at {@code [p][k]}); {@code t[k]}, {@code n[k]}, {@code rng[k]}, {@code wL[k]},
 * {@code wP[k]} and the per-lane results are lane k's. θ is shared. Rows rather than one flat array
 * {@code x[i * K + k]}: C2's SuperWord (JDK 17) does not vectorize a loop over k whose index has the
 * loop-invariant offset i·K, but does vectorize {@code row[k]}.
 *
 * <p><b>Bits</b>: every lane computes exactly the operations of the scalar kernel in the same order (draws
 * from the lane's own {@link Rng}, transcendentals through the same functions), so lane k's results equal
 * the scalar kernel's on lane k's arguments bit for bit.
 *
 * <p><b>Mask</b>: lanes with {@code active[k] == false} draw nothing (their {@code rng} may be null) and
 * their entries of every output, {@code g} included, are unspecified (they may compute along on whatever
 * their slots hold); active lanes' results do not depend on them. One instance per thread; no method
 * allocates.
 */
public interface LockstepKernel {
  /** K, the number of lanes. */
  int lanes();

  /**
   * The calls that follow compute lanes from…to−1 only (0 ≤ from &lt; to ≤ {@link #lanes()}) and leave every
   * other lane's entries of their outputs, {@code g} included, as they are; the lanes in the range that
   * are masked are as described above. A call costs every lane it covers, masked or not, so a caller that
   * keeps the lanes of one phase together pays for those alone. Initially all lanes are in use.
   */
  void lanesInUse(int from, int to);

  /** A scalar kernel of the same model. */
  ChainKernel scalar();

  /** x' ~ P(·|x,θ) for each active lane, as {@link ChainKernel#sample}. */
  void sample(double[] theta, double[][] x, int[] t, int[] n, boolean[] active, Rng[] rng, double[][] draws,
      double[][] next);

  /** f(x,θ) per lane, as {@link ChainKernel#meanStep}. */
  void meanStep(double[] theta, double[][] x, int[] t, int[] n, boolean[] active, double[][] mean);

  /** terminal[k] = whether lane k's state is terminal, as {@link ChainKernel#terminal}. */
  void terminal(double[][] x, int[] t, int[] n, boolean[] active, boolean[] terminal);

  /** cost[k] = L(x_k, θ), as {@link ChainKernel#cost}. */
  void cost(double[] theta, double[][] x, int[] t, int[] n, boolean[] active, double[] cost);

  /** lp[k] = ln P(x'_k|x_k,θ) of lane k's draws, as {@link ChainKernel#logDensity}. */
  void logDensity(double[] theta, double[][] x, int[] t, int[] n, boolean[] active, double[][] draws, double[] lp);

  /**
   * Lane k's g += wL[k]·∇θ L + wP[k]·∇θ ln P, as {@link ChainKernel#accumulateGradient}; g holds one
   * accumulator per lane ({@code g[p][k]}, paramCount rows).
   */
  void accumulateGradient(double[] theta, double[][] x, int[] t, int[] n, boolean[] active, double[][] draws,
      double[] wL, double[] wP, double[][] g);

  /**
   * The lockstep variant of {@code kernel}'s model with {@code lanes} lanes, or null when the processor
   * generated none for it (the generated class says why) or the kernel is not a generated one. Found by
   * name beside the kernel's class ({@code <Model>Kernel} → {@code <Model>LockstepKernel.create(int)}),
   * so kernels and their golden sources stay as they are.
   */
  static LockstepKernel of(ChainKernel kernel, int lanes) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lockstep lanes must be at least 1, got " + lanes);
    }
    Class<?> c = kernel.getClass();
    String name = c.getName();
    if (!name.endsWith("Kernel")) {
      return null;
    }
    String lockstep = name.substring(0, name.length() - "Kernel".length()) + "LockstepKernel";
    try {
      Class<?> l = Class.forName(lockstep, true, c.getClassLoader());
      Method create = l.getMethod("create", int.class);
      if (!Modifier.isStatic(create.getModifiers()) || !LockstepKernel.class.isAssignableFrom(create.getReturnType())) {
        return null;
      }
      return (LockstepKernel) create.invoke(null, lanes);
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      return null;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("creating " + lockstep + " failed", e.getCause());
    }
  }
}
