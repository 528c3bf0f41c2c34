package org.dsojava.processor;

/**
 * Sources of the large test models of {@link LargeModelsTest} (package {@code test}), generated as text:
 * models that javac compiles on their own but whose derivative methods, unsplit, exceed the JVM's 64 KB
 * method limit.
 */
final class LargeModels {
  private LargeModels() {}

  private static final String IMPORTS = String.join("\n",
      "package test;",
      "",
      "import org.dsojava.annotations.Chain;",
      "import org.dsojava.annotations.Cost;",
      "import org.dsojava.annotations.Initial;",
      "import org.dsojava.annotations.Noise;",
      "import org.dsojava.annotations.Param;",
      "import org.dsojava.annotations.Transition;",
      "");

  /** Inputs and hidden width of the MLP models. */
  static final int IN = 4;
  static final int H = 64;

  /** Shared by both MLP forms: weights, the Gaussian action site, a cart-pole-like linear plant, quadratic cost. */
  private static String mlpHead(String name, int h) {
    return IMPORTS + "\n@Chain(stateDim = 4, discount = 0.99)\npublic class " + name + " {\n"
        + "  @Param(length = " + (h * IN) + ", initStd = 0.5) double[] w1;\n"
        + "  @Param(length = " + h + ", initStd = 0.1) double[] b1;\n"
        + "  @Param(length = " + (h * h) + ", initStd = 0.125) double[] w2;\n"
        + "  @Param(length = " + h + ", initStd = 0.1) double[] b2;\n"
        + "  @Param(length = " + h + ", initStd = 0.1) double[] w3;\n"
        + "  @Param(initStd = 0.1) double b3;\n"
        + "  @Param(value = -0.5) double logStd;\n";
  }

