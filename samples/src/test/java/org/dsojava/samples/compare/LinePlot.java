package org.dsojava.samples.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line plot drawn with java.awt: linear or log axes with ticks and labels, one line per
 * series with an optional shaded band (e.g. min–max over seeds), dashed horizontal reference lines
 * (labelled in the right margin) and a legend. {@link #save} puts several plots side by side in one PNG.
 */
final class LinePlot {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 520;
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);

  private record Series(String name, Color color, double[] x, double[] y, double[] lo, double[] hi) {}

  private record Reference(double y, String label) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Reference> references = new ArrayList<>();
  private boolean logX;
  private boolean logY;
  private boolean legendAtTop = true;
  private double[] xRange;
  private double[] yRange;

  LinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  LinePlot logX() {
    logX = true;
    return this;
  }

  LinePlot logY() {
    logY = true;
    return this;
  }

  LinePlot legendAtBottom() {
    legendAtTop = false;
    return this;
  }

  LinePlot xRange(double min, double max) {
    xRange = new double[] {min, max};
    return this;
  }

  LinePlot yRange(double min, double max) {
    yRange = new double[] {min, max};
    return this;
  }

  /** A line through (x, y) with a band from lo to hi (both null: no band). */
  LinePlot series(String name, Color color, double[] x, double[] y, double[] lo, double[] hi) {
    series.add(new Series(name, color, x, y, lo, hi));
    return this;
  }

  /** A dashed horizontal line at {@code y}, labelled in the right margin. */
  LinePlot reference(double y, String label) {
    references.add(new Reference(y, label));
    return this;
  }

  /** Draws the plots left to right into one PNG. */
  static void save(Path file, LinePlot... plots) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH * plots.length, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < plots.length; i++) {
      Graphics2D panel = (Graphics2D) g.create(i * WIDTH, 0, WIDTH, HEIGHT);
      plots[i].draw(panel);
      panel.dispose();
    }
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private void draw(Graphics2D g) {
    int left = 80;
    int right = WIDTH - 50;
    int top = 40;
    int bottom = HEIGHT - 60;
    double[] xr = xRange != null ? xRange : range(true);
    double[] yr = yRange != null ? yRange : range(false);
    Axis ax = new Axis(xr[0], xr[1], logX, left, right);
    Axis ay = new Axis(yr[0], yr[1], logY, bottom, top);

    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (double t : ax.ticks()) {
      int px = (int) Math.round(ax.pixel(t));
      g.setColor(new Color(0xE6E6E6));
      g.drawLine(px, top, px, bottom);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(px, bottom, px, bottom + 5);
      String s = label(t);
      g.drawString(s, px - fm.stringWidth(s) / 2, bottom + 8 + fm.getAscent());
    }
    for (double t : ay.ticks()) {
      int py = (int) Math.round(ay.pixel(t));
      g.setColor(new Color(0xE6E6E6));
      g.drawLine(left, py, right, py);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(left - 5, py, left, py);
      String s = label(t);
      g.drawString(s, left - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }

    Graphics2D clip = (Graphics2D) g.create();
    clip.clipRect(left, top, right - left, bottom - top);
    for (Reference r : references) {
      int py = (int) Math.round(ay.pixel(r.y()));
      clip.setColor(Color.GRAY);
      clip.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
      clip.drawLine(left, py, right, py);
      g.setColor(Color.GRAY);
      g.drawString(r.label(), right + 4, py + fm.getAscent() / 2 - 1);
    }
    for (Series s : series) {
      if (s.lo() != null) {
        Path2D band = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < s.x().length; i++) {
          if (ax.drawable(s.x()[i])) {
            double px = ax.pixel(s.x()[i]);
            double py = ay.pixel(s.hi()[i]);
            if (started) {
              band.lineTo(px, py);
            } else {
              band.moveTo(px, py);
              started = true;
            }
          }
        }
        for (int i = s.x().length - 1; i >= 0; i--) {
          if (ax.drawable(s.x()[i])) {
            band.lineTo(ax.pixel(s.x()[i]), ay.pixel(s.lo()[i]));
          }
        }
        band.closePath();
        clip.setColor(new Color(s.color().getRed(), s.color().getGreen(), s.color().getBlue(), 45));
        clip.fill(band);
      }
      Path2D line = new Path2D.Double();
      boolean started = false;
      for (int i = 0; i < s.x().length; i++) {
        if (ax.drawable(s.x()[i])) {
          double px = ax.pixel(s.x()[i]);
          double py = ay.pixel(s.y()[i]);
          if (started) {
            line.lineTo(px, py);
          } else {
            line.moveTo(px, py);
            started = true;
          }
        }
      }
      clip.setColor(s.color());
      clip.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      clip.draw(line);
    }
    clip.dispose();

    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, HEIGHT - 14);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 20);
    g.setTransform(saved);
    g.setFont(TITLE_FONT);
    g.drawString(title, (left + right - g.getFontMetrics().stringWidth(title)) / 2, top - 14);
    drawLegend(g, left, right, top, bottom);
  }

  private void drawLegend(Graphics2D g, int left, int right, int top, int bottom) {
    g.setFont(FONT);
    FontMetrics fm = g.getFontMetrics();
    int row = fm.getHeight() + 2;
    int width = 0;
    for (Series s : series) {
      width = Math.max(width, fm.stringWidth(s.name()));
    }
    width += 46;
    int height = row * series.size() + 10;
    int x = right - width - 10;
    int y = legendAtTop ? top + 10 : bottom - height - 10;
    g.setColor(new Color(255, 255, 255, 230));
    g.fillRect(x, y, width, height);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, width, height);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int cy = y + 5 + row * i + row / 2;
      g.setColor(new Color(s.color().getRed(), s.color().getGreen(), s.color().getBlue(), 45));
      g.fillRect(x + 8, cy - 6, 26, 12);
      g.setColor(s.color());
      g.setStroke(new BasicStroke(2.2f));
      g.drawLine(x + 8, cy, x + 34, cy);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), x + 40, cy + fm.getAscent() / 2 - 1);
    }
  }

  /** The data's range on one axis (positive values only on a log axis), padded a little. */
  private double[] range(boolean x) {
    boolean log = x ? logX : logY;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] values : x ? new double[][] {s.x()} : new double[][] {s.y(), s.lo(), s.hi()}) {
        if (values == null) {
          continue;
        }
        for (double v : values) {
          if (Double.isFinite(v) && (!log || v > 0)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
    }
    if (log) {
      return new double[] {Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max)))};
    }
    double pad = x ? 0 : 0.04 * (max - min);
    return new double[] {min - pad, max + pad};
  }

  /** Tick labels: 1.5M, 500k, 0.001, 2.5, 1e-05. */
  static String label(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    if (a != 0 && a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v);
    }
    return trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.4f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Maps data values to pixels, linearly or by log10, and chooses ticks. */
  private record Axis(double min, double max, boolean log, double p0, double p1) {
    /** Values far outside the range (±∞, or ≤ 0 on a log axis) are clamped just beyond the plot's edge. */
    double pixel(double v) {
      double lo = log ? Math.log10(min) : min;
      double hi = log ? Math.log10(max) : max;
      double a = log ? Math.log10(v) : v;
      a = Math.max(lo - (hi - lo), Math.min(hi + (hi - lo), Double.isNaN(a) ? hi : a));
      return p0 + (a - lo) / (hi - lo) * (p1 - p0);
    }

    boolean drawable(double v) {
      return Double.isFinite(v) && (!log || v > 0);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (int e = (int) Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) {
          ticks.add(Math.pow(10, e));
        }
        return ticks;
      }
      double raw = (max - min) / 6;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = magnitude;
      for (double m : new double[] {1, 2, 2.5, 5, 10}) {
        if (m * magnitude >= raw) {
          step = m * magnitude;
          break;
        }
      }
      for (double t = Math.ceil(min / step) * step; t <= max + 1e-9 * step; t += step) {
        ticks.add(Math.abs(t) < 1e-12 * step ? 0 : t);
      }
      return ticks;
    }
  }
}
