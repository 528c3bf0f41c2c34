package org.dsojava.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.dsojava.processor.fuzz.FuzzModel.Expect;

/**
 * Mutations that step just outside the supported subset (or into Java code that cannot run). Each
 * says what the processor must do: {@link Expect#REJECT} (a located error), or {@link Expect#EITHER}
 * (a located error, or kernels that agree with the model's Java code, e.g. for an uncalled helper the
 * processor may ignore).
 */
final class Mutations {
  private Mutations() {}

  static final String[] NAMES = {"while", "switch", "stringLocal", "longLocal", "floatLocal", "dollarLocal",
      "break", "floatCost", "longParam", "helper2dArray", "paramIndexOutOfRange", "loopIndexOutOfRange",
      "thetaInInitial", "thetaInTerminal", "secondCost", "firstExitNoEnd", "recursion", "nonTailReturn",
      "writeTheta", "writeState", "assignParamField", "plainField", "arrayAlias", "thetaIntoNext",
      "thetaOutsideBottleneck", "lambda", "nonConstantLoopBound", "objectLocal", "doubleArray2dLocal",
      "unclampedIndex", "unclampedIndex", "paramInitializer", "paramFinal", "bottleneckDim0", "intDivByZero",
      "writeConstArray", "randomConstant"};

  static void apply(ModelGenerator g) {
    FuzzModel m = g.m;
    String name = NAMES[g.r.nextInt(NAMES.length)];
    if (name.equals("thetaOutsideBottleneck") && !g.bottleneck) {
      name = "thetaIntoNext";
    }
    m.mutation = name;
    m.expect = Expect.REJECT;
    String st = g.stepState;
    FuzzModel.ParamSpec p0 = m.params.get(0);
    String theta0 = "this." + p0.name() + (p0.length() > 0 ? "[0]" : "");
    switch (name) {
      case "while" -> step(g, "int wq = 0;", "while (wq < 2) {", "  wq++;", "}");
      case "switch" -> step(g, "int sw = 1;", "switch (sw) {", "  case 1:", "    sw = 2;", "    break;",
          "  default:", "    sw = 3;", "}");
      case "stringLocal" -> step(g, "String str = \"a\";");
      case "longLocal" -> step(g, "long lv = 3L;");
      case "floatLocal" -> step(g, "float fl = 1.0f;");
      case "dollarLocal" -> step(g, "double a$b = 1.0;");
      case "break" -> step(g, "double bk = 0.0;", "for (int ib = 0; ib < 3; ib++) {", "  if (ib == 1) {",
          "    break;", "  }", "  bk += 1.0;", "}");
      case "floatCost" -> {
        List<String> c = g.costLines;
        c.set(1, c.get(1).replace("double " + m.costName, "float " + m.costName));
        int ret = c.size() - 2;
        String line = c.get(ret);
        c.set(ret, line.replace("return ", "return (float) (").replace(";", ");"));
      }
      case "longParam" -> {
        g.fields.add("@Param long lpz;");
        cost(g, "double lq = lpz * 0.5;");
      }
      case "helper2dArray" -> {
        m.expect = Expect.EITHER;
        g.methods.add(List.of("  double first(double[][] a) {", "    return a[0][0];", "  }"));
      }
      case "doubleArray2dLocal" -> step(g, "double[][] aa = new double[2][2];");
      case "paramIndexOutOfRange" -> {
        FuzzModel.ParamSpec arr = arrayParam(m);
        if (arr == null) {
          g.fields.add("@Param(length = 2) double[] wz;");
          m.params.add(new FuzzModel.ParamSpec("wz", 2));
          arr = m.params.get(m.params.size() - 1);
        }
        cost(g, "double oob = this." + arr.name() + "[" + arr.length() + "];");
      }
      case "loopIndexOutOfRange" -> {
        FuzzModel.ParamSpec arr = arrayParam(m);
        if (arr == null) {
          g.fields.add("@Param(length = 2) double[] wz;");
          m.params.add(new FuzzModel.ParamSpec("wz", 2));
          arr = m.params.get(m.params.size() - 1);
        }
        cost(g, "double sz = 0.0;", "for (int iz = 0; iz <= " + arr.length() + "; iz++) {",
            "  sz += this." + arr.name() + "[iz];", "}");
        m.expect = Expect.EITHER; // accepted only if the kernels agree with Java, which throws
      }
      case "thetaInInitial" -> {
        // REJECT since the processor gained THETA_NOT_DIFFERENTIATED for @Initial
        List<String> c = g.initLines;
        String sig = c.get(1);
        String stName = sig.substring(sig.indexOf("double[] ") + 9).replaceAll("[,)].*", "").trim();
        c.add(c.size() - 1, "    " + stName + "[0] = 0.5 * " + theta0 + ";");
      }
      case "thetaInTerminal" -> {
        if (m.terminalName == null) {
          m.terminalName = "done";
          g.terminalLines = new ArrayList<>(ModelGenerator.wrap("@Terminal", "boolean done(double[] xt)",
              List.of("    return xt[0] > 2.0 || " + theta0 + " > 100.0;")));
          if (!g.chainAttrs.contains("FIRST_EXIT")) {
            g.chainAttrs = "stateDim = " + m.stateDim + ", setting = Setting.FIRST_EXIT, horizon = 40";
          }
        } else {
          List<String> t = g.terminalLines;
          int ret = t.size() - 2;
          t.set(ret, t.get(ret).replace("return ", "return " + theta0 + " > 100.0 || "));
        }
      }
      case "secondCost" -> g.methods.add(ModelGenerator.wrap("@Cost", "double cost2(double[] xc)",
          List.of("    return xc[0] * xc[0];")));
      case "firstExitNoEnd" -> {
        g.chainAttrs = "stateDim = " + m.stateDim + ", setting = Setting.FIRST_EXIT";
        g.terminalLines = null;
        m.terminalName = null;
      }
      case "recursion" -> {
        g.methods.add(List.of("  double rec(double a) {", "    return a > 1.0 ? rec(a * 0.5) : a;", "  }"));
        cost(g, "double rq = rec(2.0);");
      }
      case "nonTailReturn" -> {
        g.methods.add(List.of("  double early(double a) {", "    if (a > 0.0) {", "      return a;", "    }",
            "    double b = a * 2.0;", "    return b;", "  }"));
        cost(g, "double ea = early(" + g.costState + "[0]);");
        addToCostReturn(g, "ea");
      }
      case "writeTheta" -> {
        FuzzModel.ParamSpec arr = arrayParam(m);
        if (arr == null) {
          step(g, "this." + p0.name() + " = 0.5;");
        } else {
          g.methods.add(List.of("  void clobber(double[] a) {", "    a[0] = 1.0;", "  }"));
          step(g, "clobber(this." + arr.name() + ");");
        }
      }
      case "writeState" -> step(g, st + "[0] = 1.0;");
      case "assignParamField" -> cost(g, "this." + p0.name() + (p0.length() > 0 ? "[0]" : "") + " = 0.25;");
      case "plainField" -> {
        g.fields.add("double plainz = 1.0;");
        cost(g, "double pz = plainz;");
        addToCostReturn(g, "pz");
      }
      case "arrayAlias" -> step(g, "double[] al = " + st + ";", "double av = al[0];");
      case "thetaIntoNext" -> {
        List<String> s = g.stepLines;
        s.add(s.size() - 1, "    " + g.stepNext + "[0] = " + theta0 + " * " + st + "[0];");
      }
      case "thetaOutsideBottleneck" -> addToCostReturn(g, theta0);
      case "lambda" -> step(g, "java.util.function.DoubleUnaryOperator fz = a -> a;");
      case "objectLocal" -> step(g, "Object oz = null;");
      case "nonConstantLoopBound" -> {
        m.expect = Expect.EITHER;
        step(g, "double nb = 0.0;", "for (int ib = 0; ib < (int) Math.floor(Math.abs(" + st + "[0]) * 3.0); ib++) {",
            "  nb += 1.0;", "}");
      }
      case "unclampedIndex" -> unclampedIndex(g);
      case "paramInitializer" -> {
        if (g.r.nextBoolean()) {
          g.fields.add("@Param double bz = 0.5;");
          m.params.add(new FuzzModel.ParamSpec("bz", 0));
        } else {
          g.fields.add("@Param(length = 2) double[] bz = {0.25, -0.5};");
          m.params.add(new FuzzModel.ParamSpec("bz", 2));
        }
      }
      case "paramFinal" -> {
        switch (g.r.nextInt(3)) {
          case 0 -> g.fields.add("@Param final double bz = 0.5;");
          case 1 -> g.fields.add("@Param(value = 0.5) final double bz = 0.5;");
          default -> g.fields.add("@Param(length = 2) final double[] bz = new double[2];");
        }
        m.params.add(new FuzzModel.ParamSpec("bz", g.fields.get(g.fields.size() - 1).contains("[]") ? 2 : 0));
      }
      case "bottleneckDim0" -> g.methods.add(ModelGenerator.wrap("@Bottleneck(dim = 0)",
          "void mz(double[] xb, double[] eb)", List.of("    for (int ib = 0; ib < eb.length; ib++) {",
              "      eb[ib] = xb[0];", "    }")));
      case "intDivByZero" -> {
        List<String> lines = new ArrayList<>();
        String zero = switch (g.r.nextInt(4)) {
          case 0 -> "0";
          case 1 -> "(N - N)";
          case 2 -> "(LEN - N - 1)";
          default -> {
            String mc = intComputed(g);
            yield mc != null ? "(" + mc + " - " + mc + ")" : "0";
          }
        };
        switch (g.r.nextInt(4)) {
          case 0 -> lines.add("int dz = N / " + zero + ";");
          case 1 -> lines.add("int dz = LEN % " + zero + ";");
          case 2 -> {
            lines.add("int dz = 5;");
            lines.add("dz /= " + zero + ";");
          }
          default -> {
            lines.add("int dz = 7;");
            lines.add("dz %= " + zero + ";");
          }
        }
        if (g.r.nextBoolean()) {
          step(g, lines.toArray(new String[0]));
        } else {
          cost(g, lines.toArray(new String[0]));
          addToCostReturn(g, "dz");
        }
      }
      case "writeConstArray" -> {
        String ca = doubleConstArray(g);
        int variant = g.r.nextInt(3);
        switch (variant) {
          case 0 -> step(g, ca + "[0] = 1.0;");
          case 1 -> cost(g, ca + "[0] = " + g.costState + "[0];");
          default -> {
            g.methods.add(List.of("  void clobber(double[] a) {", "    a[0] = 1.0;", "  }"));
            cost(g, "clobber(" + ca + ");");
          }
        }
      }
      case "randomConstant" -> {
        g.fields.add(g.r.nextBoolean() ? "static final double R = Math.random();"
            : "static final double R = StrictMath.sqrt(2.0) * Math.random();");
        if (g.r.nextBoolean()) {
          addToCostReturn(g, "R");
        }
      }
      default -> throw new AssertionError(name);
    }
  }

