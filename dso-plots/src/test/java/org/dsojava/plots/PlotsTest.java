package org.dsojava.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots are real images: PNG of the stated size with the curve drawn in its colour, and SVG text. */
class PlotsTest {
  @TempDir Path dir;

  private static Result result() {
    List<IterationRecord> curve = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      double mean = 100.0 / (1 + i);
      curve.add(new IterationRecord(i, 500L * (i + 1), mean, 1.0, 0, 0.1 * (i + 1),
          new double[] {mean - 2, mean, mean + 2}, new int[] {10, 10, 10}));
    }
    return new Result(new double[] {1.0}, curve, 15000, 3.0, 0);
  }

  @Test
  void learningCurvePngHasBothPanelsAndTheCurve() throws Exception {
    Path png = dir.resolve("curve.png");
    Plots.learningCurve(result(), png, "test");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a readable PNG");
    assertEquals(1280, image.getWidth());
    assertEquals(420, image.getHeight());
    int blue = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xff) == 31 && ((rgb >> 8) & 0xff) == 119 && (rgb & 0xff) == 180) {
          blue++;
        }
      }
    }
    assertTrue(blue > 200, "mean-curve pixels: " + blue);
  }

  @Test
  void svgIsVectorText() throws Exception {
    Path svg = dir.resolve("curve.svg");
    Plots.learningCurve(result(), svg, "test");
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg"), text.substring(0, Math.min(200, text.length())));
  }

  @Test
  void trajectoriesOfAKernel() throws Exception {
    Path png = dir.resolve("traj.png");
    RandomWalk k = new RandomWalk();
    double[] theta = new double[k.paramCount()];
    k.initialParams(1, theta);
    Plots.trajectories(k, theta, 3, false, 5, 20, png, "position");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image);
    assertEquals(1280, image.getWidth());
  }
}
