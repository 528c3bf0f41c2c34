package org.dsojava.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * The source of one test model, with a builder that starts from a small valid chain and replaces
 * one part, and positions looked up by content (so tests state where an error belongs without
 * counting lines).
 *
 * <p>The default model, in package {@code test}:
 * <pre>
 * &#64;Chain(stateDim = 2, discount = 0.9)
 * class Name {
 *   static final int N = 2;
 *   &#64;Param double k;
 *   &#64;Param(length = 2) double[] w;
 *   &#64;Transition void step(double[] x, Noise noise, double[] next) {
 *     next[0] = noise.gaussian(k * x[0], 0.1);
 *     next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);
 *   }
 *   &#64;Cost double cost(double[] x) {
 *     return x[0] * x[0] + x[1] * x[1];
 *   }
 *   &#64;Initial void reset(Noise noise, double[] x) {
 *     x[0] = noise.uniform(-1, 1);
 *     x[1] = noise.uniform(-1, 1);
 *   }
 * }
 * </pre>
 */
final class ModelSource {
  static final String PACKAGE = "test";

  final String name;
  final List<String> lines;
  final JavaFileObject file;

  private ModelSource(String name, List<String> lines) {
    this.name = name;
    this.lines = List.copyOf(lines);
    this.file = JavaFileObjects.forSourceLines(PACKAGE + "." + name, this.lines);
  }

  /** A whole compilation unit given line by line. */
  static ModelSource of(String name, String... lines) {
    return new ModelSource(name, List.of(lines));
  }

  static Builder model(String name) {
    return new Builder(name);
  }

  /** 1-based line of the only line containing {@code marker}. */
  int line(String marker) {
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        assertTrue(found < 0, () -> "marker '" + marker + "' occurs on more than one line of " + name);
        found = i + 1;
      }
    }
    assertTrue(found > 0, () -> "marker '" + marker + "' not in " + name + ":\n" + String.join("\n", lines));
    return found;
  }

  /** 1-based column of the start of {@code marker} on its line. */
  int column(String marker) {
    return lines.get(line(marker) - 1).indexOf(marker) + 1;
  }

  /** 1-based column of the first {@code part} at or after the start of {@code marker} on its line. */
  int column(String marker, String part) {
    String text = lines.get(line(marker) - 1);
    int i = text.indexOf(part, text.indexOf(marker));
    assertTrue(i >= 0, () -> "'" + part + "' not after '" + marker + "' in: " + text);
    return i + 1;
  }

  @Override
  public String toString() {
    List<String> numbered = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      numbered.add(String.format("%3d %s", i + 1, lines.get(i)));
    }
    return String.join("\n", numbered);
  }

  static final class Builder {
    private final String name;
    private String chain = "stateDim = 2, discount = 0.9";
    private List<String> fields = List.of(
        "static final int N = 2;",
        "@Param double k;",
        "@Param(length = 2) double[] w;");
    private String transition = "@Transition void step(double[] x, Noise noise, double[] next)";
    private List<String> transitionBody = List.of(
        "next[0] = noise.gaussian(k * x[0], 0.1);",
        "next[1] = noise.gaussian(w[0] * x[1] + w[1], 0.1);");
    private String cost = "@Cost double cost(double[] x)";
    private List<String> costBody = List.of("return x[0] * x[0] + x[1] * x[1];");
    private String initial = "@Initial void reset(Noise noise, double[] x)";
    private List<String> initialBody = List.of(
        "x[0] = noise.uniform(-1, 1);",
        "x[1] = noise.uniform(-1, 1);");
    private final List<String> members = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The attributes of {@code @Chain(...)}. */
    Builder chain(String attributes) {
      this.chain = attributes;
      return this;
    }

    Builder fields(String... lines) {
      this.fields = List.of(lines);
      return this;
    }

    /** Replaces the body of the transition (statements, one a line). */
    Builder transition(String... body) {
      this.transitionBody = List.of(body);
      return this;
    }

    /** Replaces the declaration (annotations, signature) of the transition; null leaves it out. */
    Builder transitionDeclaration(String declaration) {
      this.transition = declaration;
      return this;
    }

    Builder cost(String... body) {
      this.costBody = List.of(body);
      return this;
    }

    Builder costDeclaration(String declaration) {
      this.cost = declaration;
      return this;
    }

    Builder initial(String... body) {
      this.initialBody = List.of(body);
      return this;
    }

    Builder initialDeclaration(String declaration) {
      this.initial = declaration;
      return this;
    }

    /** Further members (helper methods, fields), one line each, after the role methods. */
    Builder members(String... lines) {
      members.addAll(List.of(lines));
      return this;
    }

    ModelSource build() {
      List<String> out = new ArrayList<>();
      out.add("package " + PACKAGE + ";");
      out.add("");
      out.add("import org.dsojava.annotations.*;");
      out.add("");
      out.add("@Chain(" + chain + ")");
      out.add("class " + name + " {");
      fields.forEach(f -> out.add("  " + f));
      method(out, transition, transitionBody);
      method(out, cost, costBody);
      method(out, initial, initialBody);
      members.forEach(m -> out.add("  " + m));
      out.add("}");
      return new ModelSource(name, out);
    }

    private static void method(List<String> out, String declaration, List<String> body) {
      if (declaration == null) {
        return;
      }
      out.add("  " + declaration + " {");
      body.forEach(s -> out.add("    " + s));
      out.add("  }");
    }
  }
}
