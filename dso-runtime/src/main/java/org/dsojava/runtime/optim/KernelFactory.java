package org.dsojava.runtime.optim;

import org.dsojava.runtime.ChainKernel;

/** Makes kernels; the runtime asks for one per thread (a kernel owns its work arrays). */
public interface KernelFactory {
  ChainKernel create();
}
