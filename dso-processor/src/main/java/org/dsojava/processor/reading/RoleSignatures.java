package org.dsojava.processor.reading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;
import org.dsojava.processor.ir.Model;
import org.dsojava.processor.ir.Type;

/**
 * The signature each role method must have (transition, cost, initial state, terminal test, bottleneck,
 * data costs, passive chain), checked on IR types and role names so that both front ends accept and
 * reject the same methods with the same words.
 */
public final class RoleSignatures {
  private RoleSignatures() {}

  /** The role label ({@code "Transition"}, ...) of the model method {@code name}, or null when it has none. */
  public static String roleOf(String name, Model.Roles roles) {
    return name.equals(roles.transition()) ? "Transition"
        : name.equals(roles.cost()) ? "Cost"
        : name.equals(roles.initial()) ? "Initial"
        : name.equals(roles.terminal()) ? "Terminal"
        : name.equals(roles.bottleneck()) ? "Bottleneck"
        : roles.dataCosts().contains(name) ? "DataCost"
        : name.equals(roles.passive()) ? "Passive" : null;
  }

  /** The signature a role method is expected to have, as the error message shows it. */
  public static String expectedSignature(String role, String name) {
    return switch (role) {
      case "Transition" -> "void " + name + "(double[] x, Noise noise, double[] next) (or double, returning the step's"
          + " cost ℓ(x, a)), optionally with @Step int t and @Rollout int n";
      case "Cost" -> "double " + name + "(double[] x), optionally with @Step int t and @Rollout int n";
      case "Initial" -> "void " + name + "(Noise noise, double[] x), optionally with @Rollout int n";
      case "Terminal" -> "boolean " + name + "(double[] x), optionally with @Step int t and @Rollout int n";
      case "Passive" -> "void " + name + "(double[] x, Noise noise, double[] next): the passive chain of eq. 97";
      case "DataCost" -> "double " + name + "(@Recorded(value = \"x\", length = 4) double[] x, ...): @Recorded arrays,"
          + " optionally @Step int t and @Rollout int n";
      default -> "double " + name + "(double[] x) or void " + name + "(double[] x, double[] eta) with @Bottleneck(dim = n)";
    };
  }

  /**
   * The one method of {@code methods} that carries role {@code label} ({@code has}), by name; each further one
   * is reported, and a missing required one ({@code example} shows it) is reported on the class.
   */
  public static <M> String find(Diagnostics diagnostics, Iterable<M> methods, Predicate<M> has,
      Function<M, Object> where, Function<M, String> name, String className, Supplier<Object> classWhere,
      String label, boolean required, String example) {
    String found = null;
    for (M m : methods) {
      if (has.test(m)) {
        if (found != null) {
          diagnostics.error(Message.DUPLICATE_ROLE, where.apply(m), className, label, found, name.apply(m));
          continue;
        }
        found = name.apply(m);
      }
    }
    if (found == null && required) {
      diagnostics.error(Message.MISSING_METHOD, classWhere.get(), className, label, example);
    }
    return found;
  }

  /**
   * Reports role methods whose types are outside the subset ({@code untyped}) and data costs that also carry
   * another role ({@code has(method, annotation)}); true when there is none. {@code where} gives a method's
   * position.
   */
  public static boolean checkRoles(Diagnostics diagnostics, Model.Roles roles, Map<String, String> untyped,
      Function<String, Object> where, BiPredicate<String, String> has) {
    List<String[]> roleNames = new ArrayList<>(List.of(new String[] {"Transition", roles.transition()},
        new String[] {"Cost", roles.cost()}, new String[] {"Initial", roles.initial()},
        new String[] {"Terminal", roles.terminal()}, new String[] {"Bottleneck", roles.bottleneck()}));
    for (String d : roles.dataCosts()) {
      roleNames.add(new String[] {"DataCost", d});
    }
    roleNames.add(new String[] {"Passive", roles.passive()});
    boolean badRole = false;
    for (String[] r : roleNames) {
      if (r[1] != null && untyped.containsKey(r[1])) {
        diagnostics.error(Message.BAD_SIGNATURE, where.apply(r[1]), r[0], r[1], expectedSignature(r[0], r[1]));
        badRole = true;
      }
    }
    for (String d : roles.dataCosts()) {
      for (String other : List.of("Transition", "Cost", "Initial", "Terminal", "Bottleneck")) {
        if (has.test(d, other)) {
          diagnostics.error(Message.BAD_SIGNATURE, where.apply(d), "DataCost", d, "a method of its own (not also @"
              + other + "): " + expectedSignature("DataCost", d));
          badRole = true;
        }
      }
    }
    return !badRole;
  }

