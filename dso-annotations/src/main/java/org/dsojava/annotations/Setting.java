package org.dsojava.annotations;

/** The objective J(θ) a chain is optimized for (paper section 2). */
public enum Setting {
  /** Episodic, discounted by γ ∈ (0,1) (eqs. 1–4). */
  DISCOUNTED,
  /** Episodic until a {@link Terminal} state, γ = 1 allowed (eqs. 1–4, first-exit). */
  FIRST_EXIT,
  /** Average cost per step of an ergodic chain (eqs. 5–8). */
  AVERAGE,
  /** Finite horizon T with step-dependent L_t and P_t (eqs. 9–11); methods may take a {@link Step} index. */
  TIME_VARYING
}
