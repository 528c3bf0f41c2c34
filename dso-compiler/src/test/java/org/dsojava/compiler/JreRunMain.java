package org.dsojava.compiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dsojava.runtime.optim.Result;

/**
 * Compiles a model source file at run time and runs a few optimizer iterations, printing whether the JVM
 * has javac and θ (as exact hexadecimal doubles): what {@link JrePlainJreTest} runs in a JVM without the
 * {@code java.compiler} module.
 */
public final class JreRunMain {
  private JreRunMain() {}

  public static void main(String[] args) throws Exception {
    String source = Files.readString(Path.of(args[0]));
    Map<String, Object> constants = args.length > 2 ? Map.of(args[2], Integer.parseInt(args[3])) : Map.of();
    String result = "javac " + DsoModels.hasJavac() + "\n" + run(DsoModels.compile(source, constants));
    Files.writeString(Path.of(args[1]), result);
  }

  /**
   * A digest of the generated sources, then θ after three Adam iterations of 8 rollouts from seed 1, one
   * hexadecimal double a line.
   */
  static String run(CompiledModel model) throws java.security.NoSuchAlgorithmException {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    new java.util.TreeMap<>(model.generatedSources()).forEach((name, text) -> {
      sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    });
    Result r = model.optimizer().batch(8).threads(1).seed(1).adam(0.05).iterations(3).progress(null).run();
    StringBuilder out = new StringBuilder();
    out.append("sources ").append(java.util.HexFormat.of().formatHex(sha.digest())).append('\n');
    out.append("params ").append(r.theta().length).append('\n');
    for (double t : r.theta()) {
      out.append(Double.toHexString(t)).append('\n');
    }
    out.append("meanCost ").append(Double.toHexString(r.curve().get(r.curve().size() - 1).meanCost()));
    return out.toString();
  }
}
