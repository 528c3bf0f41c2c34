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

  /** A method parameter and its role in the kernel contract. */
  public record Parameter(String name, Type type, Role role) {}

  /** What a method parameter means to the generated kernel. */
  public enum Role {
    STATE,
    NEXT,
    NOISE,
    STEP,
    ROLLOUT,
    ETA,
    /** A parameter of a helper method (bound at each call site by inlining). */
    PLAIN
  }

  public record Method(String name, List<Parameter> parameters, Type returnType, List<Stmt> body, Object origin) {}

  /** The names of the methods that play each part; {@code null} when absent. */
  public record Roles(String transition, String cost, String initial, String terminal, String bottleneck) {
    /** The role methods the model has (transition, cost, initial, terminal, bottleneck; absent ones left out). */
    public List<String> present() {
      List<String> out = new java.util.ArrayList<>();
      for (String r : new String[] {transition, cost, initial, terminal, bottleneck}) {
        if (r != null) {
          out.add(r);
        }
      }
      return out;
    }
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
