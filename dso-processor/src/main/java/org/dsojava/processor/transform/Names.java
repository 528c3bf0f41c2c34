package org.dsojava.processor.transform;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsojava.processor.spi.PrimitiveFunction;

/**
 * The one name authority of a generated program: every name a kernel method declares either is a
 * fixed kernel name ({@link #KERNEL}), or comes from {@link #fresh} of the single {@code Names} that
 * the program's inliners and lowerings share, so no two of them can be equal. Names derived later
 * ({@code v$b} adjoints, {@code v$d} tangents, {@code a$3} temporaries) contain {@code '$'}, which
 * model code cannot (the reader rejects it), so they cannot meet a model's name either.
 *
 * <p>A model local can also hide a class or package the generated code names in an expression
 * ({@code double Math = ...} hides {@code Math.exp}; a local {@code org} hides
 * {@code org.dsojava.runtime.Fdlibm}), so those first segments are reserved as well ({@link #QUALIFIERS},
 * and the owners of registered primitives).
 */
public final class Names {
  /** Names the kernel methods and the programs built around model code use as they are. */
  private static final Set<String> KERNEL = Set.of("x", "next", "mean", "theta", "g", "v", "out", "t", "n",
      "rng", "draws", "wL", "wP", "lp", "dc", "tape", "itape", "tp", "itp", "result", "eta", "scratch",
      "gScratch", "cost", "value", "seed", "etaWork", "gEta", "muValue", "d", "q", "etaDot", "w", "k", "data");

  /** First segments of qualified names the writer and the built-in distributions emit in expressions. */
  private static final Set<String> QUALIFIERS = Set.of("org", "java", "javax", "com", "net", "Math",
      "StrictMath", "Double", "Integer", "Long", "Float", "Boolean", "Character", "System", "Arrays",
      "Object", "String", "Fdlibm", "Logistic", "Rng", "ChainKernel");

  private final Set<String> used;
  private int counter;

  private Names(Set<String> reserved) {
    this.used = new HashSet<>(reserved);
  }

  /**
   * The names no generated or renamed local may take, for a model whose primitives are
   * {@code primitives} (their owners' packages and classes are written in expressions).
   */
  public static Set<String> reserved(Map<String, PrimitiveFunction> primitives) {
    Set<String> r = new TreeSet<>(KERNEL);
    r.addAll(QUALIFIERS);
    for (String key : primitives.keySet()) {
      int dot = key.lastIndexOf('.');
      if (dot > 0) {
        String owner = key.substring(0, dot);
        r.add(owner.substring(0, owner.indexOf('.') < 0 ? owner.length() : owner.indexOf('.')));
        r.add(owner.substring(owner.lastIndexOf('.') + 1));
      }
    }
    return r;
  }

  /** A fresh authority for one program. */
  public static Names forProgram(Set<String> reserved) {
    return new Names(reserved);
  }

  /** A name not handed out before and not reserved, {@code base} itself when possible. */
  public String fresh(String base) {
    // A part's method (policy.apply, org.acme.Physics::step) names its result by its simple name.
    String name = base.substring(Math.max(base.lastIndexOf('.'), base.lastIndexOf(':')) + 1).replace("$", "");
    if (name.isEmpty()) {
      name = "tmp";
    }
    String candidate = name;
    while (used.contains(candidate)) {
      candidate = name + "_" + (++counter);
    }
    used.add(candidate);
    return candidate;
  }

  /** Marks {@code name} as taken (a name an input program already declares). */
  public void claim(String name) {
    used.add(name);
  }
}
