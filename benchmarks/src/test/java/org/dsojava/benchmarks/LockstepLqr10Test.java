package org.dsojava.benchmarks;

import org.dsojava.benchmarks.models.Lqr10Kernel;
import org.dsojava.samples.LockstepCheck;
import org.junit.jupiter.api.Test;

/** The benchmarks' 10-state LQR: its lockstep kernel's lanes equal the scalar kernel bit for bit (issue 19). */
class LockstepLqr10Test {
  @Test
  void lanesEqualScalarKernelBitForBit() {
    LockstepCheck.check(new Lqr10Kernel(), 5, 12, 41);
    LockstepCheck.check(new Lqr10Kernel(), 8, 6, 43);
  }
}
