package org.dsojava.processor.ir;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole {@code @Chain} model as read by the front end: θ layout, constants, and every method body
 * in IR form. Plain immutable data.
 */
public record Model(
    String packageName,
    String simpleName,
    int stateDim,
    String setting,
    double discount,
    int horizon,
    List<ParamField> params,
    Map<String, Method> methods,
    Roles roles,
    int bottleneckDim,
    /** {@code static final} arrays of the model, by the name the IR reads them as. */
    Map<String, ConstantArray> constantArrays,
    Object origin) {

  /** A constant array of the model ({@code field}), written as a {@code static final} field of the kernel. */
  public record ConstantArray(String field, Type type, double[] elements) {}

  /** A {@code @Param} field: entries {@code [offset, offset + length)} of θ. */
  public record ParamField(String name, boolean array, int length, int offset, double value, double initStd) {}

  /** A method parameter and its role in the kernel contract; {@code record} is set for RECORD only. */
  public record Parameter(String name, Type type, Role role, Recorded record) {
    public Parameter(String name, Type type, Role role) {
      this(name, type, role, null);
    }
  }

  /**
   * A {@code @Recorded} parameter: field {@code field} (arity {@code length}) of record (n, t + ahead) of the
   * bound data set, held by the kernel array {@link #variable()}.
   */
  public record Recorded(String field, int length, int ahead) {
    /** The kernel's array for this record field ('$' keeps it apart from model names). */
    public String variable() {
      return "rec$" + field + (ahead == 0 ? "" : "$ahead" + ahead);
    }
  }

  /** What a method parameter means to the generated kernel. */
  public enum Role {
    STATE,
    NEXT,
    NOISE,
    STEP,
    ROLLOUT,
    ETA,
    /** A {@code @Recorded} array: a record of the bound data set. */
    RECORD,
    /** A parameter of a helper method (bound at each call site by inlining). */
    PLAIN
  }

  public record Method(String name, List<Parameter> parameters, Type returnType, List<Stmt> body, Object origin) {}

  /** The names of the methods that play each part; {@code null} when absent. */
  public record Roles(String transition, String cost, String initial, String terminal, String bottleneck,
      /** The {@code @DataCost} blocks, in declaration order. */
      List<String> dataCosts,
      /** The {@code @Passive} chain p̄ of eq. 97, or null. */
      String passive) {
    public Roles(String transition, String cost, String initial, String terminal, String bottleneck) {
      this(transition, cost, initial, terminal, bottleneck, List.of(), null);
    }

    /** The role methods the model has (transition, cost, initial, terminal, bottleneck, data costs; absent ones left out). */
    public List<String> present() {
      List<String> out = new java.util.ArrayList<>();
      for (String r : new String[] {transition, cost, initial, terminal, bottleneck}) {
        if (r != null) {
          out.add(r);
        }
      }
      out.addAll(dataCosts);
      if (passive != null) {
        out.add(passive);
      }
      return out;
    }
  }

  /** Every {@code @Recorded} field the model reads, by field name (one arity per field). */
  public Map<String, Integer> recordFields() {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (Method m : methods.values()) {
      for (Parameter p : m.parameters()) {
        if (p.record() != null) {
          out.putIfAbsent(p.record().field(), p.record().length());
        }
      }
    }
    return out;
  }

  /** The record arrays of the model (variable → length). */
  public Map<String, Integer> recordArrays() {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (Method m : methods.values()) {
      for (Parameter p : m.parameters()) {
        if (p.record() != null) {
          out.put(p.record().variable(), p.record().length());
        }
      }
    }
    return out;
  }

  /**
   * True when the transition returns its step cost ℓ(x, a) (an action-dependent cost, eq. 12): the kernel's
   * state then has one more entry, at index {@link #stateDim()}, holding the cost of the step that led to it.
   */
  public boolean hasStepCost() {
    Method t = roles.transition() == null ? null : methods.get(roles.transition());
    return t != null && t.returnType() == Type.DOUBLE;
  }

  /** The kernel's state size: the model's, plus the step-cost slot when there is one. */
  public int kernelStateDim() {
    return stateDim + (hasStepCost() ? 1 : 0);
  }

  public int paramCount() {
    return params.stream().mapToInt(ParamField::length).sum();
  }

  public Optional<ParamField> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public String qualifiedName() {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }
}
