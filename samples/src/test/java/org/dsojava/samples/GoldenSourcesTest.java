package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sources this build generated for two samples equal the reviewed golden files, so any change to
 * generated code shows up as a diff in review. To accept a deliberate change, run
 * {@code mvn -pl samples test -Dtest=GoldenSourcesTest -Ddso.updateGolden=true} and review the diff.
 */
class GoldenSourcesTest {
  private static final Path GENERATED = Path.of("target", "generated-sources", "annotations", "org", "dsojava", "samples");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @ParameterizedTest
  @ValueSource(strings = {"CartPoleLinearKernel", "CartPoleLinearDso", "SoftmaxChainKernel", "LqrKernel"})
  void generatedSourceMatchesGolden(String name) throws IOException {
    Path generated = GENERATED.resolve(name + ".java");
    Path golden = GOLDEN.resolve(name + ".java.txt");
    assertTrue(Files.exists(generated), "the build did not generate " + generated);
    String actual = Files.readString(generated, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("dso.updateGolden")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden file " + golden + "; create it with -Ddso.updateGolden=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        name + " differs from its golden file; if the change is intended, regenerate with -Ddso.updateGolden=true");
  }
}
