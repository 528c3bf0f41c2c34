package org.dsojava.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsojava.runtime.ChainKernel;
import org.dsojava.runtime.Rng;
import org.dsojava.runtime.optim.IterationRecord;
import org.dsojava.runtime.optim.Result;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of a run: the learning curve of an optimizer {@link Result} (the batch's mean rollout cost with a
 * ±1 standard deviation band over its rollouts, against environment steps and against seconds) and state
 * trajectories of a policy. A file name ending in {@code .svg} gives SVG (one panel), anything else PNG.
 * Rendering needs no display ({@code java.awt.headless} is set).
 */
public final class Plots {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;
  private static final Color MEAN = new Color(31, 119, 180);
  private static final Color BAND = new Color(31, 119, 180, 90);

  private Plots() {}

  /**
   * Writes the learning curve of {@code result}: per iteration the mean cost of the batch's rollouts,
   * with mean ± one standard deviation of the rollout costs, against environment steps (and, for PNG, a
   * second panel against seconds).
   */
  public static void learningCurve(Result result, Path file, String title) throws IOException {
    List<IterationRecord> curve = result.curve();
    if (curve.isEmpty()) {
      throw new IllegalArgumentException("the result has no iterations to plot");
    }
    double[] steps = new double[curve.size()];
    double[] seconds = new double[curve.size()];
    double[] mean = new double[curve.size()];
    double[] low = new double[curve.size()];
    double[] high = new double[curve.size()];
    for (int i = 0; i < curve.size(); i++) {
      IterationRecord r = curve.get(i);
      steps[i] = r.envSteps();
      seconds[i] = r.seconds();
      mean[i] = r.meanCost();
      double sd = r.costStd();
      low[i] = mean[i] - sd;
      high[i] = mean[i] + sd;
    }
    XYChart bySteps = curveChart(title, "environment steps", steps, mean, low, high);
    if (isSvg(file)) {
      write(bySteps, file);
      return;
    }
    XYChart bySeconds = curveChart(title, "seconds", seconds, mean, low, high);
    headless();
    create(file);
    BitmapEncoder.saveBitmap(List.of(bySteps, bySeconds), 1, 2, pathWithoutExtension(file),
        BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Writes the state trajectories of {@code episodes} episodes of θ (the deterministic policy under the
   * random environment, or the stochastic chain), one series per episode and state component; {@code names}
   * label the components (defaults x[0], x[1], …).
   */
  public static void trajectories(ChainKernel kernel, double[] theta, int episodes, boolean deterministic, long seed,
      int horizon, Path file, String... names) throws IOException {
    int cap = horizon > 0 ? horizon : kernel.horizon();
    if (cap <= 0) {
      throw new IllegalArgumentException(kernel.modelName() + " has no horizon; pass one");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH * 2).height(HEIGHT).title(kernel.modelName() + " trajectories")
        .xAxisTitle("step").yAxisTitle("state").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    double[] x = new double[kernel.stateDim()];
    double[] next = new double[kernel.stateDim()];
    double[] draws = new double[kernel.drawCount()];
    Rng rng = new Rng(seed, 0);
    for (int e = 0; e < episodes; e++) {
      rng.reseed(seed, e);
      kernel.initialState(theta, e, rng, x);
      List<List<Double>> values = new ArrayList<>();
      List<Double> t = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        values.add(new ArrayList<>());
      }
      for (int step = 0; ; step++) {
        t.add((double) step);
        for (int i = 0; i < x.length; i++) {
          values.get(i).add(x[i]);
        }
        if (step == cap || kernel.terminal(x, step, e)) {
          break;
        }
        if (deterministic) {
          kernel.samplePolicyMean(theta, x, step, e, rng, draws, next);
        } else {
          kernel.sample(theta, x, step, e, rng, draws, next);
        }
        System.arraycopy(next, 0, x, 0, x.length);
      }
      for (int i = 0; i < x.length; i++) {
        String label = (i < names.length ? names[i] : "x[" + i + "]") + " (episode " + e + ")";
        chart.addSeries(label, t, values.get(i)).setMarker(SeriesMarkers.NONE);
      }
    }
    write(chart, file);
  }

  private static XYChart curveChart(String title, String xTitle, double[] x, double[] mean, double[] low,
      double[] high) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle("mean cost of the batch").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(true);
    XYSeries up = chart.addSeries("mean + sd", x, high);
    up.setMarker(SeriesMarkers.NONE).setLineColor(BAND).setLineStyle(new BasicStroke(1f));
    XYSeries down = chart.addSeries("mean − sd", x, low);
    down.setMarker(SeriesMarkers.NONE).setLineColor(BAND).setLineStyle(new BasicStroke(1f));
    XYSeries m = chart.addSeries("mean", x, mean);
    m.setMarker(SeriesMarkers.NONE).setLineColor(MEAN).setLineStyle(new BasicStroke(2f));
    return chart;
  }

  private static void write(XYChart chart, Path file) throws IOException {
    headless();
    create(file);
    if (isSvg(file)) {
      VectorGraphicsEncoder.saveVectorGraphic(chart, pathWithoutExtension(file),
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } else {
      BitmapEncoder.saveBitmap(chart, pathWithoutExtension(file), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static boolean isSvg(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
  }

  /** XChart appends the format's extension itself. */
  private static String pathWithoutExtension(Path file) {
    String s = file.toString();
    int dot = s.lastIndexOf('.');
    return dot > s.lastIndexOf(java.io.File.separatorChar) ? s.substring(0, dot) : s;
  }

  private static void create(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