  /**
   * An index computed from the state and not clamped: {@code this.w[(int) Math.floor(x[0] * 2.0)]} (θ array)
   * or {@code C[...]} (constant array), read first thing in the cost, the transition (into a Gaussian mean)
   * or the terminal test, so Java throws before any draw. Either rejected, or accepted with kernels that
   * throw ArrayIndexOutOfBoundsException exactly where the model's code does.
   */
  private static void unclampedIndex(ModelGenerator g) {
    FuzzModel m = g.m;
    m.expect = Expect.EITHER;
    m.mayThrowIndex = true;
    boolean theta = g.r.nextBoolean();
    String arr;
    if (theta) {
      FuzzModel.ParamSpec p = arrayParam(m);
      if (p == null) {
        g.fields.add("@Param(length = 2) double[] wz;");
        m.params.add(new FuzzModel.ParamSpec("wz", 2));
        p = m.params.get(m.params.size() - 1);
      }
      arr = "this." + p.name();
    } else {
      arr = doubleConstArray(g);
    }
    double scale = 1.0 + g.r.nextInt(3);
    String where = g.r.nextInt(3) == 0 ? "step" : g.r.nextInt(4) == 0 && !theta ? "terminal" : "cost";
    if (where.equals("terminal") && m.terminalName == null) {
      where = "cost";
    }
    // the step: into the mean of a Gaussian next-state site, else into a deterministic component
    int stepLine = -1;
    String target = g.stepNext + "[";
    for (int i = 0; i < g.stepLines.size() && stepLine < 0; i++) {
      String l = g.stepLines.get(i);
      if (l.trim().startsWith(target) && l.contains(".gaussian(")) {
        stepLine = i;
      }
    }
    for (int i = 0; i < g.stepLines.size() && stepLine < 0; i++) {
      String l = g.stepLines.get(i);
      if (l.trim().startsWith(target) && !l.contains(".gaussian(") && !l.contains(".uniform(")) {
        stepLine = i;
      }
    }
    if (where.equals("step") && stepLine < 0) {
      where = "cost";
    }
    String st = where.equals("step") ? g.stepState : where.equals("cost") ? g.costState : terminalState(g);
    String idx = "(int) StrictMath.floor(" + st + "[0] * " + scale + ")";
    List<String> lines = new ArrayList<>();
    if (g.r.nextBoolean()) {
      lines.add("int jz = " + idx + ";");
      idx = "jz";
    }
    lines.add("double oz = " + arr + "[" + idx + "];");
    switch (where) {
      case "step" -> {
        List<String> s = g.stepLines;
        String l = s.get(stepLine);
        s.set(stepLine, l.contains(".gaussian(") ? l.replaceFirst("\\.gaussian\\(", ".gaussian(oz + ")
            : l.replaceFirst(" = ", " = oz + "));
        step(g, lines.toArray(new String[0]));
      }
      case "terminal" -> {
        insert(g.terminalLines, lines.toArray(new String[0]));
        List<String> t = g.terminalLines;
        int ret = t.size() - 2;
        t.set(ret, t.get(ret).replace("return ", "return oz > 100.0 || "));
      }
      default -> {
        cost(g, lines.toArray(new String[0]));
        addToCostReturn(g, "oz");
      }
    }
  }

