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
      "thetaOutsideBottleneck", "lambda", "nonConstantLoopBound", "objectLocal", "doubleArray2dLocal"};

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
        m.expect = Expect.EITHER;
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
      default -> throw new AssertionError(name);
    }
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
