package org.dsojava.runtime.optim;

/**
 * Features φ(x, t) of a linear value approximation V̂(x, t) = w·φ(x, t) (section 4.1). Implementations
 * write into a caller-owned buffer and allocate nothing.
 */
public interface Features {
  int size();

  void compute(double[] x, int t, double[] phi);

  /**
   * 1, x, and the products xᵢxⱼ (i ≤ j): exact for LQR's quadratic value function and a sound
   * default for smooth problems. With {@code horizon > 0} (time-varying chains) the features are
   * repeated with a factor (t/horizon), so V̂ may change linearly over the episode.
   */
  static Features quadratic(int stateDim, int horizon) {
    int base = 1 + stateDim + stateDim * (stateDim + 1) / 2;
    int size = horizon > 0 ? 2 * base : base;
    return new Features() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public void compute(double[] x, int t, double[] phi) {
        int k = 0;
        phi[k++] = 1;
        for (int i = 0; i < stateDim; i++) {
          phi[k++] = x[i];
        }
        for (int i = 0; i < stateDim; i++) {
          for (int j = i; j < stateDim; j++) {
            phi[k++] = x[i] * x[j];
          }
        }
        if (horizon > 0) {
          double s = (double) t / horizon;
          for (int i = 0; i < base; i++) {
            phi[base + i] = s * phi[i];
          }
        }
      }
    };
  }
}
