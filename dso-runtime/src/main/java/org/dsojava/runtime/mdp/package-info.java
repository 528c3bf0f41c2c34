/**
 * MDPs as DSO problems (paper sections 2.1–2.2, 3.2, 4.7), for finite state spaces. A finite MDP
 * ({@link org.dsojava.runtime.mdp.FiniteMdp}) and a policy become the DSO chain P_G and cost L_G of
 * eq. 12, a {@link org.dsojava.runtime.oracle.FiniteChain}, so the exact oracle gives J, V and the
 * DSO gradient of Theorems 1–2. {@link org.dsojava.runtime.mdp.Mdps} builds the families S, D, H, R, L
 * (eqs. 17–22) and the equivalent pairs of section 2.2; {@link org.dsojava.runtime.mdp.Lmdp} is the
 * linearly-solvable MDP of section 4.7 (exact Z, the optimal chain, the parametric chain of eq. 89) and
 * {@link org.dsojava.runtime.mdp.ZLearning} its off-chain Z-learning (eq. 92). Guide: docs/MDP.md.
 */
package org.dsojava.runtime.mdp;