  /**
   * The parameters of one model method, given in order: the role each takes (state, next state, noise, step,
   * rollout, recorded data, η) and what the body may not assign. For a role method, {@link #bad} says whether
   * the parameters and return type are not its signature.
   */
  public static final class Parameters {
    private final String roleName;
    private final List<Model.Role> arrayRoles;
    private final List<Model.Parameter> parameters = new ArrayList<>();
    private final Map<String, Type> scope = new HashMap<>();
    private final Map<String, String> readOnly = new HashMap<>();
    private String noiseName;
    private boolean hasNoise;
    private int arrayIndex;
    private boolean bad;

    /** For method's role {@code roleName} (null for a plain method) and its declared return type. */
    public Parameters(String roleName, Type declaredReturn) {
      this.roleName = roleName;
      this.arrayRoles = switch (roleName == null ? "" : roleName) {
        case "Transition", "Passive" -> List.of(Model.Role.STATE, Model.Role.NEXT);
        case "Cost", "Terminal" -> List.of(Model.Role.STATE);
        case "Initial" -> List.of(Model.Role.STATE);
        case "DataCost" -> List.of();
        case "Bottleneck" -> declaredReturn == Type.VOID
            ? List.of(Model.Role.STATE, Model.Role.ETA) : List.of(Model.Role.STATE);
        default -> null;
      };
    }

    /**
     * The next parameter: {@code recorded} non-null for a checked {@code @Recorded} one; {@code step} and
     * {@code rollout} whether it is annotated so.
     */
    public void add(String pname, Type t, Model.Recorded recorded, boolean step, boolean rollout) {
      Model.Role role = Model.Role.PLAIN;
      if (recorded != null) {
        role = Model.Role.RECORD;
      } else if (roleName != null) {
        if (t == Type.INT && step && !roleName.equals("Initial")) {
          role = Model.Role.STEP;
        } else if (t == Type.INT && rollout) {
          role = Model.Role.ROLLOUT;
        } else if (t == Type.NOISE && (roleName.equals("Transition") || roleName.equals("Initial")
            || roleName.equals("Passive")) && !hasNoise) {
          role = Model.Role.NOISE;
          hasNoise = true;
        } else if (t == Type.DOUBLE_ARRAY && arrayIndex < arrayRoles.size()) {
          role = arrayRoles.get(arrayIndex++);
        } else {
          bad = true;
        }
      }
      if (t == Type.NOISE) {
        noiseName = pname;
      }
      parameters.add(new Model.Parameter(pname, t, role, recorded));
      if (role == Model.Role.RECORD) {
        readOnly.put(pname, "it is recorded data (a constant)");
      }
      scope.put(pname, t);
      if (role == Model.Role.STATE && !roleName.equals("Initial")) {
        readOnly.put(pname, "the current state is read-only" + (roleName.equals("Transition")
            ? "; write the next state into the next array" : ""));
      }
      if (role == Model.Role.STEP || role == Model.Role.ROLLOUT) {
        readOnly.put(pname, "it is the " + (role == Model.Role.STEP ? "step" : "rollout") + " index");
      }
    }

    /** True when a role method's parameters or return type {@code ret} are not its role's signature. */
    public boolean bad(Type ret) {
      Type wantRet = switch (roleName) {
        case "Cost", "DataCost" -> Type.DOUBLE;
        case "Terminal" -> Type.BOOLEAN;
        case "Bottleneck" -> ret == Type.VOID ? Type.VOID : Type.DOUBLE;
        // A transition may return its step cost ℓ(x, a) (an action-dependent cost).
        case "Transition" -> ret == Type.DOUBLE ? Type.DOUBLE : Type.VOID;
        default -> Type.VOID;
      };
      boolean needsNoise = roleName.equals("Transition") || roleName.equals("Initial") || roleName.equals("Passive");
      return bad || ret != wantRet || arrayIndex != arrayRoles.size() || needsNoise != hasNoise;
    }

    public List<Model.Parameter> parameters() {
      return parameters;
    }

    /** The parameters' types, the body's first locals. */
    public Map<String, Type> scope() {
      return scope;
    }

    /** Parameters the body may not assign, with why. */
    public Map<String, String> readOnly() {
      return readOnly;
    }

    /** The name of the Noise parameter, or null. */
    public String noiseName() {
      return noiseName;
    }
  }
}
