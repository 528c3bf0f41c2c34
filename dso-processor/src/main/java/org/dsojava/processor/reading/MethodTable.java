package org.dsojava.processor.reading;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;

/**
 * The methods of a class and its superclasses, by name, as a scope sees them: a subclass's method overrides
 * its superclass's, overloading is rejected (calls are resolved by name before inlining), and each method is
 * typed in the subset or kept with its signature as written for the error at a call. {@code M} is the front
 * end's handle on a method.
 */
public final class MethodTable<M> {
  private final Map<String, M> methods = new LinkedHashMap<>();
  private final Map<String, Symbols.Signature> signatures = new HashMap<>();
  private final Map<String, String> untyped = new HashMap<>();
  private Set<String> own = new HashSet<>();

  /** Starts the next class of the chain, outermost first. */
  public void nextClass() {
    own = new HashSet<>();
  }

  /**
   * Adds method {@code mname}, typed by {@code signature} (null when outside the subset; then
   * {@code written} is its signature as written). False, and reported at {@code where}, when this class
   * already has a method of that name.
   */
  public boolean add(Diagnostics diagnostics, String mname, M m, Supplier<Object> where,
      Supplier<Symbols.Signature> signature, Supplier<String> written) {
    if (!own.add(mname)) {
      diagnostics.error(Message.UNSUPPORTED, where.get(), "overloading " + mname, mname,
          "give each model method its own name");
      return false;
    }
    methods.put(mname, m);
    signatures.remove(mname);
    untyped.remove(mname);
    Symbols.Signature sig = signature.get();
    if (sig != null) {
      signatures.put(mname, sig);
    } else {
      untyped.put(mname, written.get());
    }
    return true;
  }

  /** The methods in declaration order, a superclass's first. */
  public Map<String, M> methods() {
    return methods;
  }

  /** Signatures of the methods typed in the subset. */
  public Map<String, Symbols.Signature> signatures() {
    return signatures;
  }

  /** The other methods' signatures as written. */
  public Map<String, String> untyped() {
    return untyped;
  }
}
