package org.dsojava.runtime.optim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.dsojava.runtime.ChainKernel;

/**
 * What a saved θ belongs to: the model's name, its sizes, the names of θ's entries in layout order, and
 * {@code code}, a SHA-256 hash of the kernel's class file (and of its nested classes'), so that a policy
 * or checkpoint from another model, another layout or another generated-code version (a re-generated
 * kernel whose bytes differ, e.g. after a model edit or a processor upgrade) is refused with a message
 * naming what differs. {@code code} is {@code "unavailable"} when the class file cannot be read (a
 * class defined at run time); then only the facts are compared.
 *
 * @param model {@link ChainKernel#modelName()}
 * @param paramCount n_θ
 * @param stateDim n_x
 * @param drawCount draws per transition
 * @param bottleneckDim n_η (0 without a bottleneck)
 * @param paramNames {@link ChainKernel#paramName(int)} for i = 0 … n_θ − 1
 * @param code {@code "sha256:<hex>"} of the kernel's class bytes, or {@code "unavailable"}
 */
public record ModelFingerprint(String model, int paramCount, int stateDim, int drawCount, int bottleneckDim,
    List<String> paramNames, String code) {
  public ModelFingerprint {
    paramNames = List.copyOf(paramNames);
  }

  /** The fingerprint of {@code kernel}. */
  public static ModelFingerprint of(ChainKernel kernel) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < kernel.paramCount(); i++) {
      names.add(kernel.paramName(i));
    }
    return new ModelFingerprint(kernel.modelName(), kernel.paramCount(), kernel.stateDim(), kernel.drawCount(),
        kernel.bottleneckDim(), names, codeHash(kernel.getClass()));
  }

  static String codeHash(Class<?> type) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Class<?>> classes = new ArrayList<>();
    classes.add(type);
    Class<?>[] nested = type.getDeclaredClasses();
    Arrays.sort(nested, Comparator.comparing(Class::getName));
    classes.addAll(Arrays.asList(nested));
    for (Class<?> c : classes) {
      String resource = "/" + c.getName().replace('.', '/') + ".class";
      try (InputStream in = c.getResourceAsStream(resource)) {
        if (in == null) {
          return "unavailable";
        }
        in.transferTo(all);
      } catch (IOException e) {
        return "unavailable";
      }
    }
    return "sha256:" + SavedState.sha256(all.toByteArray());
  }

  void writeTo(SavedState out) {
    out.putString("name", model);
    out.putLong("paramCount", paramCount);
    out.putLong("stateDim", stateDim);
    out.putLong("drawCount", drawCount);
    out.putLong("bottleneckDim", bottleneckDim);
    for (int i = 0; i < paramNames.size(); i++) {
      out.putString("param." + i, paramNames.get(i));
    }
    out.putString("code", code);
  }

  static ModelFingerprint readFrom(SavedState in) {
    int p = in.getInt("paramCount");
    if (p < 0) {
      throw new CheckpointException(in.source() + ": negative paramCount " + p);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      names.add(in.getString("param." + i));
    }
    return new ModelFingerprint(in.getString("name"), p, in.getInt("stateDim"), in.getInt("drawCount"),
        in.getInt("bottleneckDim"), names, in.getString("code"));
  }

  /**
   * Null when {@code current} is this fingerprint, else what differs, e.g. "the model is Pendulum, not
   * CartPole" or "θ entry 3 is gain[1], not bias"; {@code code} counts only when both are available.
   */
  public String difference(ModelFingerprint current) {
    if (!model.equals(current.model)) {
      return "it was saved from model " + model + ", not " + current.model;
    }
    if (paramCount != current.paramCount) {
      return "it has " + paramCount + " parameters; " + current.model + " now has " + current.paramCount
          + " (the model's @Param layout changed)";
    }
    for (int i = 0; i < paramCount; i++) {
      if (!paramNames.get(i).equals(current.paramNames.get(i))) {
        return "θ entry " + i + " was " + paramNames.get(i) + "; it is now " + current.paramNames.get(i)
            + " (the model's @Param layout changed)";
      }
    }
    if (stateDim != current.stateDim) {
      return "its model had state dimension " + stateDim + "; " + current.model + " now has " + current.stateDim;
    }
    if (drawCount != current.drawCount) {
      return "its model drew " + drawCount + " values per transition; " + current.model + " now draws "
          + current.drawCount;
    }
    if (bottleneckDim != current.bottleneckDim) {
      return "its model had a bottleneck of dimension " + bottleneckDim + "; " + current.model + " now has "
          + current.bottleneckDim;
    }
    if (!code.equals(current.code) && !code.equals("unavailable") && !current.code.equals("unavailable")) {
      return "its generated kernel's code differs (" + shorten(code) + " then, " + shorten(current.code)
          + " now): the model or the code generator changed since it was saved";
    }
    return null;
  }

  private static String shorten(String hash) {
    return hash.length() > 19 ? hash.substring(0, 19) + "…" : hash;
  }
}
