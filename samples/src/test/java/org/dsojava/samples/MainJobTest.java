package org.dsojava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The README's main job runs and writes its learning curve as CSV and as a PNG plot. */
class MainJobTest {
  @Test
  void mainJobWritesItsLearningCurveAndPlot() throws Exception {
    Path csv = Path.of("target", "cartpole-learning-curve.csv");
    Path png = Path.of("target", "cartpole-learning-curve.png");
    Files.deleteIfExists(csv);
    Files.deleteIfExists(png);
    Main.main(new String[] {"1"});
    assertTrue(Files.readAllLines(csv).size() > 2, "learning curve rows");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a PNG");
    assertEquals(1280, image.getWidth());
  }
}