  private static String terminalState(ModelGenerator g) {
    String sig = g.terminalLines.get(1);
    return sig.substring(sig.indexOf("double[] ") + 9).replaceAll("[,)].*", "").trim();
  }

  /** A constant double[] of the model (one is added when there is none). */
  private static String doubleConstArray(ModelGenerator g) {
    for (ModelGenerator.ConstArr a : g.constArrays) {
      if (!a.isInt) {
        return a.name;
      }
    }
    g.fields.add("static final double[] CZ = {0.5, -1.0, StrictMath.sqrt(2.0) / 4};");
    g.constArrays.add(new ModelGenerator.ConstArr("CZ", false, new double[] {0.5, -1.0, Math.sqrt(2.0) / 4}));
    return "CZ";
  }

  private static String intComputed(ModelGenerator g) {
    for (ModelGenerator.CScalar c : g.computed) {
      if (c.isInt()) {
        return c.name();
      }
    }
    return null;
  }

  private static FuzzModel.ParamSpec arrayParam(FuzzModel m) {
    for (FuzzModel.ParamSpec p : m.params) {
      if (p.length() > 0) {
        return p;
      }
    }
    return null;
  }

  private static void step(ModelGenerator g, String... lines) {
    insert(g.stepLines, lines);
  }

  private static void cost(ModelGenerator g, String... lines) {
    insert(g.costLines, lines);
  }

  private static void insert(List<String> method, String... lines) {
    for (int i = lines.length - 1; i >= 0; i--) {
      method.add(2, "    " + lines[i]);
    }
  }

  private static void addToCostReturn(ModelGenerator g, String term) {
    List<String> c = g.costLines;
    int ret = c.size() - 2;
    c.set(ret, c.get(ret).replace("return ", "return " + term + " + "));
  }
}
