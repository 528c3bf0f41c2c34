/**
 * The exact oracle for finite chains (paper sections 2–3): J, V, the discounted density ρ or the
 * stationary distribution d, and the exact DSO gradient ∇J of Theorems 1–3, computed by linear algebra
 * for a chain of n states whose transition matrix P(θ) and costs L(θ) the user supplies with their
 * derivatives ({@link org.dsojava.runtime.oracle.FiniteChain}, {@link
 * org.dsojava.runtime.oracle.TimeVaryingChain}, or the ready-made {@link
 * org.dsojava.runtime.oracle.FiniteChains}). Entry points and conventions: {@link
 * org.dsojava.runtime.oracle.ChainOracle}.
 */
package org.dsojava.runtime.oracle;
