package org.dsojava.processor.reading;

/**
 * A loop whose trip count is not a compile-time constant, with where it is written and its bound as
 * written; reported only when differentiated code reaches it (the tape is sized statically).
 */
public record LoopBound(Object where, String text) {}
