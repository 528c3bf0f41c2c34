package org.dsojava.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated model: its source and what the semantic checks need to call its role methods by
 * reflection (annotations have CLASS retention, so names and layouts come from the generator).
 */
final class FuzzModel {
  /** What the processor is expected to do with the model. */
  enum Expect {
    /** In the supported subset: must compile to correct kernels. */
    ACCEPT,
    /** Outside the subset, or Java code that cannot run: must be rejected with a located error. */
    REJECT,
    /** Either a located error, or kernels that agree with the model's own Java code. */
    EITHER
  }

  /** A θ field: scalar when {@code length == 0}. */
  record ParamSpec(String name, int length) {
    int size() {
      return length == 0 ? 1 : length;
    }
  }

  final long seed;
  final String name;
  String source;
  Expect expect = Expect.ACCEPT;
  /** The mutation applied ("" for a grammar-valid model). */
  String mutation = "";
  int stateDim;
  final List<ParamSpec> params = new ArrayList<>();
  String stepName;
  String costName;
  String initName;
  String terminalName;
  String muName;
  boolean stepRollout;
  boolean costRollout;
  boolean initRollout;
  /** Some operation may leave its domain (raw log, sqrt, pow, division) at some states. */
  boolean mayBeNonFinite;
  /**
   * An index read from the state is not clamped (mutation {@code unclampedIndex}): the model's Java code
   * throws ArrayIndexOutOfBoundsException at some states, and the kernel must throw at the same ones.
   */
  boolean mayThrowIndex;

  FuzzModel(long seed) {
    this.seed = seed;
    this.name = "Fz" + seed;
  }

  int paramCount() {
    int n = 0;
    for (ParamSpec p : params) {
      n += p.size();
    }
    return n;
  }

  String kind() {
    return mutation.isEmpty() ? "valid" : "mutation:" + mutation;
  }
}
