package org.dsojava.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dsojava.compiler.CompiledModel;
import org.dsojava.compiler.DsoModels;
import org.dsojava.compiler.JreFrontEndTest;
import org.dsojava.compiler.ModelCompilationException;
import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * The processor's model fuzzer against the JRE front end: each generated model (grammar-valid ones and
 * mutated ones) compiled at run time on both paths. A model the javac path compiles must give the same
 * sources and kernel on the JRE path; a model it rejects must be rejected, with the same problems (message,
 * line, column) whenever all of javac's problems are the model compiler's own (javac's Java errors, such as
 * a missing symbol, have no twin on a path that does not type-check Java).
 */
class JreFuzzTest {
  /** Models per run: 60 in the suite; more with {@code -Djre.fuzz.models=N} (docs/BENCHMARKS.md has a 600-model run). */
  static final int MODELS = Integer.getInteger("jre.fuzz.models", 60);

  @Test
  void fuzzedModelsCompileAlikeOnBothPaths() throws ReflectiveOperationException {
    List<Pattern> ours = new ArrayList<>();
    java.lang.reflect.Field format = Message.class.getDeclaredField("format");
    format.setAccessible(true);
    for (Message m : Message.values()) {
      StringBuilder regex = new StringBuilder();
      for (String part : ((String) format.get(m)).replace("%%", "%").split("%[sd]", -1)) {
        regex.append(regex.length() == 0 ? "" : ".*").append(Pattern.quote(part));
      }
      ours.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
    }
    int same = 0;
    int rejectedAlike = 0;
    int rejectedJavaErrors = 0;
    for (long seed = 1; seed <= MODELS; seed++) {
      FuzzModel m = ModelGenerator.generate(seed);
      String source = m.source.replace("\nclass " + m.name + " ", "\npublic class " + m.name + " ");
      CompiledModel javac;
      try {
        javac = DsoModels.compile(source);
      } catch (ModelCompilationException e) {
        ModelCompilationException jre = assertThrows(ModelCompilationException.class,
            () -> DsoModels.compileWithoutJdk(source), "seed " + seed + " " + m.mutation + "\n" + source);
        boolean onlyOurs = e.problems().stream().allMatch(p -> ours.stream().anyMatch(o -> o.matcher(p.message()).matches()));
        if (onlyOurs) {
          assertEquals(e.problems(), jre.problems(), "seed " + seed + " " + m.mutation + "\n" + source);
          rejectedAlike++;
        } else {
          rejectedJavaErrors++;
        }
        continue;
      }
      CompiledModel jre = DsoModels.compileWithoutJdk(source);
      assertEquals(javac.generatedSources(), jre.generatedSources(), "seed " + seed + "\n" + source);
      try {
        JreFrontEndTest.sameKernel(javac.kernel(), jre.kernel());
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n" + source, e);
      }
      same++;
    }
    System.out.printf("fuzz: %d models compiled alike, %d rejected with the same problems, %d rejected by javac's"
        + " own Java errors (and by the JRE path)%n", same, rejectedAlike, rejectedJavaErrors);
    assertTrue(same > MODELS / 2, same + " compiled");
  }

}