  private static String mlpTail() {
    return "    double a = noise.gaussian(mu, Math.exp(logStd));\n"
        + "    next[0] = x[0] + 0.05 * x[1];\n"
        + "    next[1] = x[1] + 0.05 * (a - 0.3 * x[2]);\n"
        + "    next[2] = x[2] + 0.05 * x[3];\n"
        + "    next[3] = x[3] + 0.05 * (x[2] - a);\n"
        + "  }\n"
        + "  @Cost double cost(double[] x) {\n"
        + "    return x[0] * x[0] + 0.1 * x[1] * x[1] + x[2] * x[2] + 0.1 * x[3] * x[3];\n"
        + "  }\n"
        + "  @Initial void reset(Noise noise, double[] x) {\n"
        + "    for (int i = 0; i < 4; i++) {\n"
        + "      x[i] = noise.uniform(-0.5, 0.5);\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }

  /**
   * The 4 → 64 → 64 → 1 tanh MLP policy written out statement by statement, θ arrays indexed with constants:
   * {@code double h0_i = Math.tanh(b1[i] + w1[4i]*x[0] + ... + w1[4i+3]*x[3]);} (the loop model's summation
   * order), then 64 statements of 65 terms for the second layer and the 65-term output.
   */
  static String mlpFlat(String name, int h) {
    StringBuilder s = new StringBuilder(mlpHead(name, h));
    s.append("  @Transition void step(double[] x, Noise noise, double[] next) {\n");
    for (int i = 0; i < h; i++) {
      s.append("    double h0_").append(i).append(" = Math.tanh(b1[").append(i).append("]");
      for (int j = 0; j < IN; j++) {
        s.append(" + w1[").append(i * IN + j).append("] * x[").append(j).append("]");
      }
      s.append(");\n");
    }
    for (int i = 0; i < h; i++) {
      s.append("    double h1_").append(i).append(" = Math.tanh(b2[").append(i).append("]");
      for (int j = 0; j < h; j++) {
        s.append(" + w2[").append(i * h + j).append("] * h0_").append(j);
      }
      s.append(");\n");
    }
    s.append("    double mu = b3");
    for (int j = 0; j < h; j++) {
      s.append(" + w3[").append(j).append("] * h1_").append(j);
    }
    s.append(";\n");
    return s.append(mlpTail()).toString();
  }

  /** The same network with loops (same operations in the same order as {@link #mlpFlat}). */
  static String mlpLoops(String name, int h) {
    return mlpHead(name, h)
        + "  @Transition void step(double[] x, Noise noise, double[] next) {\n"
        + "    double[] h0 = new double[" + h + "];\n"
        + "    for (int i = 0; i < " + h + "; i++) {\n"
        + "      double z = b1[i];\n"
        + "      for (int j = 0; j < " + IN + "; j++) {\n"
        + "        z += w1[i * " + IN + " + j] * x[j];\n"
        + "      }\n"
        + "      h0[i] = Math.tanh(z);\n"
        + "    }\n"
        + "    double[] h1 = new double[" + h + "];\n"
        + "    for (int i = 0; i < " + h + "; i++) {\n"
        + "      double z = b2[i];\n"
        + "      for (int j = 0; j < " + h + "; j++) {\n"
        + "        z += w2[i * " + h + " + j] * h0[j];\n"
        + "      }\n"
        + "      h1[i] = Math.tanh(z);\n"
        + "    }\n"
        + "    double mu = b3;\n"
        + "    for (int j = 0; j < " + h + "; j++) {\n"
        + "      mu += w3[j] * h1[j];\n"
        + "    }\n"
        + mlpTail();
  }

  /** Statements of the straight-line model. */
  static final int LINES = 2000;
  static final int K = 50;

  /**
   * {@value #LINES} straight-line statements: a chain {@code double aI = aI-1 + 0.001 * Math.tanh(w[I % K] *
   * aI-2 + x[I % 2]);} feeding the mean of a Gaussian site, and a cost that reads θ.
   */
  static String straightLine(String name, int lines) {
    StringBuilder s = new StringBuilder(IMPORTS);
    s.append("\n@Chain(stateDim = 2, discount = 0.95)\npublic class ").append(name).append(" {\n");
    s.append("  @Param(length = ").append(K).append(", initStd = 0.5) double[] w;\n");
    s.append("  @Param(value = 0.1) double c;\n");
    s.append("  @Transition void step(double[] x, Noise noise, double[] next) {\n");
    s.append("    double a0 = x[0];\n    double a1 = x[1];\n");
    int half = lines / 2;
    for (int i = 2; i < half; i++) {
      s.append("    double a").append(i).append(" = a").append(i - 1).append(" + 0.001 * Math.tanh(w[")
          .append(i % K).append("] * a").append(i - 2).append(" + x[").append(i % 2).append("]);\n");
    }
    s.append("    double u = noise.gaussian(a").append(half - 1).append(" - x[0], 0.5);\n");
    s.append("    next[0] = x[0] + 0.1 * x[1];\n");
    s.append("    next[1] = 0.9 * x[1] + 0.1 * u;\n");
    s.append("  }\n");
    s.append("  @Cost double cost(double[] x) {\n");
    s.append("    double b0 = x[0] * c;\n    double b1 = x[1];\n");
    for (int i = 2; i < lines - half; i++) {
      s.append("    double b").append(i).append(" = b").append(i - 1).append(" * 0.999 + 0.001 * Math.sin(w[")
          .append(i % K).append("] * b").append(i - 2).append(");\n");
    }
    s.append("    return x[0] * x[0] + x[1] * x[1] + b").append(lines - half - 1).append(" * b")
        .append(lines - half - 1).append(";\n");
    s.append("  }\n");
    s.append("  @Initial void reset(Noise noise, double[] x) {\n");
    s.append("    x[0] = noise.uniform(-1, 1);\n    x[1] = noise.uniform(-1, 1);\n  }\n}\n");
    return s.toString();
  }

  /** Terms of the long expression. */
  static final int TERMS = 1500;

  /**
   * One expression of {@value #TERMS} terms, {@code return x[0] * w[0] + x[1] * w[1] + ... ;} (x[i % 4]),
   * a left-deep tree of depth 1500: the policy mean of a Gaussian site and, squared, part of the cost.
   */
  static String longExpression(String name, int terms) {
    StringBuilder s = new StringBuilder(IMPORTS);
    s.append("\n@Chain(stateDim = 4, discount = 0.95)\npublic class ").append(name).append(" {\n");
    s.append("  @Param(length = ").append(terms).append(", initStd = 0.05) double[] w;\n");
    s.append("  double dot(double[] x) {\n    return ");
    for (int i = 0; i < terms; i++) {
      if (i > 0) {
        s.append(i % 8 == 0 ? "\n        + " : " + ");
      }
      s.append("x[").append(i % 4).append("] * w[").append(i).append("]");
    }
    s.append(";\n  }\n");
    s.append("  @Transition void step(double[] x, Noise noise, double[] next) {\n");
    s.append("    double a = noise.gaussian(dot(x), 0.5);\n");
    s.append("    next[0] = x[0] + 0.05 * x[1];\n");
    s.append("    next[1] = x[1] + 0.05 * a;\n");
    s.append("    next[2] = x[2] + 0.05 * x[3];\n");
    s.append("    next[3] = x[3] - 0.05 * a;\n");
    s.append("  }\n");
    s.append("  @Cost double cost(double[] x) {\n");
    s.append("    double d = dot(x);\n");
    s.append("    return x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] + 0.01 * d * d;\n  }\n");
    s.append("  @Initial void reset(Noise noise, double[] x) {\n");
    s.append("    for (int i = 0; i < 4; i++) {\n      x[i] = noise.uniform(-1, 1);\n    }\n  }\n}\n");
    return s.toString();
  }
}
